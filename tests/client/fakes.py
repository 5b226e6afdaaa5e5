"""A scripted stand-in for the service (httpx MockTransport), and a way to reach any step.

The happy answers follow the spec; a test overrides the answers of one operation with
a list of `httpx.Response` objects or exceptions (the last one repeats).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx

from neo_auth import (
    AsyncTotpLogin,
    AsyncUserVerification,
    NeoSession,
    RetryPolicy,
    TotpLogin,
    UserVerification,
)

MOBILE = "+919999999999"
UCC = "ABC12"
MPIN = "246810"
CONSUMER_KEY = "ck-canary-8c1f0e2d"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32 "Hello!" twice

PATHS = {
    "/algo-user/v5/register/otp/send": "send_otp",
    "/algo-user/v5/register/otp/verify": "verify_otp",
    "/login/v6/totp/verify-user": "totp_verify_user",
    "/login/v6/totp/register": "totp_registration",
    "/login/v6/totp/deregister": "totp_de_register",
    "/login/1.0/tradeApiLogin": "totp_login",
    "/login/1.0/tradeApiValidate": "totp_validate",
    "/login/1.0/get-client-ip": "client_ip",
}
OPERATIONS = tuple(PATHS.values())
CODE_CONSUMING = {
    "verify_otp",
    "totp_registration",
    "totp_de_register",
    "totp_login",
    "totp_validate",
}

SESSION = {
    "rid": "rid-canary-77", "hsServerId": "server1", "isUserPwdExpired": False, "ucc": UCC,
    "greetingName": "GREETING CANARY", "dataCenter": "E22", "kId": "PANCANARY9Z", "status": "success",
}  # fmt: skip
HAPPY: dict[str, tuple[int, dict[str, Any]]] = {
    "send_otp": (201, {"data": {"sessionId": "otp-session-canary-1"}}),
    "verify_otp": (200, {"data": {"message": "Success", "uccInfo": [{"ucc": UCC, "clientType": "NEO"}]}}),
    "totp_verify_user": (200, {"data": {
        "status": "success", "key": SECRET, "issuer": "KOTAK-NEO",
        "uri": f"otpauth://totp/KOTAK-NEO:{UCC}?issuer=KOTAK-NEO&secret={SECRET}",
        "qrCodeBase64": "iVBORw0KGgo=", "sessionID": "enrol-session-canary-2"}}),
    "totp_registration": (200, {"data": {"status": "success", "message": "TOTP registered"}}),
    "totp_de_register": (200, {"data": {"status": "success", "msg": "TOTP deregistered"}}),
    "totp_login": (200, {"data": {**SESSION, "token": "view-token-canary-3", "sid": "view-sid-canary-4", "kType": "View"}}),
    "totp_validate": (200, {"data": {**SESSION, "token": "trade-token-canary-5", "sid": "trade-sid-canary-6",
                                     "kType": "Trade", "baseUrl": "https://e22.kotaksecurities.com"}}),
    "client_ip": (200, {"data": [{"ip": "203.0.113.7", "time": "2026-11-27 09:14:00.000"}],
                        "stCode": 1000, "status": "success"}),
}  # fmt: skip


def trade_session() -> NeoSession:
    """The trade session HAPPY's validate answer makes (for client_ip)."""
    from neo_auth_client.models import TotpValidateResponse

    return NeoSession.from_response(TotpValidateResponse.from_dict(HAPPY["totp_validate"][1]))


Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class FakeService:
    """Answers every operation; counts and keeps the requests it got."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.requests: list[httpx.Request] = []
        self.scripts: dict[str, list[Answer]] = {}

    def script(self, operation: str, *answers: Answer) -> None:
        self.scripts[operation] = list(answers)

    def handle(self, request: httpx.Request) -> httpx.Response:
        operation = PATHS.get(request.url.path)
        if operation is None:
            return httpx.Response(404, text="not found")
        self.calls[operation] += 1
        self.requests.append(request)
        script = self.scripts.get(operation)
        if script:
            answer = script.pop(0) if len(script) > 1 else script[0]
            if isinstance(answer, Exception):
                raise answer
            if callable(answer):
                return answer(request)
            return answer
        status, body = HAPPY[operation]
        return httpx.Response(status, json=body)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self.handle(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle_async)

    def bodies(self, operation: str) -> list[Any]:
        return [json.loads(r.content) for r in self.requests if PATHS[r.url.path] == operation]


def current_totp(secret: str = SECRET) -> str:
    import pyotp

    return pyotp.TOTP(secret).now()


def run_to(operation: str, service: FakeService, *, retry: RetryPolicy | None = None) -> Any:
    """Run the steps that `operation` needs, happily, then `operation` itself (sync)."""
    retry = retry or RetryPolicy(max_attempts=3, backoff=0.01, max_delay=8.0)
    if operation == "client_ip":
        return TotpLogin(CONSUMER_KEY, transport=service.transport(), retry=retry).client_ip(
            trade_session()
        )
    if operation in ("totp_login", "totp_validate"):
        login = TotpLogin(CONSUMER_KEY, transport=service.transport(), retry=retry)
        view = login.totp_login(MOBILE, UCC, "123456")
        return view if operation == "totp_login" else login.totp_validate(MPIN)
    uv = UserVerification(MOBILE, transport=service.transport(), retry=retry)
    steps: list[Callable[[], Any]] = [
        uv.send_otp,
        lambda: uv.verify_otp("1234"),
        lambda: uv.totp_verify_user(UCC),
        lambda: uv.totp_registration("123456"),
    ]
    if operation == "totp_de_register":
        uv.send_otp()
        return uv.totp_de_register(MPIN, UCC)
    upto = ["send_otp", "verify_otp", "totp_verify_user", "totp_registration"].index(operation)
    result = None
    for step in steps[: upto + 1]:
        result = step()
    return result


def run_to_async(operation: str, service: FakeService, *, retry: RetryPolicy | None = None) -> Any:
    """The same through the async clients."""
    retry = retry or RetryPolicy(max_attempts=3, backoff=0.01, max_delay=8.0)

    async def go() -> Any:
        if operation == "client_ip":
            async with AsyncTotpLogin(
                CONSUMER_KEY, transport=service.async_transport(), retry=retry
            ) as login:
                return await login.client_ip(trade_session())
        if operation in ("totp_login", "totp_validate"):
            async with AsyncTotpLogin(
                CONSUMER_KEY, transport=service.async_transport(), retry=retry
            ) as login:
                view = await login.totp_login(MOBILE, UCC, "123456")
                return view if operation == "totp_login" else await login.totp_validate(MPIN)
        async with AsyncUserVerification(
            MOBILE, transport=service.async_transport(), retry=retry
        ) as uv:
            if operation == "totp_de_register":
                await uv.send_otp()
                return await uv.totp_de_register(MPIN, UCC)
            result = await uv.send_otp()
            if operation == "send_otp":
                return result
            result = await uv.verify_otp("1234")
            if operation == "verify_otp":
                return result
            result = await uv.totp_verify_user(UCC)
            if operation == "totp_verify_user":
                return result
            return await uv.totp_registration("123456")

    return asyncio.run(go())
