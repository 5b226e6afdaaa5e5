from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SendOtpRequest")


@_attrs_define
class SendOtpRequest:
    """
    Example:
        {'mobile': '+919999996708', 'resend': False}

    Attributes:
        mobile (str): Mobile number with country code, E.164 style.
        resend (bool): True to ask for a new OTP in place of an unexpired one.
    """

    mobile: str
    resend: bool

    def to_dict(self) -> dict[str, Any]:
        mobile = self.mobile

        resend = self.resend

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mobile": mobile,
                "resend": resend,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mobile = d.pop("mobile")

        resend = d.pop("resend")

        send_otp_request = cls(
            mobile=mobile,
            resend=resend,
        )

        return send_otp_request
