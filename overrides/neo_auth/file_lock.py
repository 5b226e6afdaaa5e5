"""An exclusive lock on a file, across processes and threads, with a bounded wait.

Re-entrant within one context: code that holds the lock (a `login` callback run by
`SessionCache.get_or_login`, say) may take it again without deadlocking itself; other
threads and processes wait, at most `timeout` seconds. The lock file is opened without
following a symlink, so a link planted in its place cannot point the lock elsewhere.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

__all__ = ["LockTimeout", "exclusive", "exclusive_async"]

#: How often a waiter tries again for a lock another process holds.
_POLL_SECONDS = 0.05

_held: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "neo_auth_file_locks", default=frozenset()
)
_in_process: dict[str, threading.Lock] = {}
_registry = threading.Lock()


class LockTimeout(Exception):
    """The lock was not free within the time allowed."""


def _key(path: Path) -> str:
    """The lock's name in this process: the absolute path (string work only)."""
    return os.path.abspath(path)


def _thread_lock(key: str) -> threading.Lock:
    with _registry:
        return _in_process.setdefault(key, threading.Lock())


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags, 0o600)


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_UN)


def _acquire(key: str, path: Path, timeout: float) -> int:
    """Take the in-process and the inter-process lock; answers the lock file's
    descriptor. Blocks at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    thread_lock = _thread_lock(key)
    if not thread_lock.acquire(timeout=max(timeout, 0.0)):
        raise LockTimeout(f"waited {timeout:g} s for {path.name}")
    try:
        descriptor = _open(path)
    except BaseException:
        thread_lock.release()
        raise
    try:
        while not _try_lock(descriptor):
            if time.monotonic() >= deadline:
                raise LockTimeout(f"waited {timeout:g} s for {path.name}")
            time.sleep(_POLL_SECONDS)
    except BaseException:
        os.close(descriptor)
        thread_lock.release()
        raise
    return descriptor


def _release(key: str, descriptor: int) -> None:
    try:
        _unlock(descriptor)
    finally:
        os.close(descriptor)
        _thread_lock(key).release()


@contextlib.contextmanager
def exclusive(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock on `path` (created if missing). Raises `LockTimeout` after
    `timeout` seconds of waiting, `OSError` when the file cannot be opened."""
    key = _key(path)
    held = _held.get()
    if key in held:  # this context holds it already: re-entry, not a deadlock
        yield
        return
    descriptor = _acquire(key, path, timeout)
    mark = _held.set(held | {key})
    try:
        yield
    finally:
        _held.reset(mark)
        _release(key, descriptor)


@contextlib.asynccontextmanager
async def exclusive_async(path: Path, wait: float) -> AsyncIterator[None]:
    """`exclusive` for async code: the wait (at most `wait` seconds) happens in a worker
    thread; the lock is held by the awaiting task (and what it awaits)."""
    import asyncio

    key = _key(path)
    held = _held.get()
    if key in held:
        yield
        return
    waiting = asyncio.get_running_loop().run_in_executor(None, _acquire, key, path, wait)
    try:
        descriptor = await asyncio.shield(waiting)
    except asyncio.CancelledError:
        # Cancelled while the worker waits: release the lock whenever it gets it.
        waiting.add_done_callback(
            lambda done: (
                None if done.cancelled() or done.exception() else _release(key, done.result())
            )
        )
        raise
    mark = _held.set(held | {key})
    try:
        yield
    finally:
        _held.reset(mark)
        _release(key, descriptor)
