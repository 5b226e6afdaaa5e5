"""The sandbox's HTTP face: the spec's seven operations, the outbox, fault injection.

Request checking mirrors the spec (required fields, types, patterns, no extra fields,
required headers) and answers 400 in the service's error shape, so the contract tests
can hold the sandbox to the spec in both directions.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from neo_auth.sandbox.config import SandboxConfig
from neo_auth.sandbox.state import SandboxError, SandboxState

__all__ = ["FAULT_HEADER", "ConnectionDropped", "create_app"]

logger = logging.getLogger("neo_auth.sandbox")

FAULT_HEADER = "X-Sandbox-Fault"

_MOBILE = re.compile(r"^\+[1-9][0-9]{7,14}$")
_UCC = re.compile(r"^[A-Za-z0-9]{1,16}$")
_OTP = re.compile(r"^[0-9]{4,8}$")
_TOTP = re.compile(r"^[0-9]{6}$")
_MPIN = re.compile(r"^[0-9]{4,6}$")
_NON_EMPTY = re.compile(r"^[\s\S]+$")
_BOOLEAN = "boolean"

#: Body fields per operation, as the spec declares them (all required, nothing else).
_BODIES: dict[str, dict[str, re.Pattern[str] | str]] = {
    "sendOtp": {"mobile": _MOBILE, "resend": _BOOLEAN},
    "verifyOtp": {"mobile": _MOBILE, "code": _OTP, "sessionId": _NON_EMPTY},
    "totpVerifyUser": {"mobileNumber": _MOBILE, "ucc": _UCC, "sessionId": _NON_EMPTY},
    "totpRegister": {"sessionID": _NON_EMPTY, "totp": _TOTP},
    "totpDeregister": {"mpin": _MPIN, "ucc": _UCC, "sessionId": _NON_EMPTY},
    "totpLogin": {"mobileNumber": _MOBILE, "ucc": _UCC, "totp": _TOTP},
    "totpValidate": {"mpin": _MPIN},
}
#: Required headers per operation (Authorization is checked by the "gateway" in state).
_HEADERS: dict[str, tuple[str, ...]] = {
    "totpLogin": ("neo-fin-key",),
    "totpValidate": ("neo-fin-key", "sid", "Auth"),
}

_BAD_GATEWAY_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>"
)


class ConnectionDropped(Exception):
    """Raised to drop the connection without an answer (the `drop` fault)."""


def _bad_request(message: str, code: str = "400") -> SandboxError:
    return SandboxError.error(400, message, code=code)


def _check_body(operation: str, raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _bad_request("Request body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise _bad_request("Request body must be a JSON object.")
    fields = _BODIES[operation]
    for name in body:
        if name not in fields:
            raise _bad_request(f"Unknown field '{name}'."[:120])
    for name, rule in fields.items():
        if name not in body:
            raise _bad_request(f"Missing required field '{name}'")
        value = body[name]
        if rule == _BOOLEAN:
            if not isinstance(value, bool):
                raise _bad_request(f"Field '{name}' must be true or false.")
        elif not isinstance(value, str) or (
            isinstance(rule, re.Pattern) and not rule.search(value)
        ):
            raise _bad_request(f"Invalid value for field '{name}'.")
    return body


def _check_headers(operation: str, request: Request) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in _HEADERS.get(operation, ()):
        value = request.headers.get(name)
        if not value:
            raise _bad_request("Required header not found.", code="10512")
        found[name] = value
    found["Authorization"] = request.headers.get("Authorization")
    return found


def _fault_response(fault: str) -> Response | None:
    """The answer of a fault that stops the request before the service acts on it."""
    if fault == "503":
        body = {"error": [{"code": "503", "message": "Trade API service is unavailable"}]}
        return JSONResponse(body, status_code=503)
    if fault == "429":
        body = {"error": [{"code": "429", "message": "Too many requests. Try again later."}]}
        return JSONResponse(body, status_code=429, headers={"Retry-After": "1"})
    if fault == "502-html":
        return HTMLResponse(_BAD_GATEWAY_PAGE, status_code=502)
    return None


@dataclass(frozen=True)
class _Fault:
    kind: str
    seconds: float = 0.0

    @classmethod
    def parse(cls, text: str, max_slow: float) -> _Fault:
        if text in ("503", "504", "502-html", "429", "drop"):
            return cls(text)
        if text.startswith("slow:"):
            try:
                seconds = float(text[5:])
            except ValueError:
                seconds = -1.0
            if 0 <= seconds <= max_slow:
                return cls("slow", seconds)
        raise _bad_request(
            f"Unknown {FAULT_HEADER}: use 503, 504, 502-html, 429, slow:SECONDS "
            f"(at most {max_slow:g}) or drop.",
            code="SANDBOX",
        )


Handler = Callable[[SandboxState, dict[str, Any], dict[str, str | None]], dict[str, Any]]

_HANDLERS: dict[str, tuple[str, int, Handler]] = {
    "sendOtp": (
        "/algo-user/v5/register/otp/send",
        201,
        lambda s, b, h: s.send_otp(b["mobile"], b["resend"]),
    ),
    "verifyOtp": (
        "/algo-user/v5/register/otp/verify",
        200,
        lambda s, b, h: s.verify_otp(b["mobile"], b["code"], b["sessionId"]),
    ),
    "totpVerifyUser": (
        "/login/v6/totp/verify-user",
        200,
        lambda s, b, h: s.totp_verify_user(b["mobileNumber"], b["ucc"], b["sessionId"]),
    ),
    "totpRegister": (
        "/login/v6/totp/register",
        200,
        lambda s, b, h: s.totp_register(b["sessionID"], b["totp"]),
    ),
    "totpDeregister": (
        "/login/v6/totp/deregister",
        200,
        lambda s, b, h: s.totp_deregister(b["mpin"], b["ucc"], b["sessionId"]),
    ),
    "totpLogin": (
        "/login/1.0/tradeApiLogin",
        200,
        lambda s, b, h: s.totp_login(
            h["Authorization"], h["neo-fin-key"], b["mobileNumber"], b["ucc"], b["totp"]
        ),
    ),
    "totpValidate": (
        "/login/1.0/tradeApiValidate",
        200,
        lambda s, b, h: s.totp_validate(
            h["Authorization"], h["neo-fin-key"], h["sid"], h["Auth"], b["mpin"]
        ),
    ),
}


def _endpoint(
    state: SandboxState, operation: str, success: int, handler: Handler
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            header = request.headers.get(FAULT_HEADER)
            configured = header or state.take_fault(operation)
            fault = _Fault.parse(configured, state.config.max_slow_seconds) if configured else None
            if fault is not None:
                early = _fault_response(fault.kind)
                if early is not None:
                    logger.info("%s: fault %s", operation, fault.kind)
                    return early
                if fault.kind == "slow":
                    await asyncio.sleep(fault.seconds)
            headers = _check_headers(operation, request)
            body = _check_body(operation, await request.body())
            data = handler(state, body, headers)
            if fault is not None and fault.kind == "504":
                # The service acted; the gateway gave up waiting for it.
                logger.info("%s: fault 504 after acting", operation)
                body = {"error": [{"code": "504", "message": "Gateway timeout"}]}
                return JSONResponse(body, status_code=504)
            if fault is not None and fault.kind == "drop":
                raise ConnectionDropped(operation)
            logger.info("%s: %d", operation, success)
            return JSONResponse({"data": data}, status_code=success)
        except SandboxError as error:
            logger.info("%s: %d", operation, error.status)
            return JSONResponse(error.body, status_code=error.status, headers=error.headers)

    return endpoint


class _DropConnections:
    """ASGI middleware: a `ConnectionDropped` starts an answer it never finishes, so the
    server closes the connection and the client gets no usable answer."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ConnectionDropped:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"64"),
                    ],
                }
            )
            raise


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A sandbox ASGI app. Its state (outbox, faults, accounts) is `app.state.sandbox`."""
    state = SandboxState(config or SandboxConfig())

    async def outbox(request: Request) -> Response:
        mobile = request.path_params["mobile"]
        messages = [message.to_dict() for message in state.outbox(mobile)]
        return JSONResponse({"messages": messages})

    routes = [
        Route(path, _endpoint(state, operation, success, handler), methods=["POST"])
        for operation, (path, success, handler) in _HANDLERS.items()
    ]
    routes.append(Route("/_sandbox/outbox/{mobile}", outbox, methods=["GET"]))
    app = Starlette(routes=routes)
    app.state.sandbox = state
    app.add_middleware(_DropConnections)  # type: ignore[arg-type]
    return app
