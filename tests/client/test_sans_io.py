"""The flows as state machines, driven by hand (as h11's tests drive its connection):
no transport, no patched sleep. Each test sends answers into a step's generator and
reads the actions it yields: what it sends, how long it waits, when it gives up."""

from __future__ import annotations

from typing import Any

import httpx
import pyotp
import pytest

from neo_auth.engine import Send, Sleep
from neo_auth.errors import (
    AuthenticationError,
    RequestTimeoutError,
    ServiceUnavailableError,
)
from neo_auth.flows import LoginFlow, RegistrationFlow
from neo_auth.retry import RetryPolicy
from tests.client.fakes import CONSUMER_KEY, HAPPY, MOBILE, MPIN, SECRET, UCC

BASE = "https://mis.example"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def answer(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def refused(message: str = "Invalid credentials or TOTP.", **headers: str) -> httpx.Response:
    return answer(401, {"status": "error", "message": message, "errorCode": "401"}, **headers)


def login_flow(clock: Clock, wall: Clock, **options: Any) -> LoginFlow:
    return LoginFlow(
        CONSUMER_KEY,
        neo_fin_key="neotradeapi",
        base_url=BASE,
        retry=RetryPolicy(max_attempts=3, backoff=1.0, max_delay=8.0),
        total=options.pop("total", 45.0),
        wall_clock=wall,
        clock=clock,
        **options,
    )


def test_a_503_is_waited_out_then_sent_again_within_the_deadline() -> None:
    clock = Clock(100.0)
    flow = RegistrationFlow(
        MOBILE, base_url=BASE, retry=RetryPolicy(max_attempts=3), total=10.0, clock=clock
    )
    steps = flow.send_otp()
    first = next(steps)
    assert isinstance(first, Send)
    assert first.time_left == pytest.approx(10.0)
    assert first.request["url"] == BASE + "/algo-user/v5/register/otp/send"
    wait = steps.send(
        answer(503, {"error": [{"code": "503", "message": "down"}]}, **{"Retry-After": "2"})
    )
    assert wait == Sleep(2.0)
    clock.now += 2.5
    again = steps.send(None)
    assert isinstance(again, Send)
    assert again.time_left == pytest.approx(7.5)  # the deadline is the whole call's
    with pytest.raises(StopIteration) as done:
        steps.send(answer(*HAPPY["send_otp"]))
    assert done.value.value.data.session_id == "otp-session-canary-1"


def test_a_wait_past_the_deadline_is_not_waited_at_all() -> None:
    clock = Clock(100.0)
    flow = RegistrationFlow(
        MOBILE, base_url=BASE, retry=RetryPolicy(max_delay=60.0), total=5.0, clock=clock
    )
    steps = flow.send_otp()
    next(steps)
    with pytest.raises(ServiceUnavailableError) as caught:
        steps.send(
            answer(503, {"error": [{"code": "503", "message": "x"}]}, **{"Retry-After": "30"})
        )
    assert caught.value.retry_after == 30.0


def test_the_deadline_ends_a_call_between_attempts() -> None:
    clock = Clock(100.0)
    flow = RegistrationFlow(
        MOBILE, base_url=BASE, retry=RetryPolicy(max_attempts=5, backoff=1.0), total=3.0,
        clock=clock,
    )  # fmt: skip
    steps = flow.send_otp()
    next(steps)
    wait = steps.send(answer(503, {"error": [{"code": "503", "message": "x"}]}))
    assert isinstance(wait, Sleep)
    clock.now += 3.5  # the wait overran (a busy machine): no attempt past the deadline
    with pytest.raises(RequestTimeoutError, match="timeout of 3 s"):
        steps.send(None)


def test_login_moves_to_the_service_clock_after_one_refusal() -> None:
    wall = Clock(1_800_000_010.5)
    service_time = wall.now - 45  # this computer is 45 s fast
    flow = login_flow(Clock(0.0), wall)
    totp = pyotp.TOTP(SECRET)
    steps = flow.login(MOBILE, UCC, MPIN, SECRET)
    first = next(steps)
    assert first.request["json"]["totp"] == totp.at(wall.now)
    from email.utils import formatdate

    date = formatdate(service_time, usegmt=True)
    second = steps.send(refused(Date=date))
    assert isinstance(second, Send)  # no wait: the same moment, on the service's clock
    assert second.request["json"]["totp"] == totp.at(service_time)
    validate = steps.send(answer(*HAPPY["totp_login"], Date=date))
    assert validate.request["url"].endswith("/tradeApiValidate")
    assert validate.request["headers"]["Auth"] == "view-token-canary-3"
    with pytest.raises(StopIteration) as done:
        steps.send(answer(*HAPPY["totp_validate"], Date=date))
    assert done.value.value.kind == "Trade"
    assert flow.service_clock.correction == pytest.approx(-45.0, abs=1)


def test_login_waits_for_the_next_step_when_the_code_was_used() -> None:
    wall = Clock(1_800_000_000.0 + 10)  # 10 s into a step (1_800_000_000 is a step's start)
    flow = login_flow(Clock(0.0), wall)
    steps = flow.login(MOBILE, UCC, MPIN, SECRET)
    next(steps)
    wait = steps.send(refused("TOTP already used. Wait for the next code."))
    assert wait == Sleep(pytest.approx(20.1))
    wall.now += 20.1
    retry = steps.send(None)
    assert retry.request["json"]["totp"] == pyotp.TOTP(SECRET).at(wall.now)
    with pytest.raises(AuthenticationError) as caught:  # used again: told, not retried again
        steps.send(refused("TOTP already used. Wait for the next code."))
    assert caught.value.reason == "code_used"


def test_a_refused_consumer_key_is_not_retried_at_a_step_boundary() -> None:
    wall = Clock(1_800_000_000.0 + 29.5)
    flow = login_flow(Clock(0.0), wall)
    steps = flow.login(MOBILE, UCC, MPIN, SECRET)
    next(steps)
    fault = {"fault": {"code": 900901, "message": "Invalid Credentials", "description": "x"}}
    with pytest.raises(AuthenticationError) as caught:
        steps.send(answer(401, fault))
    assert caught.value.reason == "key_refused"


def test_a_failed_send_is_thrown_in_and_comes_out_typed_without_its_cause() -> None:
    flow = login_flow(Clock(0.0), Clock(1_800_000_010.0))
    steps = flow.totp_login(MOBILE, UCC, "123456")
    next(steps)
    with pytest.raises(RequestTimeoutError) as caught:
        steps.throw(httpx.ReadTimeout("header value secret-in-the-text"))
    assert caught.value.__cause__ is None
    assert "secret-in-the-text" not in str(caught.value)
