"""`NeoAuth`: an `httpx.Auth` for the trading API that keeps a bot logged in.

    with TotpLogin(consumer_key=KEY) as neo, httpx.Client(auth=NeoAuth(neo, MOBILE, UCC,
            MPIN, TOTP_SECRET)) as trading:
        trading.get(...)   # with the session's headers; a dead session is renewed once

It adds the session's headers to each request. When an answer says the session is
dead (expired, revoked, or bound to another IP: any status, any of the service's
shapes, judged by `error_mapping.session_refused`), it logs in again and replays that
request once; nothing else is ever replayed (a refused request was not acted on; a 5xx
or a timeout is returned as it is). Requests that meet the same dead session at once
cause one login: the renewal happens under a lock, and only if the session that failed
is still the current one. Like httpx's own DigestAuth, the flow is a generator; it
overrides `sync_auth_flow`/`async_auth_flow` because logging in does I/O and takes a
lock.
"""

from __future__ import annotations

import inspect
import logging
import threading
import weakref
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any

import httpx

from neo_auth.error_mapping import session_refused
from neo_auth.errors import InputValidationError, NeoAuthError
from neo_auth.session import NeoSession

if TYPE_CHECKING:
    from neo_auth.cache import SessionCache

__all__ = ["LOGIN_WAIT", "NeoAuth"]

logger = logging.getLogger("neo_auth")

#: How long a request waits for another's login to finish (a login's whole-call
#: timeout is 45 s by default).
LOGIN_WAIT = 60.0


