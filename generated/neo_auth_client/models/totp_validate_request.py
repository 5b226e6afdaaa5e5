from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TotpValidateRequest")


@_attrs_define
class TotpValidateRequest:
    """
    Example:
        {'mpin': '123456'}

    Attributes:
        mpin (str): The 4 or 6 digit mobile PIN.
    """

    mpin: str = _attrs_field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        mpin = self.mpin

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mpin": mpin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mpin = d.pop("mpin")

        totp_validate_request = cls(
            mpin=mpin,
        )

        return totp_validate_request
