"""Deadlines for blocking sockets: one background thread that shuts a request's
sockets down when its call runs out of time.

A sync httpx request has no total timeout: its read timeout applies to each read, so a
server that drips a byte at a time keeps it alive for ever (encode/httpx#1450). Async
calls get their deadline from `asyncio.timeout`; sync calls of a client neo-auth owns
register their sockets here, and a socket shut down while a read waits on it ends that
read at once. One thread serves every client; it starts with the first deadline.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable

__all__ = ["arm", "disarm", "shut_down"]

_condition = threading.Condition()
_pending: list[tuple[float, int]] = []  # (when, handle), the earliest first
_callbacks: dict[int, Callable[[], None]] = {}  # the armed ones; disarming removes
_counter = itertools.count()
_thread: threading.Thread | None = None


def arm(seconds: float, callback: Callable[[], None]) -> int:
    """Run `callback` in `seconds` (on the monotonic clock), unless disarmed first."""
    global _thread
    handle = next(_counter)
    with _condition:
        heapq.heappush(_pending, (time.monotonic() + seconds, handle))
        _callbacks[handle] = callback
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_serve, name="neo-auth-deadlines", daemon=True)
            _thread.start()
        if _pending[0][1] == handle:  # the earliest now: the thread must wake sooner
            _condition.notify()
    return handle


def disarm(handle: int) -> None:
    with _condition:
        _callbacks.pop(handle, None)


def shut_down(sockets: list[socket.socket]) -> None:
    """End every blocked read on these sockets (the connection cannot be reused after)."""
    for sock in sockets:
        with contextlib.suppress(OSError):  # already closed: nothing waits on it
            sock.shutdown(socket.SHUT_RDWR)


def _serve() -> None:
    while True:
        with _condition:
            while not _pending:
                _condition.wait()
            when, handle = _pending[0]
            wait = when - time.monotonic()
            if wait > 0 and handle in _callbacks:
                _condition.wait(wait)
                continue
            heapq.heappop(_pending)
            callback = _callbacks.pop(handle, None)
        if callback is None:
            continue
        with contextlib.suppress(Exception):  # one failing callback must not stop the rest
            callback()
