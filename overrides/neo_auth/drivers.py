"""The only code that does I/O: it performs the `Send` and `Sleep` actions of a flow.

A driver owns one pooled httpx client (or borrows the one the user injected, and then
leaves it open). The sync and async drivers mirror each other line by line; every
decision lives in the flows and in `engine.exchange`.
"""

from __future__ import annotations

import os
import time
import weakref
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from neo_auth import validation
from neo_auth.engine import Send, Sleep, Steps
from neo_auth.errors import InputValidationError

if TYPE_CHECKING:
    from httpx._client import UseClientDefault  # the type of httpx.USE_CLIENT_DEFAULT

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_IN_FLIGHT_PER_POOL",
    "AsyncDriver",
    "SyncDriver",
    "resolve_base_url",
]

T = TypeVar("T")

#: Connect within 5 s, then 15 s for each read, write and pool wait.
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
_USER_AGENT = "neo-auth (+https://pypi.org/project/neo-auth/)"

TimeoutArg = float | httpx.Timeout | None

#: Requests one async connection pool carries at once, however many clients share it.
#: httpcore's pool (1.0.x) slows down sharply when many requests queue on it (its
#: assignment pass is quadratic: 100 concurrent logins took longer than 100 one after
#: another), so beyond this the others wait their turn here, in order.
MAX_IN_FLIGHT_PER_POOL = 10
_gates: weakref.WeakKeyDictionary[httpx.AsyncClient, Any] = weakref.WeakKeyDictionary()


def _gate(client: httpx.AsyncClient) -> Any:
    """The semaphore of `client`'s pool in the running event loop."""
    import asyncio

    per_loop = _gates.setdefault(client, weakref.WeakKeyDictionary())
    loop = asyncio.get_running_loop()
    gate = per_loop.get(loop)
    if gate is None:
        gate = per_loop[loop] = asyncio.Semaphore(MAX_IN_FLIGHT_PER_POOL)
    return gate


def resolve_base_url(base_url: str | None, default: str) -> str:
    """`base_url`, else `NEO_AUTH_BASE_URL`, else the real host of the operation."""
    if base_url is not None:
        return validation.base_url(base_url)
    from_env = os.environ.get("NEO_AUTH_BASE_URL", "").strip()
    if from_env:
        return validation.base_url(from_env, name="NEO_AUTH_BASE_URL")
    return default


def _timeout(timeout: TimeoutArg) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise InputValidationError(
            "timeout must be a number of seconds above 0 or an httpx.Timeout."
        )
    return httpx.Timeout(float(timeout), connect=min(5.0, float(timeout)))


def _settings(
    timeout: TimeoutArg, httpx_client: object, transport: object, expected: type[Any]
) -> tuple[httpx.Timeout, httpx.Timeout | UseClientDefault]:
    """Checks the injection arguments; answers (the timeout of a client we build, the
    timeout each request passes: an injected client keeps its own unless one is given)."""
    if httpx_client is not None and transport is not None:
        raise InputValidationError("Give httpx_client or transport, not both.")
    if httpx_client is not None and not isinstance(httpx_client, expected):
        raise InputValidationError(f"httpx_client must be an httpx.{expected.__name__}.")
    chosen = _timeout(timeout)
    if httpx_client is not None and timeout is None:
        return chosen, httpx.USE_CLIENT_DEFAULT
    return chosen, chosen


class SyncDriver:
    """Performs actions with one `httpx.Client`."""

    def __init__(
        self,
        *,
        timeout: TimeoutArg = None,
        httpx_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        own_timeout, self._timeout = _settings(timeout, httpx_client, transport, httpx.Client)
        self._owned = httpx_client is None
        self._client = httpx_client or httpx.Client(
            timeout=own_timeout, transport=transport, headers={"User-Agent": _USER_AGENT}
        )

    def run(self, steps: Steps[T]) -> T:
        reply: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = steps.throw(failure) if failure is not None else steps.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            reply, failure = None, None
            if isinstance(action, Sleep):
                time.sleep(action.seconds)
            elif isinstance(action, Send):
                try:
                    reply = self._client.request(**action.request, timeout=self._timeout)
                except Exception as exc:
                    failure = exc

    def close(self) -> None:
        if self._owned:
            self._client.close()


class AsyncDriver:
    """Performs actions with one `httpx.AsyncClient`."""

    def __init__(
        self,
        *,
        timeout: TimeoutArg = None,
        httpx_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        own_timeout, self._timeout = _settings(timeout, httpx_client, transport, httpx.AsyncClient)
        self._owned = httpx_client is None
        self._client = httpx_client or httpx.AsyncClient(
            timeout=own_timeout, transport=transport, headers={"User-Agent": _USER_AGENT}
        )

    async def run(self, steps: Steps[T]) -> T:
        reply: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = steps.throw(failure) if failure is not None else steps.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            reply, failure = None, None
            if isinstance(action, Sleep):
                import asyncio  # here, not at the top: `import neo_auth` stays light

                await asyncio.sleep(action.seconds)
            elif isinstance(action, Send):
                try:
                    async with _gate(self._client):
                        reply = await self._client.request(**action.request, timeout=self._timeout)
                except Exception as exc:
                    failure = exc

    async def close(self) -> None:
        if self._owned:
            await self._client.aclose()
