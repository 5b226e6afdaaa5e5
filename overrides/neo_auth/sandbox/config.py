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
    "ShiftedClock",
    "SystemClock",
    "load_accounts",
    "save_accounts",
]


class SystemClock:
    """The real time (Unix seconds)."""

    def now(self) -> float:
        return time.time()


class ShiftedClock:
    """The real time, moved on by `advance`: a demo can jump to "the next morning" and
    still tick like a clock afterwards (a console's countdowns keep moving)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a ShiftedClock only moves forward")
        self.offset += seconds


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
    greeting_name: str = field(default="SANDBOX USER", repr=False)  # personal data
    data_center: str = "E22"
    pan: str = field(default="SBXPA1234X", repr=False)  # answered as kId: personal data

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Account:
        """An account from the accounts file (see `neo-auth sandbox --help`)."""
        if not isinstance(raw, Mapping):
            raise ValueError("each account must be a JSON object")
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
                pan=str(raw.get("pan", "SBXPA1234X")),
            ).checked()
        except (KeyError, TypeError) as exc:
            raise ValueError(
                f"an account needs mobile, uccs, mpin and consumer_key (missing or bad: {exc})"
            ) from None

    def checked(self) -> Account:
        """This account, or ValueError naming the field that the SDK would refuse."""
        from neo_auth import validation
        from neo_auth.errors import InputValidationError

        try:
            if validation.mobile_number(self.mobile) != self.mobile:
                raise ValueError(f"mobile must be written as +<country><number>: {self.mobile}")
            if not self.uccs:
                raise ValueError("uccs must name at least one client code")
            for ucc, _ in self.uccs:
                validation.ucc(ucc)
            validation.mpin(self.mpin)
            validation.consumer_key(self.consumer_key)
            if self.totp_secret is not None:
                validation.base32_secret(self.totp_secret)
        except InputValidationError as error:
            raise ValueError(error.message) from None
        return self

    def to_dict(self) -> dict[str, Any]:
        """The form of the accounts file (secrets included: it is the user's own file)."""
        raw: dict[str, Any] = {
            "mobile": self.mobile,
            "uccs": [{"ucc": ucc, "clientType": kind} for ucc, kind in self.uccs],
            "mpin": self.mpin,
            "consumer_key": self.consumer_key,
            "greeting_name": self.greeting_name,
            "data_center": self.data_center,
            "pan": self.pan,
        }
        if self.totp_secret is not None:
            raw["totp_secret"] = self.totp_secret
        return raw


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
    """Everything a sandbox is made from. The defaults mirror the real service; the
    limits are what the README documents."""

    accounts: tuple[Account, ...] = (DEFAULT_ACCOUNT,)
    otp_length: int = 4
    otp_validity: float = 300.0
    otp_max_attempts: int = 3  # wrong codes before one OTP locks
    #: Wrong OTPs per number in any hour, however many resends; then the number locks.
    otp_max_wrong_per_hour: int = 20
    otp_resend_after: float = 30.0  # a second send without resend=true waits this long
    qr_validity: float = 120.0
    enrolment_max_attempts: int = 5
    #: Wrong MPINs a view session takes before it is spent.
    mpin_max_attempts_per_session: int = 10
    #: Wrong MPINs per account in any hour (validate and deregister together); then locked.
    mpin_max_wrong_per_hour: int = 10
    totp_window: int = 1  # steps accepted either side of now (RFC 6238 §5.2)
    view_validity: float = 600.0
    #: Trade sessions last the trading day; the sandbox ends them after this long.
    trade_validity: float = 12 * 3600.0
    rate_limit: RateLimit | None = RateLimit(requests=20, per_seconds=60.0)
    #: Faults answered on every request: operationId (or "*") -> fault, e.g. "503".
    faults: dict[str, str] = field(default_factory=dict)
    max_slow_seconds: float = 60.0
    #: Login refusals in the documented shape go out with HTTP 200, as the real service
    #: sometimes answers them (a 2xx is not a success).
    refusals_as_200: bool = False
    #: The largest request body read (413 beyond); the API's bodies are under 200 bytes.
    max_body_bytes: int = 16 * 1024
    #: Seconds a client has to send a request's headers, from its first byte (or the
    #: connection's start). uvicorn has no such bound: a client dripping a header byte
    #: at a time would hold a connection for ever. nginx's client_header_timeout is 60 s;
    #: the API's requests are a few hundred bytes, so 10 s is generous.
    header_timeout: float = 10.0
    #: Seconds the sandbox's clock runs ahead of (or, negative, behind) `clock`: how a
    #: test makes the service's clock differ from the client's.
    clock_offset: float = 0.0
    #: The `baseUrl` a trade session answers (the host of the trading calls). None: the
    #: sandbox itself, which serves a few trading-shaped endpoints (`app.TRADING`).
    trade_base_url: str | None = None
    #: Where accounts added at run time (the console) and registrations are written, so
    #: they survive a restart: the `--accounts` file. None: kept in memory only.
    accounts_file: Path | None = None
    #: Host names the console and the control endpoints answer to (the `Host` header):
    #: loopback ones, so a web page under another name (DNS rebinding) cannot drive them.
    #: None: any (for a sandbox deliberately served on another address).
    console_hosts: tuple[str, ...] | None = ("127.0.0.1", "localhost", "::1", "[::1]")
    clock: SystemClock | ManualClock | ShiftedClock = field(default_factory=SystemClock)


def load_accounts(path: str | Path) -> tuple[Account, ...]:
    """Accounts from a JSON file: `{"accounts": [{"mobile", "uccs", "mpin", "consumer_key"}]}`.

    Raises ValueError (a bad file) or OSError (no file)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"{path}: not a JSON file ({type(exc).__name__})") from None
    items = raw.get("accounts") if isinstance(raw, Mapping) else raw
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: expected {{'accounts': [...]}} with at least one account")
    return tuple(Account.from_dict(item) for item in items)


def save_accounts(path: str | Path, accounts: tuple[Account, ...]) -> None:
    """Write accounts in the form `load_accounts` reads (owner-only: it holds MPINs)."""
    from neo_auth.files import write_private

    text = json.dumps({"accounts": [a.to_dict() for a in accounts]}, indent=2) + "\n"
    write_private(path, text.encode())
