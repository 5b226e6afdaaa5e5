"""The sandbox's own endpoints, beside the API (`/_sandbox/...`): read what the
"phone" received and what the service holds, and drive the sandbox from a test.

Reading is open (the outbox is how a test reads its SMS). Every endpoint that changes
something needs the header `X-Sandbox-Token` with this start's token
(`SandboxState.control_token`, printed by `neo-auth sandbox`), so that another page in
the same browser cannot drive the sandbox by a cross-site request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
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


def _refused(error: SandboxError) -> JSONResponse:
    return JSONResponse(error.body, status_code=error.status, headers=error.headers)


def guarded(
    state: SandboxState, action: Callable[[Request, dict[str, Any]], Awaitable[Any]]
) -> Callable[[Request], Awaitable[Response]]:
    """A control action: the token checked, a small JSON body read, errors as JSON."""
    from neo_auth.sandbox.app import parse_json_object, read_body

    async def endpoint(request: Request) -> Response:
        try:
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


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SandboxError.bad_request(f"'{name}' must be a non-empty string.")
    return value.strip()


def routes(state: SandboxState, log: RequestLog) -> list[Route]:
    async def outbox(request: Request) -> Response:
        mobile = request.path_params["mobile"]
        return JSONResponse({"messages": [m.to_dict() for m in state.outbox(mobile)]})

    async def snapshot(request: Request) -> Response:
        return JSONResponse(state.snapshot())

    async def requests(request: Request) -> Response:
        return JSONResponse({"requests": log.recent()})

    async def revoke(request: Request, body: dict[str, Any]) -> Any:
        ended = state.revoke_sessions(
            sid=_text(body, "sid"), ucc=_text(body, "ucc"), mobile=_text(body, "mobile")
        )
        return {"revoked": ended}

    async def reset(request: Request, body: dict[str, Any]) -> Any:
        state.reset()
        return {"reset": True}

    return [
        Route("/_sandbox/outbox/{mobile}", outbox, methods=["GET"]),
        Route("/_sandbox/state", snapshot, methods=["GET"]),
        Route("/_sandbox/requests", requests, methods=["GET"]),
        Route("/_sandbox/sessions/revoke", guarded(state, revoke), methods=["POST"]),
        Route("/_sandbox/reset", guarded(state, reset), methods=["POST"]),
    ]
