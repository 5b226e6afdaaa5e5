"""What the sandbox keeps between requests: OTPs, enrolments and sessions.

Each model owns the checks of its own state (expired? used? spent?); the limits that
span many of them live in the backend (`state.py`).
"""

from __future__ import annotations

import base64
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "Enrolment",
    "OtpSession",
    "OutboxMessage",
    "Session",
    "handle",
    "iso",
    "same",
    "token",
]


def same(given: str, expected: str) -> bool:
    """Compare secrets in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())


def iso(when: float) -> str:
    return (
        datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def token(kind: str) -> str:
    """An unguessable token shaped like the service's JWTs."""
    header = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').rstrip(b"=").decode()
    return f"{header}.{kind}-{secrets.token_urlsafe(32)}.{secrets.token_urlsafe(24)}"


def handle() -> str:
    """An opaque name for the console to point at something (not a secret of the API)."""
    return secrets.token_urlsafe(9)


@dataclass(frozen=True)
class OutboxMessage:
    """An SMS the sandbox "sent" (and which OTP session it belongs to)."""

    otp: str = field(repr=False)
    sent_at: float
    session_id: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, str]:
        return {"otp": self.otp, "sent_at": iso(self.sent_at)}


@dataclass
class OtpSession:
    """One SMS OTP: it verifies once, and locks after a few wrong codes."""

    session_id: str = field(repr=False)
    mobile: str
    otp: str = field(repr=False)
    sent_at: float
    expires_at: float
    attempts: int = 0
    verified: bool = False

    def expired(self, now: float) -> bool:
        return now >= self.expires_at

    def state(self, now: float, max_attempts: int) -> str:
        """ "verified", "locked", "expired" or "waiting" (for the console)."""
        if self.verified:
            return "verified"
        if self.attempts >= max_attempts:
            return "locked"
        return "expired" if self.expired(now) else "waiting"


@dataclass
class Enrolment:
    """A TOTP enrolment begun by verify-user: its secret, valid for the QR window."""

    session_id: str = field(repr=False)
    mobile: str
    ucc: str
    secret: str = field(repr=False)
    expires_at: float
    attempts: int = 0
    scanned: bool = False  # the console's virtual authenticator holds its key
    handle: str = field(default_factory=handle)


@dataclass
class Session:
    """A view or trade session, with the IP address it was made from."""

    kind: str  # "View" or "Trade"
    mobile: str
    ucc: str
    token: str = field(repr=False)
    sid: str = field(repr=False)
    created_at: float
    expires_at: float
    ip: str
    mpin_failures: int = 0
    revoked: bool = False
    handle: str = field(default_factory=handle)

    def live(self, now: float) -> bool:
        return not self.revoked and now < self.expires_at

    def masked(self, now: float) -> dict[str, Any]:
        from neo_auth.redaction import mask

        return {
            "handle": self.handle,
            "kind": self.kind,
            "ucc": self.ucc,
            "mobile": self.mobile,
            "ip": self.ip,
            "age_seconds": round(now - self.created_at, 1),
            "expires_in_seconds": round(self.expires_at - now, 1),
            "token": mask(self.token),
            "sid": mask(self.sid),
            "live": self.live(now),
        }
