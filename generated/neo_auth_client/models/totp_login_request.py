from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TotpLoginRequest")


@_attrs_define
class TotpLoginRequest:
    """
    Example:
        {'mobileNumber': '+919999996708', 'ucc': 'ABC12', 'totp': '123456'}

    Attributes:
        mobile_number (str): Mobile number with country code, E.164 style.
        ucc (str): Unique client code (not the numeric client id).
        totp (str): The current 6-digit TOTP code.
    """

    mobile_number: str
    ucc: str
    totp: str = _attrs_field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        mobile_number = self.mobile_number

        ucc = self.ucc

        totp = self.totp

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mobileNumber": mobile_number,
                "ucc": ucc,
                "totp": totp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mobile_number = d.pop("mobileNumber")

        ucc = d.pop("ucc")

        totp = d.pop("totp")

        totp_login_request = cls(
            mobile_number=mobile_number,
            ucc=ucc,
            totp=totp,
        )

        return totp_login_request
