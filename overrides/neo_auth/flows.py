"""The two flows as state machines: what each step needs, sends, keeps and returns.

Every step is a generator of actions (see `engine`), so the sync and async clients run
the very same code. A step checks its input and its place in the flow before it sends
anything, and changes the flow's state only after a success: after any error the same
step can be tried again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import httpx
import pyotp

from neo_auth import validation
from neo_auth.engine import UAT_HOST, Call, Operation, Sleep, Steps, exchange
from neo_auth.errors import (
    AuthenticationError,
    FlowError,
    InputValidationError,
    InvalidRequestError,
    QrCodeExpiredError,
)
from neo_auth.redaction import digest
from neo_auth.retry import RetryPolicy
from neo_auth.service_clock import SKEW_THRESHOLD, ServiceClock
from neo_auth.session import ClientIp, NeoSession
from neo_auth_client import models  # lazy: each model loads on first use

if TYPE_CHECKING:
    from neo_auth_client.models import (
        ClientIpResponse,
        SendOtpResponse,
        TotpDeregisterResponse,
        TotpLoginResponse,
        TotpRegisterResponse,
        TotpValidateResponse,
        TotpVerifyUserResponse,
        VerifyOtpResponse,
    )

__all__ = [
    "LOGIN_HOST",
    "QR_CODE_VALIDITY",
    "REGISTRATION_HOST",
    "UAT_LOGIN_HOST",
    "LoginFlow",
    "RegistrationFlow",
]

logger = logging.getLogger("neo_auth")

REGISTRATION_HOST = "https://lapi.kotaksecurities.com"
LOGIN_HOST = "https://mis.kotaksecurities.com"
UAT_LOGIN_HOST = UAT_HOST
#: How long the QR code (and its session) of `totp_verify_user` is valid, in seconds.
QR_CODE_VALIDITY = 120.0
#: The OTP calls carry the origin of Kotak's CMS.
OTP_ORIGIN = "cug-cms.kotaksecurities.com"
#: A code computed this close to the end of its 30 s step may reach the server late.
_BOUNDARY_SECONDS = 2.0

SEND_OTP = Operation(
    "send_otp",
    "registration.send_otp",
    "SendOtpResponse",
    consumes_code=False,
    requires=(("session_id", "sessionId"),),
)
VERIFY_OTP = Operation(
    "verify_otp", "registration.verify_otp", "VerifyOtpResponse", consumes_code=True
)
TOTP_VERIFY_USER = Operation(
    "totp_verify_user",
    "registration.totp_verify_user",
    "TotpVerifyUserResponse",
    consumes_code=False,
    requires=(("key", "key"), ("session_id", "sessionID")),
)
TOTP_REGISTRATION = Operation(
    "totp_registration", "registration.totp_register", "TotpRegisterResponse", consumes_code=True
)
TOTP_DE_REGISTER = Operation(
    "totp_de_register",
    "registration.totp_deregister",
    "TotpDeregisterResponse",
    consumes_code=True,
)
_SESSION_FIELDS = (("token", "token"), ("sid", "sid"))
TOTP_LOGIN = Operation(
    "totp_login",
    "login.totp_login",
    "TotpLoginResponse",
    consumes_code=True,
    requires=_SESSION_FIELDS,
    uat_path="/api/1.0/login/v6/totp/login",
)
TOTP_VALIDATE = Operation(
    "totp_validate",
    "login.totp_validate",
    "TotpValidateResponse",
    consumes_code=True,
    requires=_SESSION_FIELDS,
    uat_path="/api/1.0/login/v6/totp/validate",
)
CLIENT_IP = Operation(
    "client_ip",
    "login.client_ip",
    "ClientIpResponse",
    consumes_code=False,
    requires=(("ip", "ip"),),
)
#: Refusals of a login that may be about the code itself (not the key or the session).
_CODE_REFUSALS = frozenset({None, "login_refused", "code_refused", "code_used"})


class _PendingEnrolment(NamedTuple):
    """The enrolment `totp_verify_user` started: its session id, valid until `expires_at`."""

    session_id: str
    expires_at: float


class RegistrationFlow:
    """send_otp -> verify_otp -> totp_verify_user -> totp_registration (and de-register)."""

    def __init__(
        self,
        mobile_number: str,
        *,
        base_url: str,
        retry: RetryPolicy,
        total: float | None = None,
        qr_validity: float = QR_CODE_VALIDITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mobile_number = validation.mobile_number(mobile_number)
        self.base_url = base_url
        self.retry = retry
        self.total = total
        self.qr_validity = qr_validity
        self.clock = clock
        self._otp_session: str | None = None
        self._otp_verified = False
        self._enrolment: _PendingEnrolment | None = None

    def __repr__(self) -> str:
        return (
            f"<RegistrationFlow {self.base_url} otp_sent={self._otp_session is not None} "
            f"verified={self._otp_verified} enrolment={self._enrolment is not None}>"
        )

    def _call(self) -> Call:
        return Call.starting(self.clock, self.total)

    @property
    def qr_seconds_left(self) -> float | None:
        """Seconds the current QR code stays valid (0 once expired), None before enrolment."""
        if self._enrolment is None:
            return None
        return max(0.0, self._enrolment.expires_at - self.clock())

    def send_otp(self, resend: bool = False) -> Steps[SendOtpResponse]:
        if not isinstance(resend, bool):
            raise InputValidationError("resend must be True or False.")
        response: SendOtpResponse = yield from exchange(
            SEND_OTP,
            self.base_url,
            self.retry,
            self._call(),
            body=models.SendOtpRequest(mobile=self.mobile_number, resend=resend),
            origin=OTP_ORIGIN,
        )
        self._otp_session = response.data.session_id
        self._otp_verified, self._enrolment = False, None
        return response

    def _require_otp_session(self, step: str) -> str:
        if self._otp_session is None:
            raise FlowError(
                "no OTP session yet: call send_otp() first. Nothing was sent.",
                operation=step,
            )
        return self._otp_session

    def verify_otp(self, code: str) -> Steps[VerifyOtpResponse]:
        code = validation.otp(code)
        session_id = self._require_otp_session(VERIFY_OTP.name)
        response: VerifyOtpResponse = yield from exchange(
            VERIFY_OTP,
            self.base_url,
            self.retry,
            self._call(),
            secrets=(code, session_id),
            body=models.VerifyOtpRequest(
                mobile=self.mobile_number, code=code, session_id=session_id
            ),
            origin=OTP_ORIGIN,
        )
        self._otp_verified = True
        return response

    def totp_verify_user(self, ucc: str) -> Steps[TotpVerifyUserResponse]:
        ucc = validation.ucc(ucc)
        session_id = self._require_otp_session(TOTP_VERIFY_USER.name)
        if not self._otp_verified:
            raise FlowError(
                "the OTP is not verified yet: call verify_otp(code) with the SMS code "
                "first. Nothing was sent.",
                operation=TOTP_VERIFY_USER.name,
            )
        response: TotpVerifyUserResponse = yield from exchange(
            TOTP_VERIFY_USER,
            self.base_url,
            self.retry,
            self._call(),
            secrets=(session_id,),
            body=models.TotpVerifyUserRequest(
                mobile_number=self.mobile_number, ucc=ucc, session_id=session_id
            ),
        )
        expires_at = self.clock() + self.qr_validity
        self._enrolment = _PendingEnrolment(response.data.session_id, expires_at)
        return response

    def totp_registration(self, totp: str) -> Steps[TotpRegisterResponse]:
        totp = validation.totp(totp)
        enrolment = self._enrolment
        if enrolment is None:
            raise FlowError(
                "no enrolment yet: call totp_verify_user(ucc) first and scan its QR "
                "code. Nothing was sent.",
                operation=TOTP_REGISTRATION.name,
            )
        overdue = self.clock() - enrolment.expires_at
        if overdue >= 0:
            raise QrCodeExpiredError(
                f"the QR code expired {overdue:.0f} s ago (it is valid for "
                f"{self.qr_validity:g} s). Nothing was sent.",
                operation=TOTP_REGISTRATION.name,
            )
        response: TotpRegisterResponse = yield from exchange(
            TOTP_REGISTRATION,
            self.base_url,
            self.retry,
            self._call(),
            secrets=(totp, enrolment.session_id),
            body=models.TotpRegisterRequest(session_id=enrolment.session_id, totp=totp),
        )
        self._enrolment = None
        return response

    def totp_de_register(self, mpin: str, ucc: str) -> Steps[TotpDeregisterResponse]:
        mpin = validation.mpin(mpin)
        ucc = validation.ucc(ucc)
        session_id = self._require_otp_session(TOTP_DE_REGISTER.name)
        response: TotpDeregisterResponse = yield from exchange(
            TOTP_DE_REGISTER,
            self.base_url,
            self.retry,
            self._call(),
            secrets=(mpin, session_id),
            body=models.TotpDeregisterRequest(mpin=mpin, ucc=ucc, session_id=session_id),
        )
        return response


class LoginFlow:
    """totp_login -> totp_validate, `login` (the unattended one-shot), and `client_ip`."""

    def __init__(
        self,
        consumer_key: str,
        *,
        neo_fin_key: str,
        base_url: str,
        retry: RetryPolicy,
        total: float | None = None,
        wall_clock: Callable[[], float] = time.time,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        consumer_key = validation.consumer_key(consumer_key)
        self._neo_fin_key = validation.neo_fin_key(neo_fin_key)
        # Sent as is (no "Bearer") on every call, and scrubbed from what comes back.
        self.auth_header = {"Authorization": consumer_key}
        self._key_secrets = (consumer_key, self._neo_fin_key)
        self.key_digest = digest(consumer_key)
        self.base_url = base_url
        self.retry = retry
        self.total = total
        self.wall_clock = wall_clock
        self.clock = clock
        self.service_clock = ServiceClock(wall_clock)
        self._view: NeoSession | None = None

    def __repr__(self) -> str:
        return f"<LoginFlow {self.base_url} logged_in={self._view is not None}>"

    def _observe(self, response: httpx.Response) -> None:
        self.service_clock.observe(response.headers.get("date"))

    def _call(self) -> Call:
        return Call.starting(self.clock, self.total)

    @property
    def view_session(self) -> NeoSession | None:
        """The view session of the last successful `totp_login`, if any."""
        return self._view

    def totp_login(self, mobile_number: str, ucc: str, totp: str) -> Steps[NeoSession]:
        mobile_number = validation.mobile_number(mobile_number)
        ucc = validation.ucc(ucc)
        totp = validation.totp(totp)
        return (yield from self._login(mobile_number, ucc, totp, self._call()))

    def _login(self, mobile_number: str, ucc: str, totp: str, call: Call) -> Steps[NeoSession]:
        response: TotpLoginResponse = yield from exchange(
            TOTP_LOGIN,
            self.base_url,
            self.retry,
            call,
            secrets=(*self._key_secrets, totp),
            extra_headers=self.auth_header,
            on_answer=self._observe,
            body=models.TotpLoginRequest(mobile_number=mobile_number, ucc=ucc, totp=totp),
            neo_fin_key=self._neo_fin_key,
        )
        self._view = NeoSession.from_response(response)
        return self._view

    def totp_validate(self, mpin: str) -> Steps[NeoSession]:
        mpin = validation.mpin(mpin)
        return (yield from self._validate(mpin, self._call()))

    def _validate(self, mpin: str, call: Call) -> Steps[NeoSession]:
        view = self._view
        if view is None:
            raise FlowError(
                "no view session yet: call totp_login(...) first. Nothing was sent.",
                operation=TOTP_VALIDATE.name,
            )
        response: TotpValidateResponse = yield from exchange(
            TOTP_VALIDATE,
            self.base_url,
            self.retry,
            call,
            secrets=(*self._key_secrets, mpin, view.token, view.sid),
            extra_headers=self.auth_header,
            on_answer=self._observe,
            body=models.TotpValidateRequest(mpin=mpin),
            neo_fin_key=self._neo_fin_key,
            sid=view.sid,
            auth=view.token,
        )
        return NeoSession.from_response(response)

    def login(
        self, mobile_number: str, ucc: str, mpin: str, totp_secret: str
    ) -> Steps[NeoSession]:
        """Compute the code on the service's clock, log in, validate, all within one
        deadline. A refused code is tried once more: at once with the corrected clock
        when the refusal showed the local clock is off, or with the next step's code when
        it was refused at the very end of its step or as already used."""
        mobile_number = validation.mobile_number(mobile_number)
        ucc = validation.ucc(ucc)
        mpin = validation.mpin(mpin)
        totp = pyotp.TOTP(validation.base32_secret(totp_secret))
        call = self._call()
        for last_try in (False, True):
            correction = self.service_clock.correction
            now = self.service_clock.now()
            left_in_step = totp.interval - (now % totp.interval)
            try:
                yield from self._login(mobile_number, ucc, totp.at(now), call)
                break
            except (InvalidRequestError, AuthenticationError) as error:
                if last_try or error.reason not in _CODE_REFUSALS:
                    raise
                skewed = abs(self.service_clock.correction - correction) > SKEW_THRESHOLD
                used = error.reason == "code_used"
                if not (skewed or used or left_in_step <= _BOUNDARY_SECONDS):
                    raise
                self.service_clock.warn_once()
                wait = 0.0
                if used or not skewed:  # the same code would be refused: the next one
                    wait = totp.interval - (self.service_clock.now() % totp.interval) + 0.1
                time_left = call.left()
                if time_left is not None and wait >= time_left:
                    raise
                logger.debug("totp_login: code refused (%s); trying once more", error.reason)
                if wait:
                    yield Sleep(wait)
        return (yield from self._validate(mpin, call))

    def client_ip(self, session: NeoSession) -> Steps[ClientIp]:
        if not isinstance(session, NeoSession):
            raise InputValidationError("client_ip() takes the NeoSession of a login.")
        response: ClientIpResponse = yield from exchange(
            CLIENT_IP,
            self.base_url,
            self.retry,
            self._call(),
            secrets=(*self._key_secrets, session.token, session.sid),
            extra_headers=self.auth_header,
            on_answer=self._observe,
            sid=session.sid,
            auth=session.token,
        )
        return ClientIp.from_response(response)
