"""The secret canary: run every flow and every error path with DEBUG logging on, gather
every log line, repr, str, exception message and traceback, and look for the secrets."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pyotp
import pytest

from neo_auth import NeoAuthError, RetryPolicy, TotpLogin, UserVerification
from neo_auth.sandbox import DEFAULT_ACCOUNT, ManualClock, SandboxConfig, SandboxServer
from tests.client.fakes import (
    CONSUMER_KEY,
    HAPPY,
    MPIN,
    OPERATIONS,
    SECRET,
    FakeService,
    run_to,
)

#: Every secret the fake service hands out or the tests send.
CANARIES = [
    CONSUMER_KEY,
    MPIN,
    SECRET,
    "otp-session-canary-1",
    "enrol-session-canary-2",
    "view-token-canary-3",
    "view-sid-canary-4",
    "trade-token-canary-5",
    "trade-sid-canary-6",
    "rid-canary-77",
    "iVBORw0KGgo=",
    "PANCANARY9Z",
    "GREETING CANARY",
]


class Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        if record.exc_info:
            self.lines.append("".join(traceback.format_exception(*record.exc_info)))


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch):
    """Everything a user could see: root logging at DEBUG (httpx and httpcore too)."""
    monkeypatch.setattr("neo_auth.drivers.sleep", lambda seconds: None)
    collector = Collector()
    collector.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(collector)
    root.setLevel(logging.DEBUG)
    texts: list[str] = collector.lines
    yield texts
    root.removeHandler(collector)
    root.setLevel(old_level)


def look(texts: list[str], *objects: Any) -> None:
    for thing in objects:
        texts.extend([repr(thing), str(thing)])
        if isinstance(thing, BaseException):
            texts.append("".join(traceback.format_exception(thing)))


def assert_clean(texts: list[str], canaries: list[str]) -> None:
    blob = "\n".join(texts)
    assert blob, "nothing was collected: the canary would see nothing"
    leaked = [secret for secret in canaries if secret in blob]
    assert not leaked, f"secrets leaked: {leaked}"


def echoing(status: int) -> Callable[[httpx.Request], httpx.Response]:
    """An error answer that repeats everything the client sent (some servers do)."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent = request.content.decode() + " " + " ".join(request.headers.values())
        return httpx.Response(status, json={"error": [{"code": "X", "message": sent}]})

    return answer


def test_every_flow_and_error_path_keeps_secrets(seen: list[str]) -> None:
    policy = RetryPolicy(max_attempts=2, backoff=0)
    for operation in OPERATIONS:
        results = run_to(operation, FakeService(), retry=policy)
        look(seen, results)
        if hasattr(results, "data"):
            look(seen, results.data)
        failures: list[Any] = [
            echoing(400), echoing(401), echoing(429), echoing(503), echoing(504),
            httpx.Response(502, text="<html>gateway</html>"), httpx.Response(200, content=b"{"),
            httpx.ConnectError("refused"), httpx.ReadTimeout("slow"),
            httpx.Response(200, json={"data": "off the schema"}),
        ]  # fmt: skip
        for failure in failures:
            service = FakeService()
            service.script(operation, failure)
            with pytest.raises(NeoAuthError) as caught:
                run_to(operation, service, retry=policy)
            look(seen, caught.value, caught.value.__cause__, caught.value.__context__)
    service = FakeService()
    login = TotpLogin(CONSUMER_KEY, transport=service.transport())
    session = login.login("+919999999999", "ABC12", MPIN, SECRET)
    look(seen, login, session, session.describe(), session.raw, login.view_session)
    uv = UserVerification("+919999999999", transport=service.transport())
    uv.send_otp()
    look(seen, uv)
    assert_clean(seen, CANARIES)


def test_bad_input_messages_do_not_repeat_the_value(seen: list[str]) -> None:
    # Built at run time: a traceback quotes source lines, and these must not be in them.
    bad_secret, bad_mpin, bad_totp, bad_key = (f"canary-{n}" for n in ("s0", "m1", "t2", "k3"))
    service = FakeService()
    login = TotpLogin(CONSUMER_KEY, transport=service.transport())
    for call in (
        lambda: login.login("+919999999999", "ABC12", MPIN, bad_secret),
        lambda: login.login("+919999999999", "ABC12", bad_mpin, SECRET),
        lambda: login.totp_login("+919999999999", "ABC12", bad_totp),
        lambda: TotpLogin("Bearer " + bad_key),
    ):
        with pytest.raises(NeoAuthError) as caught:
            call()
        look(seen, caught.value)
    assert_clean(seen, [bad_secret, bad_mpin, bad_totp, bad_key])


def test_the_sandbox_flow_over_http_keeps_secrets(seen: list[str]) -> None:
    clock = ManualClock()
    with SandboxServer(SandboxConfig(clock=clock)) as server:
        with UserVerification(DEFAULT_ACCOUNT.mobile, base_url=server.base_url) as uv:
            look(seen, uv.send_otp())
            otp = server.state.latest_otp(DEFAULT_ACCOUNT.mobile)
            look(seen, uv.verify_otp(otp))
            enrolment = uv.totp_verify_user("SBX01")
            look(seen, enrolment, uv)
            code = pyotp.TOTP(enrolment.data.key).at(clock.now())
            look(seen, uv.totp_registration(code))
        clock.advance(30)  # the code that registered is spent: log in with the next one
        with TotpLogin(
            DEFAULT_ACCOUNT.consumer_key, base_url=server.base_url, wall_clock=clock.now
        ) as login:
            session = login.login(
                DEFAULT_ACCOUNT.mobile, "SBX01", DEFAULT_ACCOUNT.mpin, enrolment.data.key
            )
            look(seen, session, login, session.raw, session.raw.data, login.client_ip(session))
            with pytest.raises(NeoAuthError) as caught:
                login.totp_validate("000000")
            look(seen, caught.value)
            server.state.revoke_sessions()
            with pytest.raises(NeoAuthError) as caught:
                login.client_ip(session)
            look(seen, caught.value)
    secrets = [
        otp, enrolment.data.key, enrolment.data.session_id, enrolment.data.qr_code_base64,
        enrolment.data.uri, session.token, session.sid, session.rid,
        DEFAULT_ACCOUNT.consumer_key, DEFAULT_ACCOUNT.pan, DEFAULT_ACCOUNT.greeting_name,
    ]  # fmt: skip
    assert all(secrets)
    assert_clean(seen, secrets)


def test_happy_data_is_what_the_canary_hunts() -> None:
    """The canaries really are in the answers the flows return (else the test proves nothing)."""
    blob = repr(HAPPY) + CONSUMER_KEY + MPIN
    assert all(canary in blob for canary in CANARIES)
