"""The public classes: `UserVerification`, `TotpLogin` and their async twins.

Each is a thin shell: a flow (what to send, in which order, what to keep) and a driver
(one pooled HTTP client). Method names and parameters match the seed SDK
`neo_api_client`, so switching is a change of import.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Self

import httpx

from neo_auth.bounded import MAX_ANSWER_BYTES
from neo_auth.drivers import AsyncDriver, Settings, SyncDriver, TimeoutArg, resolve_base_url
from neo_auth.errors import InputValidationError
from neo_auth.flows import (
    LOGIN_HOST,
    QR_CODE_VALIDITY,
    REGISTRATION_HOST,
    LoginFlow,
    RegistrationFlow,
)
from neo_auth.retry import RetryPolicy
from neo_auth.session import ClientIp, NeoSession

if TYPE_CHECKING:
    from neo_auth_client.models import (
        SendOtpResponse,
        TotpDeregisterResponse,
        TotpRegisterResponse,
        TotpVerifyUserResponse,
        VerifyOtpResponse,
    )

__all__ = ["AsyncTotpLogin", "AsyncUserVerification", "TotpLogin", "UserVerification"]


def _policy(retry: RetryPolicy | None) -> RetryPolicy:
    if retry is None:
        return RetryPolicy()
    if not isinstance(retry, RetryPolicy):
        raise InputValidationError("retry must be a neo_auth.RetryPolicy.")
    return retry


class _Sync:
    """A sync client: one connection pool, closed by `close()` or the `with` block."""

    _driver: SyncDriver

    def close(self) -> None:
        """Close the connection pool (not an injected `httpx_client`)."""
        self._driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Async:
    """An async client: one connection pool, closed by `aclose()` or `async with`."""

    _driver: AsyncDriver

    async def aclose(self) -> None:
        """Close the connection pool (not an injected `httpx_client`)."""
        await self._driver.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class _Registration:
    """What the sync and async registration clients share: the flow and its state."""

    _flow: RegistrationFlow

    def _setup(
        self,
        mobile_number: str,
        base_url: str | None,
        retry: RetryPolicy | None,
        total: float,
        qr_validity: float,
        clock: Callable[[], float],
    ) -> None:
        self._flow = RegistrationFlow(
            mobile_number,
            base_url=resolve_base_url(base_url, REGISTRATION_HOST),
            retry=_policy(retry),
            total=total,
            qr_validity=qr_validity,
            clock=clock,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._flow!r})"

    @property
    def mobile_number(self) -> str:
        """The number, normalised (`+91` added to a bare 10-digit Indian number)."""
        return self._flow.mobile_number

    @property
    def qr_seconds_left(self) -> float | None:
        """Seconds the QR code of the last `totp_verify_user` stays valid, None before it."""
        return self._flow.qr_seconds_left


class _Login:
    """What the sync and async login clients share: the flow and its state."""

    _flow: LoginFlow

    def _setup(
        self,
        consumer_key: str,
        neo_fin_key: str,
        base_url: str | None,
        retry: RetryPolicy | None,
        total: float,
        wall_clock: Callable[[], float],
    ) -> None:
        self._flow = LoginFlow(
            consumer_key,
            neo_fin_key=neo_fin_key,
            base_url=resolve_base_url(base_url, LOGIN_HOST),
            retry=_policy(retry),
            total=total,
            wall_clock=wall_clock,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._flow!r})"

    @property
    def view_session(self) -> NeoSession | None:
        """The view session of the last successful `totp_login`, if any."""
        return self._flow.view_session

    @property
    def base_url(self) -> str:
        """Where the login calls go (the real login host unless told otherwise)."""
        return self._flow.base_url

    @property
    def consumer_key_digest(self) -> str:
        """A short digest of the consumer key: tells keys apart, cannot be reversed."""
        return self._flow.key_digest

    def trading_headers(self, session: NeoSession) -> dict[str, str]:
        """The headers a trading call with `session` sends: `Sid`, `Auth` and this
        client's consumer key as `Authorization` (order calls need it). Secrets."""
        return {**session.headers(), **self._flow.auth_header}

    @property
    def clock_offset(self) -> float | None:
        """Seconds the service's clock is ahead of this computer's (negative: behind),
        as its last answer's Date said; None before any answer."""
        return self._flow.service_clock.offset


