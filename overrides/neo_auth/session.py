"""`NeoSession`: the token and ids a login answers, in a form a bot can hold safely;
`ClientIp`: the address the service sees for a session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from neo_auth import validation
from neo_auth.errors import InputValidationError
from neo_auth.redaction import mask
from neo_auth_client.types import Unset

if TYPE_CHECKING:
    from neo_auth_client.models import ClientIpResponse, TotpLoginResponse, TotpValidateResponse

__all__ = ["ClientIp", "NeoSession"]


def _optional(value: Any) -> str | None:
    if isinstance(value, Unset) or value is None:
        return None
    return value if isinstance(value, str) else str(value)


@attrs.frozen
class NeoSession:
    """A view session (after `totp_login`, kind "View") or a trade session (after
    `totp_validate`, kind "Trade").

    `token` and `sid` authorise trading calls at `base_url`. The secrets (`token`, `sid`,
    `rid`) are left out of `repr()`; `raw` is the generated model with every field the
    server sent, unknown ones included (`raw.to_dict()`).
    """

    token: str = attrs.field(repr=False)
    sid: str = attrs.field(repr=False)
    rid: str | None = attrs.field(repr=False)
    server_id: str | None
    data_center: str | None
    base_url: str | None
    ucc: str | None
    kind: str | None
    raw: TotpLoginResponse | TotpValidateResponse = attrs.field(repr=False, eq=False)

    @classmethod
    def from_response(cls, response: TotpLoginResponse | TotpValidateResponse) -> NeoSession:
        """Build from a login or validate answer (whose token and sid were checked)."""
        data = response.data
        return cls(
            token=data.token,
            sid=data.sid,
            rid=_optional(data.rid),
            server_id=_optional(data.hs_server_id),
            data_center=_optional(data.data_center),
            base_url=_optional(data.base_url),
            ucc=_optional(data.ucc),
            kind=_optional(data.k_type),
            raw=response,
        )

    def to_dict(self) -> dict[str, Any]:
        """Everything, secrets included, as JSON-ready data (for `neo-auth login`)."""
        return {
            "kind": self.kind,
            "ucc": self.ucc,
            "token": self.token,
            "sid": self.sid,
            "rid": self.rid,
            "server_id": self.server_id,
            "data_center": self.data_center,
            "base_url": self.base_url,
            "answer": self.raw.to_dict(),
        }

    def headers(self, consumer_key: str | None = None) -> dict[str, str]:
        """The headers a trading call sends with this session: `Sid` and `Auth` (the
        token, no "Bearer"), and `Authorization` (the consumer key) when given, as order
        calls need it. These are secrets: send them, never log them."""
        found = {"Sid": self.sid, "Auth": self.token}
        if consumer_key is not None:
            found["Authorization"] = validation.consumer_key(consumer_key)
        return found

    def url(self, path: str) -> str:
        """`path` on the session's `base_url` (the host of every trading call), e.g.
        `session.url("quick/user/positions")`."""
        if not self.base_url:
            raise InputValidationError(
                "this session has no base URL (a view session?): the trade session of "
                "totp_validate or login() has it."
            )
        if not isinstance(path, str) or "://" in path or path.startswith("//"):
            raise InputValidationError(
                "url(path) takes a path on the session's base URL, like 'quick/user/positions'."
            )
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def describe(self) -> str:
        """A one-line summary with the secrets masked, fit for a terminal or a log."""
        if self.base_url:
            where = f"base URL {self.base_url}"
        elif (self.kind or "").lower() == "view":
            where = "no base URL (a view session: the trade session has it)"
        else:
            where = "no base URL in the answer"
        return (
            f"{self.kind or 'unknown'} session for {self.ucc or '?'}: token {mask(self.token)}, "
            f"sid {mask(self.sid)}, data center {self.data_center or '?'}, {where}"
        )


@attrs.frozen
class ClientIp:
    """The IP address the service sees for a session (`str()` of it is the address),
    the service's time when it answered (as it wrote it), and `raw`, the whole answer."""

    ip: str
    time: str | None
    raw: ClientIpResponse = attrs.field(repr=False, eq=False)

    @classmethod
    def from_response(cls, response: ClientIpResponse) -> ClientIp:
        entry = response.data[0]  # checked non-empty, with a usable ip
        return cls(ip=entry.ip.strip(), time=_optional(entry.time), raw=response)

    def __str__(self) -> str:
        return self.ip
