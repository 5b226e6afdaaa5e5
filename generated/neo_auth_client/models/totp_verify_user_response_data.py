from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TotpVerifyUserResponseData")


@_attrs_define
class TotpVerifyUserResponseData:
    """
    Example:
        {'status': 'success', 'key': 'RX6PKQ2LZUKNON2BGVTVABCDEF', 'qrCodeBase64': 'iVBORw0KGgo=', 'uri':
            'otpauth://totp/KOTAK-NEO:ABC12?issuer=KOTAK-NEO&secret=RX6PKQ2LZUKNON2BGVTVABCDEF', 'issuer': 'KOTAK-NEO',
            'message': 'Scan the QR code with your authenticator app or copy key to manually import in authenticator app',
            'sessionID': 'c39688db-c1e0-416a-aa51-d10fe6996a91'}

    Attributes:
        key (str): The TOTP secret, base32 (RFC 4648), for RFC 6238 with SHA-1, 6 digits, 30 s.
        session_id (str): The enrolment session id for `totpRegister` (valid 2 minutes).
        status (str | Unset):
        qr_code_base_64 (str | Unset): PNG image of the otpauth URI, base64 encoded.
        uri (str | Unset): The otpauth URI of the secret (it contains the secret).
        issuer (str | Unset):
        message (str | Unset):
    """

    key: str = _attrs_field(repr=False)
    session_id: str = _attrs_field(repr=False)
    status: str | Unset = UNSET
    qr_code_base_64: str | Unset = _attrs_field(repr=False, default=UNSET)
    uri: str | Unset = _attrs_field(repr=False, default=UNSET)
    issuer: str | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        session_id = self.session_id

        status = self.status

        qr_code_base_64 = self.qr_code_base_64

        uri = self.uri

        issuer = self.issuer

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "sessionID": session_id,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if qr_code_base_64 is not UNSET:
            field_dict["qrCodeBase64"] = qr_code_base_64
        if uri is not UNSET:
            field_dict["uri"] = uri
        if issuer is not UNSET:
            field_dict["issuer"] = issuer
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        key = d.pop("key")

        session_id = d.pop("sessionID")

        status = d.pop("status", UNSET)

        qr_code_base_64 = d.pop("qrCodeBase64", UNSET)

        uri = d.pop("uri", UNSET)

        issuer = d.pop("issuer", UNSET)

        message = d.pop("message", UNSET)

        totp_verify_user_response_data = cls(
            key=key,
            session_id=session_id,
            status=status,
            qr_code_base_64=qr_code_base_64,
            uri=uri,
            issuer=issuer,
            message=message,
        )

        totp_verify_user_response_data.additional_properties = d
        return totp_verify_user_response_data

    @property
    def qr_code_base64(self) -> str | Unset:
        """The same as `qr_code_base_64`."""
        return self.qr_code_base_64

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