class NeoAuth(httpx.Auth):
    """Trading-call authentication with renewal: see the module's docstring.

    Give the login client and the account (`NeoAuth(neo, mobile_number, ucc, mpin,
    totp_secret)`, a `TotpLogin` for sync clients, an `AsyncTotpLogin` for async ones),
    or `login=` a callable that returns a fresh `NeoSession` (async for async clients)
    with `consumer_key=` for the order calls. `cache=` a `SessionCache` takes today's
    session from it and keeps renewed ones there; `session=` starts with one in hand.
    """

    requires_response_body = True  # the service often says "dead session" in the body

    def __init__(
        self,
        client: Any = None,
        mobile_number: str | None = None,
        ucc: str | None = None,
        mpin: str | None = None,
        totp_secret: str | None = None,
        *,
        login: Callable[[], NeoSession] | Callable[[], Awaitable[NeoSession]] | None = None,
        consumer_key: str | None = None,
        cache: SessionCache | None = None,
        session: NeoSession | None = None,
        wait: float = LOGIN_WAIT,
    ) -> None:
        from neo_auth import validation
        from neo_auth.client import AsyncTotpLogin, TotpLogin

        account = (mobile_number, ucc, mpin, totp_secret)
        if client is not None:
            if not isinstance(client, TotpLogin | AsyncTotpLogin) or login is not None:
                raise InputValidationError(
                    "NeoAuth takes a TotpLogin or AsyncTotpLogin and the account "
                    "(mobile_number, ucc, mpin, totp_secret), or login= a callable."
                )
            if any(part is None for part in account):
                raise InputValidationError(
                    "NeoAuth(client, ...) needs mobile_number, ucc, mpin and totp_secret."
                )
            validation.mobile_number(mobile_number)
            validation.ucc(ucc)
            validation.mpin(mpin)
            validation.base32_secret(totp_secret)
        elif login is None or not callable(login):
            raise InputValidationError("NeoAuth needs a client and the account, or login=.")
        if session is not None and not isinstance(session, NeoSession):
            raise InputValidationError("session= must be the NeoSession of a login.")
        self._client = client
        self._account = account
        self._login = login
        self._cache = cache
        self._consumer_key = (
            validation.consumer_key(consumer_key) if consumer_key is not None else None
        )
        self._session = session
        self._wait = wait
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
        self.logins = 0  # how many times this auth logged in (renewals included)

    def __repr__(self) -> str:
        ucc = self._account[1] or (self._session.ucc if self._session else None)
        return (
            f"NeoAuth(ucc={ucc!r}, has_session={self._session is not None}, logins={self.logins})"
        )

    @property
    def session(self) -> NeoSession | None:
        """The session requests are sent with now (None before the first request)."""
        return self._session

    def _apply(self, request: httpx.Request, session: NeoSession) -> None:
        if self._client is not None:
            request.headers.update(self._client.trading_headers(session))
        else:
            request.headers.update(session.headers(self._consumer_key))

    # --- sync ---------------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        session = self._session or self._renew(None)
        self._apply(request, session)
        response = yield request
        response.read()  # the verdict is often in the body
        refused = session_refused(response, secrets=(session.token, session.sid))
        if refused is None:
            return
        logger.info("trading call refused (%s): logging in again", refused.reason or refused.code)
        self._apply(request, self._renew(session))
        yield request

    def _renew(self, failed: NeoSession | None) -> NeoSession:
        if not self._thread_lock.acquire(timeout=self._wait):
            raise NeoAuthError(f"waited {self._wait:g} s for another request's login")
        try:
            current = self._session
            if current is not None and current is not failed:
                return current  # another request renewed it meanwhile
            session = self._obtain(failed)
            self._session = session
            return session
        finally:
            self._thread_lock.release()

    def _obtain(self, failed: NeoSession | None) -> NeoSession:
        from neo_auth.client import TotpLogin

        client = self._client
        if client is not None and not isinstance(client, TotpLogin):
            raise InputValidationError("a sync httpx.Client needs NeoAuth with a TotpLogin.")
        self._forget(failed)
        self.logins += 1
        if client is not None:
            mobile, ucc, mpin, secret = self._account
            if self._cache is not None:
                return self._cache.get_or_login(client, mobile, ucc, mpin, secret)  # type: ignore[arg-type]
            return client.login(mobile, ucc, mpin, secret)  # type: ignore[arg-type]
        session = self._login()  # type: ignore[misc]
        if not isinstance(session, NeoSession):
            raise InputValidationError("NeoAuth's login() must return a NeoSession (sync).")
        self._keep(session)
        return session

    def _keep(self, session: NeoSession) -> None:
        """Save a fresh session in the cache; a cache that fails costs a warning, never
        the session (as in `SessionCache.get_or_login`)."""
        if self._cache is None or not session.ucc:
            return
        try:
            self._cache.put(session)
        except NeoAuthError as error:
            logger.warning("session not cached: %s", error.message)

    def _forget(self, failed: NeoSession | None) -> None:
        """Drop a dead session from the cache, so the next get_or_login logs in."""
        if failed is None or self._cache is None:
            return
        mobile, ucc, _, _ = self._account
        try:
            self._cache.invalidate(
                ucc or failed.ucc,
                base_url=self._client.base_url if self._client is not None else None,
                mobile_number=mobile,
            )
        except NeoAuthError as error:
            logger.warning("dead session not dropped from the cache: %s", error.message)

    # --- async --------------------------------------------------------------------------

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        session = self._session or await self._arenew(None)
        self._apply(request, session)
        response = yield request
        await response.aread()  # the verdict is often in the body
        refused = session_refused(response, secrets=(session.token, session.sid))
        if refused is None:
            return
        logger.info("trading call refused (%s): logging in again", refused.reason or refused.code)
        self._apply(request, await self._arenew(session))
        yield request

    def _loop_lock(self) -> Any:
        import asyncio

        loop = asyncio.get_running_loop()
        lock = self._loop_locks.get(loop)
        if lock is None:
            lock = self._loop_locks[loop] = asyncio.Lock()
        return lock

    async def _arenew(self, failed: NeoSession | None) -> NeoSession:
        import asyncio

        lock = self._loop_lock()
        try:
            await asyncio.wait_for(lock.acquire(), self._wait)
        except TimeoutError:
            raise NeoAuthError(f"waited {self._wait:g} s for another request's login") from None
        try:
            current = self._session
            if current is not None and current is not failed:
                return current
            session = await self._aobtain(failed)
            self._session = session
            return session
        finally:
            lock.release()

    async def _aobtain(self, failed: NeoSession | None) -> NeoSession:
        import asyncio

        from neo_auth.client import AsyncTotpLogin

        client = self._client
        if client is not None and not isinstance(client, AsyncTotpLogin):
            raise InputValidationError(
                "an httpx.AsyncClient needs NeoAuth with an AsyncTotpLogin."
            )
        if self._cache is not None:  # the file lock is waited for in a thread
            await asyncio.to_thread(self._forget, failed)
        self.logins += 1
        if client is not None:
            mobile, ucc, mpin, secret = self._account
            if self._cache is not None:
                return await self._cache.aget_or_login(client, mobile, ucc, mpin, secret)  # type: ignore[arg-type]
            return await client.login(mobile, ucc, mpin, secret)  # type: ignore[arg-type]
        answer = self._login()  # type: ignore[misc]
        session = await answer if inspect.isawaitable(answer) else answer
        if not isinstance(session, NeoSession):
            raise InputValidationError("NeoAuth's login() must return a NeoSession.")
        if self._cache is not None:
            await asyncio.to_thread(self._keep, session)
        return session
