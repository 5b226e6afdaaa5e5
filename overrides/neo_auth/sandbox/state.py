"""The sandbox's behaviour, free of HTTP: accounts, OTPs, enrolments, sessions, limits.

Each operation takes the already-validated request and answers the `data` of the real
service, or raises `SandboxError` with the status and error body the real service
would give. Secrets are compared in constant time and never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import logging
import secrets
import threading
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pyotp

from neo_auth.sandbox.config import Account, SandboxConfig

__all__ = ["OutboxMessage", "SandboxError", "SandboxState"]

logger = logging.getLogger("neo_auth.sandbox")

_TOTP_STEP = 30


class SandboxError(Exception):
    """An error answer: HTTP status, JSON body and headers."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body
        self.headers = headers or {}

    @classmethod
    def error(
        cls, status: int, message: str, code: str | None = None, **headers: str
    ) -> SandboxError:
        """The service's usual shape: `{"error": [{"code", "message"}]}`."""
        return cls(status, {"error": [{"code": code or str(status), "message": message}]}, headers)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _iso(when: float) -> str:
    return (
        datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


@dataclass(frozen=True)
class OutboxMessage:
    """An SMS the sandbox "sent"."""

    otp: str = field(repr=False)
    sent_at: float

    def to_dict(self) -> dict[str, str]:
        return {"otp": self.otp, "sent_at": _iso(self.sent_at)}


@dataclass
class _OtpSession:
    mobile: str
    otp: str = field(repr=False)
    sent_at: float
    expires_at: float
    attempts: int = 0
    verified: bool = False


@dataclass
class _Enrolment:
    mobile: str
    ucc: str
    secret: str = field(repr=False)
    expires_at: float
    attempts: int = 0


@dataclass
class _Session:
    mobile: str
    ucc: str
    token: str = field(repr=False)
    sid: str = field(repr=False)
    expires_at: float


class SandboxState:
    """All the mutable state of one sandbox, safe to use from several threads."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.clock = config.clock
        self._lock = threading.RLock()
        self._accounts: dict[str, Account] = {}
        for account in config.accounts:
            self._accounts[account.mobile] = account
        self._key_digests = {_digest(account.consumer_key) for account in config.accounts}
        self._outbox: dict[str, list[OutboxMessage]] = defaultdict(list)
        self._otp_sessions: dict[str, _OtpSession] = {}  # by session id
        self._otp_of_mobile: dict[str, str] = {}  # mobile -> its one current session id
        self._enrolments: dict[str, _Enrolment] = {}
        self._views: dict[str, _Session] = {}  # by sid
        self._last_totp_step: dict[str, int] = {}  # by UCC: replay protection
        self._hits: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._pending_faults: deque[tuple[str, str]] = deque()

    # --- the Python API for tests and the demo ----------------------------------------

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

    def inject_fault(self, fault: str, operation: str = "*", times: int = 1) -> None:
        """Answer the next `times` requests of `operation` (an operationId or "*") with `fault`."""
        with self._lock:
            self._pending_faults.extend([(operation, fault)] * times)

    def take_fault(self, operation: str) -> str | None:
        """The fault to answer this request with: a pending one first, then the config's."""
        with self._lock:
            for index, (target, fault) in enumerate(self._pending_faults):
                if target in ("*", operation):
                    del self._pending_faults[index]
                    return fault
        return self.config.faults.get(operation) or self.config.faults.get("*")

    # --- helpers ----------------------------------------------------------------------

    def _rate_limit(self, mobile: str, operation: str) -> None:
        limit = self.config.rate_limit
        if limit is None:
            return
        now = self.clock.now()
        hits = self._hits[(mobile, operation)]
        while hits and hits[0] <= now - limit.per_seconds:
            hits.popleft()
        if len(hits) >= limit.requests:
            wait = max(1, int(hits[0] + limit.per_seconds - now + 0.999))
            raise SandboxError.error(
                429, "Too many requests. Try again later.", **{"Retry-After": str(wait)}
            )
        hits.append(now)

    def _registered(self, mobile: str) -> Account:
        account = self._accounts.get(mobile)
        if account is None:
            raise SandboxError.error(400, "Mobile number is not registered with Kotak Neo.")
        return account

    @staticmethod
    def _ucc_of(account: Account, ucc: str) -> str:
        for known, _ in account.uccs:
            if _same(known.upper(), ucc.upper()):
                return known
        raise SandboxError.error(400, "UCC is not linked to this mobile number.")

    def _otp_session(self, session_id: str, mobile: str) -> _OtpSession:
        session = self._otp_sessions.get(session_id)
        if session is None or not _same(session.mobile, mobile):
            raise SandboxError.error(400, "Invalid or expired session.")
        if self.clock.now() >= session.expires_at:
            raise SandboxError.error(400, "OTP has expired. Request a new OTP.")
        return session

    def _totp_step(self, secret: str, code: str) -> int | None:
        """The step whose code `code` is, within the window around now, or None."""
        totp = pyotp.TOTP(secret)
        now_step = int(self.clock.now() // _TOTP_STEP)
        window = self.config.totp_window
        matched = None
        for step in range(now_step - window, now_step + window + 1):
            if _same(totp.at(step * _TOTP_STEP), code):  # every step checked: constant work
                matched = step
        return matched

    def _new_otp(self) -> str:
        return "".join(secrets.choice("0123456789") for _ in range(self.config.otp_length))

    # --- the operations ---------------------------------------------------------------

    def send_otp(self, mobile: str, resend: bool) -> dict[str, Any]:
        with self._lock:
            self._registered(mobile)
            self._rate_limit(mobile, "sendOtp")
            now = self.clock.now()
            current = self._otp_sessions.get(self._otp_of_mobile.get(mobile, ""))
            if not resend and current is not None and not current.verified:
                wait = current.sent_at + self.config.otp_resend_after - now
                if wait > 0:
                    raise SandboxError.error(
                        429,
                        "An OTP was sent moments ago. Use it, or ask for a new one with "
                        "resend=true.",
                        **{"Retry-After": str(int(wait + 0.999))},
                    )
            # A new OTP replaces the earlier one of this number.
            self._otp_sessions.pop(self._otp_of_mobile.get(mobile, ""), None)
            otp = self._new_otp()
            session_id = str(uuid.uuid4())
            self._otp_sessions[session_id] = _OtpSession(
                mobile, otp, now, now + self.config.otp_validity
            )
            self._otp_of_mobile[mobile] = session_id
            self._outbox[mobile].append(OutboxMessage(otp, now))
            logger.info("sendOtp: OTP sent to %s", mobile)
            return {"sessionId": session_id}

    def verify_otp(self, mobile: str, code: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            account = self._registered(mobile)
            self._rate_limit(mobile, "verifyOtp")
            session = self._otp_session(session_id, mobile)
            if session.attempts >= self.config.otp_max_attempts:
                raise SandboxError.error(
                    400, "Too many wrong OTPs: this OTP is locked. Request a new OTP."
                )
            if not _same(code, session.otp):
                session.attempts += 1
                left = self.config.otp_max_attempts - session.attempts
                raise SandboxError.error(400, f"Invalid OTP. {left} attempt(s) left.")
            session.verified = True
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
                raise SandboxError.error(400, "OTP is not verified for this session.")
            ucc = self._ucc_of(account, ucc)
            secret = pyotp.random_base32(length=32)
            uri = pyotp.TOTP(secret).provisioning_uri(name=ucc, issuer_name="KOTAK-NEO")
            enrolment_id = str(uuid.uuid4())
            self._enrolments[enrolment_id] = _Enrolment(
                mobile, ucc, secret, self.clock.now() + self.config.qr_validity
            )
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
                raise SandboxError.error(400, "Invalid or expired session.")
            self._rate_limit(enrolment.mobile, "totpRegister")
            if self.clock.now() >= enrolment.expires_at:
                del self._enrolments[session_id]
                raise SandboxError.error(
                    400, "QR code has expired. Verify the user again for a new QR code."
                )
            if enrolment.attempts >= self.config.enrolment_max_attempts:
                raise SandboxError.error(400, "Too many wrong codes. Start the enrolment again.")
            if self._totp_step(enrolment.secret, totp) is None:
                enrolment.attempts += 1
                raise SandboxError.error(400, "Invalid TOTP.")
            account = self._accounts[enrolment.mobile]
            self._accounts[enrolment.mobile] = replace(account, totp_secret=enrolment.secret)
            del self._enrolments[session_id]
            return {"status": "success", "message": "TOTP registered successfully"}

    def totp_deregister(self, mpin: str, ucc: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            session = self._otp_sessions.get(session_id)
            if session is None or self.clock.now() >= session.expires_at:
                raise SandboxError.error(400, "Invalid or expired session.")
            account = self._registered(session.mobile)
            self._rate_limit(session.mobile, "totpDeregister")
            ucc = self._ucc_of(account, ucc)
            if not _same(mpin, account.mpin):
                raise SandboxError.error(400, "Invalid MPIN.")
            if account.totp_secret is None:
                raise SandboxError.error(400, "TOTP is not registered for this user.")
            self._accounts[session.mobile] = replace(account, totp_secret=None)
            self._last_totp_step.pop(ucc.upper(), None)
            return {"status": "success", "msg": "TOTP deregistered successfully"}

    def _check_consumer_key(self, consumer_key: str | None, neo_fin_key: str | None) -> None:
        # The gateway knows every consumer key; comparing digests keeps the look-up
        # constant-time in the key and constant-cost in the number of accounts.
        if not consumer_key or _digest(consumer_key) not in self._key_digests:
            raise SandboxError(
                401,
                {
                    "fault": {
                        "code": 900901,
                        "message": "Invalid Credentials",
                        "description": "Access failure for API: /login/1.0, version: 1.0.0. "
                        "Make sure your API invocation call has a header: "
                        "'Authorization : <consumer key>'",
                    }
                },
            )
        if not neo_fin_key or not _same(neo_fin_key, "neotradeapi"):
            raise SandboxError.error(401, "Invalid neo-fin-key.", code="10512")

    def totp_login(
        self, consumer_key: str | None, neo_fin_key: str | None, mobile: str, ucc: str, totp: str
    ) -> dict[str, Any]:
        with self._lock:
            self._check_consumer_key(consumer_key, neo_fin_key)
            account = self._registered(mobile)
            self._rate_limit(mobile, "totpLogin")
            if not _same(consumer_key or "", account.consumer_key):
                raise SandboxError.error(401, "Consumer key does not belong to this user.")
            ucc = self._ucc_of(account, ucc)
            if account.totp_secret is None:
                raise SandboxError.error(400, "TOTP is not registered for this user.")
            step = self._totp_step(account.totp_secret, totp)
            if step is None:
                raise SandboxError.error(400, "Invalid TOTP.")
            if step <= self._last_totp_step.get(ucc.upper(), -1):
                raise SandboxError.error(400, "TOTP already used. Wait for the next code.")
            self._last_totp_step[ucc.upper()] = step
            view = _Session(
                mobile,
                ucc,
                _token("view"),
                str(uuid.uuid4()),
                self.clock.now() + self.config.view_validity,
            )
            self._views[view.sid] = view
            return self._session_data(account, view, kind="View")

    def totp_validate(
        self,
        consumer_key: str | None,
        neo_fin_key: str | None,
        sid: str | None,
        auth: str | None,
        mpin: str,
    ) -> dict[str, Any]:
        with self._lock:
            self._check_consumer_key(consumer_key, neo_fin_key)
            view = self._views.get(sid or "")
            if (
                view is None
                or not _same(auth or "", view.token)
                or self.clock.now() >= view.expires_at
            ):
                raise SandboxError(
                    403,
                    {
                        "stCode": 100022,
                        "errMsg": "invalid session token",
                        "stat": "error in neo-login-check-api",
                    },
                )
            account = self._accounts[view.mobile]
            self._rate_limit(view.mobile, "totpValidate")
            if not _same(mpin, account.mpin):
                raise SandboxError.error(400, "Invalid MPIN.")
            del self._views[view.sid]
            trade = _Session(view.mobile, view.ucc, _token("trade"), view.sid, view.expires_at)
            data = self._session_data(account, trade, kind="Trade")
            data.update(
                {"hsServerId": "server1", "baseUrl": self.config.trade_base_url,
                 "kraStatus": "", "rcFlag": ""}
            )  # fmt: skip
            return data

    @staticmethod
    def _session_data(account: Account, session: _Session, *, kind: str) -> dict[str, Any]:
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
            "kId": "",
            "kType": kind,
            "status": "success",
            "incRange": 0,
            "incUpdFlag": "",
            "clientGroup": "",
        }


def _token(kind: str) -> str:
    """An unguessable token shaped like the service's JWTs."""
    header = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').rstrip(b"=").decode()
    return f"{header}.{kind}-{secrets.token_urlsafe(32)}.{secrets.token_urlsafe(24)}"


def _qr_png_base64(uri: str) -> str:
    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=4, border=4)
    return base64.b64encode(buffer.getvalue()).decode()
