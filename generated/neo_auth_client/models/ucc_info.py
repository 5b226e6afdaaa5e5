from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UccInfo")


@_attrs_define
class UccInfo:
    """
    Example:
        {'ucc': 'ABC12', 'clientType': 'NEO'}

    Attributes:
        ucc (str):
        client_type (str | Unset): For example `NEO`; not an enum, the service may add types.
    """

    ucc: str
    client_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        ucc = self.ucc

        client_type = self.client_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ucc": ucc,
            }
        )
        if client_type is not UNSET:
            field_dict["clientType"] = client_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ucc = d.pop("ucc")

        client_type = d.pop("clientType", UNSET)

        ucc_info = cls(
            ucc=ucc,
            client_type=client_type,
        )

        ucc_info.additional_properties = d
        return ucc_info

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
