"""The sandbox's backend, free of HTTP: accounts, OTPs, enrolments, sessions, limits.

Each operation takes the already-validated request and answers the `data` of the real
service, or raises `SandboxError` with the status and body the real service would give
(`errors.py`). The limits a brute force meets are per number or per account, in sliding
windows (`limits.py`), whatever sessions or resends a guesser spreads its guesses over.
Secrets are compared in constant time and never logged. `reset()` and `snapshot()` are
for tests and the console.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import secrets
import threading
import uuid
from collections import defaultdict, deque
from dataclasses import replace
from datetime import datetime
from typing import Any

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
    token,
)

__all__ = ["OutboxMessage", "SandboxError", "SandboxState"]

logger = logging.getLogger("neo_auth.sandbox")

_TOTP_STEP = 30
_HOUR = 3600.0
#: SMS kept per number (the oldest are forgotten): a sandbox left running stays small.
OUTBOX_KEPT = 50
#: Every this many logins, ended sessions and expired enrolments are swept away.
SWEEP_EVERY = 256
#: The most accounts the console lists at once, and the most (newest) live sessions.
CONSOLE_LIMIT = 200
SESSIONS_SHOWN = 50
_LOGIN_REFUSED = "Invalid credentials or TOTP."


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _minutes(seconds: float) -> str:
    minutes = max(1, int(seconds / 60 + 0.999))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class SandboxState:
    """All the mutable state of one sandbox, safe to use from several threads."""

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
            self._key_digests = {_digest(a.consumer_key) for a in self.config.accounts}
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
            self._wrong_otps = SlidingWindow(self.config.otp_max_wrong_per_hour, _HOUR)
            self._wrong_mpins = SlidingWindow(self.config.mpin_max_wrong_per_hour, _HOUR)
            self.faults.clear()
        self.events.publish("all")

    def outbox(self, mobile: str) -> list[OutboxMessage]:
        """The SMS messages sent to `mobile`, newest last."""
        with self._lock:
            return list(self._outbox.get(mobile, ()))

    def latest_otp(self, mobile: str) -> str:
        """The OTP of the newest SMS to `mobile` (KeyError when none was sent)."""
        messages = self.outbox(mobile)
        if not messages:
            raise KeyError(f"no OTP was sent to {mobile}")
        return messages[-1].otp

    def account(self, mobile: str) -> Account:
        with self._lock:
            return self._accounts[mobile]

    def accounts(self) -> list[Account]:
        with self._lock:
            return list(self._accounts.values())

    def add_account(self, account: Account) -> None:
        """Add (or replace) an account while the sandbox runs; it is written to the
        accounts file when the sandbox has one (`config.accounts_file`)."""
        account.checked()
        with self._lock:
            self._accounts[account.mobile] = account
            self._key_digests.add(_digest(account.consumer_key))
            self._save_accounts()
        self.events.publish("accounts")

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

    def inject_fault(self, fault: str, operation: str = "*", times: int = 1) -> None:
        """Answer the next `times` requests of `operation` (an operationId or "*") with `fault`."""
        self.faults.arm(fault, operation, times)
        self.events.publish("faults")

    def take_fault(self, operation: str) -> str | None:
        """The fault to answer this request with: an armed one first, then the config's."""
        armed = self.faults.take(operation)
        if armed is not None:
            self.events.publish("faults")
            return armed
        return self.config.faults.get(operation) or self.config.faults.get("*")

    def revoke_sessions(
        self,
        *,
        sid: str | None = None,
        ucc: str | None = None,
        mobile: str | None = None,
        handle: str | None = None,
    ) -> int:
        """End the live sessions that match (every one when nothing is given), as the
        service does when it ends a session early; answers how many were ended."""
        with self._lock:
            ended = 0
            for session in self._sessions.values():
                if session.revoked:
                    continue
                if sid is not None and not same(session.sid, sid):
                    continue
                if handle is not None and session.handle != handle:
                    continue
                if ucc is not None and session.ucc.upper() != ucc.upper():
                    continue
                if mobile is not None and session.mobile != mobile:
                    continue
                session.revoked = True
                ended += 1
        if ended:
            self.events.publish("sessions")
        return ended

    def scan(self, handle: str) -> bool:
        """The console's "scan QR": its virtual authenticator takes the key of a pending
        enrolment and shows its codes. False when no such enrolment is pending."""
        with self._lock:
            for enrolment in self._enrolments.values():
                if enrolment.handle == handle and enrolment.expires_at > self.now():
                    enrolment.scanned = True
                    self.events.publish("enrolments")
                    return True
        return False

    def _sweep(self, now: float) -> None:
        """Forget what can no longer be used: ended sessions, expired enrolments and
        OTPs (the lock is held). Without it a sandbox under load grows without end."""
        self._sessions = {sid: s for sid, s in self._sessions.items() if s.live(now)}
        self._enrolments = {k: e for k, e in self._enrolments.items() if e.expires_at > now}
        for session_id, otp in list(self._otp_sessions.items()):
            if otp.expired(now) and self._otp_of_mobile.get(otp.mobile) != session_id:
                del self._otp_sessions[session_id]

    def sessions(self) -> list[Session]:
        with self._lock:
            return list(self._sessions.values())

    def snapshot(self) -> dict[str, Any]:
        """What the console shows, secrets masked: the accounts (those with something
        going on first, at most `CONSOLE_LIMIT`), the newest live sessions (at most
        `SESSIONS_SHOWN`), the armed faults. Its size does not grow with the accounts:
        a sandbox loaded with thousands of them answers this as fast as one with two."""
        with self._lock:
            now = self.now()
            busy = dict.fromkeys(
                [*self._otp_of_mobile, *(e.mobile for e in self._enrolments.values())]
            )
            shown = [self._accounts[m] for m in busy if m in self._accounts]
            for account in self._accounts.values():
                if len(shown) >= CONSOLE_LIMIT:
                    break
                if account.mobile not in busy:
                    shown.append(account)
            newest_live = (s for s in reversed(self._sessions.values()) if s.live(now))
            live = list(itertools.islice(newest_live, SESSIONS_SHOWN + 1))
            return {
                "now": now,
                "account_count": len(self._accounts),
                "accounts": [
                    {
                        "mobile": a.mobile,
                        "uccs": [ucc for ucc, _ in a.uccs],
                        "registered": a.totp_secret is not None,
                        "otp_locked_for": round(self._wrong_otps.wait(a.mobile, now), 1),
                        "mpin_locked_for": round(self._wrong_mpins.wait(a.mobile, now), 1),
                    }
                    for a in shown[:CONSOLE_LIMIT]
                ],
                "sessions": [s.masked(now) for s in live[:SESSIONS_SHOWN]],
                "more_sessions": len(live) > SESSIONS_SHOWN,
                "faults": self.faults.armed(),
            }

    def phone(self, mobile: str) -> dict[str, Any]:
        """One account's phone, as the console shows it (KeyError: no such account)."""
        with self._lock:
            return self._phone(self._accounts[mobile], self.now())

    def _phone(self, account: Account, now: float) -> dict[str, Any]:
        """One account's phone: its SMS inbox and its authenticator app."""
        max_attempts = self.config.otp_max_attempts
        inbox = []
        for message in list(reversed(self._outbox.get(account.mobile, ())))[:20]:
            session = self._otp_sessions.get(message.session_id)
            state = "replaced" if session is None else session.state(now, max_attempts)
            inbox.append(
                {
                    "otp": message.otp,  # an SMS shows its code: that is the point
                    "age_seconds": round(now - message.sent_at, 1),
                    "expires_in_seconds": round(
                        max(0.0, message.sent_at + self.config.otp_validity - now), 1
                    ),
                    "state": state,
                }
            )
        authenticator = []
        if account.totp_secret is not None:
            authenticator.append(self._code(account.uccs[0][0], account.totp_secret, now, True))
        pending = []
        for enrolment in self._enrolments.values():
            if enrolment.mobile != account.mobile or enrolment.expires_at <= now:
                continue
            pending.append(
                {
                    "handle": enrolment.handle,
                    "ucc": enrolment.ucc,
                    "scanned": enrolment.scanned,
                    "expires_in_seconds": round(enrolment.expires_at - now, 1),
                }
            )
            if enrolment.scanned:
                authenticator.append(self._code(enrolment.ucc, enrolment.secret, now, False))
        return {"inbox": inbox, "authenticator": authenticator, "pending": pending}

    @staticmethod
    def _code(ucc: str, secret: str, now: float, registered: bool) -> dict[str, Any]:
        """An authenticator entry: the code of the current step, never the key."""
        return {
            "label": f"KOTAK-NEO:{ucc}",
            "code": pyotp.TOTP(secret).at(now),
            "seconds_left": round(_TOTP_STEP - now % _TOTP_STEP, 1),
            "registered": registered,
        }

    # --- helpers ----------------------------------------------------------------------

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
                f"Too many wrong OTPs for this number: it is locked for {_minutes(wait)}.",
                wait,
            )

    def _mpin_lock(self, mobile: str, *, documented: bool) -> None:
        now = self.now()
        if self._wrong_mpins.full(mobile, now):
            wait = self._wrong_mpins.wait(mobile, now)
            message = f"Too many wrong MPINs: locked for {_minutes(wait)}."
            if documented:
                raise SandboxError.locked_login(message, wait)
            raise SandboxError.too_many(message, wait)

    def _totp_step(self, secret: str, code: str) -> int | None:
        """The step whose code `code` is, within the window around now, or None."""
        totp = pyotp.TOTP(secret)
        now_step = int(self.now() // _TOTP_STEP)
        window = self.config.totp_window
        matched = None
        for step in range(now_step - window, now_step + window + 1):
            if same(totp.at(step * _TOTP_STEP), code):  # every step checked: constant work
                matched = step
        return matched

    def _new_otp(self) -> str:
        return "".join(secrets.choice("0123456789") for _ in range(self.config.otp_length))

    def check_gateway(self, consumer_key: str | None) -> None:
        """The API gateway's check of the consumer key (the app makes it before it looks
        at the request at all, so a refused key is told apart from a refused body)."""
        # The gateway knows every consumer key; comparing digests keeps the look-up
        # constant-time in the key and constant-cost in the number of accounts.
        if not consumer_key or _digest(consumer_key) not in self._key_digests:
            raise SandboxError.known("key_refused")

    # --- the registration operations ----------------------------------------------------

    def send_otp(self, mobile: str, resend: bool) -> dict[str, Any]:
        with self._lock:
            self._registered(mobile)
            self._rate_limit(mobile, "sendOtp")
            self._otp_lock(mobile)
            now = self.now()
            current = self._otp_sessions.get(self._otp_of_mobile.get(mobile, ""))
            if not resend and current is not None and not current.verified:
                wait = current.sent_at + self.config.otp_resend_after - now
                if wait > 0:
                    raise SandboxError.too_many(
                        "An OTP was sent moments ago. Use it, or ask for a new one (resend).",
                        wait,
                    )
            # A new OTP replaces the earlier one of this number.
            self._otp_sessions.pop(self._otp_of_mobile.get(mobile, ""), None)
            session_id = str(uuid.uuid4())
            otp = self._new_otp()
            self._otp_sessions[session_id] = OtpSession(
                session_id, mobile, otp, now, now + self.config.otp_validity
            )
            self._otp_of_mobile[mobile] = session_id
            self._outbox[mobile].append(OutboxMessage(otp, now, session_id))
            logger.info("sendOtp: OTP sent to %s", mobile)
        self.events.publish("otps")
        return {"sessionId": session_id}

    def verify_otp(self, mobile: str, code: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            account = self._registered(mobile)
            self._rate_limit(mobile, "verifyOtp")
            self._otp_lock(mobile)  # past the limit even the right code is refused
            session = self._otp_session(session_id, mobile)
            if session.verified:
                raise SandboxError.bad_request("OTP already used. Request a new OTP.")
            max_attempts = self.config.otp_max_attempts
            if session.attempts >= max_attempts:
                raise SandboxError.bad_request(
                    "Too many wrong OTPs: this OTP is locked. Request a new OTP."
                )
            if not same(code, session.otp):
                now = self.now()
                session.attempts += 1
                self._wrong_otps.add(mobile, now)
                if self._wrong_otps.full(mobile, now):
                    wait = self._wrong_otps.wait(mobile, now)
                    raise SandboxError.bad_request(
                        f"Invalid OTP. Too many wrong OTPs for this number: it is locked "
                        f"for {_minutes(wait)}."
                    )
                left = max_attempts - session.attempts
                if left == 0:
                    raise SandboxError.bad_request(
                        "Invalid OTP. This OTP is now locked: request a new one."
                    )
                raise SandboxError.bad_request(f"Invalid OTP. {left} attempt(s) left.")
            session.verified = True
            self.events.publish("otps")
            return {
                "message": "Success",
                "uccInfo": [{"ucc": ucc, "clientType": kind} for ucc, kind in account.uccs],
            }

    def totp_verify_user(self, mobile: str, ucc: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            account = self._registered(mobile)
            self._rate_limit(mobile, "totpVerifyUser")
            session = self._otp_session(session_id, mobile)
            if not session.verified:
                raise SandboxError.bad_request("OTP is not verified for this session.")
            known = self._ucc_of(account, ucc)
            if known is None:
                raise SandboxError.bad_request("UCC is not linked to this mobile number.")
            secret = pyotp.random_base32(length=32)
            uri = pyotp.TOTP(secret).provisioning_uri(name=known, issuer_name="KOTAK-NEO")
            enrolment_id = str(uuid.uuid4())
            self._enrolments[enrolment_id] = Enrolment(
                enrolment_id, mobile, known, secret, self.now() + self.config.qr_validity
            )
            self.events.publish("enrolments")
            return {
                "status": "success",
                "key": secret,
                "qrCodeBase64": _qr_png_base64(uri),
                "uri": uri,
                "issuer": "KOTAK-NEO",
                "message": "Scan the QR code with your authenticator app or copy key to "
                "manually import in authenticator app",
                "sessionID": enrolment_id,
            }

    def totp_register(self, session_id: str, totp: str) -> dict[str, Any]:
        with self._lock:
            enrolment = self._enrolments.get(session_id)
            if enrolment is None:
                raise SandboxError.bad_request("Invalid or expired session.")
            self._rate_limit(enrolment.mobile, "totpRegister")
            if self.now() >= enrolment.expires_at:
                del self._enrolments[session_id]
                raise SandboxError.known("qr_expired")
            if enrolment.attempts >= self.config.enrolment_max_attempts:
                raise SandboxError.bad_request(
                    "Too many wrong codes: this enrolment is locked. Start the enrolment again."
                )
            step = self._totp_step(enrolment.secret, totp)
            if step is None:
                enrolment.attempts += 1
                raise SandboxError.bad_request("Invalid TOTP.")
            account = self._accounts[enrolment.mobile]
            self._accounts[enrolment.mobile] = replace(account, totp_secret=enrolment.secret)
            self._save_accounts()
            self.events.publish("accounts")
            # The code that registered is spent: it cannot log in too.
            self._last_totp_step[enrolment.mobile] = step
            del self._enrolments[session_id]
            return {"status": "success", "message": "TOTP registered successfully"}

    def totp_deregister(self, mpin: str, ucc: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            session = self._otp_sessions.get(session_id)
            if session is None or session.expired(self.now()):
                raise SandboxError.bad_request("Invalid or expired session.")
            account = self._registered(session.mobile)
            self._rate_limit(session.mobile, "totpDeregister")
            if not session.verified:
                raise SandboxError.bad_request(
                    "OTP is not verified for this session: verify the SMS OTP first."
                )
            if self._ucc_of(account, ucc) is None:
                raise SandboxError.bad_request("UCC is not linked to this mobile number.")
            self._mpin_lock(account.mobile, documented=False)
            if not same(mpin, account.mpin):
                self._wrong_mpins.add(account.mobile, self.now())
                raise SandboxError.bad_request("Invalid MPIN.")
            if account.totp_secret is None:
                raise SandboxError.bad_request("TOTP is not registered for this user.")
            self._accounts[session.mobile] = replace(account, totp_secret=None)
            self._save_accounts()
            self.events.publish("accounts")
            return {"status": "success", "msg": "TOTP deregistered successfully"}

    # --- the login operations -----------------------------------------------------------

    def totp_login(
        self,
        consumer_key: str | None,
        neo_fin_key: str | None,
        mobile: str,
        ucc: str,
        totp: str,
        *,
        ip: str = "127.0.0.1",
    ) -> dict[str, Any]:
        with self._lock:
            self.check_gateway(consumer_key)
            if not neo_fin_key or not same(neo_fin_key, "neotradeapi"):
                raise SandboxError.documented_error(401, "Invalid neo-fin-key.")
            account = self._accounts.get(mobile)
            if account is None:
                raise SandboxError.documented_error(401, _LOGIN_REFUSED, reason="login_refused")
            self._rate_limit(mobile, "totpLogin")
            if not same(consumer_key or "", account.consumer_key):
                raise SandboxError.documented_error(
                    401, "Consumer key does not belong to this user."
                )
            known = self._ucc_of(account, ucc)
            if known is None:
                raise SandboxError.documented_error(401, _LOGIN_REFUSED, reason="login_refused")
            if account.totp_secret is None:
                raise SandboxError.documented_error(
                    401, "TOTP is not registered for this user.", reason="totp_not_registered"
                )
            step = self._totp_step(account.totp_secret, totp)
            if step is None:
                raise SandboxError.documented_error(401, _LOGIN_REFUSED, reason="login_refused")
            if step <= self._last_totp_step.get(mobile, -1):
                raise SandboxError.known("code_used")
            self._last_totp_step[mobile] = step
            now = self.now()
            view = Session(
                "View",
                mobile,
                known,
                token("view"),
                str(uuid.uuid4()),
                now,
                now + self.config.view_validity,
                ip,
            )
            self._sessions[view.sid] = view
            self._logins += 1
            if self._logins % SWEEP_EVERY == 0:
                self._sweep(now)
            self.events.publish("sessions")
            return self._session_data(account, view)

    def totp_validate(
        self,
        consumer_key: str | None,
        neo_fin_key: str | None,
        sid: str | None,
        auth: str | None,
        mpin: str,
        *,
        ip: str = "127.0.0.1",
        origin: str = "http://127.0.0.1:8765",
    ) -> dict[str, Any]:
        with self._lock:
            self.check_gateway(consumer_key)
            if not neo_fin_key or not same(neo_fin_key, "neotradeapi"):
                raise SandboxError.documented_error(401, "Invalid neo-fin-key.")
            now = self.now()
            view = self._sessions.get(sid or "")
            if (
                view is None
                or view.kind != "View"
                or not view.live(now)
                or not same(auth or "", view.token)
            ):
                raise SandboxError(
                    403,
                    {
                        "stCode": 100022,
                        "errMsg": "invalid session token",
                        "stat": "error in neo-login-check-api",
                    },
                    reason="session_expired",
                )
            account = self._accounts[view.mobile]
            self._rate_limit(view.mobile, "totpValidate")
            self._mpin_lock(account.mobile, documented=True)
            if view.mpin_failures >= self.config.mpin_max_attempts_per_session:
                raise SandboxError.documented_error(
                    403, "Too many wrong MPINs for this session: log in again.", reason="locked"
                )
            if not same(mpin, account.mpin):
                view.mpin_failures += 1
                self._wrong_mpins.add(account.mobile, now)
                raise SandboxError.known("mpin_refused")
            del self._sessions[view.sid]
            trade = Session(
                "Trade",
                view.mobile,
                view.ucc,
                token("trade"),
                view.sid,
                now,
                now + self.config.trade_validity,
                ip,
            )
            self._sessions[trade.sid] = trade
            self.events.publish("sessions")
            data = self._session_data(account, trade)
            base_url = self.config.trade_base_url or origin
            host = base_url.split("://")[-1]
            data.update(
                {
                    "hsServerId": "server1",
                    "baseUrl": base_url,
                    "feedUrl": f"wss://{host}/feed",
                    "rtUrl": f"wss://{host}/realtime",
                    "kraStatus": "",
                    "rcFlag": 0,
                }
            )
            return data

    def trade_session(self, sid: str | None, auth: str | None, *, ip: str) -> Session:
        """The live trade session these headers name, checked as the service's login
        checker does on every trading call (the IP included), or the refusal."""
        with self._lock:
            session = self._sessions.get(sid or "")
            if session is None or session.kind != "Trade" or not same(auth or "", session.token):
                raise SandboxError.known("session_expired")
            if not session.live(self.now()):
                raise SandboxError.jwt_refused()
            if ip != session.ip:
                raise SandboxError.known("ip_mismatch")
            self._rate_limit(session.mobile, "trading")
            return session

    def positions(self, sid: str | None, auth: str | None, *, ip: str) -> dict[str, Any]:
        """A trading-shaped read (sandbox only): the account's open positions (none)."""
        self.trade_session(sid, auth, ip=ip)
        return {"stat": "Ok", "stCode": 200, "data": []}

    def place_order(self, sid: str | None, auth: str | None, *, ip: str) -> dict[str, Any]:
        """A trading-shaped write (sandbox only): an order accepted, never executed."""
        self.trade_session(sid, auth, ip=ip)
        return {"stat": "Ok", "stCode": 200, "nOrdNo": str(uuid.uuid4().int)[:15]}

    def client_ip(
        self, consumer_key: str | None, sid: str | None, auth: str | None, *, ip: str
    ) -> dict[str, Any]:
        """The IP the service sees; not IP-checked itself (it is how a bot finds its IP)."""
        with self._lock:
            self.check_gateway(consumer_key)
            session = self._sessions.get(sid or "")
            if session is None or session.kind != "Trade" or not same(auth or "", session.token):
                raise SandboxError.known("session_expired")
            if not session.live(self.now()):
                raise SandboxError.jwt_refused()
            self._rate_limit(session.mobile, "clientIp")
            from neo_auth.cache import IST

            when = datetime.fromtimestamp(self.now(), IST).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
            return {"data": [{"ip": ip, "time": when}], "stCode": 1000, "status": "success"}

    @staticmethod
    def _session_data(account: Account, session: Session) -> dict[str, Any]:
        client_type = dict(account.uccs).get(session.ucc, "NEO")
        return {
            "token": session.token,
            "sid": session.sid,
            "rid": str(uuid.uuid4()),
            "hsServerId": "",
            "isUserPwdExpired": False,
            "ucc": session.ucc,
            "greetingName": account.greeting_name,
            "isTrialAccount": False,
            "dataCenter": account.data_center,
            "searchAPIKey": "",
            "derivativesRiskDisclosure": "",
            "mfAccess": 1,
            "dataCenterMap": None,
            "dormancyStatus": "A",
            "asbaStatus": "",
            "clientType": "RI" if client_type == "NEO" else client_type,
            "isNRI": False,
            "kId": account.pan,
            "kType": session.kind,
            "status": "success",
            "incRange": 0,
            "incUpdFlag": "",
            "clientGroup": "",
        }


def _qr_png_base64(uri: str) -> str:
    import base64

    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=4, border=4)
    return base64.b64encode(buffer.getvalue()).decode()
