"""The sandbox's own endpoints, beside the API (`/_sandbox/...`, and the console at
`/`): read what the "phone" received and what the service holds, and drive the sandbox
from a test or the console.

Reading is open (the outbox is how a test reads its SMS; the state is masked). Every
endpoint that changes something needs the header `X-Sandbox-Token` with this start's
token (`SandboxState.control_token`, printed by `neo-auth sandbox` and put in the
console's page), so that another page in the same browser cannot drive the sandbox by a
cross-site request; those and the page answer only to loopback host names (the `Host`
header), so a page under another name that resolves to 127.0.0.1 (DNS rebinding)
cannot read the token either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.models import same

if TYPE_CHECKING:
    from neo_auth.sandbox.requests_log import RequestLog
    from neo_auth.sandbox.state import SandboxState

__all__ = ["TOKEN_HEADER", "routes"]

TOKEN_HEADER = "X-Sandbox-Token"  # noqa: S105 - a header name, not a secret
#: Control bodies are tiny: an operation name, a count, an account.
_MAX_CONTROL_BODY = 4096
#: The console's files (package data: no CDN, no build step), and their types.
_ASSETS = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
#: What the console page may load: its own files, nothing from anywhere else.
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)


def _refused(error: SandboxError) -> JSONResponse:
    return JSONResponse(error.body, status_code=error.status, headers=error.headers)


def _host_allowed(state: SandboxState, request: Request) -> bool:
    allowed = state.config.console_hosts
    if allowed is None:
        return True
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in allowed


def _wrong_host() -> SandboxError:
    return SandboxError.error(
        403, "The sandbox's console answers to 127.0.0.1 and localhost only.", code="403"
    )


def loopback_only(
    state: SandboxState, answer: Callable[[Request], Awaitable[Response]]
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint without the token (the console's page, which carries it), answering
    loopback host names only."""

    async def endpoint(request: Request) -> Response:
        if not _host_allowed(state, request):
            return _refused(_wrong_host())
        return await answer(request)

    return endpoint


def guarded(
    state: SandboxState, action: Callable[[Request, dict[str, Any]], Awaitable[Any]]
) -> Callable[[Request], Awaitable[Response]]:
    """A control action: the host and the token checked, a small JSON body read,
    errors as JSON."""
    from neo_auth.sandbox.app import parse_json_object, read_body

    async def endpoint(request: Request) -> Response:
        try:
            if not _host_allowed(state, request):
                raise _wrong_host()
            given = request.headers.get(TOKEN_HEADER, "")
            if not same(given, state.control_token):
                raise SandboxError.error(
                    403, f"This control action needs the {TOKEN_HEADER} header.", code="403"
                )
            raw = await read_body(request, _MAX_CONTROL_BODY)
            body = parse_json_object(raw) if raw.strip() else {}
            return JSONResponse(await action(request, body))
        except SandboxError as error:
            return _refused(error)

    return endpoint


