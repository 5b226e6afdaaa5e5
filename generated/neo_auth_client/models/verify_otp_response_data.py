from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ucc_info import UccInfo


T = TypeVar("T", bound="VerifyOtpResponseData")


@_attrs_define
class VerifyOtpResponseData:
    """
    Example:
        {'message': 'Success', 'uccInfo': [{'ucc': 'ABC12', 'clientType': 'NEO'}]}

    Attributes:
        ucc_info (list[UccInfo]):
        message (str | Unset):
    """

    ucc_info: list[UccInfo]
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        ucc_info = []
        for ucc_info_item_data in self.ucc_info:
            ucc_info_item = ucc_info_item_data.to_dict()
            ucc_info.append(ucc_info_item)

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uccInfo": ucc_info,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ucc_info import UccInfo

        d = dict(src_dict)
        ucc_info = []
        _ucc_info = d.pop("uccInfo")
        for ucc_info_item_data in _ucc_info:
            ucc_info_item = UccInfo.from_dict(ucc_info_item_data)

            ucc_info.append(ucc_info_item)

        message = d.pop("message", UNSET)

        verify_otp_response_data = cls(
            ucc_info=ucc_info,
            message=message,
        )

        verify_otp_response_data.additional_properties = d
        return verify_otp_response_data

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
