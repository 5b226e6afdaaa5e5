from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientIpEntry")


@_attrs_define
class ClientIpEntry:
    """
    Example:
        {'ip': '165.85.130.248', 'time': '2026-07-07 12:07:34.440'}

    Attributes:
        ip (str): The client's outbound IP address as the service sees it.
        time (str | Unset): The service's time when it answered (local to the service, no zone).
    """

    ip: str
    time: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        ip = self.ip

        time = self.time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ip": ip,
            }
        )
        if time is not UNSET:
            field_dict["time"] = time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ip = d.pop("ip")

        time = d.pop("time", UNSET)

        client_ip_entry = cls(
            ip=ip,
            time=time,
        )

        client_ip_entry.additional_properties = d
        return client_ip_entry

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
