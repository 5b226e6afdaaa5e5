"""The session in use, against the sandbox: trading calls with the session's headers,
a dead session renewed once (and by one login, however many requests meet it), nothing
else replayed, and codes that survive a wrong clock."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Iterator

import httpx
import pytest

from neo_auth import (
    AsyncTotpLogin,
    InputValidationError,
    NeoAuth,
    NeoSession,
    SessionCache,
    TotpLogin,
)
from neo_auth.sandbox import (
    CLIENT_IP_HEADER,
    FAULT_HEADER,
    ManualClock,
    SandboxConfig,
    SandboxServer,
)
from tests.registered import ACCOUNT, SECRET

MOBILE, UCC, MPIN, KEY = ACCOUNT.mobile, "SBX01", ACCOUNT.mpin, ACCOUNT.consumer_key


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def server(clock: ManualClock) -> Iterator[SandboxServer]:
    config = SandboxConfig(accounts=(ACCOUNT,), clock=clock, rate_limit=None)
    with SandboxServer(config) as running:
        yield running


def count(server: SandboxServer, operation: str) -> int:
    return sum(r["operation"] == operation for r in server.app.state.requests.recent())


def test_the_session_gives_the_trading_headers_and_urls(server: SandboxServer) -> None:
    with TotpLogin(KEY, base_url=server.base_url) as neo:
        session = neo.login(MOBILE, UCC, MPIN, SECRET)
    assert session.headers() == {"Sid": session.sid, "Auth": session.token}
    assert session.headers(KEY)["Authorization"] == KEY
    assert session.url("quick/user/positions") == f"{server.base_url}/quick/user/positions"
    assert session.url("/quick/user/positions") == session.url("quick/user/positions")
    with pytest.raises(InputValidationError):
        session.url("https://elsewhere.example/steal")
    answer = httpx.get(session.url("quick/user/positions"), headers=session.headers())
    assert answer.json() == {"stat": "Ok", "stCode": 200, "data": []}
    view = NeoSession(
        token="t", sid="s", rid=None, server_id=None, data_center=None, base_url=None,
        ucc=None, kind="View", raw=session.raw,
    )  # fmt: skip
    with pytest.raises(InputValidationError, match="no base URL"):
        view.url("quick/user/positions")


def test_a_revoked_session_is_renewed_once_and_the_call_replayed(
    server: SandboxServer, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="neo_auth")
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        auth = NeoAuth(neo, MOBILE, UCC, MPIN, SECRET)
        with httpx.Client(auth=auth, base_url=server.base_url) as trading:
            assert trading.get("/quick/user/positions").status_code == 200
            order = trading.post("/quick/order/rule/ms/place", data={"ts": "IDEA-EQ"})
            assert order.json()["stat"] == "Ok"  # the consumer key went along
            first = auth.session
            server.state.revoke_sessions(ucc=UCC)
            clock.advance(30)
            assert trading.get("/quick/user/positions").status_code == 200
            assert auth.session is not None
            assert auth.session.token != first.token
    assert auth.logins == 2
    assert count(server, "totpLogin") == 2
    assert count(server, "positions") == 3  # the refused one, its replay, and the first
    for secret in (first.token, first.sid, auth.session.token, KEY, MPIN, SECRET):
        assert secret not in repr(auth)
        assert secret not in caplog.text


def test_a_504_or_a_5xx_is_returned_as_it_is(server: SandboxServer, clock: ManualClock) -> None:
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        auth = NeoAuth(neo, MOBILE, UCC, MPIN, SECRET)
        with httpx.Client(auth=auth, base_url=server.base_url) as trading:
            for fault in ("504", "503"):
                answer = trading.get("/quick/user/positions", headers={FAULT_HEADER: fault})
                assert answer.status_code == int(fault)
    assert count(server, "positions") == 2  # never replayed
    assert auth.logins == 1


def test_many_threads_meeting_a_dead_session_cause_one_login(
    server: SandboxServer, clock: ManualClock
) -> None:
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        auth = NeoAuth(neo, MOBILE, UCC, MPIN, SECRET)
        with httpx.Client(auth=auth, base_url=server.base_url) as trading:
            trading.get("/quick/user/positions")
            server.state.revoke_sessions()
            clock.advance(30)
            statuses: list[int] = []
            workers = [
                threading.Thread(
                    target=lambda: statuses.append(
                        trading.get("/quick/user/positions").status_code
                    )
                )
                for _ in range(10)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(30)
    assert statuses == [200] * 10
    assert auth.logins == 2
    assert count(server, "totpLogin") == 2


async def test_twenty_concurrent_async_calls_cause_exactly_one_login(
    server: SandboxServer, clock: ManualClock, tmp_path
) -> None:
    cache = SessionCache(tmp_path / "sessions.json")
    async with AsyncTotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        auth = NeoAuth(neo, MOBILE, UCC, MPIN, SECRET, cache=cache)
        async with httpx.AsyncClient(auth=auth, base_url=server.base_url) as trading:
            assert (await trading.get("/quick/user/positions")).status_code == 200
            server.state.revoke_sessions()
            clock.advance(30)
            answers = await asyncio.gather(
                *[trading.get("/quick/user/positions") for _ in range(20)]
            )
    assert [a.status_code for a in answers] == [200] * 20
    assert count(server, "totpLogin") == 2  # the first session, and one renewal
    assert auth.logins == 2
    assert cache.get(
        UCC, base_url=server.base_url, mobile_number=MOBILE, consumer_key=KEY
    ).token == (auth.session.token)


def test_a_session_from_another_ip_is_renewed_from_this_one(
    server: SandboxServer, clock: ManualClock
) -> None:
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        made_elsewhere = neo.login(MOBILE, UCC, MPIN, SECRET)
    here = {CLIENT_IP_HEADER: "198.51.100.4"}
    clock.advance(30)
    with TotpLogin(
        KEY,
        base_url=server.base_url,
        wall_clock=clock.now,
        httpx_client=httpx.Client(headers=here),
    ) as neo:
        auth = NeoAuth(neo, MOBILE, UCC, MPIN, SECRET, session=made_elsewhere)
        with httpx.Client(auth=auth, base_url=server.base_url, headers=here) as trading:
            assert trading.get("/quick/user/positions").status_code == 200
    assert auth.logins == 1  # the 1037 answer led to one login from this IP


def test_a_login_callable_and_its_checks() -> None:
    with pytest.raises(InputValidationError):
        NeoAuth()
    with pytest.raises(InputValidationError):
        NeoAuth(object(), MOBILE, UCC, MPIN, SECRET)
    with pytest.raises(InputValidationError, match="needs mobile_number"):
        NeoAuth(TotpLogin(KEY), MOBILE)


def test_a_refusal_that_echoes_the_token_is_logged_without_it(
    server: SandboxServer, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="neo_auth")
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        first = neo.login(MOBILE, UCC, MPIN, SECRET)
        clock.advance(30)
        second = neo.login(MOBILE, UCC, MPIN, SECRET)

    def trading_service(request: httpx.Request) -> httpx.Response:
        if request.headers["Auth"] == first.token:  # a refusal that repeats what it got
            return httpx.Response(401, json={"code": first.token, "message": first.sid})
        return httpx.Response(200, json={"stat": "Ok"})

    auth = NeoAuth(login=lambda: second, consumer_key=KEY, session=first)
    with httpx.Client(auth=auth, transport=httpx.MockTransport(trading_service)) as trading:
        assert trading.get("https://trading.example/positions").status_code == 200
    assert auth.logins == 1
    assert "trading call refused" in caplog.text
    assert first.token not in caplog.text
    assert first.sid not in caplog.text


def test_a_cache_that_cannot_be_written_costs_no_session(
    server: SandboxServer, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    unusable = SessionCache(tmp_path)  # a directory: nothing can be saved there
    with TotpLogin(KEY, base_url=server.base_url) as neo:
        auth = NeoAuth(
            login=lambda: neo.login(MOBILE, UCC, MPIN, SECRET), consumer_key=KEY, cache=unusable
        )
        with httpx.Client(auth=auth, base_url=server.base_url) as trading:
            assert trading.get("/quick/user/positions").status_code == 200
    assert auth.logins == 1
    assert "session not cached" in caplog.text


async def test_an_async_login_callable_with_an_unusable_cache(
    server: SandboxServer, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    async with AsyncTotpLogin(KEY, base_url=server.base_url) as neo:

        async def login() -> NeoSession:
            return await neo.login(MOBILE, UCC, MPIN, SECRET)

        auth = NeoAuth(login=login, consumer_key=KEY, cache=SessionCache(tmp_path))
        async with httpx.AsyncClient(auth=auth, base_url=server.base_url) as trading:
            assert (await trading.get("/quick/user/positions")).status_code == 200
    assert auth.logins == 1
    assert "session not cached" in caplog.text


@pytest.mark.parametrize("skew", [45.0, -45.0])
def test_a_client_whose_clock_is_off_logs_in_after_one_refused_code(
    skew: float, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="neo_auth")
    clock = ManualClock(start=1_800_000_010.0)
    config = SandboxConfig(
        accounts=(ACCOUNT,), clock=clock, totp_window=0, clock_offset=-skew, rate_limit=None
    )
    with (
        SandboxServer(config) as server,
        TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo,
    ):
        session = neo.login(MOBILE, UCC, MPIN, SECRET)
        assert session.kind == "Trade"
        assert count(server, "totpLogin") == 2  # one refused, one on the service's clock
        clock.advance(30)
        neo.login(MOBILE, UCC, MPIN, SECRET)  # the offset is known now: right first time
        assert count(server, "totpLogin") == 3
        assert neo.clock_offset == pytest.approx(-skew, abs=1.5)
    warnings = [r for r in caplog.records if "local clock is off by" in r.getMessage()]
    assert len(warnings) == 1
    # Date holds whole seconds: the estimate is within one second of the truth.
    assert re.search(r"off by (44|45|46) s", warnings[0].getMessage())
    assert ("ahead of" if skew > 0 else "behind") in warnings[0].getMessage()
