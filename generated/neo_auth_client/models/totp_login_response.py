from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.session_data import SessionData


T = TypeVar("T", bound="TotpLoginResponse")


@_attrs_define
class TotpLoginResponse:
    """
    Example:
        {'data': {'token': 'eyJhbGciOiJSUzI1NiJ9.view-token-example.signature', 'sid':
            '7c1b0c1e-6a8f-4f63-9a0c-2b0e9f1d2c3a', 'kType': 'View', 'status': 'success'}}

    Attributes:
        data (SessionData): A view session (from `totpLogin`, `kType` "View") or a trade session (from
            `totpValidate`, `kType` "Trade"). The service adds fields over time.
             Example: {'token': 'eyJhbGciOiJSUzI1NiJ9.trade-token-example.signature', 'sid':
            '7c1b0c1e-6a8f-4f63-9a0c-2b0e9f1d2c3a', 'kType': 'Trade', 'status': 'success', 'baseUrl':
            'https://e22.kotaksecurities.com'}.
    """

    data: SessionData
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_data import SessionData

        d = dict(src_dict)
        data = SessionData.from_dict(d.pop("data"))

        totp_login_response = cls(
            data=data,
        )

        totp_login_response.additional_properties = d
        return totp_login_response

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
