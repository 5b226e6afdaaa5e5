from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WrappedError")


@_attrs_define
class WrappedError:
    """The login checker's error, wrapped in `data` (kotak-neo-api#280).

    Example:
        {'stCode': 100022, 'errMsg': 'invalid session token', 'stat': 'error in neo-login-check-api'}

    Attributes:
        st_code (int | str | Unset):
        err_msg (str | Unset):
        stat (str | Unset):
    """

    st_code: int | str | Unset = UNSET
    err_msg: str | Unset = UNSET
    stat: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        st_code: int | str | Unset
        if isinstance(self.st_code, Unset):
            st_code = UNSET
        else:
            st_code = self.st_code

        err_msg = self.err_msg

        stat = self.stat

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if st_code is not UNSET:
            field_dict["stCode"] = st_code
        if err_msg is not UNSET:
            field_dict["errMsg"] = err_msg
        if stat is not UNSET:
            field_dict["stat"] = stat

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_st_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        st_code = _parse_st_code(d.pop("stCode", UNSET))

        err_msg = d.pop("errMsg", UNSET)

        stat = d.pop("stat", UNSET)

        wrapped_error = cls(
            st_code=st_code,
            err_msg=err_msg,
            stat=stat,
        )

        wrapped_error.additional_properties = d
        return wrapped_error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
