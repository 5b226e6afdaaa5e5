from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VerifyOtpRequest")


@_attrs_define
class VerifyOtpRequest:
    """
    Example:
        {'mobile': '+919999996708', 'code': '1234', 'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}

    Attributes:
        mobile (str): Mobile number with country code, E.164 style.
        code (str): The OTP from the SMS.
        session_id (str): The `sessionId` answered by `sendOtp`.
    """

    mobile: str
    code: str = _attrs_field(repr=False)
    session_id: str = _attrs_field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        mobile = self.mobile

        code = self.code

        session_id = self.session_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mobile": mobile,
                "code": code,
                "sessionId": session_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mobile = d.pop("mobile")

        code = d.pop("code")

        session_id = d.pop("sessionId")

        verify_otp_request = cls(
            mobile=mobile,
            code=code,
            session_id=session_id,
        )

        return verify_otp_request
