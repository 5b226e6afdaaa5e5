"""The sandbox cannot be brute-forced, and nothing a careless or hostile client sends
makes it answer anything but JSON in the service's shapes.

The limits (README, "The sandbox"): 20 wrong OTPs per number per hour, however many
resends or sessions; an OTP verifies once; 10 wrong MPINs per view session, and 10 per
account per hour across validate and deregister; past a limit even the right value is
refused until the lock ends.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
import tracemalloc
from collections import Counter

import httpx
import pyotp
import pytest

from neo_auth.sandbox import (
    ManualClock,
    SandboxConfig,
    SandboxServer,
    create_app,
)
from tests.registered import ACCOUNT, SECRET

MOBILE, UCC = ACCOUNT.mobile, "SBX01"
SEND, VERIFY = "/algo-user/v5/register/otp/send", "/algo-user/v5/register/otp/verify"
LOGIN, VALIDATE = "/login/1.0/tradeApiLogin", "/login/1.0/tradeApiValidate"
DEREGISTER = "/login/v6/totp/deregister"
HEADERS = {"Authorization": ACCOUNT.consumer_key, "neo-fin-key": "neotradeapi"}


def sandbox(clock: ManualClock, **options: object) -> tuple[httpx.AsyncClient, object]:
    app = create_app(
        SandboxConfig(accounts=(ACCOUNT,), clock=clock, rate_limit=None, **options)  # type: ignore[arg-type]
    )
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sb")
    return client, app.state.sandbox


def wrong(otp: str) -> str:
    return "0000" if otp != "0000" else "1111"


class OtpGuesser:
    """Tries OTP guesses against one number, counting how the sandbox judged each."""

    def __init__(self, client: httpx.AsyncClient, state: object) -> None:
        self.client, self.state = client, state
        self.judged: Counter[str] = Counter()

    async def session(self) -> str:
        answer = await self.client.post(SEND, json={"mobile": MOBILE, "resend": True})
        if answer.status_code != 201:
            self.judged["send refused"] += 1
            return ""
        return answer.json()["data"]["sessionId"]

    async def guess(self, session_id: str, code: str) -> int:
        body = {"mobile": MOBILE, "code": code, "sessionId": session_id}
        answer = await self.client.post(VERIFY, json=body)
        message = answer.json().get("error", [{}])[0].get("message", "") if answer.is_error else ""
        if answer.status_code == 200:
            self.judged["accepted"] += 1
        elif message.startswith("Invalid OTP"):
            self.judged["wrong"] += 1  # a guess the sandbox actually checked
        else:
            self.judged["refused unchecked"] += 1
        return answer.status_code


@pytest.mark.parametrize("strategy", ["resend every 3", "a new session each", "concurrent"])
async def test_no_strategy_gets_more_than_20_otp_guesses_an_hour(strategy: str) -> None:
    clock = ManualClock(start=1_800_000_000.0)
    client, state = sandbox(clock, otp_resend_after=0)
    guesser = OtpGuesser(client, state)
    if strategy == "resend every 3":
        for _ in range(40):
            session = await guesser.session()
            for _ in range(3):
                await guesser.guess(session, wrong(state.latest_otp(MOBILE)))
    elif strategy == "a new session each":
        for _ in range(100):
            session = await guesser.session()
            await guesser.guess(session, wrong(state.latest_otp(MOBILE)))
    else:

        async def resend_and_guess() -> None:
            session = await guesser.session()
            for _ in range(3):
                await guesser.guess(session, wrong(state.latest_otp(MOBILE)))

        await asyncio.gather(*[resend_and_guess() for _ in range(50)])
    assert guesser.judged["wrong"] <= 20, guesser.judged
    # Past the limit even the right code is refused, until the hour has passed.
    session = await guesser.session()
    assert session == ""  # a locked number gets no new OTP either
    clock.advance(3600)
    session = await guesser.session()
    assert await guesser.guess(session, state.latest_otp(MOBILE)) == 200


async def test_the_right_otp_is_refused_while_the_number_is_locked() -> None:
    clock = ManualClock(start=1_800_000_000.0)
    client, state = sandbox(clock, otp_resend_after=0, otp_max_attempts=100)
    guesser = OtpGuesser(client, state)
    session = await guesser.session()
    for _ in range(20):
        await guesser.guess(session, wrong(state.latest_otp(MOBILE)))
    answer = await client.post(
        VERIFY, json={"mobile": MOBILE, "code": state.latest_otp(MOBILE), "sessionId": session}
    )
    assert answer.status_code == 429
    assert 3500 <= int(answer.headers["Retry-After"]) <= 3600
    assert "locked" in answer.json()["error"][0]["message"]


async def test_an_otp_verifies_once() -> None:
    client, state = sandbox(ManualClock(start=1_800_000_000.0))
    session = (await client.post(SEND, json={"mobile": MOBILE, "resend": False})).json()
    body = {
        "mobile": MOBILE,
        "code": state.latest_otp(MOBILE),
        "sessionId": session["data"]["sessionId"],
    }
    assert (await client.post(VERIFY, json=body)).status_code == 200
    again = await client.post(VERIFY, json=body)
    assert again.status_code == 400
    assert "already used" in again.json()["error"][0]["message"]


async def login(client: httpx.AsyncClient, clock: ManualClock) -> dict[str, str]:
    clock.advance(30)  # each login needs a fresh code
    body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": pyotp.TOTP(SECRET).at(clock.now())}
    answer = await client.post(LOGIN, json=body, headers=HEADERS)
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    return {**HEADERS, "sid": data["sid"], "Auth": data["token"]}


async def test_mpin_guesses_are_limited_per_view_session_and_per_account() -> None:
    clock = ManualClock(start=1_800_000_000.0)
    client, _ = sandbox(clock, mpin_max_attempts_per_session=4)
    checked = 0
    for _ in range(10):  # new view sessions do not buy more guesses
        view = await login(client, clock)
        for _ in range(6):
            answer = await client.post(VALIDATE, json={"mpin": "000000"}, headers=view)
            checked += answer.json().get("message") == "Invalid MPIN."
        assert (await client.post(VALIDATE, json={"mpin": ACCOUNT.mpin}, headers=view)).is_error
    assert checked == 10
    view = await login(client, clock)
    locked = await client.post(VALIDATE, json={"mpin": ACCOUNT.mpin}, headers=view)
    assert locked.status_code == 429
    assert locked.json()["errorCode"] == "429"
    clock.advance(3600)
    view = await login(client, clock)
    assert (
        await client.post(VALIDATE, json={"mpin": ACCOUNT.mpin}, headers=view)
    ).status_code == 200


async def test_deregister_needs_a_verified_otp_and_shares_the_mpin_limit() -> None:
    clock = ManualClock(start=1_800_000_000.0)
    client, state = sandbox(clock, otp_resend_after=0)
    sent = (await client.post(SEND, json={"mobile": MOBILE, "resend": True})).json()
    session_id = sent["data"]["sessionId"]
    body = {"mpin": "000000", "ucc": UCC, "sessionId": session_id}
    unverified = await client.post(DEREGISTER, json=body)
    assert "not verified" in unverified.json()["error"][0]["message"]
    await client.post(
        VERIFY, json={"mobile": MOBILE, "code": state.latest_otp(MOBILE), "sessionId": session_id}
    )
    judged = Counter()
    for _ in range(30):
        answer = await client.post(DEREGISTER, json=body)
        judged[answer.json()["error"][0]["message"].split(":")[0]] += 1
    assert judged["Invalid MPIN."] == 10
    right = await client.post(DEREGISTER, json={**body, "mpin": ACCOUNT.mpin})
    assert right.status_code == 429  # locked: even the right MPIN
    view = await login(client, clock)  # and validate shares the account's count
    assert (
        await client.post(VALIDATE, json={"mpin": ACCOUNT.mpin}, headers=view)
    ).status_code == 429


@pytest.mark.parametrize(
    ("content", "content_type", "status", "words"),
    [
        (
            json.dumps({"mobile": MOBILE + "\n", "resend": False}),
            "application/json",
            400,
            "Invalid value",
        ),
        (
            "mobile=%2B919999999999&resend=false",
            "application/x-www-form-urlencoded",
            415,
            "application/json",
        ),
        (json.dumps({"mobile": MOBILE, "resend": False}), "", 415, "application/json"),
        (
            '{"mobile": ' + "9" * 5000 + ', "resend": false}',
            "application/json",
            400,
            "number too large",
        ),
        ("[" * 100_000 + "]" * 100_000, "application/json", 413, "larger than"),
        ("[" * 5000 + "]" * 5000, "application/json", 400, "nested too deeply"),
    ],
)
async def test_careless_requests_get_json_errors(
    content: str, content_type: str, status: int, words: str
) -> None:
    client, _ = sandbox(ManualClock(start=1_800_000_000.0))
    headers = {"Content-Type": content_type} if content_type else {}
    answer = await client.post(SEND, content=content, headers=headers)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    assert words in answer.json()["error"][0]["message"]


async def test_unknown_paths_and_methods_answer_json() -> None:
    client, _ = sandbox(ManualClock(start=1_800_000_000.0))
    missing = await client.get("/no/such/path")
    assert (missing.status_code, missing.json()["error"][0]["code"]) == (404, "404")
    wrong = await client.get(SEND)
    assert (wrong.status_code, wrong.headers["Allow"]) == (405, "POST")
    assert wrong.json()["error"][0]["code"] == "405"


def test_a_huge_body_is_refused_at_once_and_never_read_whole() -> None:
    with SandboxServer() as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        tracemalloc.start()
        try:
            with socket.create_connection(("127.0.0.1", port)) as conn:
                conn.sendall(
                    f"POST {SEND} HTTP/1.1\r\nHost: sb\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n".encode()
                )
                chunk = b"0" * (1024 * 1024)
                sent = 0
                try:
                    while sent < 300 * 1024 * 1024:
                        conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        sent += len(chunk)
                except OSError:
                    pass  # the sandbox answered and closed: it stopped reading
                answer = conn.recv(4096)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert answer.startswith(b"HTTP/1.1 413")
        assert sent < 300 * 1024 * 1024  # refused long before the end
        assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
        assert httpx.get(f"{server.base_url}/_sandbox/outbox/{MOBILE}").status_code == 200


def test_a_client_that_drips_its_headers_is_dropped() -> None:
    with SandboxServer(SandboxConfig(header_timeout=0.5)) as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.settimeout(5)
            conn.sendall(b"POST / HTTP/1.1\r\nHost: sb\r\n")
            for _ in range(20):  # one header byte at a time, never finishing
                try:
                    conn.sendall(b"X")
                except OSError:
                    break
                time.sleep(0.1)
            assert conn.recv(100) == b""  # the sandbox closed the connection


def test_a_client_leaving_during_a_slow_answer_is_no_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    with SandboxServer() as server:
        with pytest.raises(httpx.TimeoutException):
            httpx.post(
                server.base_url + SEND,
                json={"mobile": MOBILE, "resend": False},
                headers={"X-Sandbox-Fault": "slow:2"},
                timeout=0.3,
            )
        time.sleep(0.5)  # the sandbox notices the client has gone
        assert httpx.get(f"{server.base_url}/_sandbox/outbox/{MOBILE}").json() == {"messages": []}
    assert "Exception in ASGI application" not in caplog.text
    assert "Traceback" not in caplog.text


async def test_a_sandbox_left_running_stays_small() -> None:
    clock = ManualClock(start=1_800_000_000.0)
    client, state = sandbox(clock, otp_resend_after=0, view_validity=60, trade_validity=60)
    for _ in range(300):  # a bot logging in again and again, for hours
        view = await login(client, clock)
        assert (await client.post(VALIDATE, json={"mpin": ACCOUNT.mpin}, headers=view)).is_success
    assert len(state.sessions()) < 256 + 4  # ended sessions are swept away
    for _ in range(60):
        await client.post(SEND, json={"mobile": MOBILE, "resend": True})
    assert len(state.outbox(MOBILE)) == 50  # the newest SMS are kept
