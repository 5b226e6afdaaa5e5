from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TotpVerifyUserRequest")


@_attrs_define
class TotpVerifyUserRequest:
    """
    Example:
        {'mobileNumber': '+919999996708', 'ucc': 'ABC12', 'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}

    Attributes:
        mobile_number (str): Mobile number with country code, E.164 style.
        ucc (str): Unique client code (not the numeric client id).
        session_id (str): The verified OTP session's `sessionId`.
    """

    mobile_number: str
    ucc: str
    session_id: str = _attrs_field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        mobile_number = self.mobile_number

        ucc = self.ucc

        session_id = self.session_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mobileNumber": mobile_number,
                "ucc": ucc,
                "sessionId": session_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mobile_number = d.pop("mobileNumber")

        ucc = d.pop("ucc")

        session_id = d.pop("sessionId")

        totp_verify_user_request = cls(
            mobile_number=mobile_number,
            ucc=ucc,
            session_id=session_id,
        )

        return totp_verify_user_request
