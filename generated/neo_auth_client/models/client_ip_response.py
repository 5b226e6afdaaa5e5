from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.client_ip_entry import ClientIpEntry


T = TypeVar("T", bound="ClientIpResponse")


@_attrs_define
class ClientIpResponse:
    """
    Example:
        {'data': [{'ip': '165.85.130.248', 'time': '2026-07-07 12:07:34.440'}], 'stCode': 1000, 'status': 'success'}

    Attributes:
        data (list[ClientIpEntry]):
        st_code (int | str | Unset): 1000 on success.
        status (str | Unset):
    """

    data: list[ClientIpEntry]
    st_code: int | str | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        st_code: int | str | Unset
        if isinstance(self.st_code, Unset):
            st_code = UNSET
        else:
            st_code = self.st_code

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if st_code is not UNSET:
            field_dict["stCode"] = st_code
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.client_ip_entry import ClientIpEntry

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ClientIpEntry.from_dict(data_item_data)

            data.append(data_item)

        def _parse_st_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        st_code = _parse_st_code(d.pop("stCode", UNSET))

        status = d.pop("status", UNSET)

        client_ip_response = cls(
            data=data,
            st_code=st_code,
            status=status,
        )

        client_ip_response.additional_properties = d
        return client_ip_response

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
