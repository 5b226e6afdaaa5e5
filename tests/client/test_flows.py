"""Flow order, state between steps, what is sent, and usability after errors."""

from __future__ import annotations

import json

import httpx
import pytest

from neo_auth import (
    AuthenticationError,
    FlowError,
    InputValidationError,
    InvalidRequestError,
    QrCodeExpiredError,
    RetryPolicy,
    TotpLogin,
    UserVerification,
)
from tests.client.fakes import CONSUMER_KEY, HAPPY, MOBILE, MPIN, SECRET, UCC, FakeService

NO_RETRY = RetryPolicy(max_attempts=1)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def registration(service: FakeService, **kwargs: object) -> UserVerification:
    return UserVerification(MOBILE, transport=service.transport(), retry=NO_RETRY, **kwargs)  # type: ignore[arg-type]


def test_registration_carries_the_session_ids_between_steps() -> None:
    service = FakeService()
    uv = registration(service)
    uv.send_otp()
    uv.verify_otp("1234")
    enrolment = uv.totp_verify_user(UCC)
    uv.totp_registration("123456")
    assert service.bodies("send_otp") == [{"mobile": MOBILE, "resend": False}]
    assert service.bodies("verify_otp") == [
        {"mobile": MOBILE, "code": "1234", "sessionId": "otp-session-canary-1"}
    ]
    assert service.bodies("totp_verify_user") == [
        {"mobileNumber": MOBILE, "ucc": UCC, "sessionId": "otp-session-canary-1"}
    ]
    # The verify-user answer's sessionID replaces the OTP sessionId.
    assert service.bodies("totp_registration") == [
        {"sessionID": "enrol-session-canary-2", "totp": "123456"}
    ]
    assert enrolment.data.key == SECRET
    otp_request = service.requests[0]
    assert otp_request.headers["Origin"] == "cug-cms.kotaksecurities.com"
    assert otp_request.headers["Content-Type"] == "application/json"
    assert (
        str(otp_request.url) == "https://lapi.kotaksecurities.com/algo-user/v5/register/otp/send"
    )


def test_login_sends_the_consumer_key_without_bearer_and_the_view_session() -> None:
    service = FakeService()
    login = TotpLogin(CONSUMER_KEY, transport=service.transport(), retry=NO_RETRY)
    view = login.totp_login("9999999999", UCC, "123 456")
    trade = login.totp_validate(MPIN)
    first, second = service.requests
    assert str(first.url) == "https://mis.kotaksecurities.com/login/1.0/tradeApiLogin"
    assert first.headers["Authorization"] == CONSUMER_KEY
    assert first.headers["neo-fin-key"] == "neotradeapi"
    assert json.loads(first.content) == {"mobileNumber": MOBILE, "ucc": UCC, "totp": "123456"}
    assert second.headers["Authorization"] == CONSUMER_KEY
    assert second.headers["Auth"] == "view-token-canary-3"
    assert second.headers["sid"] == "view-sid-canary-4"
    assert json.loads(second.content) == {"mpin": MPIN}
    assert (view.kind, trade.kind) == ("View", "Trade")
    assert trade.token == "trade-token-canary-5"
    assert trade.sid == "trade-sid-canary-6"
    assert trade.rid == "rid-canary-77"
    assert trade.base_url == "https://e22.kotaksecurities.com"
    assert (trade.server_id, trade.data_center, trade.ucc) == ("server1", "E22", UCC)
    assert trade.raw.to_dict()["data"]["greetingName"] == "GREETING CANARY"


@pytest.mark.parametrize(
    ("setup", "step", "message"),
    [
        ([], lambda uv: uv.verify_otp("1234"), "send_otp"),
        ([], lambda uv: uv.totp_verify_user(UCC), "send_otp"),
        ([], lambda uv: uv.totp_registration("123456"), "totp_verify_user"),
        ([], lambda uv: uv.totp_de_register(MPIN, UCC), "send_otp"),
        (["send_otp"], lambda uv: uv.totp_verify_user(UCC), "verify_otp"),
    ],
)
def test_a_step_out_of_order_raises_flow_error_and_sends_nothing(setup, step, message) -> None:
    service = FakeService()
    uv = registration(service)
    for name in setup:
        getattr(uv, name)()
    sent_before = len(service.requests)
    with pytest.raises(FlowError) as caught:
        step(uv)
    assert message in str(caught.value)
    assert "Nothing was sent" in str(caught.value)
    assert len(service.requests) == sent_before


