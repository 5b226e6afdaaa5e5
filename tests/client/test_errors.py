"""Every row of the error table, every error-body shape, through the public methods."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from neo_auth import (
    AuthenticationError,
    GatewayTimeoutError,
    InvalidRequestError,
    NeoAuthError,
    NetworkError,
    QrCodeExpiredError,
    RateLimitedError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from tests.client.fakes import HAPPY, OPERATIONS, FakeService, run_to, run_to_async

NO_RETRY = RetryPolicy(max_attempts=1)


def fail(operation: str, answer: httpx.Response | Exception, *, run=run_to) -> NeoAuthError:
    service = FakeService()
    service.script(operation, answer)
    with pytest.raises(NeoAuthError) as caught:
        run(operation, service, retry=NO_RETRY)
    return caught.value


def error_body(code: str, message: str) -> dict:
    return {"error": [{"code": code, "message": message}]}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, InvalidRequestError),
        (422, InvalidRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServiceUnavailableError),
        (504, GatewayTimeoutError),
        (520, ServerError),
        (404, UnexpectedResponseError),
        (409, UnexpectedResponseError),
        (302, UnexpectedResponseError),
        (418, UnexpectedResponseError),
        (299, UnexpectedResponseError),
    ],
)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_status_codes_map_to_the_table(operation: str, status: int, cls: type) -> None:
    body = {"unexpected": True} if status == 299 else error_body(str(status), "the server's words")
    error = fail(operation, httpx.Response(status, json=body))
    assert type(error) is cls
    assert error.operation == operation
    assert error.status_code == status
    if status == 302:  # never followed, and only the target's host is named
        assert "redirect" in error.message
    elif status != 299:
        assert error.message == "the server's words"
        assert error.code == str(status)
    assert operation in str(error)


@pytest.mark.parametrize(
    ("body", "code", "message", "cls"),
    [
        (error_body("10512", "Required header not found."), "10512", "Required header not found.", InvalidRequestError),
        (error_body("400", "Missing required field 'Totp'"), "400", "Missing required field 'Totp'", InvalidRequestError),
        ({"fault": {"code": 900901, "message": "Invalid Credentials", "description": "Access failure"}},
         "900901", "Invalid Credentials", AuthenticationError),
        ({"stCode": 100022, "errMsg": "invalid session token", "stat": "error in neo-login-check-api"},
         "100022", "invalid session token", AuthenticationError),
        ({"code": "E1", "message": "Something", "description": "More"}, "E1", "Something", InvalidRequestError),
        ({"error_description": "invalid_client", "error": "invalid_client"}, "invalid_client", "invalid_client", AuthenticationError),
        ({"error_description": "bad thing", "error": "bad_request"}, "bad_request", "bad thing", InvalidRequestError),
    ],
)  # fmt: skip
def test_every_known_error_shape_is_understood(body, code, message, cls) -> None:
    error = fail("totp_login", httpx.Response(400, json=body))
    assert type(error) is cls
    assert (error.code, error.message) == (code, message)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (httpx.Response(503, text="<html><body>503</body></html>", headers={"content-type": "text/html"}), "HTML"),
        (httpx.Response(503, content=b""), "empty"),
        (httpx.Response(503, content=b'{"error": [{"code": "5'), "truncated"),
        (httpx.Response(503, content=b"\xff\xfe\x00garbage"), "not JSON"),
    ],
)  # fmt: skip
def test_bodies_that_are_not_json_on_an_error_status(answer: httpx.Response, words: str) -> None:
    error = fail("send_otp", answer)
    assert isinstance(error, ServiceUnavailableError)
    assert words in error.message


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(
            200, text="<html>maintenance</html>", headers={"content-type": "text/html"}
        ),
        httpx.Response(200, content=b""),
        httpx.Response(200, content=b'{"data": {"token": "abc'),
        httpx.Response(200, json=[1, 2, 3]),
        httpx.Response(200, json={"data": "not an object"}),
        httpx.Response(200, json={"data": {"token": 12, "sid": None}}),
        httpx.Response(200, json={"something": "else"}),
    ],
)
def test_a_2xx_that_cannot_be_trusted_is_an_unexpected_response(answer: httpx.Response) -> None:
    error = fail("totp_login", answer)
    assert type(error) is UnexpectedResponseError
    assert error.status_code == 200


def test_a_2xx_carrying_an_error_body_is_that_error() -> None:
    error = fail("totp_login", httpx.Response(200, json=error_body("500", "Internal failure")))
    assert (type(error), error.code, error.status_code) == (ServerError, "500", 200)
    error = fail("totp_login", httpx.Response(200, json=error_body("E77", "Refused, somehow")))
    assert (type(error), error.code, error.message) == (
        InvalidRequestError, "E77", "Refused, somehow",
    )  # fmt: skip


def test_a_2xx_with_an_auth_failure_body_is_an_authentication_error() -> None:
    body = {"stCode": 100022, "errMsg": "invalid session token", "stat": "error"}
    error = fail("totp_validate", httpx.Response(200, json=body))
    assert type(error) is AuthenticationError


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    body = error_body("429", "slow down")
    error = fail("send_otp", httpx.Response(429, json=body, headers={"Retry-After": "7"}))
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 7.0
    assert error.retryable
    later = email.utils.formatdate(time.time() + 60, usegmt=True)
    error = fail("send_otp", httpx.Response(429, json=body, headers={"Retry-After": later}))
    assert isinstance(error, RateLimitedError)
    assert 55 <= error.retry_after <= 60
    for garbage in ("soon", "-5", "nan", "", "Thu, 99 Foo 2026"):
        error = fail("send_otp", httpx.Response(429, json=body, headers={"Retry-After": garbage}))
        assert isinstance(error, RateLimitedError)
        assert error.retry_after is None


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (httpx.ConnectError("refused"), NetworkError),
        (httpx.ConnectTimeout("connect timeout"), RequestTimeoutError),
        (httpx.ReadTimeout("read timeout"), RequestTimeoutError),
        (httpx.WriteTimeout("write timeout"), RequestTimeoutError),
        (httpx.PoolTimeout("pool timeout"), RequestTimeoutError),
        (httpx.RemoteProtocolError("server disconnected"), NetworkError),
        (httpx.ReadError("reset by peer"), NetworkError),
        (httpx.ProxyError("proxy"), NetworkError),
        (RuntimeError("a transport bug"), NeoAuthError),
    ],
)
@pytest.mark.parametrize("operation", ["send_otp", "totp_validate"])
def test_no_answer_maps_to_network_errors(operation: str, exc: Exception, cls: type) -> None:
    error = fail(operation, exc)
    assert type(error) is cls
    assert error.status_code is None
    assert error.operation == operation


def test_the_server_saying_the_qr_expired_is_a_qr_code_expired_error() -> None:
    body = error_body("400", "QR code has expired. Verify the user again.")
    error = fail("totp_registration", httpx.Response(400, json=body))
    assert isinstance(error, QrCodeExpiredError)


def test_async_maps_the_same() -> None:
    error = fail("totp_validate", httpx.Response(504, text="<html/>"), run=run_to_async)
    assert type(error) is GatewayTimeoutError
    assert not error.retryable  # totp_validate consumes the MPIN check: never repeated


def test_errors_pickle_and_keep_their_fields() -> None:
    import pickle

    error = fail(
        "send_otp", httpx.Response(429, json=error_body("429", "x"), headers={"Retry-After": "3"})
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RateLimitedError
    assert (copy.retry_after, copy.status_code, copy.message) == (3.0, 429, "x")
    assert str(copy) == str(error)


def test_happy_answers_are_the_generated_models() -> None:
    from neo_auth_client.models import SendOtpResponse, TotpVerifyUserResponse

    service = FakeService()
    assert isinstance(run_to("send_otp", service), SendOtpResponse)
    enrolment = run_to("totp_verify_user", FakeService())
    assert isinstance(enrolment, TotpVerifyUserResponse)
    assert enrolment.to_dict() == HAPPY["totp_verify_user"][1]
