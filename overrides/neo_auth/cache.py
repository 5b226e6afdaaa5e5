"""`SessionCache`: today's trade session on disk, so a bot that runs many times a day
logs in once.

One JSON file (mode 0600 in a 0700 directory: it holds tokens), keyed by UCC, written
atomically. `get_or_login` holds an exclusive lock while it logs in, so when two
processes start at once one logs in and the other waits, then reuses that session.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from neo_auth.errors import InputValidationError, NeoAuthError
from neo_auth.files import write_private
from neo_auth.session import NeoSession
from neo_auth_client.models import TotpValidateResponse

__all__ = ["IST", "SessionCache", "default_cache_path"]

#: India Standard Time (no daylight saving): the trading day's clock.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
_FORMAT = 1


def default_cache_path() -> Path:
    """`$XDG_CONFIG_HOME/neo-auth/sessions.json` (`%APPDATA%` on Windows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "neo-auth" / "sessions.json"


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (a lock file beside the cache), across processes."""
    with open(path, "a+b") as handle:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class SessionCache:
    """Trade sessions by UCC, valid until the end of their trading day (IST).

    >>> cache = SessionCache()                                  # doctest: +SKIP
    >>> session = cache.get_or_login("ABC12", lambda: neo.login(...))  # doctest: +SKIP
    >>> cache.invalidate("ABC12")   # e.g. after an AuthenticationError  # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        day_ends_at: time = time(23, 59, 59),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.day_ends_at = day_ends_at
        self._now = now

    def __repr__(self) -> str:
        return f"SessionCache({str(self.path)!r})"

    # --- reading and writing ------------------------------------------------------------

    def _lock(self) -> contextlib.AbstractContextManager[None]:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _exclusive(self.path.with_name(self.path.name + ".lock"))

    def _load(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # unreadable or damaged: start afresh, the next write repairs it
        if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
            return {}
        sessions = raw.get("sessions")
        return sessions if isinstance(sessions, dict) else {}

    def _store(self, sessions: dict[str, Any]) -> None:
        """Write atomically: a reader sees the old file or the new one, never half."""
        text = json.dumps({"format": _FORMAT, "sessions": sessions}, indent=2, sort_keys=True)
        write_private(self.path, text.encode())

    def _expiry(self, saved: datetime) -> datetime:
        local = saved.astimezone(IST)
        end = datetime.combine(local.date(), self.day_ends_at, tzinfo=IST)
        return end if end > local else end + timedelta(days=1)

    def _valid(self, entry: Any) -> NeoSession | None:
        try:
            expires_at = datetime.fromisoformat(entry["expires_at"])
            if self._now() >= expires_at:
                return None
            session = NeoSession.from_response(TotpValidateResponse.from_dict(entry["answer"]))
        except Exception:  # a damaged entry is no session
            return None
        usable = all(isinstance(v, str) and v for v in (session.token, session.sid))
        return session if usable else None

    # --- the API --------------------------------------------------------------------------

    def get(self, ucc: str) -> NeoSession | None:
        """Today's session of `ucc`, or None (none saved, expired or invalidated)."""
        with self._lock():
            return self._valid(self._load().get(ucc.upper()))

    def put(self, session: NeoSession) -> None:
        """Save a trade session under its UCC until the end of its trading day."""
        if not session.ucc:
            raise InputValidationError("Only a session that names its UCC can be cached.")
        with self._lock():
            self._put(session)

    def _put(self, session: NeoSession) -> None:
        sessions = self._load()
        sessions[str(session.ucc).upper()] = {
            "expires_at": self._expiry(self._now()).isoformat(),
            "answer": session.raw.to_dict(),
        }
        self._store(sessions)

    def invalidate(self, ucc: str | None = None) -> None:
        """Forget the session of `ucc` (all sessions when None), e.g. after the service
        refused it with an `AuthenticationError`."""
        with self._lock():
            sessions = self._load()
            if ucc is None:
                sessions.clear()
            else:
                sessions.pop(ucc.upper(), None)
            self._store(sessions)

    def get_or_login(self, ucc: str, login: Callable[[], NeoSession]) -> NeoSession:
        """Today's session of `ucc`; else call `login()` (holding the lock, so a second
        process waits for it and then reuses its session) and save what it returns."""
        with self._lock():
            cached = self._valid(self._load().get(ucc.upper()))
            return cached if cached is not None else self._keep(ucc, login())

    async def aget_or_login(
        self, ucc: str, login: Callable[[], Awaitable[NeoSession]]
    ) -> NeoSession:
        """`get_or_login` for async code: the file lock is waited for in a thread."""
        import asyncio

        lock = self._lock()
        await asyncio.to_thread(lock.__enter__)
        try:
            cached = self._valid(self._load().get(ucc.upper()))
            return cached if cached is not None else self._keep(ucc, await login())
        finally:
            lock.__exit__(None, None, None)

    def _keep(self, ucc: str, session: object) -> NeoSession:
        """Save what a login returned under `ucc` (the lock is held) and hand it back."""
        if not isinstance(session, NeoSession):
            raise NeoAuthError("login() must return the NeoSession of a login.")
        if session.ucc and session.ucc.upper() == ucc.upper():
            self._put(session)
        return session