def test_validate_before_login_is_a_flow_error() -> None:
    service = FakeService()
    with pytest.raises(FlowError):
        TotpLogin(CONSUMER_KEY, transport=service.transport()).totp_validate(MPIN)
    assert service.requests == []


def test_the_qr_code_expires_locally_after_120_seconds() -> None:
    service, clock = FakeService(), Clock()
    uv = registration(service, clock=clock)
    uv.send_otp()
    uv.verify_otp("1234")
    uv.totp_verify_user(UCC)
    assert uv.qr_seconds_left == 120.0
    clock.now += 119.5
    assert uv.qr_seconds_left == 0.5
    clock.now += 1
    with pytest.raises(QrCodeExpiredError):
        uv.totp_registration("123456")
    assert service.calls["totp_registration"] == 0
    # A new enrolment gives a new QR code, and registration works again.
    uv.totp_verify_user(UCC)
    uv.totp_registration("123456")
    assert service.calls["totp_registration"] == 1


def test_after_an_error_the_same_step_can_be_tried_again() -> None:
    service = FakeService()
    wrong = httpx.Response(400, json={"error": [{"code": "400", "message": "Invalid OTP"}]})
    good = httpx.Response(200, json={"data": {"uccInfo": [{"ucc": UCC}]}})
    service.script("verify_otp", wrong, good)
    uv = registration(service)
    uv.send_otp()
    with pytest.raises(InvalidRequestError):
        uv.verify_otp("1111")
    with pytest.raises(FlowError):
        uv.totp_verify_user(UCC)  # still not verified
    uv.verify_otp("2222")
    uv.totp_verify_user(UCC)
    assert [b["code"] for b in service.bodies("verify_otp")] == ["1111", "2222"]


def test_a_new_send_otp_starts_over() -> None:
    service = FakeService()
    uv = registration(service)
    uv.send_otp()
    uv.verify_otp("1234")
    uv.send_otp(resend=True)
    with pytest.raises(FlowError):
        uv.totp_verify_user(UCC)
    assert service.bodies("send_otp")[1] == {"mobile": MOBILE, "resend": True}


@pytest.mark.parametrize(
    "call",
    [
        lambda uv: uv.verify_otp("12"),
        lambda uv: uv.verify_otp(1234),
        lambda uv: uv.totp_verify_user("AB-12"),
        lambda uv: uv.totp_verify_user(""),
        lambda uv: uv.totp_registration("12345"),
        lambda uv: uv.totp_registration("abcdef"),
        lambda uv: uv.totp_de_register("12", UCC),
        lambda uv: uv.send_otp(resend="yes"),
    ],
)
def test_bad_input_is_refused_before_anything_is_sent(call) -> None:
    service = FakeService()
    uv = registration(service)
    with pytest.raises(InputValidationError) as caught:
        call(uv)
    assert isinstance(caught.value, ValueError)
    assert service.requests == []


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("+919999999999", "+919999999999"),
        ("9999999999", "+919999999999"),
        ("09999999999", "+919999999999"),
        ("919999999999", "+919999999999"),
        ("+91 99999-99999", "+919999999999"),
        ("+14155550123", "+14155550123"),
    ],
)
def test_mobile_numbers_are_normalised(raw: str, normalised: str) -> None:
    assert UserVerification(raw).mobile_number == normalised


@pytest.mark.parametrize(
    "raw", ["12345", "+0123456789", "phone", "", "+91999999999999999", 9999999999]
)
def test_bad_mobile_numbers_are_refused(raw: object) -> None:
    with pytest.raises(InputValidationError) as caught:
        UserVerification(raw)  # type: ignore[arg-type]
    assert "+919999999999" in str(caught.value)


