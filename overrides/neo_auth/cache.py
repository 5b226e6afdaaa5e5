"""`SessionCache`: today's trade session on disk, so a bot that runs many times a day
logs in once.

One JSON file (mode 0600 in a 0700 directory: it holds tokens), written atomically.
A session is found again only for the same service (base URL), mobile number, UCC and
consumer key (by digest): another service's or account's session is never handed out.
`get_or_login` holds an exclusive lock while it logs in, so when two processes start at
once one logs in and the other waits (a bounded time), then reuses that session. With
`verify`, a cached session is checked with the service before it is handed out, and one
made from another IP address is not reused (static-IP binding).

The cache never costs a login: when its file cannot be read or written, the session a
login returned is still returned (and the problem logged as a warning).
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from neo_auth import validation
from neo_auth.errors import (
    AuthenticationError,
    InputValidationError,
    NeoAuthError,
    SessionCacheError,
)
from neo_auth.file_lock import LockTimeout, exclusive, exclusive_async
from neo_auth.files import write_private
from neo_auth.redaction import digest
from neo_auth.session import NeoSession

if TYPE_CHECKING:
    from neo_auth.client import AsyncTotpLogin, TotpLogin

__all__ = ["IST", "LOCK_TIMEOUT", "SessionCache", "default_cache_path"]

logger = logging.getLogger("neo_auth")

#: India Standard Time (no daylight saving): the trading day's clock.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
#: The file format; files of another format are ignored and replaced on the next write.
_FORMAT = 2
#: How long `get_or_login` waits for another process's login. A login takes at most
#: its client's whole-call timeout (45 s by default): this outlasts it.
LOCK_TIMEOUT = 60.0

#: What `verify` may be: off, on (with the client given), or a check of your own that
#: answers the session's IP (anything whose `str()` is the IP) or raises.
Verify = bool | Callable[[NeoSession], object] | None


def default_cache_path() -> Path:
    """`$XDG_CONFIG_HOME/neo-auth/sessions.json` (`%APPDATA%` on Windows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "neo-auth" / "sessions.json"


@dataclass(frozen=True)
class Identity:
    """Whose session an entry is: service, number, client code, consumer key digest.
    The callable form of `get_or_login` knows only the UCC (the rest stay empty)."""

    ucc: str
    base_url: str = ""
    mobile: str = ""
    key: str = ""

    def fits(self, entry: dict[str, Any]) -> bool:
        return (
            str(entry.get("ucc", "")).upper() == self.ucc.upper()
            and entry.get("base_url", "") == self.base_url
            and entry.get("mobile", "") == self.mobile
            and entry.get("key", "") == self.key
        )


class SessionCache:
    """Trade sessions, valid until the end of their trading day (IST).

    >>> cache = SessionCache()                                  # doctest: +SKIP
    >>> session = cache.get_or_login(neo, mobile, ucc, mpin, totp_secret)  # doctest: +SKIP
    >>> cache.invalidate(ucc)   # e.g. after an AuthenticationError   # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        verify: bool = False,
        lock_timeout: float = LOCK_TIMEOUT,
        day_ends_at: time = time(23, 59, 59),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if path is not None and not isinstance(path, str | os.PathLike):
            raise InputValidationError("SessionCache(path) must be a path, or None.")
        self.path = Path(path).expanduser() if path is not None else default_cache_path()
        self.verify = verify
        self.lock_timeout = lock_timeout
        self.day_ends_at = day_ends_at
        self._now = now

    def __repr__(self) -> str:
        return f"SessionCache({str(self.path)!r})"

    # --- the file -----------------------------------------------------------------------

    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _prepare(self) -> None:
        if self.path.is_dir():
            raise SessionCacheError(
                f"the cache path {self.path} is a directory; give a file", reason="unusable"
            )
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)

    @contextlib.contextmanager
    def _locked(self) -> Any:
        try:
            self._prepare()
            with exclusive(self._lock_path, self.lock_timeout):
                yield
        except LockTimeout:
            raise self._timed_out() from None
        except OSError as exc:
            raise self._failed("lock", exc) from None

    @contextlib.asynccontextmanager
    async def _alocked(self) -> Any:
        try:
            self._prepare()
            async with exclusive_async(self._lock_path, self.lock_timeout):
                yield
        except LockTimeout:
            raise self._timed_out() from None
        except OSError as exc:
            raise self._failed("lock", exc) from None

    def _timed_out(self) -> SessionCacheError:
        return SessionCacheError(
            f"the session cache stayed locked for {self.lock_timeout:g} s (another process "
            f"logging in?); try again, or remove {self._lock_path} if no process holds it",
            reason="lock_timeout",
        )

    def _failed(self, what: str, exc: OSError) -> SessionCacheError:
        why = exc.strerror or type(exc).__name__
        return SessionCacheError(
            f"cannot {what} the session cache {self.path} ({why})", reason="unusable"
        )

    def _load(self) -> list[dict[str, Any]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError, RecursionError) as exc:
            # Unreadable or damaged: no session in it; the next write repairs it.
            logger.warning(
                "session cache %s unreadable (%s): ignored", self.path, type(exc).__name__
            )
            return []
        if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
            return []  # another format (version 1 was keyed by UCC alone): start afresh
        sessions = raw.get("sessions")
        return [e for e in sessions if isinstance(e, dict)] if isinstance(sessions, list) else []

    def _store(self, entries: list[dict[str, Any]]) -> None:
        """Write atomically: a reader sees the old file or the new one, never half."""
        text = json.dumps({"format": _FORMAT, "sessions": entries}, indent=2, sort_keys=True)
        try:
            write_private(self.path, text.encode())
        except OSError as exc:
            raise self._failed("write", exc) from None

    def _expiry(self, saved: datetime) -> datetime:
        local = saved.astimezone(IST)
        end = datetime.combine(local.date(), self.day_ends_at, tzinfo=IST)
        return end if end > local else end + timedelta(days=1)

    def _live(self, entry: dict[str, Any]) -> NeoSession | None:
        from neo_auth_client.models import TotpValidateResponse

        try:
            expires_at = datetime.fromisoformat(entry["expires_at"])
            if self._now() >= expires_at:
                return None
            session = NeoSession.from_response(TotpValidateResponse.from_dict(entry["answer"]))
        except Exception:  # a damaged entry is no session
            return None
        usable = all(validation.is_header_value(v) for v in (session.token, session.sid))
        return session if usable else None

    def _find(self, who: Identity) -> tuple[NeoSession, dict[str, Any]] | None:
        for entry in self._load():
            if who.fits(entry):
                session = self._live(entry)
                if session is not None:
                    return session, entry
        return None

    def _save(self, who: Identity, session: NeoSession, ip: str | None) -> None:
        entries = [e for e in self._load() if not who.fits(e) and self._live(e) is not None]
        now = self._now()
        entries.append(
            {
                "ucc": who.ucc.upper(),
                "base_url": who.base_url,
                "mobile": who.mobile,
                "key": who.key,
                "ip": ip,
                "saved_at": now.isoformat(),
                "expires_at": self._expiry(now).isoformat(),
                "answer": session.raw.to_dict(),
            }
        )
        self._store(entries)

    # --- plain access ---------------------------------------------------------------------

    def get(
        self,
        ucc: str,
        *,
        base_url: str = "",
        mobile_number: str = "",
        consumer_key: str = "",
    ) -> NeoSession | None:
        """Today's session of this account (None: none saved, expired or invalidated).
        Give the service, number and key it was saved with, as `get_or_login` does."""
        who = self._identity(ucc, base_url, mobile_number, consumer_key)
        with self._locked():
            found = self._find(who)
        return found[0] if found else None

    def saved_at(
        self,
        ucc: str,
        *,
        base_url: str = "",
        mobile_number: str = "",
        consumer_key: str = "",
    ) -> tuple[datetime, str | None] | None:
        """When today's session of this account was saved, and the IP it was made from."""
        who = self._identity(ucc, base_url, mobile_number, consumer_key)
        with self._locked():
            found = self._find(who)
        if found is None:
            return None
        try:
            return datetime.fromisoformat(found[1]["saved_at"]), found[1].get("ip")
        except (KeyError, TypeError, ValueError):
            return None

    def put(
        self,
        session: NeoSession,
        *,
        base_url: str = "",
        mobile_number: str = "",
        consumer_key: str = "",
        ip: str | None = None,
    ) -> None:
        """Save a trade session until the end of its trading day."""
        if not isinstance(session, NeoSession) or not session.ucc:
            raise InputValidationError(
                "Only the NeoSession of a login that names its UCC can be cached."
            )
        who = self._identity(session.ucc, base_url, mobile_number, consumer_key)
        with self._locked():
            self._save(who, session, ip)

    def invalidate(
        self,
        ucc: str | None = None,
        *,
        base_url: str | None = None,
        mobile_number: str | None = None,
    ) -> int:
        """Forget the sessions that match (all of them when nothing is given), e.g. after
        the service refused one with an `AuthenticationError`; answers how many."""
        wanted_ucc = validation.ucc(ucc).upper() if ucc is not None else None
        wanted_mobile = validation.mobile_number(mobile_number) if mobile_number else None

        def matches(entry: dict[str, Any]) -> bool:
            return (
                (wanted_ucc is None or str(entry.get("ucc", "")).upper() == wanted_ucc)
                and (base_url is None or entry.get("base_url", "") == base_url)
                and (wanted_mobile is None or entry.get("mobile", "") == wanted_mobile)
            )

        with self._locked():
            entries = self._load()
            kept = [e for e in entries if not matches(e)]
            if len(kept) != len(entries) or not entries:
                self._store(kept)
            return len(entries) - len(kept)

    @staticmethod
    def _identity(
        ucc: object, base_url: str = "", mobile_number: str = "", consumer_key: str = ""
    ) -> Identity:
        return Identity(
            validation.ucc(ucc),
            base_url,
            validation.mobile_number(mobile_number) if mobile_number else "",
            digest(consumer_key) if consumer_key else "",
        )

    # --- get or log in ----------------------------------------------------------------

    @overload
    def get_or_login(
        self,
        client: TotpLogin,
        mobile_number: str,
        ucc: str,
        mpin: str,
        totp_secret: str,
        *,
        verify: Verify = None,
    ) -> NeoSession: ...

    @overload
    def get_or_login(
        self, client: str, login: Callable[[], NeoSession], /, *, verify: Verify = None
    ) -> NeoSession: ...

    def get_or_login(
        self,
        client: Any,
        mobile_number: Any = None,
        ucc: str | None = None,
        mpin: str | None = None,
        totp_secret: str | None = None,
        *,
        verify: Verify = None,
    ) -> NeoSession:
        """Today's session of the account; else log in (holding the lock, so a second
        process waits for it and then reuses its session) and save what it returns.

        Called as `get_or_login(neo, mobile_number, ucc, mpin, totp_secret)` with a
        `TotpLogin`, the session is kept for that service, number, UCC and key, and
        `verify=True` checks it with `neo.client_ip` before handing it out. Called as
        `get_or_login(ucc, login)` with a callable that logs in, it is kept by UCC alone,
        and `verify` may be a callable that checks a session (e.g. `neo.client_ip`).
        """
        args = (mobile_number, ucc, mpin, totp_secret)
        who, login, check = self._plan(client, args, verify)
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(self._locked())
            except SessionCacheError as error:
                if error.reason != "unusable":
                    raise
                logger.warning("session cache not used: %s", error.message)
                return _session_of(login())
            found = self._find(who)
            if found is not None:
                session = self._checked(found, check)
                if session is not None:
                    return session
            session = _session_of(login())
            self._keep(who, session, check)
            return session
        raise AssertionError("unreachable")  # pragma: no cover - for type checkers

    @overload
    async def aget_or_login(
        self,
        client: AsyncTotpLogin,
        mobile_number: str,
        ucc: str,
        mpin: str,
        totp_secret: str,
        *,
        verify: Verify = None,
    ) -> NeoSession: ...

    @overload
    async def aget_or_login(
        self, client: str, login: Callable[[], Awaitable[NeoSession]], /, *, verify: Verify = None
    ) -> NeoSession: ...

    async def aget_or_login(
        self,
        client: Any,
        mobile_number: Any = None,
        ucc: str | None = None,
        mpin: str | None = None,
        totp_secret: str | None = None,
        *,
        verify: Verify = None,
    ) -> NeoSession:
        """`get_or_login` for async code, with an `AsyncTotpLogin` (or an async `login`
        callable): the file lock is waited for in a thread."""
        args = (mobile_number, ucc, mpin, totp_secret)
        who, login, check = self._plan(client, args, verify, is_async=True)
        async with contextlib.AsyncExitStack() as stack:
            try:
                await stack.enter_async_context(self._alocked())
            except SessionCacheError as error:
                if error.reason != "unusable":
                    raise
                logger.warning("session cache not used: %s", error.message)
                return _session_of(await login())
            found = self._find(who)
            if found is not None:
                session = await self._achecked(found, check)
                if session is not None:
                    return session
            session = _session_of(await login())
            await self._akeep(who, session, check)
            return session
        raise AssertionError("unreachable")  # pragma: no cover - for type checkers

    def _plan(
        self, client: Any, args: tuple[Any, ...], verify: Verify, *, is_async: bool = False
    ) -> tuple[Identity, Any, Any]:
        """Who the session is for, how to log in, and how to check a session (or None)."""
        verify = self.verify if verify is None else verify
        if isinstance(client, str):
            if not callable(args[0]) or any(arg is not None for arg in args[1:]):
                raise InputValidationError(
                    "get_or_login(ucc, login) needs a callable that logs in and returns "
                    "the NeoSession."
                )
            if verify is True:
                raise InputValidationError(
                    "verify=True needs the client: call get_or_login(neo, mobile_number, "
                    "ucc, mpin, totp_secret), or pass verify=neo.client_ip."
                )
            check = verify if callable(verify) else None
            return self._identity(client), args[0], check
        from neo_auth.client import AsyncTotpLogin, TotpLogin

        expected = AsyncTotpLogin if is_async else TotpLogin
        if not isinstance(client, expected) or any(arg is None for arg in args):
            raise InputValidationError(
                f"{'aget_or_login' if is_async else 'get_or_login'} takes a "
                f"{expected.__name__} and (mobile_number, ucc, mpin, totp_secret), or "
                "(ucc, login) with a callable that logs in."
            )
        mobile_number, ucc, mpin, totp_secret = args
        who = Identity(
            validation.ucc(ucc),
            client.base_url,
            validation.mobile_number(mobile_number),
            client.consumer_key_digest,
        )
        check = client.client_ip if verify is True else (verify if callable(verify) else None)

        def login() -> Any:
            return client.login(mobile_number, ucc, mpin, totp_secret)

        return who, login, check

    # A check answers the session's IP as the service sees it (anything whose str() is
    # the IP), or raises a NeoAuthError. The sync and async forms differ only in calling
    # it; what its outcome means is decided once, in `_verdict` and `_made_from`.

    @staticmethod
    def _ask(check: Any, session: NeoSession) -> str | NeoAuthError:
        try:
            return str(check(session))
        except NeoAuthError as error:
            return error

    @staticmethod
    async def _aask(check: Any, session: NeoSession) -> str | NeoAuthError:
        try:
            answer = check(session)
            return str(await answer if inspect.isawaitable(answer) else answer)
        except NeoAuthError as error:
            return error

    @staticmethod
    def _verdict(
        found: tuple[NeoSession, dict[str, Any]], outcome: str | NeoAuthError
    ) -> NeoSession | None:
        """The cached session, or None when the check says it is dead or from another IP."""
        session, entry = found
        if isinstance(outcome, AuthenticationError):
            logger.info(
                "cached session refused (%s): logging in again", outcome.reason or outcome.code
            )
            return None
        if isinstance(outcome, NeoAuthError):
            logger.warning(
                "cached session not checked (%s): used as it is", type(outcome).__name__
            )
            return session
        made_from = entry.get("ip")
        if made_from and made_from != outcome:
            logger.info("cached session was made from another IP address: logging in again")
            return None
        return session

    def _checked(self, found: tuple[NeoSession, dict[str, Any]], check: Any) -> NeoSession | None:
        if check is None:
            return found[0]
        return self._verdict(found, self._ask(check, found[0]))

    async def _achecked(
        self, found: tuple[NeoSession, dict[str, Any]], check: Any
    ) -> NeoSession | None:
        if check is None:
            return found[0]
        return self._verdict(found, await self._aask(check, found[0]))

    @staticmethod
    def _made_from(outcome: str | NeoAuthError | None) -> str | None:
        """The IP to record for a fresh session (None when it could not be checked)."""
        if isinstance(outcome, NeoAuthError):
            logger.warning("new session's IP not checked (%s)", type(outcome).__name__)
            return None
        return outcome

    def _keep(self, who: Identity, session: NeoSession, check: Any) -> None:
        outcome = self._ask(check, session) if check is not None else None
        self._keep_as(who, session, self._made_from(outcome))

    async def _akeep(self, who: Identity, session: NeoSession, check: Any) -> None:
        outcome = await self._aask(check, session) if check is not None else None
        self._keep_as(who, session, self._made_from(outcome))

    def _keep_as(self, who: Identity, session: NeoSession, ip: str | None) -> None:
        """Save a fresh session; a failure to save is a warning, never a lost session."""
        if session.ucc and session.ucc.upper() != who.ucc.upper():
            return  # the login answered another client code: not this entry's session
        try:
            self._save(who, session, ip)
        except SessionCacheError as error:
            logger.warning("session not cached: %s", error.message)


def _session_of(value: object) -> NeoSession:
    if not isinstance(value, NeoSession):
        raise NeoAuthError("login() must return the NeoSession of a login.")
    return value
