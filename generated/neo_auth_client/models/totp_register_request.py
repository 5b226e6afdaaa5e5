from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TotpRegisterRequest")


@_attrs_define
class TotpRegisterRequest:
    """
    Example:
        {'sessionID': 'c39688db-c1e0-416a-aa51-d10fe6996a91', 'totp': '123456'}

    Attributes:
        session_id (str): The `sessionID` answered by `totpVerifyUser`.
        totp (str): The current 6-digit code of the authenticator app.
    """

    session_id: str = _attrs_field(repr=False)
    totp: str = _attrs_field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        totp = self.totp

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sessionID": session_id,
                "totp": totp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("sessionID")

        totp = d.pop("totp")

        totp_register_request = cls(
            session_id=session_id,
            totp=totp,
        )

        return totp_register_request