def test_a_numeric_ucc_warns_that_it_looks_like_the_client_id() -> None:
    from neo_auth import UccLooksNumericWarning

    service = FakeService()
    uv = registration(service)
    uv.send_otp()
    uv.verify_otp("1234")
    with pytest.warns(UccLooksNumericWarning, match="numeric client id"):
        uv.totp_verify_user("12345678")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"consumer_key": "Bearer abc"}, "Bearer"),
        ({"consumer_key": ""}, "consumer key"),
        ({"consumer_key": "ab\ncd"}, "consumer key"),
        ({"consumer_key": "ok", "neo_fin_key": ""}, "neo-fin-key"),
        ({"consumer_key": "ok", "base_url": "ftp://x"}, "http(s) URL"),
        ({"consumer_key": "ok", "timeout": -1}, "timeout"),
        ({"consumer_key": "ok", "retry": 3}, "RetryPolicy"),
    ],
)
def test_bad_login_settings_are_refused(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(InputValidationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        TotpLogin(**kwargs)  # type: ignore[arg-type]


def test_login_refuses_a_bad_secret_mpin_or_code_before_sending() -> None:
    service = FakeService()
    login = TotpLogin(CONSUMER_KEY, transport=service.transport())
    for call in (
        lambda: login.login(MOBILE, UCC, MPIN, "not-base32!"),
        lambda: login.login(MOBILE, UCC, MPIN, "123456"),
        lambda: login.login(MOBILE, UCC, "12", SECRET),
        lambda: login.totp_login(MOBILE, UCC, "12345"),
    ):
        with pytest.raises(InputValidationError):
            call()
    assert service.requests == []


def test_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    service = FakeService()
    monkeypatch.setenv("NEO_AUTH_BASE_URL", "http://127.0.0.1:8765/")
    registration(service).send_otp()
    TotpLogin(CONSUMER_KEY, transport=service.transport()).totp_login(MOBILE, UCC, "123456")
    assert [str(r.url) for r in service.requests] == [
        "http://127.0.0.1:8765/algo-user/v5/register/otp/send",
        "http://127.0.0.1:8765/login/1.0/tradeApiLogin",
    ]
    service.requests.clear()
    UserVerification(
        MOBILE, base_url="http://localhost:1", transport=service.transport()
    ).send_otp()
    assert str(service.requests[0].url).startswith("http://localhost:1/")


def test_an_injected_client_is_used_and_left_open() -> None:
    service = FakeService()
    client = httpx.Client(transport=service.transport(), headers={"X-Trace": "1"})
    with UserVerification(MOBILE, httpx_client=client) as uv:
        uv.send_otp()
    assert service.requests[0].headers["X-Trace"] == "1"
    assert not client.is_closed
    client.close()


class _Boundary:
    """A wall clock 29.5 s into a step, moving only when the SDK sleeps."""

    def __init__(self) -> None:
        self.now = 1_700_000_009.5  # 29.5 s into its 30 s step

    def __call__(self) -> float:
        return self.now


def test_login_retries_once_with_the_next_code_at_a_step_boundary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pyotp

    clock = _Boundary()
    monkeypatch.setattr(
        "neo_auth.drivers.sleep", lambda seconds: setattr(clock, "now", clock.now + seconds)
    )
    service = FakeService()
    refused = httpx.Response(400, json={"error": [{"code": "400", "message": "Invalid TOTP"}]})
    service.script(
        "totp_login", refused, httpx.Response(200, json={"data": {"token": "t", "sid": "s"}})
    )
    login = TotpLogin(CONSUMER_KEY, transport=service.transport(), wall_clock=clock)
    session = login.login(MOBILE, UCC, MPIN, SECRET)
    codes = [b["totp"] for b in service.bodies("totp_login")]
    totp = pyotp.TOTP(SECRET)
    assert codes == [totp.at(1_700_000_009.5), totp.at(1_700_000_010.1)]
    assert codes[0] != codes[1]
    assert session.kind == "Trade"


@pytest.mark.parametrize("status", [200, 401])
def test_login_retries_at_the_boundary_when_the_refusal_is_the_documented_body(
    monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    import pyotp

    clock = _Boundary()
    monkeypatch.setattr(
        "neo_auth.drivers.sleep", lambda seconds: setattr(clock, "now", clock.now + seconds)
    )
    service = FakeService()
    refused = httpx.Response(
        status,
        json={"status": "error", "message": "Invalid credentials or TOTP.", "errorCode": "401"},
    )
    service.script("totp_login", refused, httpx.Response(200, json=HAPPY["totp_login"][1]))
    login = TotpLogin(CONSUMER_KEY, transport=service.transport(), wall_clock=clock)
    assert login.login(MOBILE, UCC, MPIN, SECRET).kind == "Trade"
    totp = pyotp.TOTP(SECRET)
    assert [b["totp"] for b in service.bodies("totp_login")] == [
        totp.at(1_700_000_009.5),
        totp.at(1_700_000_010.1),
    ]


def test_login_waits_for_the_next_code_once_when_the_code_was_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = _Boundary()
    clock.now -= 20  # mid-step: only "already used" makes it wait
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        clock.now += seconds

    monkeypatch.setattr("neo_auth.drivers.sleep", wait)
    used = httpx.Response(
        401,
        json={"status": "error", "message": "TOTP already used. Wait for the next code.",
              "errorCode": "401"},
    )  # fmt: skip
    service = FakeService()
    service.script("totp_login", used, httpx.Response(200, json=HAPPY["totp_login"][1]))
    login = TotpLogin(CONSUMER_KEY, transport=service.transport(), wall_clock=clock)
    assert login.login(MOBILE, UCC, MPIN, SECRET).kind == "Trade"
    assert waits == [pytest.approx(20.6)]  # to the next step (9.5 s into this one), + 0.1
    service = FakeService()
    service.script("totp_login", used)  # used again: told, not retried for ever
    login = TotpLogin(CONSUMER_KEY, transport=service.transport(), wall_clock=clock)
    with pytest.raises(AuthenticationError) as refused:
        login.login(MOBILE, UCC, MPIN, SECRET)
    assert refused.value.reason == "code_used"
    assert service.calls["totp_login"] == 2


def test_login_does_not_wait_past_its_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _Boundary()
    clock.now -= 20
    monkeypatch.setattr("neo_auth.drivers.sleep", lambda seconds: pytest.fail("waited"))
    used = httpx.Response(
        401, json={"status": "error", "message": "TOTP already used.", "errorCode": "401"}
    )
    service = FakeService()
    service.script("totp_login", used)
    login = TotpLogin(CONSUMER_KEY, transport=service.transport(), wall_clock=clock, timeout=5)
    with pytest.raises(AuthenticationError):
        login.login(MOBILE, UCC, MPIN, SECRET)
    assert service.calls["totp_login"] == 1


def test_login_does_not_retry_a_code_refused_mid_step() -> None:
    service = FakeService()
    refused = httpx.Response(400, json={"error": [{"code": "400", "message": "Invalid TOTP"}]})
    service.script("totp_login", refused)
    login = TotpLogin(
        CONSUMER_KEY, transport=service.transport(), wall_clock=lambda: 1_700_000_005.0
    )
    with pytest.raises(InvalidRequestError):
        login.login(MOBILE, UCC, MPIN, SECRET)
    assert service.calls["totp_login"] == 1


def test_timeouts_default_or_given_and_an_injected_clients_own_are_kept() -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        status, body = HAPPY["send_otp"]
        return httpx.Response(status, json=body)

    transport = httpx.MockTransport(handler)
    UserVerification(MOBILE, transport=transport).send_otp()
    UserVerification(MOBILE, transport=transport, timeout=3).send_otp()
    injected = httpx.Client(transport=transport, timeout=httpx.Timeout(1.5))
    UserVerification(MOBILE, httpx_client=injected).send_otp()
    UserVerification(MOBILE, httpx_client=injected, timeout=4).send_otp()
    # Each phase as set, never beyond the time left of the call (a hair under the
    # whole-call timeout for the first request).
    assert [(t["connect"], t["read"]) for t in seen] == [
        (5.0, 15.0),
        (pytest.approx(3.0, abs=0.1), pytest.approx(3.0, abs=0.1)),
        (1.5, 1.5),
        (pytest.approx(4.0, abs=0.1), pytest.approx(4.0, abs=0.1)),
    ]
