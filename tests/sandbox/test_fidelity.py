"""The sandbox speaks the real service's dialect, and the SDK understands it: the
documented login errors (also on a 2xx), the client-IP call, revoked sessions, and a
session cache that checks what it hands out."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyotp
import pytest

from neo_auth import AuthenticationError, SessionCache, TotpLogin
from neo_auth.sandbox import (
    CLIENT_IP_HEADER,
    FAULT_HEADER,
    TOKEN_HEADER,
    ManualClock,
    SandboxConfig,
    SandboxServer,
    create_app,
)
from tests.registered import ACCOUNT, SECRET

MOBILE, UCC, MPIN, KEY = ACCOUNT.mobile, "SBX01", ACCOUNT.mpin, ACCOUNT.consumer_key
LOGIN = "/login/1.0/tradeApiLogin"
HEADERS = {"Authorization": KEY, "neo-fin-key": "neotradeapi"}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1_800_000_000.0)


@pytest.fixture
def server(clock: ManualClock) -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(accounts=(ACCOUNT,), clock=clock)) as running:
        yield running


def client(config: SandboxConfig) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(config)), base_url="http://sandbox"
    )


@pytest.mark.parametrize("as_200", [False, True])
async def test_login_refusals_use_the_documented_shape(clock: ManualClock, as_200: bool) -> None:
    sandbox = client(SandboxConfig(accounts=(ACCOUNT,), clock=clock, refusals_as_200=as_200))
    body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": "000000"}
    answer = await sandbox.post(LOGIN, json=body, headers=HEADERS)
    assert answer.status_code == (200 if as_200 else 401)
    assert answer.json() == {
        "status": "error",
        "message": "Invalid credentials or TOTP.",
        "errorCode": "401",
    }


async def test_the_as_200_fault_sends_one_refusal_with_200(clock: ManualClock) -> None:
    sandbox = client(SandboxConfig(accounts=(ACCOUNT,), clock=clock))
    body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": "000000"}
    answer = await sandbox.post(LOGIN, json=body, headers={**HEADERS, FAULT_HEADER: "as-200"})
    assert (answer.status_code, answer.json()["errorCode"]) == (200, "401")
    again = await sandbox.post(LOGIN, json=body, headers=HEADERS)
    assert again.status_code == 401


@pytest.mark.parametrize("as_200", [False, True])
def test_the_sdk_maps_a_refused_login_the_same_on_any_status(
    clock: ManualClock, as_200: bool
) -> None:
    config = SandboxConfig(accounts=(ACCOUNT,), clock=clock, refusals_as_200=as_200)
    with SandboxServer(config) as sandbox, TotpLogin(KEY, base_url=sandbox.base_url) as neo:
        with pytest.raises(AuthenticationError) as refused:
            neo.totp_login(MOBILE, UCC, "000000")
        assert (refused.value.code, refused.value.reason) == ("401", "login_refused")
        assert refused.value.status_code == (200 if as_200 else 401)
        assert "check the UCC (not the numeric client id) and the clock" in str(refused.value)
        neo.totp_login(MOBILE, UCC, pyotp.TOTP(SECRET).at(clock.now()))
        with pytest.raises(AuthenticationError) as wrong_mpin:
            neo.totp_validate("000000")
        assert (wrong_mpin.value.code, wrong_mpin.value.reason) == ("401", "mpin_refused")


def test_the_trade_session_has_the_real_fields(server: SandboxServer, clock: ManualClock) -> None:
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        session = neo.login(MOBILE, UCC, MPIN, SECRET)
    data = session.raw.data
    assert (data.rc_flag, data.k_id, data.greeting_name) == (0, ACCOUNT.pan, "SANDBOX USER")
    assert data.feed_url.startswith("wss://")
    assert data.rt_url.startswith("wss://")
    for personal in (ACCOUNT.pan, "SANDBOX USER", session.token, session.sid):
        assert personal not in repr(session)
        assert personal not in repr(session.raw)


def _with_ip(ip: str) -> httpx.Client:
    return httpx.Client(headers={CLIENT_IP_HEADER: ip})


def test_client_ip_answers_the_address_and_refuses_a_dead_session(
    server: SandboxServer, clock: ManualClock
) -> None:
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        session = neo.login(MOBILE, UCC, MPIN, SECRET)
        seen = neo.client_ip(session)
        assert str(seen) == seen.ip == "127.0.0.1"
        assert seen.time is not None
        assert seen.time.startswith("2027-")
    with TotpLogin(KEY, base_url=server.base_url, httpx_client=_with_ip("203.0.113.9")) as other:
        assert str(other.client_ip(session)) == "203.0.113.9"  # a client that never logged in
        assert server.state.revoke_sessions(ucc=UCC) == 1
        with pytest.raises(AuthenticationError) as dead:
            other.client_ip(session)
        assert dead.value.reason == "session_expired"


def test_revoking_over_http_needs_the_start_token(
    server: SandboxServer, clock: ManualClock
) -> None:
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        session = neo.login(MOBILE, UCC, MPIN, SECRET)
    url = f"{server.base_url}/_sandbox/sessions/revoke"
    refused = httpx.post(url, json={"ucc": UCC})
    assert refused.status_code == 403
    assert refused.json()["error"][0]["message"].startswith("This control action needs")
    wrong = httpx.post(url, json={"ucc": UCC}, headers={TOKEN_HEADER: "guess"})
    assert wrong.status_code == 403
    done = httpx.post(url, json={"sid": session.sid}, headers={TOKEN_HEADER: server.control_token})
    assert done.json() == {"revoked": 1}


def test_verify_replaces_a_revoked_session_once(
    server: SandboxServer, clock: ManualClock, tmp_path: Path
) -> None:
    cache = SessionCache(tmp_path / "sessions.json", verify=True)
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        first = cache.get_or_login(neo, MOBILE, UCC, MPIN, SECRET)
        assert cache.saved_at(
            UCC, base_url=server.base_url, mobile_number=MOBILE, consumer_key=KEY
        )[1] == "127.0.0.1"  # fmt: skip
        assert cache.get_or_login(neo, MOBILE, UCC, MPIN, SECRET).token == first.token
        server.state.revoke_sessions(ucc=UCC)
        clock.advance(30)  # a fresh login needs a fresh code
        second = cache.get_or_login(neo, MOBILE, UCC, MPIN, SECRET)
    assert second.token != first.token
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        assert neo.client_ip(second).ip == "127.0.0.1"  # the new one works


def test_a_session_made_from_another_ip_is_not_reused(
    server: SandboxServer, clock: ManualClock, tmp_path: Path
) -> None:
    cache = SessionCache(tmp_path / "sessions.json")
    home = TotpLogin(
        KEY, base_url=server.base_url, wall_clock=clock.now, httpx_client=_with_ip("10.0.0.1")
    )
    first = cache.get_or_login(home, MOBILE, UCC, MPIN, SECRET, verify=True)
    clock.advance(30)
    moved = TotpLogin(
        KEY, base_url=server.base_url, wall_clock=clock.now, httpx_client=_with_ip("10.0.0.2")
    )
    second = cache.get_or_login(moved, MOBILE, UCC, MPIN, SECRET, verify=True)
    assert second.token != first.token
    assert cache.get_or_login(moved, MOBILE, UCC, MPIN, SECRET, verify=True).token == second.token


async def test_async_verify_replaces_a_revoked_session(
    server: SandboxServer, clock: ManualClock, tmp_path: Path
) -> None:
    from neo_auth import AsyncTotpLogin

    cache = SessionCache(tmp_path / "sessions.json", verify=True)
    async with AsyncTotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        first = await cache.aget_or_login(neo, MOBILE, UCC, MPIN, SECRET)
        assert (await cache.aget_or_login(neo, MOBILE, UCC, MPIN, SECRET)).token == first.token
        server.state.revoke_sessions()
        clock.advance(30)
        second = await cache.aget_or_login(neo, MOBILE, UCC, MPIN, SECRET)
    assert second.token != first.token


def test_a_cached_session_is_only_for_its_service_number_and_key(
    server: SandboxServer, clock: ManualClock, tmp_path: Path
) -> None:
    other_number = dataclasses.replace(ACCOUNT, mobile="+918888888888", uccs=(("SBX01", "NEO"),))
    server.state.add_account(other_number)
    cache = SessionCache(tmp_path / "sessions.json")
    with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as neo:
        first = cache.get_or_login(neo, MOBILE, UCC, MPIN, SECRET)
        clock.advance(30)
        assert cache.get_or_login(neo, other_number.mobile, UCC, MPIN, SECRET).token != first.token
    with TotpLogin(
        KEY, base_url=server.base_url.replace("127.0.0.1", "localhost"), wall_clock=clock.now
    ) as elsewhere:
        clock.advance(30)
        assert cache.get_or_login(elsewhere, MOBILE, UCC, MPIN, SECRET).token != first.token


def test_a_replaced_consumer_key_no_longer_passes_the_gateway(server: SandboxServer) -> None:
    new_key = "a-new-consumer-key-from-the-dashboard"
    server.state.add_account(dataclasses.replace(ACCOUNT, consumer_key=new_key))
    old = httpx.post(server.base_url + LOGIN, json={}, headers=HEADERS)
    assert old.status_code == 401
    assert old.json()["fault"]["code"] == 900901  # refused by the gateway, before the body
    new = httpx.post(
        server.base_url + LOGIN, json={}, headers={**HEADERS, "Authorization": new_key}
    )
    assert new.status_code == 400  # past the gateway: the empty body is refused
