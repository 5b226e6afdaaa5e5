"""The sandbox's HTTP face: the spec's operations, with the real service's checks.

Request checking mirrors the spec (JSON content type, a capped body, required fields,
types, full-match patterns, no extra fields, required headers) and answers in the
service's error shapes, so the contract tests can hold the sandbox to the spec in both
directions. Whatever goes wrong, the answer is JSON: a bug gives a JSON 500, not a
page and a traceback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from neo_auth.error_mapping import find_error
from neo_auth.sandbox import control
from neo_auth.sandbox.config import SandboxConfig
from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.faults import FAULT_HEADER, Fault
from neo_auth.sandbox.requests_log import RequestLog
from neo_auth.sandbox.state import SandboxState

__all__ = ["CLIENT_IP_HEADER", "FAULT_HEADER", "OPERATIONS", "ConnectionDropped", "create_app"]

logger = logging.getLogger("neo_auth.sandbox")

#: A test-only request header: the client IP address the sandbox sees for this request.
CLIENT_IP_HEADER = "X-Sandbox-Client-IP"

_MOBILE = re.compile(r"\+[1-9][0-9]{7,14}")
_UCC = re.compile(r"[A-Za-z0-9]{1,16}")
_OTP = re.compile(r"[0-9]{4,8}")
_TOTP = re.compile(r"[0-9]{6}")
_MPIN = re.compile(r"[0-9]{4,6}")
_NON_EMPTY = re.compile(r"[\s\S]+")
_BOOLEAN = "boolean"


@dataclass(frozen=True)
class Caller:
    """Who sent a request: the client IP the sandbox sees, and the origin it called."""

    ip: str
    origin: str


Handler = Callable[[SandboxState, dict[str, Any], dict[str, str | None], Caller], dict[str, Any]]


@dataclass(frozen=True)
class OperationSpec:
    """An operation as the sandbox serves it: path, method, success status, the body
    fields and headers it requires, and what it does."""

    path: str
    method: str
    success: int
    body: dict[str, re.Pattern[str] | str] | None  # None: no body (GET)
    headers: tuple[str, ...]
    handler: Handler
    login: bool  # answers refusals in the documented login shape
    in_data: bool = True  # the handler answers `data` (else the whole body)
    gateway: bool = False  # the API gateway checks the consumer key first


OPERATIONS: dict[str, OperationSpec] = {
    "sendOtp": OperationSpec(
        "/algo-user/v5/register/otp/send", "POST", 201,
        {"mobile": _MOBILE, "resend": _BOOLEAN}, (),
        lambda s, b, h, c: s.send_otp(b["mobile"], b["resend"]), login=False,
    ),
    "verifyOtp": OperationSpec(
        "/algo-user/v5/register/otp/verify", "POST", 200,
        {"mobile": _MOBILE, "code": _OTP, "sessionId": _NON_EMPTY}, (),
        lambda s, b, h, c: s.verify_otp(b["mobile"], b["code"], b["sessionId"]), login=False,
    ),
    "totpVerifyUser": OperationSpec(
        "/login/v6/totp/verify-user", "POST", 200,
        {"mobileNumber": _MOBILE, "ucc": _UCC, "sessionId": _NON_EMPTY}, (),
        lambda s, b, h, c: s.totp_verify_user(b["mobileNumber"], b["ucc"], b["sessionId"]),
        login=False,
    ),
    "totpRegister": OperationSpec(
        "/login/v6/totp/register", "POST", 200, {"sessionID": _NON_EMPTY, "totp": _TOTP}, (),
        lambda s, b, h, c: s.totp_register(b["sessionID"], b["totp"]), login=False,
    ),
    "totpDeregister": OperationSpec(
        "/login/v6/totp/deregister", "POST", 200,
        {"mpin": _MPIN, "ucc": _UCC, "sessionId": _NON_EMPTY}, (),
        lambda s, b, h, c: s.totp_deregister(b["mpin"], b["ucc"], b["sessionId"]), login=False,
    ),
    "totpLogin": OperationSpec(
        "/login/1.0/tradeApiLogin", "POST", 200,
        {"mobileNumber": _MOBILE, "ucc": _UCC, "totp": _TOTP}, ("neo-fin-key",),
        lambda s, b, h, c: s.totp_login(
            h["Authorization"], h["neo-fin-key"], b["mobileNumber"], b["ucc"], b["totp"], ip=c.ip
        ),
        login=True, gateway=True,
    ),
    "totpValidate": OperationSpec(
        "/login/1.0/tradeApiValidate", "POST", 200,
        {"mpin": _MPIN}, ("neo-fin-key", "sid", "Auth"),
        lambda s, b, h, c: s.totp_validate(
            h["Authorization"], h["neo-fin-key"], h["sid"], h["Auth"], b["mpin"],
            ip=c.ip, origin=c.origin,
        ),
        login=True, gateway=True,
    ),
    "clientIp": OperationSpec(
        "/login/1.0/get-client-ip", "GET", 200, None, ("Sid", "Auth"),
        lambda s, b, h, c: s.client_ip(h["Authorization"], h["Sid"], h["Auth"], ip=c.ip),
        login=True, in_data=False, gateway=True,
    ),
}  # fmt: skip

#: Trading-shaped endpoints, for bots to test their session handling offline. They are
#: the sandbox's own (the auth API's spec does not describe them): positions checks the
#: session like any trading read, placeOrder also the consumer key, as orders do.
TRADING: dict[str, OperationSpec] = {
    "positions": OperationSpec(
        "/quick/user/positions", "GET", 200, None, ("Sid", "Auth"),
        lambda s, b, h, c: s.positions(h["Sid"], h["Auth"], ip=c.ip),
        login=False, in_data=False, gateway=False,
    ),
    "placeOrder": OperationSpec(
        "/quick/order/rule/ms/place", "POST", 200, None, ("Sid", "Auth"),
        lambda s, b, h, c: s.place_order(h["Sid"], h["Auth"], ip=c.ip),
        login=False, in_data=False, gateway=True,
    ),
}  # fmt: skip


class ConnectionDropped(Exception):
    """Raised to drop the connection without an answer (the `drop` fault)."""


def client_address(request: Request) -> str:
    """The client's IP address: the test header's when given, else the peer's."""
    given = request.headers.get(CLIENT_IP_HEADER)
    if given:
        try:
            return str(ipaddress.ip_address(given.strip()))
        except ValueError:
            raise SandboxError.bad_request(f"{CLIENT_IP_HEADER} must be an IP address.") from None
    return request.client.host if request.client else "127.0.0.1"


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes `limit` bytes: a huge body
    is never read whole."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise SandboxError.too_large(limit)
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise SandboxError.too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except RecursionError:
        raise SandboxError.bad_request("Request body is nested too deeply.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SandboxError.bad_request("Request body must be a JSON object.") from None
    except ValueError:  # a number longer than Python reads
        raise SandboxError.bad_request("Request body holds a number too large.") from None
    if not isinstance(body, dict):
        raise SandboxError.bad_request("Request body must be a JSON object.")
    return body


def _check_fields(fields: dict[str, re.Pattern[str] | str], body: dict[str, Any]) -> None:
    for name in body:
        if name not in fields:
            raise SandboxError.bad_request(f"Unknown field '{name}'."[:120])
    for name, rule in fields.items():
        if name not in body:
            raise SandboxError.bad_request(f"Missing required field '{name}'")
        value = body[name]
        if rule == _BOOLEAN:
            if not isinstance(value, bool):
                raise SandboxError.bad_request(f"Field '{name}' must be true or false.")
        elif not isinstance(value, str) or (
            isinstance(rule, re.Pattern) and not rule.fullmatch(value)
        ):
            raise SandboxError.bad_request(f"Invalid value for field '{name}'.")


def _check_headers(spec: OperationSpec, request: Request) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in spec.headers:
        value = request.headers.get(name)
        if not value:
            raise SandboxError.known("missing_header")
        found[name] = value
    found["Authorization"] = request.headers.get("Authorization")
    return found


def _is_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


async def _slowly(request: Request, seconds: float) -> None:
    """Wait, but stop at once (quietly) if the client goes away meanwhile."""
    loop = asyncio.get_running_loop()
    ends = loop.time() + seconds
    while (left := ends - loop.time()) > 0:
        await asyncio.sleep(min(left, 0.05))
        if await request.is_disconnected():
            raise ConnectionDropped("the client went away")


def _endpoint(
    state: SandboxState, log: RequestLog, operation: str, spec: OperationSpec
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        started = asyncio.get_running_loop().time()
        status, code = 500, None
        try:
            response = await _answer(state, operation, spec, request)
            status = response.status_code
            code = getattr(request.state, "error_code", None)
            return response
        except ConnectionDropped:
            status = 0
            raise
        finally:
            elapsed = asyncio.get_running_loop().time() - started
            log.record(operation, status, elapsed, code, state.now())

    return endpoint


async def _answer(
    state: SandboxState, operation: str, spec: OperationSpec, request: Request
) -> Response:
    config = state.config
    fault: Fault | None = None
    try:
        header = request.headers.get(FAULT_HEADER)
        configured = header or state.take_fault(operation)
        fault = Fault.parse(configured, config.max_slow_seconds) if configured else None
        if fault is not None:
            early = fault.early_answer()
            if early is not None:
                status, content, headers = early
                logger.info("%s: fault %s", operation, fault.kind)
                said = find_error(content)
                request.state.error_code = said.code if said else str(status)
                if isinstance(content, str):
                    return HTMLResponse(content, status_code=status, headers=headers)
                return _json(content, status, headers)
        # The body is read first: waiting (slow:) watches for the client going away,
        # and that watch must not swallow a body still to be read.
        raw = b""
        if spec.body is not None:
            if not _is_json(request):
                raise SandboxError.unsupported_media()
            raw = await read_body(request, config.max_body_bytes)
        if fault is not None and fault.kind == "slow":
            await _slowly(request, fault.seconds)
        caller = Caller(client_address(request), str(request.base_url).rstrip("/"))
        if spec.gateway:  # the gateway checks the consumer key before anything else
            state.check_gateway(request.headers.get("Authorization"))
        headers_found = _check_headers(spec, request)
        body: dict[str, Any] = {}
        if spec.body is not None:
            body = parse_json_object(raw)
            _check_fields(spec.body, body)
        data = spec.handler(state, body, headers_found, caller)
        if fault is not None and fault.kind == "504":
            # The service acted; the gateway gave up waiting for it.
            raise SandboxError.error(504, "Gateway timeout")
        if fault is not None and fault.kind == "drop":
            raise ConnectionDropped(operation)
        logger.info("%s: %d", operation, spec.success)
        return _json({"data": data} if spec.in_data else data, spec.success)
    except SandboxError as error:
        status = error.status
        as_200 = config.refusals_as_200 or (fault is not None and fault.kind == "as-200")
        if error.documented and spec.login and as_200:
            status = 200  # the real service's habit: a refusal in a 2xx answer
        logger.info("%s: %d%s", operation, status, f" ({error.reason})" if error.reason else "")
        request.state.error_code = error.code
        return _json(error.body, status, error.headers)
    except ClientDisconnect:
        raise ConnectionDropped("the client went away") from None
    except ConnectionDropped:
        raise
    except Exception as exc:  # a bug in the sandbox: still an answer in the service's shape
        logger.error("%s: the sandbox failed (%s)", operation, type(exc).__name__)
        failure = SandboxError.unexpected()
        request.state.error_code = "500"
        return _json(failure.body, failure.status)


def _json(body: Any, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


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


class _ServiceDate:
    """ASGI middleware: every answer's `Date` is the sandbox's clock (moved by the
    config's `clock_offset`), as a real service's is its own; clients read it."""

    def __init__(self, app: Any, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message: Any) -> None:
            if message["type"] == "http.response.start":
                stamp = formatdate(self.state.now(), usegmt=True).encode()
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", stamp)]}
            await send(message)

        await self.app(scope, receive, dated)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _json({"error": [{"code": "404", "message": "Not found."}]}, 404)


async def _wrong_method(request: Request, exc: Exception) -> Response:
    allowed = getattr(exc, "headers", None) or {}
    body = {"error": [{"code": "405", "message": "Method not allowed."}]}
    return _json(body, 405, dict(allowed))


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A sandbox ASGI app. Its state (outbox, faults, accounts) is `app.state.sandbox`,
    its request log `app.state.requests`."""
    state = SandboxState(config or SandboxConfig())
    log = RequestLog()
    log.listen(lambda record: state.events.publish("requests"))
    routes = [
        Route(spec.path, _endpoint(state, log, operation, spec), methods=[spec.method])
        for operation, spec in {**OPERATIONS, **TRADING}.items()
    ]
    routes.extend(control.routes(state, log))
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _wrong_method})
    app.state.sandbox = state
    app.state.requests = log
    app.add_middleware(_DropConnections)  # type: ignore[arg-type]
    app.add_middleware(_ServiceDate, state=state)
    return app
