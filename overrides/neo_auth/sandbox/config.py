"""What a sandbox is seeded with: accounts, validity windows, limits, faults, clock."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_ACCOUNT",
    "Account",
    "ManualClock",
    "RateLimit",
    "SandboxConfig",
    "SystemClock",
    "load_accounts",
]


class SystemClock:
    """The real time (Unix seconds)."""

    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told: expiry and TOTP steps tested without sleeping."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a ManualClock only moves forward")
        self._now += seconds

    def set(self, when: float) -> None:
        self._now = float(when)


@dataclass(frozen=True)
class Account:
    """A test account: a mobile number with its UCCs, MPIN and consumer key."""

    mobile: str
    uccs: tuple[tuple[str, str], ...]  # (ucc, client type)
    mpin: str = field(repr=False)
    consumer_key: str = field(repr=False)
    totp_secret: str | None = field(default=None, repr=False)  # set once registered
    greeting_name: str = "SANDBOX USER"
    data_center: str = "E22"

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Account:
        """An account from the accounts file (see `neo-auth sandbox --help`)."""
        try:
            uccs = tuple(
                (str(item["ucc"]), str(item.get("clientType", "NEO")))
                if isinstance(item, Mapping)
                else (str(item), "NEO")
                for item in raw["uccs"]
            )
            return cls(
                mobile=str(raw["mobile"]),
                uccs=uccs,
                mpin=str(raw["mpin"]),
                consumer_key=str(raw["consumer_key"]),
                totp_secret=raw.get("totp_secret"),
                greeting_name=str(raw.get("greeting_name", "SANDBOX USER")),
                data_center=str(raw.get("data_center", "E22")),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(
                f"an account needs mobile, uccs, mpin and consumer_key (missing or bad: {exc})"
            ) from None


DEFAULT_ACCOUNT = Account(
    mobile="+919999999999",
    uccs=(("SBX01", "NEO"),),
    mpin="123456",
    consumer_key="sandbox-consumer-key",
)


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` in any `per_seconds` window, per mobile number and operation."""

    requests: int
    per_seconds: float


@dataclass
class SandboxConfig:
    """Everything a sandbox is made from. The defaults mirror the real service."""

    accounts: tuple[Account, ...] = (DEFAULT_ACCOUNT,)
    otp_length: int = 4
    otp_validity: float = 300.0
    otp_max_attempts: int = 3  # wrong codes before the OTP session locks
    otp_resend_after: float = 30.0  # a second send without resend=true waits this long
    qr_validity: float = 120.0
    enrolment_max_attempts: int = 5
    totp_window: int = 1  # steps accepted either side of now (RFC 6238 §5.2)
    view_validity: float = 600.0
    rate_limit: RateLimit | None = RateLimit(requests=20, per_seconds=60.0)
    #: Faults answered on every request: operationId (or "*") -> fault, e.g. "503".
    faults: dict[str, str] = field(default_factory=dict)
    max_slow_seconds: float = 60.0
    trade_base_url: str = "https://e22.kotaksecurities.com"
    clock: SystemClock | ManualClock = field(default_factory=SystemClock)


def load_accounts(path: str | Path) -> tuple[Account, ...]:
    """Accounts from a JSON file: `{"accounts": [{"mobile", "uccs", "mpin", "consumer_key"}]}`."""
    raw = json.loads(Path(path).read_text())
    items = raw.get("accounts") if isinstance(raw, Mapping) else raw
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: expected {{'accounts': [...]}} with at least one account")
    return tuple(Account.from_dict(item) for item in items)
