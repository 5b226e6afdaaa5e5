"""The only code that does I/O: it performs the `Send` and `Sleep` actions of a flow.

A driver owns one pooled httpx client (or borrows the one the user injected, and then
leaves it open). The sync and async drivers mirror each other line by line; every
decision lives in the flows and in `engine.exchange`. What the drivers add is bounds:
no request follows a redirect, no answer is read past `max_answer_bytes`, and no send
outlives the call's deadline.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from typing import Any, TypeVar

import httpx

from neo_auth import validation, watchdog
from neo_auth.bounded import MAX_ANSWER_BYTES, BoundedBody
from neo_auth.engine import DeadlineExceeded, Send, Sleep, Steps
from neo_auth.errors import InputValidationError, NeoAuthError

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "MAX_IN_FLIGHT_PER_POOL",
    "AsyncDriver",
    "Settings",
    "SyncDriver",
    "resolve_base_url",
]

logger = logging.getLogger("neo_auth")

T = TypeVar("T")

#: Connect within 5 s, then 15 s for each read, write and pool wait.
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
#: The whole call (every attempt and every wait between them) ends within this, unless
#: `timeout=` gives a number (then that number is the whole call's bound). A login is
#: two requests and at most one wait for the next 30 s code step.
DEFAULT_TOTAL_TIMEOUT = 45.0
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


class Settings:
    """What a driver needs to know about timeouts and answer sizes, checked once."""

    def __init__(
        self,
        timeout: TimeoutArg,
        httpx_client: object,
        transport: object,
        expected: type[Any],
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        if httpx_client is not None and transport is not None:
            raise InputValidationError("Give httpx_client or transport, not both.")
        if httpx_client is not None and not isinstance(httpx_client, expected):
            raise InputValidationError(f"httpx_client must be an httpx.{expected.__name__}.")
        if (
            isinstance(max_answer_bytes, bool)
            or not isinstance(max_answer_bytes, int)
            or max_answer_bytes < 1024
        ):
            raise InputValidationError("max_answer_bytes must be a whole number of 1024 or more.")
        self.max_answer_bytes = max_answer_bytes
        self.total = DEFAULT_TOTAL_TIMEOUT
        if timeout is None:
            self.own = DEFAULT_TIMEOUT
            # An injected client keeps its own phase timeouts unless one is given.
            self.per_phase: httpx.Timeout | None = None if httpx_client is not None else self.own
        elif isinstance(timeout, httpx.Timeout):
            self.own = self.per_phase = timeout
        elif isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
            raise InputValidationError(
                "timeout must be a number of seconds above 0 (the whole call's bound) or "
                "an httpx.Timeout (per connect, read, write)."
            )
        else:
            self.total = float(timeout)
            self.own = self.per_phase = httpx.Timeout(self.total, connect=min(5.0, self.total))

    def timeout(self, client_default: httpx.Timeout, left: float | None) -> httpx.Timeout:
        """Each phase's timeout of one request: as set, never beyond the time left."""
        base = self.per_phase or client_default
        if left is None:
            return base
        left = max(left, 0.001)

        def cap(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=cap(base.connect),
            read=cap(base.read),
            write=cap(base.write),
            pool=cap(base.pool),
        )


def _prepared(client: httpx.Client | httpx.AsyncClient, settings: Settings, action: Send) -> Any:
    request = client.build_request(
        **action.request, timeout=settings.timeout(client.timeout, action.time_left)
    )
    # Answers are a few KB: ask for them uncompressed (a compressed one is still read,
    # within the cap).
    request.headers["Accept-Encoding"] = "identity"
    return request


def _body(response: httpx.Response, limit: int) -> BoundedBody:
    """A bounded reader for `response`'s body. A response a transport built in memory
    (httpx.MockTransport) arrives already read and decoded: its content is checked
    against the cap as it is."""
    if response.is_stream_consumed:
        body = BoundedBody(limit, None)
        body.feed(response.content)
        return body
    return BoundedBody(limit, response.headers.get("content-encoding"))


