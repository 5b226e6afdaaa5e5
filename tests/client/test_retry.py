"""Exactly how often each operation is sent, for each failure, with sleeping recorded."""

from __future__ import annotations

import httpx
import pytest

from neo_auth import (
    GatewayTimeoutError,
    InputValidationError,
    NeoAuthError,
    RateLimitedError,
    RetryPolicy,
    ServiceUnavailableError,
)
from tests.client.fakes import (
    CODE_CONSUMING,
    HAPPY,
    OPERATIONS,
    FakeService,
    run_to,
    run_to_async,
)


def ok(operation: str) -> httpx.Response:
    status, body = HAPPY[operation]
    return httpx.Response(status, json=body)


def error(status: int, **headers: str) -> httpx.Response:
    body = {"error": [{"code": str(status), "message": "failure"}]}
    return httpx.Response(status, json=body, headers=headers)


POLICY = RetryPolicy(max_attempts=3, backoff=0.5, max_delay=8.0)


@pytest.mark.parametrize("run", [run_to, run_to_async], ids=["sync", "async"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_503_is_retried_then_succeeds(operation: str, run, slept: list[float]) -> None:
    service = FakeService()
    service.script(operation, error(503), error(503), ok(operation))
    run(operation, service, retry=POLICY)
    assert service.calls[operation] == 3
    assert len(slept) == 2
    assert 0.25 <= slept[0] <= 0.5  # backoff 0.5 with jitter in [ceiling/2, ceiling]
    assert 0.5 <= slept[1] <= 1.0


@pytest.mark.parametrize("run", [run_to, run_to_async], ids=["sync", "async"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_503_gives_up_after_max_attempts(operation: str, run, slept: list[float]) -> None:
    service = FakeService()
    service.script(operation, error(503))
    with pytest.raises(ServiceUnavailableError):
        run(operation, service, retry=POLICY)
    assert service.calls[operation] == 3
    assert len(slept) == 2


@pytest.mark.parametrize("operation", OPERATIONS)
def test_429_honours_retry_after(operation: str, slept: list[float]) -> None:
    service = FakeService()
    service.script(operation, error(429, **{"Retry-After": "3"}), ok(operation))
    run_to(operation, service, retry=POLICY)
    assert service.calls[operation] == 2
    assert slept == [3.0]


def test_a_retry_after_beyond_max_delay_is_raised_at_once(slept: list[float]) -> None:
    service = FakeService()
    service.script("send_otp", error(429, **{"Retry-After": "120"}), ok("send_otp"))
    with pytest.raises(RateLimitedError) as caught:
        run_to("send_otp", service, retry=POLICY)
    assert caught.value.retry_after == 120.0
    assert service.calls["send_otp"] == 1
    assert slept == []


@pytest.mark.parametrize("operation", OPERATIONS)
def test_connection_refused_is_retried(operation: str, slept: list[float]) -> None:
    service = FakeService()
    service.script(operation, httpx.ConnectError("refused"), ok(operation))
    run_to(operation, service, retry=POLICY)
    assert service.calls[operation] == 2
    assert len(slept) == 1


@pytest.mark.parametrize("operation", sorted(CODE_CONSUMING))
@pytest.mark.parametrize(
    "failure",
    [error(504), httpx.ReadTimeout("read"), httpx.RemoteProtocolError("dropped")],
    ids=["504", "read-timeout", "dropped"],
)
def test_a_code_consuming_step_is_never_repeated(
    operation: str, failure: object, slept: list[float]
) -> None:
    service = FakeService()
    service.script(operation, failure, ok(operation))  # type: ignore[arg-type]
    with pytest.raises(NeoAuthError) as caught:
        run_to(operation, service, retry=POLICY)
    assert service.calls[operation] == 1
    assert not caught.value.retryable
    assert slept == []


@pytest.mark.parametrize("operation", ["send_otp", "totp_verify_user"])
def test_a_504_is_not_repeated_either_but_may_be_by_the_caller(
    operation: str, slept: list[float]
) -> None:
    service = FakeService()
    service.script(operation, error(504), ok(operation))
    with pytest.raises(GatewayTimeoutError) as caught:
        run_to(operation, service, retry=POLICY)
    assert service.calls[operation] == 1
    assert caught.value.retryable  # consumes no code: the caller may send it again


@pytest.mark.parametrize("status", [400, 401, 403, 500, 502])
def test_other_failures_are_not_retried(status: int, slept: list[float]) -> None:
    service = FakeService()
    service.script("send_otp", error(status), ok("send_otp"))
    with pytest.raises(NeoAuthError):
        run_to("send_otp", service, retry=POLICY)
    assert service.calls["send_otp"] == 1


def test_max_attempts_1_turns_retries_off(slept: list[float]) -> None:
    service = FakeService()
    service.script("send_otp", error(503), ok("send_otp"))
    with pytest.raises(ServiceUnavailableError):
        run_to("send_otp", service, retry=RetryPolicy(max_attempts=1))
    assert service.calls["send_otp"] == 1


def test_backoff_is_capped_by_max_delay(slept: list[float]) -> None:
    service = FakeService()
    service.script("send_otp", error(503))
    with pytest.raises(ServiceUnavailableError):
        run_to("send_otp", service, retry=RetryPolicy(max_attempts=6, backoff=1.0, max_delay=3.0))
    assert service.calls["send_otp"] == 6
    assert all(d <= 3.0 for d in slept)
    assert slept[-1] >= 1.5


@pytest.mark.parametrize(
    "kwargs",
    [{"max_attempts": 0}, {"max_attempts": 1.5}, {"backoff": -1}, {"max_delay": float("inf")}],
)
def test_a_bad_policy_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InputValidationError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
