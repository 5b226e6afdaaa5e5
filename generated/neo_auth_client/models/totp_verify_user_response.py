from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.totp_verify_user_response_data import TotpVerifyUserResponseData


T = TypeVar("T", bound="TotpVerifyUserResponse")


@_attrs_define
class TotpVerifyUserResponse:
    """
    Example:
        {'data': {'status': 'success', 'key': 'RX6PKQ2LZUKNON2BGVTVABCDEF', 'qrCodeBase64': 'iVBORw0KGgo=', 'uri':
            'otpauth://totp/KOTAK-NEO:ABC12?issuer=KOTAK-NEO&secret=RX6PKQ2LZUKNON2BGVTVABCDEF', 'issuer': 'KOTAK-NEO',
            'message': 'Scan the QR code with your authenticator app or copy key to manually import in authenticator app',
            'sessionID': 'c39688db-c1e0-416a-aa51-d10fe6996a91'}}

    Attributes:
        data (TotpVerifyUserResponseData):  Example: {'status': 'success', 'key': 'RX6PKQ2LZUKNON2BGVTVABCDEF',
            'qrCodeBase64': 'iVBORw0KGgo=', 'uri': 'otpauth://totp/KOTAK-NEO:ABC12?issuer=KOTAK-
            NEO&secret=RX6PKQ2LZUKNON2BGVTVABCDEF', 'issuer': 'KOTAK-NEO', 'message': 'Scan the QR code with your
            authenticator app or copy key to manually import in authenticator app', 'sessionID':
            'c39688db-c1e0-416a-aa51-d10fe6996a91'}.
    """

    data: TotpVerifyUserResponseData
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
        from ..models.totp_verify_user_response_data import TotpVerifyUserResponseData

        d = dict(src_dict)
        data = TotpVerifyUserResponseData.from_dict(d.pop("data"))

        totp_verify_user_response = cls(
            data=data,
        )

        totp_verify_user_response.additional_properties = d
        return totp_verify_user_response

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