def _answer(response: httpx.Response, content: bytes) -> httpx.Response:
    """The answer as read: its body decoded, so no header describes an encoding."""
    headers: Any = response.headers
    if "content-encoding" in headers or "transfer-encoding" in headers:
        headers = [
            (name, value)
            for name, value in headers.multi_items()
            if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
    return httpx.Response(
        response.status_code, headers=headers, content=content, request=response.request
    )


def sleep(seconds: float) -> None:
    """How the sync driver waits (one name, so a test can record waits instead)."""
    time.sleep(seconds)


async def asleep(seconds: float) -> None:
    """How the async driver waits."""
    import asyncio  # here, not at the top: `import neo_auth` stays light

    await asyncio.sleep(seconds)


def _advance(steps: Steps[Any], reply: Any, failure: BaseException | None) -> Any:
    """The flow's next action (StopIteration at its end), with nothing but a
    `NeoAuthError` leaving it: an unexpected exception is a bug, reported without a
    traceback that may hold values."""
    try:
        return steps.throw(failure) if failure is not None else steps.send(reply)
    except (NeoAuthError, StopIteration):
        raise
    except Exception as exc:
        logger.debug("neo-auth failed unexpectedly: %s", type(exc).__name__)
        raise NeoAuthError(
            f"neo-auth failed unexpectedly ({type(exc).__name__}); please report it"
        ) from None


class SyncDriver:
    """Performs actions with one `httpx.Client`."""

    def __init__(
        self,
        settings: Settings,
        *,
        httpx_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._owned = httpx_client is None
        self._client = httpx_client or httpx.Client(
            timeout=self.settings.own, transport=transport, headers={"User-Agent": _USER_AGENT}
        )
        # The sockets of the pool we own, so a deadline can end a read that waits on one;
        # and one request at a time on it, so that only that request's socket is in use.
        self._sockets: weakref.WeakSet[Any] = weakref.WeakSet()
        self._one_at_a_time = threading.Lock()

    def run(self, steps: Steps[T]) -> T:
        reply: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = _advance(steps, reply, failure)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            reply, failure = None, None
            if isinstance(action, Sleep):
                sleep(action.seconds)
            elif isinstance(action, Send):
                try:
                    reply = self._send(action)
                except Exception as exc:
                    failure = exc

    def _send(self, action: Send) -> httpx.Response:
        left = action.time_left
        ends = None if left is None else time.monotonic() + left
        request = _prepared(self._client, self.settings, action)
        if not self._owned or ends is None:
            return self._exchange(request, ends)
        if not self._one_at_a_time.acquire(timeout=max(ends - time.monotonic(), 0.001)):
            raise httpx.PoolTimeout("the client was busy with another request")
        request.extensions["trace"] = self._trace
        alarm = watchdog.arm(
            max(ends - time.monotonic(), 0.0), lambda: watchdog.shut_down(list(self._sockets))
        )
        try:
            return self._exchange(request, ends)
        except httpx.TransportError:
            if time.monotonic() >= ends:
                raise DeadlineExceeded from None
            raise
        finally:
            watchdog.disarm(alarm)
            self._one_at_a_time.release()

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                self._sockets.add(sock)

    def _exchange(self, request: httpx.Request, ends: float | None) -> httpx.Response:
        response = self._client.send(request, stream=True, follow_redirects=False)
        try:
            body = _body(response, self.settings.max_answer_bytes)
            if not response.is_stream_consumed:
                for chunk in response.iter_raw():
                    body.feed(chunk)
                    if ends is not None and time.monotonic() >= ends:
                        raise DeadlineExceeded
            return _answer(response, body.result())
        finally:
            response.close()

    def close(self) -> None:
        if self._owned:
            self._client.close()


class AsyncDriver:
    """Performs actions with one `httpx.AsyncClient`."""

    def __init__(
        self,
        settings: Settings,
        *,
        httpx_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._owned = httpx_client is None
        self._client = httpx_client or httpx.AsyncClient(
            timeout=self.settings.own, transport=transport, headers={"User-Agent": _USER_AGENT}
        )

    async def run(self, steps: Steps[T]) -> T:
        reply: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = _advance(steps, reply, failure)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            reply, failure = None, None
            if isinstance(action, Sleep):
                await asleep(action.seconds)
            elif isinstance(action, Send):
                try:
                    reply = await self._send(action)
                except Exception as exc:
                    failure = exc

    async def _send(self, action: Send) -> httpx.Response:
        import asyncio

        request = _prepared(self._client, self.settings, action)
        try:
            async with asyncio.timeout(action.time_left), _gate(self._client):
                return await self._exchange(request)
        except TimeoutError:
            raise DeadlineExceeded from None

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        response = await self._client.send(request, stream=True, follow_redirects=False)
        try:
            body = _body(response, self.settings.max_answer_bytes)
            if not response.is_stream_consumed:
                async for chunk in response.aiter_raw():
                    body.feed(chunk)
            return _answer(response, body.result())
        finally:
            await response.aclose()

    async def close(self) -> None:
        if self._owned:
            await self._client.aclose()
