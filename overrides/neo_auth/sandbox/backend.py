"""The sandbox's backend core: the state every operation works on, and the checks and
limits they share. The operations live beside it by concern (`registration.py`,
`login.py`), the console's view in `console_view.py`; `state.py` puts them together.

The limits a brute force meets are per number or per account, in sliding windows
(`limits.py`), whatever sessions or resends a guesser spreads its guesses over. Secrets
are compared in constant time and never logged.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections import defaultdict, deque

import pyotp

from neo_auth.sandbox.config import Account, SandboxConfig
from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.events import EventHub
from neo_auth.sandbox.faults import PendingFaults
from neo_auth.sandbox.limits import SlidingWindow
from neo_auth.sandbox.models import (
    Enrolment,
    OtpSession,
    OutboxMessage,
    Session,
    same,
)

logger = logging.getLogger("neo_auth.sandbox")

__all__ = [
    "HOUR",
    "OUTBOX_KEPT",
    "SWEEP_EVERY",
    "TOTP_STEP",
    "BackendCore",
    "key_digest",
    "minutes",
]

TOTP_STEP = 30
HOUR = 3600.0
#: SMS kept per number (the oldest are forgotten): a sandbox left running stays small.
OUTBOX_KEPT = 50
#: Every this many logins, ended sessions and expired enrolments are swept away.
SWEEP_EVERY = 256


def key_digest(secret: str) -> bytes:
    """The gateway's look-up form of a consumer key."""
    return hashlib.sha256(secret.encode()).digest()


def minutes(seconds: float) -> str:
    """A wait in whole minutes, for a lock's message."""
    whole = max(1, int(seconds / 60 + 0.999))
    return f"{whole} minute{'s' if whole != 1 else ''}"


class BackendCore:
    """The mutable state of one sandbox and what the operations share, thread-safe."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.clock = config.clock
        self._lock = threading.RLock()
        self.faults = PendingFaults()
        #: Tells open consoles what changed (see `events.py`).
        self.events = EventHub()
        #: Needed by the control endpoints (`X-Sandbox-Token`): made at each start.
        self.control_token = secrets.token_urlsafe(24)
        self._accounts: dict[str, Account] = {}
        self.reset()

    # --- the Python API for tests, the demo and the console ---------------------------

    def now(self) -> float:
        """The service's time: the clock, moved by `config.clock_offset`."""
        return self.clock.now() + self.config.clock_offset

    def reset(self) -> None:
        """Back to the state of a fresh start (accounts as configured, nothing sent)."""
        with self._lock:
            self._accounts = {account.mobile: account for account in self.config.accounts}
            self._key_digests = {key_digest(a.consumer_key) for a in self.config.accounts}
            self._outbox: dict[str, deque[OutboxMessage]] = defaultdict(
                lambda: deque(maxlen=OUTBOX_KEPT)
            )
            self._otp_sessions: dict[str, OtpSession] = {}  # by session id
            self._otp_of_mobile: dict[str, str] = {}  # mobile -> its one current session id
            self._enrolments: dict[str, Enrolment] = {}
            self._sessions: dict[str, Session] = {}  # by sid: view sessions, then trade
            self._last_totp_step: dict[str, int] = {}  # by mobile: codes are single-use
            self._logins = 0
            limit = self.config.rate_limit
            self._hits = SlidingWindow(limit.requests, limit.per_seconds) if limit else None
            self._wrong_otps = SlidingWindow(self.config.otp_max_wrong_per_hour, HOUR)
            self._wrong_mpins = SlidingWindow(self.config.mpin_max_wrong_per_hour, HOUR)
            self.faults.clear()
        self.events.publish("all")

    def _save_accounts(self) -> None:
        """Keep the accounts file in step (the default test account is not written)."""
        path = self.config.accounts_file
        if path is None:
            return
        from neo_auth.sandbox.config import DEFAULT_ACCOUNT, save_accounts

        kept = tuple(a for a in self._accounts.values() if a.mobile != DEFAULT_ACCOUNT.mobile)
        try:
            save_accounts(path, kept)
        except OSError as exc:
            logger.warning("accounts not saved to %s (%s)", path, exc.strerror)

    def _sweep(self, now: float) -> None:
        """Forget what can no longer be used: ended sessions, expired enrolments and
        OTPs (the lock is held). Without it a sandbox under load grows without end."""
        self._sessions = {sid: s for sid, s in self._sessions.items() if s.live(now)}
        self._enrolments = {k: e for k, e in self._enrolments.items() if e.expires_at > now}
        for session_id, otp in list(self._otp_sessions.items()):
            if otp.expired(now) and self._otp_of_mobile.get(otp.mobile) != session_id:
                del self._otp_sessions[session_id]

    # --- shared checks -----------------------------------------------------------------

    def _rate_limit(self, mobile: str, operation: str) -> None:
        if self._hits is None:
            return
        now = self.now()
        key = (mobile, operation)
        if self._hits.full(key, now):
            raise SandboxError.too_many(
                "Too many requests. Try again later.", self._hits.wait(key, now)
            )
        self._hits.add(key, now)

    def _registered(self, mobile: str) -> Account:
        account = self._accounts.get(mobile)
        if account is None:
            raise SandboxError.bad_request("Mobile number is not registered with Kotak Neo.")
        return account

    @staticmethod
    def _ucc_of(account: Account, ucc: str) -> str | None:
        for known, _ in account.uccs:
            if same(known.upper(), ucc.upper()):
                return known
        return None

    def _otp_session(self, session_id: str, mobile: str) -> OtpSession:
        session = self._otp_sessions.get(session_id)
        if session is None or not same(session.mobile, mobile):
            raise SandboxError.bad_request("Invalid or expired session.")
        if session.expired(self.now()):
            raise SandboxError.bad_request("OTP has expired. Request a new OTP.")
        return session

    def _otp_lock(self, mobile: str) -> None:
        now = self.now()
        if self._wrong_otps.full(mobile, now):
            wait = self._wrong_otps.wait(mobile, now)
            raise SandboxError.too_many(
                f"Too many wrong OTPs for this number: it is locked for {minutes(wait)}.",
                wait,
            )

    def _mpin_lock(self, mobile: str, *, documented: bool) -> None:
        now = self.now()
        if self._wrong_mpins.full(mobile, now):
            wait = self._wrong_mpins.wait(mobile, now)
            message = f"Too many wrong MPINs: locked for {minutes(wait)}."
            if documented:
                raise SandboxError.locked_login(message, wait)
            raise SandboxError.too_many(message, wait)

    def _totp_step(self, secret: str, code: str) -> int | None:
        """The step whose code `code` is, within the window around now, or None."""
        totp = pyotp.TOTP(secret)
        now_step = int(self.now() // TOTP_STEP)
        window = self.config.totp_window
        matched = None
        for step in range(now_step - window, now_step + window + 1):
            if same(totp.at(step * TOTP_STEP), code):  # every step checked: constant work
                matched = step
        return matched

    def _new_otp(self) -> str:
        return "".join(secrets.choice("0123456789") for _ in range(self.config.otp_length))

    def check_gateway(self, consumer_key: str | None) -> None:
        """The API gateway's check of the consumer key (the app makes it before it looks
        at the request at all, so a refused key is told apart from a refused body)."""
        # The gateway knows every consumer key; comparing digests keeps the look-up
        # constant-time in the key and constant-cost in the number of accounts.
        if not consumer_key or key_digest(consumer_key) not in self._key_digests:
            raise SandboxError.known("key_refused")
