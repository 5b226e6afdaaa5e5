from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TotpDeregisterRequest")


@_attrs_define
class TotpDeregisterRequest:
    """
    Example:
        {'mpin': '123456', 'ucc': 'ABC12', 'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}

    Attributes:
        mpin (str): The 4 or 6 digit mobile PIN.
        ucc (str): Unique client code (not the numeric client id).
        session_id (str): The OTP session's `sessionId`.
    """

    mpin: str = _attrs_field(repr=False)
    ucc: str
    session_id: str = _attrs_field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        mpin = self.mpin

        ucc = self.ucc

        session_id = self.session_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mpin": mpin,
                "ucc": ucc,
                "sessionId": session_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mpin = d.pop("mpin")

        ucc = d.pop("ucc")

        session_id = d.pop("sessionId")

        totp_deregister_request = cls(
            mpin=mpin,
            ucc=ucc,
            session_id=session_id,
        )

        return totp_deregister_request