class UserVerification(_Registration, _Sync):
    """One-time TOTP registration for one mobile number (a person with the phone).

    >>> with UserVerification("+919999999999", base_url="http://127.0.0.1:8765") as uv:
    ...     uv.send_otp()                        # doctest: +SKIP
    ...     uv.verify_otp(code="1234")           # the code from the SMS  # doctest: +SKIP
    ...     enrolment = uv.totp_verify_user(ucc="ABC12")  # doctest: +SKIP
    ...     uv.totp_registration(totp="123456")  # from the authenticator app  # doctest: +SKIP
    """

    def __init__(
        self,
        mobile_number: str,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg = None,
        retry: RetryPolicy | None = None,
        httpx_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        qr_validity: float = QR_CODE_VALIDITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        settings = Settings(timeout, httpx_client, transport, httpx.Client, max_answer_bytes)
        self._setup(mobile_number, base_url, retry, settings.total, qr_validity, clock)
        self._driver = SyncDriver(settings, httpx_client=httpx_client, transport=transport)

    def send_otp(self, resend: bool = False) -> SendOtpResponse:
        """Send an SMS OTP to the number (`resend=True` asks for a new one)."""
        return self._driver.run(self._flow.send_otp(resend))

    def verify_otp(self, code: str) -> VerifyOtpResponse:
        """Verify the SMS code; the answer lists the UCCs of the number (`data.ucc_info`)."""
        return self._driver.run(self._flow.verify_otp(code))

    def totp_verify_user(self, ucc: str) -> TotpVerifyUserResponse:
        """Start enrolment: the answer holds the TOTP key, its URI and a QR code (2 min)."""
        return self._driver.run(self._flow.totp_verify_user(ucc))

    def totp_registration(self, totp: str) -> TotpRegisterResponse:
        """Finish enrolment with the authenticator app's current 6-digit code."""
        return self._driver.run(self._flow.totp_registration(totp))

    def totp_de_register(self, mpin: str, ucc: str) -> TotpDeregisterResponse:
        """Remove the registered TOTP (after `send_otp`)."""
        return self._driver.run(self._flow.totp_de_register(mpin, ucc))


class AsyncUserVerification(_Registration, _Async):
    """The async twin of `UserVerification` (same steps, same errors, `await` each)."""

    def __init__(
        self,
        mobile_number: str,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg = None,
        retry: RetryPolicy | None = None,
        httpx_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        qr_validity: float = QR_CODE_VALIDITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        settings = Settings(timeout, httpx_client, transport, httpx.AsyncClient, max_answer_bytes)
        self._setup(mobile_number, base_url, retry, settings.total, qr_validity, clock)
        self._driver = AsyncDriver(settings, httpx_client=httpx_client, transport=transport)

    async def send_otp(self, resend: bool = False) -> SendOtpResponse:
        """Send an SMS OTP to the number (`resend=True` asks for a new one)."""
        return await self._driver.run(self._flow.send_otp(resend))

    async def verify_otp(self, code: str) -> VerifyOtpResponse:
        """Verify the SMS code; the answer lists the UCCs of the number (`data.ucc_info`)."""
        return await self._driver.run(self._flow.verify_otp(code))

    async def totp_verify_user(self, ucc: str) -> TotpVerifyUserResponse:
        """Start enrolment: the answer holds the TOTP key, its URI and a QR code (2 min)."""
        return await self._driver.run(self._flow.totp_verify_user(ucc))

    async def totp_registration(self, totp: str) -> TotpRegisterResponse:
        """Finish enrolment with the authenticator app's current 6-digit code."""
        return await self._driver.run(self._flow.totp_registration(totp))

    async def totp_de_register(self, mpin: str, ucc: str) -> TotpDeregisterResponse:
        """Remove the registered TOTP (after `send_otp`)."""
        return await self._driver.run(self._flow.totp_de_register(mpin, ucc))


class TotpLogin(_Login, _Sync):
    """The daily login: `totp_login` then `totp_validate`, or `login` in one call.

    >>> with TotpLogin(consumer_key="...", base_url="http://127.0.0.1:8765") as neo:
    ...     session = neo.login(mobile_number="+919999999999", ucc="ABC12",
    ...                         mpin="123456", totp_secret="...")  # doctest: +SKIP
    """

    def __init__(
        self,
        consumer_key: str,
        *,
        neo_fin_key: str = "neotradeapi",
        base_url: str | None = None,
        timeout: TimeoutArg = None,
        retry: RetryPolicy | None = None,
        httpx_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        settings = Settings(timeout, httpx_client, transport, httpx.Client, max_answer_bytes)
        self._setup(consumer_key, neo_fin_key, base_url, retry, settings.total, wall_clock)
        self._driver = SyncDriver(settings, httpx_client=httpx_client, transport=transport)

    def totp_login(self, mobile_number: str, ucc: str, totp: str) -> NeoSession:
        """Log in with the authenticator's current code; answers the view session."""
        return self._driver.run(self._flow.totp_login(mobile_number, ucc, totp))

    def totp_validate(self, mpin: str) -> NeoSession:
        """Validate the MPIN with the view session; answers the trade session."""
        return self._driver.run(self._flow.totp_validate(mpin))

    def login(self, mobile_number: str, ucc: str, mpin: str, totp_secret: str) -> NeoSession:
        """The unattended one-shot: computes the code from the secret, logs in, validates."""
        return self._driver.run(self._flow.login(mobile_number, ucc, mpin, totp_secret))

    def client_ip(self, session: NeoSession) -> ClientIp:
        """The IP address the service sees for `session` (`str()` of the answer); raises
        `AuthenticationError` when the session no longer works. Needs no login first."""
        return self._driver.run(self._flow.client_ip(session))


class AsyncTotpLogin(_Login, _Async):
    """The async twin of `TotpLogin`."""

    def __init__(
        self,
        consumer_key: str,
        *,
        neo_fin_key: str = "neotradeapi",
        base_url: str | None = None,
        timeout: TimeoutArg = None,
        retry: RetryPolicy | None = None,
        httpx_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        settings = Settings(timeout, httpx_client, transport, httpx.AsyncClient, max_answer_bytes)
        self._setup(consumer_key, neo_fin_key, base_url, retry, settings.total, wall_clock)
        self._driver = AsyncDriver(settings, httpx_client=httpx_client, transport=transport)

    async def totp_login(self, mobile_number: str, ucc: str, totp: str) -> NeoSession:
        """Log in with the authenticator's current code; answers the view session."""
        return await self._driver.run(self._flow.totp_login(mobile_number, ucc, totp))

    async def totp_validate(self, mpin: str) -> NeoSession:
        """Validate the MPIN with the view session; answers the trade session."""
        return await self._driver.run(self._flow.totp_validate(mpin))

    async def login(self, mobile_number: str, ucc: str, mpin: str, totp_secret: str) -> NeoSession:
        """The unattended one-shot: computes the code from the secret, logs in, validates."""
        return await self._driver.run(self._flow.login(mobile_number, ucc, mpin, totp_secret))

    async def client_ip(self, session: NeoSession) -> ClientIp:
        """The IP address the service sees for `session` (`str()` of the answer); raises
        `AuthenticationError` when the session no longer works. Needs no login first."""
        return await self._driver.run(self._flow.client_ip(session))