def _text(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise SandboxError.bad_request(f"'{name}' is required.")
        return None
    if not isinstance(value, str) or not value.strip():
        raise SandboxError.bad_request(f"'{name}' must be a non-empty string.")
    return value.strip()


def _console_page(state: SandboxState) -> str:
    page = resources.files("neo_auth.sandbox").joinpath("console", "index.html").read_text()
    return page.replace("{{TOKEN}}", state.control_token)


def routes(state: SandboxState, log: RequestLog) -> list[Route]:
    from neo_auth.sandbox.app import OPERATIONS, TRADING
    from neo_auth.sandbox.faults import FAULTS, Fault

    async def console(request: Request) -> Response:
        headers = {**_SECURITY_HEADERS, "Content-Security-Policy": _PAGE_POLICY}
        return HTMLResponse(_console_page(state), headers=headers)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return _refused(SandboxError.error(404, "Not found.", code="404"))
        content = resources.files("neo_auth.sandbox").joinpath("console", name).read_bytes()
        return Response(content, media_type=_ASSETS[name], headers=_SECURITY_HEADERS)

    async def outbox(request: Request) -> Response:
        mobile = request.path_params["mobile"]
        return JSONResponse({"messages": [m.to_dict() for m in state.outbox(mobile)]})

    async def snapshot(request: Request) -> Response:
        return JSONResponse(
            {
                **state.snapshot(),
                "operations": [*OPERATIONS, *TRADING],
                "fault_kinds": list(FAULTS.items()),  # in order (not a JS object's)
            },
            headers=_SECURITY_HEADERS,
        )

    async def phone(request: Request) -> Response:
        try:
            return JSONResponse(
                state.phone(request.path_params["mobile"]), headers=_SECURITY_HEADERS
            )
        except KeyError:
            return _refused(SandboxError.error(404, "No such account.", code="404"))

    async def requests(request: Request) -> Response:
        return JSONResponse({"requests": log.recent()}, headers=_SECURITY_HEADERS)

    async def events(request: Request) -> Response:
        subscriber = state.events.subscribe()
        return StreamingResponse(
            state.events.stream(subscriber, request.is_disconnected),
            media_type="text/event-stream",
            headers={**_SECURITY_HEADERS, "X-Accel-Buffering": "no"},
        )

    async def revoke(request: Request, body: dict[str, Any]) -> Any:
        ended = state.revoke_sessions(
            sid=_text(body, "sid"),
            ucc=_text(body, "ucc"),
            mobile=_text(body, "mobile"),
            handle=_text(body, "handle"),
        )
        return {"revoked": ended}

    async def arm(request: Request, body: dict[str, Any]) -> Any:
        operation = _text(body, "operation", required=True) or "*"
        fault = _text(body, "fault", required=True) or ""
        times = body.get("times", 1)
        if operation != "*" and operation not in {*OPERATIONS, *TRADING}:
            raise SandboxError.bad_request(f"Unknown operation '{operation[:40]}'.")
        Fault.parse(fault, state.config.max_slow_seconds)  # refuses an unknown fault
        if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= 1000:
            raise SandboxError.bad_request("'times' must be a whole number from 1 to 1000.")
        state.inject_fault(fault, operation=operation, times=times)
        return {"armed": state.faults.armed()}

    async def clear_faults(request: Request, body: dict[str, Any]) -> Any:
        state.clear_faults()
        return {"armed": []}

    async def scan(request: Request, body: dict[str, Any]) -> Any:
        if not state.scan(_text(body, "handle", required=True) or ""):
            raise SandboxError.bad_request("No such enrolment is pending (expired?).")
        return {"scanned": True}

    async def add_account(request: Request, body: dict[str, Any]) -> Any:
        from neo_auth.sandbox.config import DEFAULT_ACCOUNT, Account

        try:
            account = Account(
                mobile=_text(body, "mobile", required=True) or "",
                uccs=(((_text(body, "ucc", required=True) or "").upper(), "NEO"),),
                mpin=_text(body, "mpin", required=True) or "",
                consumer_key=_text(body, "consumer_key") or DEFAULT_ACCOUNT.consumer_key,
            ).checked()
        except ValueError as exc:
            raise SandboxError.bad_request(str(exc)) from None
        state.add_account(account)
        return {"added": account.mobile, "saved": state.config.accounts_file is not None}

    async def reset(request: Request, body: dict[str, Any]) -> Any:
        state.reset()
        return {"reset": True}

    return [
        # The page carries the token: it answers to loopback names only. What is read
        # without the token (the outbox, the masked state) is open, as before.
        Route("/", loopback_only(state, console), methods=["GET"]),
        Route("/_sandbox/console/{name}", asset, methods=["GET"]),
        Route("/_sandbox/outbox/{mobile}", outbox, methods=["GET"]),
        Route("/_sandbox/state", snapshot, methods=["GET"]),
        Route("/_sandbox/phone/{mobile}", phone, methods=["GET"]),
        Route("/_sandbox/requests", requests, methods=["GET"]),
        Route("/_sandbox/events", events, methods=["GET"]),
        Route("/_sandbox/sessions/revoke", guarded(state, revoke), methods=["POST"]),
        Route("/_sandbox/faults", guarded(state, arm), methods=["POST"]),
        Route("/_sandbox/faults/clear", guarded(state, clear_faults), methods=["POST"]),
        Route("/_sandbox/enrolments/scan", guarded(state, scan), methods=["POST"]),
        Route("/_sandbox/accounts", guarded(state, add_account), methods=["POST"]),
        Route("/_sandbox/reset", guarded(state, reset), methods=["POST"]),
    ]
