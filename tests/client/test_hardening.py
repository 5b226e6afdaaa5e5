"""A hostile or careless world, met by the SDK: short keys, huge numbers, odd
Retry-After dates, secrets in transport errors, redirects, compression bombs, servers
that drip, and bugs. Every one ends in a typed error (or the right answer), sync and
async, and no secret reaches a traceback."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import time
import traceback
import tracemalloc
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from neo_auth import (
    AsyncUserVerification,
    InputValidationError,
    NeoAuthError,
    RequestTimeoutError,
    RetryPolicy,
    ServiceUnavailableError,
    TotpLogin,
    UnexpectedResponseError,
    UserVerification,
)
from neo_auth.retry_after import parse_retry_after
from neo_auth.totp import current_code
from tests.client.fakes import (
    CONSUMER_KEY,
    HAPPY,
    MOBILE,
    MPIN,
    OPERATIONS,
    SECRET,
    UCC,
    FakeService,
    run_to,
    run_to_async,
)

NO_RETRY = RetryPolicy(max_attempts=1)


def outcome(run: Any, operation: str, service: FakeService) -> Any:
    try:
        return run(operation, service, retry=NO_RETRY)
    except NeoAuthError as error:
        return error


@pytest.mark.parametrize("length", [16, 20, 22])
def test_a_key_pyotp_refuses_is_refused_before_anything_is_sent(length: int) -> None:
    short = SECRET[:length]
    service = FakeService()
    with pytest.raises(InputValidationError, match="at least 112 bits"):
        TotpLogin(CONSUMER_KEY, transport=service.transport()).login(MOBILE, UCC, MPIN, short)
    with pytest.raises(InputValidationError, match="at least 112 bits"):
        current_code(short)
    assert service.calls == {}
    assert len(current_code(SECRET[:23]).code) == 6  # 23 characters is 112 bits: accepted


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("status", [200, 201, 400, 503])
def test_a_number_too_long_to_read_is_a_typed_error(operation: str, status: int) -> None:
    content = b'{"data": {"sessionId": "x", "n": ' + b"9" * 5000 + b"}}"
    for run in (run_to, run_to_async):
        service = FakeService()
        service.script(operation, httpx.Response(status, content=content))
        error = outcome(run, operation, service)
        assert isinstance(error, NeoAuthError), error
        assert "number too large" in error.message, (status, error.message)


def test_deep_nesting_is_a_typed_error() -> None:
    service = FakeService()
    service.script("send_otp", httpx.Response(201, content=b"[" * 100_000 + b"]" * 100_000))
    error = outcome(run_to, "send_otp", service)
    assert isinstance(error, UnexpectedResponseError)
    assert "nested too deeply" in error.message


@pytest.mark.parametrize(
    "value",
    [
        "Thu, 01 Jan 2026 00:00:00 +2400",
        "Thu, 01 Jan 2026 00:00:00 -9999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "0001-01-01T00:00:00",
        "9" * 5000,
        "1e400",
        "Mon, 32 Jan 2026 00:00:00 GMT",
        "\x00",
    ],
)
def test_any_retry_after_is_seconds_or_none(value: str) -> None:
    assert parse_retry_after(value) is None or parse_retry_after(value) >= 0
    service = FakeService()
    service.script(
        "send_otp",
        httpx.Response(429, json={"error": [{"code": "429", "message": "x"}]},
                       headers={"Retry-After": value.encode("latin-1")}),
    )  # fmt: skip
    assert type(outcome(run_to, "send_otp", service)).__name__ == "RateLimitedError"


def test_a_503_honours_retry_after_and_says_it(slept: list[float]) -> None:
    body = {"error": [{"code": "503", "message": "down"}]}
    service = FakeService()
    service.script("send_otp", httpx.Response(503, json=body, headers={"Retry-After": "3600"}))
    with pytest.raises(ServiceUnavailableError) as caught:
        run_to("send_otp", service)
    assert caught.value.retry_after == 3600.0
    assert "after 3600 s" in str(caught.value)
    assert service.calls["send_otp"] == 1  # longer than max_delay: raised at once
    service = FakeService()
    service.script(
        "send_otp",
        httpx.Response(503, json=body, headers={"Retry-After": "2"}),
        httpx.Response(*HAPPY["send_otp"][:1], json=HAPPY["send_otp"][1]),
    )
    run_to("send_otp", service)
    assert slept == [2.0]


def _traceback_of(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def test_a_transport_error_that_quotes_a_header_stays_out_of_the_traceback() -> None:
    secret_header = "consumer-key-in-an-error-9f2"
    for exc in (
        httpx.LocalProtocolError(f"Illegal header value b'{secret_header}\\x0b'"),
        httpx.ConnectError(f"[Errno -2] resolving {secret_header}"),
    ):
        service = FakeService()
        service.script("totp_login", exc)
        error = outcome(run_to, "totp_login", service)
        assert isinstance(error, NeoAuthError)
        assert error.__cause__ is None
        assert error.__context__ is None or error.__suppress_context__
        assert secret_header not in _traceback_of(error)


@pytest.mark.parametrize("key", ["ck\x0bsecret", "ck\x0csecret", "ck secret", "ckés"])
def test_a_consumer_key_that_cannot_be_a_header_is_refused_without_echo(key: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        TotpLogin(key)
    assert "secret" not in _traceback_of(caught.value)


@pytest.mark.parametrize(
    "token", ["view-token\nInjected: yes", "view-tökén-nonascii", "tok en", "\x00tok"]
)
def test_a_token_that_cannot_be_sent_back_is_an_unexpected_answer(token: str) -> None:
    for run in (run_to, run_to_async):
        service = FakeService()
        service.script(
            "totp_login", httpx.Response(200, json={"data": {"token": token, "sid": "sid-1"}})
        )
        error = outcome(run, "totp_login", service)
        assert isinstance(error, UnexpectedResponseError)
        assert "no usable token" in error.message
        assert token not in _traceback_of(error)
        assert service.calls["totp_validate"] == 0


def test_no_request_follows_a_redirect_even_with_an_injected_client() -> None:
    reached: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        reached.append(request.url.host)
        if request.url.host == "evil.example":
            return httpx.Response(200, json=HAPPY["totp_validate"][1])
        if request.url.path.endswith("tradeApiValidate"):
            return httpx.Response(307, headers={"Location": "https://evil.example/steal?x=1"})
        return httpx.Response(200, json=HAPPY["totp_login"][1])

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    login = TotpLogin(CONSUMER_KEY, httpx_client=client, base_url="https://mis.example")
    login.totp_login(MOBILE, UCC, "123456")
    with pytest.raises(UnexpectedResponseError) as caught:
        login.totp_validate(MPIN)
    assert "evil.example" in caught.value.message
    assert "steal" not in str(caught.value)
    assert "evil.example" not in reached


def _gzip_bomb() -> bytes:
    return gzip.compress(b"0" * (600 * 1024 * 1024), compresslevel=9)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _gzip_bomb()


def _streamed(body: bytes, **headers: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, stream=httpx.ByteStream(body), headers=headers)

    return handler


def test_a_compression_bomb_stops_at_the_cap_within_bounded_memory(bomb: bytes) -> None:
    assert len(bomb) < 1024 * 1024  # under a megabyte on the wire, 600 MB decoded
    tracemalloc.start()
    try:
        uv = UserVerification(
            MOBILE, transport=httpx.MockTransport(_streamed(bomb, **{"Content-Encoding": "gzip"}))
        )
        with pytest.raises(UnexpectedResponseError, match="more than 1,048,576 bytes"):
            uv.send_otp()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


async def test_a_compression_bomb_stops_at_the_cap_async(bomb: bytes) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            201, stream=httpx.ByteStream(bomb), headers={"Content-Encoding": "gzip"}
        )

    uv = AsyncUserVerification(MOBILE, transport=httpx.MockTransport(handler))
    with pytest.raises(UnexpectedResponseError, match="more than"):
        await uv.send_otp()


def test_the_answer_cap_is_a_setting() -> None:
    big = b'{"data": {"sessionId": "s-1", "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}}'
    transport = httpx.MockTransport(_streamed(big))
    with pytest.raises(UnexpectedResponseError, match="max_answer_bytes"):
        UserVerification(MOBILE, transport=transport).send_otp()
    roomy = UserVerification(MOBILE, transport=transport, max_answer_bytes=4 * 1024 * 1024)
    assert roomy.send_otp().data.session_id == "s-1"
    with pytest.raises(InputValidationError):
        UserVerification(MOBILE, max_answer_bytes=10)
    for encoding in ("br", "zstd", "compress"):
        odd = httpx.MockTransport(_streamed(b"x", **{"Content-Encoding": encoding}))
        with pytest.raises(UnexpectedResponseError, match="compressed"):
            UserVerification(MOBILE, transport=odd).send_otp()


class DripServer:
    """A real server on 127.0.0.1 that answers one byte at a time, slowly: in the
    status line and headers, or in the body."""

    def __init__(self, where: str, every: float = 0.1) -> None:
        self.where = where
        self.every = every
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.client_hung_up = threading.Event()  # the client gave up on the drip
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed: the test is over
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            if self.where == "body":
                conn.sendall(head + b"Content-Length: 100000\r\n\r\n")
                payload = b"x" * 100_000
            else:
                payload = head + b"X-Slow: " + b"a" * 100_000
            give_up = time.monotonic() + 15  # a client without a deadline fails, not hangs
            for byte in payload:
                if self.stop.is_set() or time.monotonic() > give_up:
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    self.client_hung_up.set()  # the client gave up: as it should
                    return
                time.sleep(self.every)

    def __enter__(self) -> DripServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture(params=["headers", "body"])
def dripping(request: pytest.FixtureRequest) -> Iterator[DripServer]:
    with DripServer(request.param) as server:
        yield server


def test_timeout_bounds_the_whole_sync_call(dripping: DripServer) -> None:
    url = f"http://127.0.0.1:{dripping.port}"
    with (
        UserVerification(MOBILE, base_url=url, timeout=1) as uv,
        pytest.raises(RequestTimeoutError, match="took longer than its timeout of 1 s"),
    ):
        uv.send_otp()
    # The client hung up on the drip (the server would have gone on for 15 s).
    assert dripping.client_hung_up.wait(10)
    # An injected client gets the same bound between the body's reads.
    if dripping.where == "body":
        with (
            UserVerification(MOBILE, base_url=url, timeout=1, httpx_client=httpx.Client()) as uv,
            pytest.raises(RequestTimeoutError, match="took longer than its timeout"),
        ):
            uv.send_otp()


async def test_timeout_bounds_the_whole_async_call(dripping: DripServer) -> None:
    url = f"http://127.0.0.1:{dripping.port}"
    async with AsyncUserVerification(MOBILE, base_url=url, timeout=1) as uv:
        with pytest.raises(RequestTimeoutError, match="took longer than its timeout"):
            await uv.send_otp()
        assert await asyncio.to_thread(dripping.client_hung_up.wait, 10)
        with pytest.raises(RequestTimeoutError):  # the object stays usable
            await asyncio.wait_for(uv.send_otp(), 30)


def test_an_unexpected_bug_leaves_as_a_neo_auth_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(response: Any) -> Any:
        raise KeyError("token-value-in-a-bug")

    monkeypatch.setattr("neo_auth.flows.NeoSession.from_response", broken)
    service = FakeService()
    error = outcome(run_to, "totp_login", service)
    assert type(error) is NeoAuthError
    assert "KeyError" in error.message
    assert "token-value-in-a-bug" not in _traceback_of(error)
