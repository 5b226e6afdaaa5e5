"""Both flows, through the public API, against the sandbox: sync over real HTTP on
127.0.0.1, async in-process; codes read from the outbox and computed from the key."""

from __future__ import annotations

import logging

import httpx
import pyotp
import pytest

from neo_auth import (
    AsyncTotpLogin,
    AsyncUserVerification,
    AuthenticationError,
    InvalidRequestError,
    NetworkError,
    QrCodeExpiredError,
    RateLimitedError,
    RetryPolicy,
    TotpLogin,
    UserVerification,
)
from neo_auth.sandbox import DEFAULT_ACCOUNT, ManualClock, SandboxConfig, SandboxServer

MOBILE, UCC, MPIN, KEY = (
    DEFAULT_ACCOUNT.mobile,
    DEFAULT_ACCOUNT.uccs[0][0],
    DEFAULT_ACCOUNT.mpin,
    DEFAULT_ACCOUNT.consumer_key,
)


def test_the_whole_story_over_http() -> None:
    clock = ManualClock()
    with SandboxServer(SandboxConfig(clock=clock)) as server:
        with UserVerification(MOBILE, base_url=server.base_url) as uv:
            uv.send_otp()
            otp = server.state.latest_otp(MOBILE)
            verified = uv.verify_otp(otp)
            assert [info.ucc for info in verified.data.ucc_info] == [UCC]
            enrolment = uv.totp_verify_user(UCC)
            secret = enrolment.data.key
            assert enrolment.data.issuer == "KOTAK-NEO"
            assert enrolment.data.uri.startswith("otpauth://totp/KOTAK-NEO:")
            assert 0 < uv.qr_seconds_left <= 120
            uv.totp_registration(pyotp.TOTP(secret).at(clock.now()))
        clock.advance(30)  # the code that registered is spent
        with TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as login:
            session = login.login(MOBILE, UCC, MPIN, secret)
            assert str(login.client_ip(session)) == "127.0.0.1"
        assert session.kind == "Trade"
        assert session.base_url == server.base_url  # trading calls go to the sandbox too
        assert session.raw.data.rc_flag == 0
        assert session.raw.data.feed_url.startswith("wss://")
        assert len(session.token) > 40
        # The outbox is readable over HTTP too.
        outbox = httpx.get(f"{server.base_url}/_sandbox/outbox/{MOBILE}").json()
        assert outbox["messages"][-1]["otp"] == otp
        # De-registration rides on a new, verified OTP session and the MPIN.
        with UserVerification(MOBILE, base_url=server.base_url) as uv:
            uv.send_otp(resend=True)
            with pytest.raises(InvalidRequestError, match="not verified"):
                uv.totp_de_register(MPIN, UCC)
            uv.verify_otp(server.state.latest_otp(MOBILE))
            assert uv.totp_de_register(MPIN, UCC).data.msg == "TOTP deregistered successfully"
        clock.advance(30)
        with (
            TotpLogin(KEY, base_url=server.base_url, wall_clock=clock.now) as login,
            pytest.raises(AuthenticationError) as refused,
        ):
            login.login(MOBILE, UCC, MPIN, secret)
        assert refused.value.reason == "totp_not_registered"


async def test_the_whole_story_async_in_process(asgi, app, clock: ManualClock) -> None:
    state = app.state.sandbox
    async with AsyncUserVerification(MOBILE, base_url="http://sandbox", transport=asgi) as uv:
        await uv.send_otp()
        await uv.verify_otp(state.latest_otp(MOBILE))
        enrolment = await uv.totp_verify_user(UCC)
        totp = pyotp.TOTP(enrolment.data.key)
        await uv.totp_registration(totp.at(clock.now()))
    clock.advance(30)
    async with AsyncTotpLogin(
        KEY, base_url="http://sandbox", transport=asgi, wall_clock=clock.now
    ) as login:
        view = await login.totp_login(MOBILE, UCC, totp.at(clock.now()))
        trade = await login.totp_validate(MPIN)
    assert (view.kind, trade.kind) == ("View", "Trade")
    assert view.sid == trade.sid
    assert view.token != trade.token


async def test_wrong_codes_expiry_replay_and_lockout(asgi, app, clock: ManualClock) -> None:
    state = app.state.sandbox
    uv = AsyncUserVerification(MOBILE, base_url="http://sandbox", transport=asgi, clock=clock.now)
    await uv.send_otp()
    otp = state.latest_otp(MOBILE)
    wrong = "0000" if otp != "0000" else "1111"
    with pytest.raises(InvalidRequestError, match="2 attempt"):
        await uv.verify_otp(wrong)
    await uv.verify_otp(otp)  # the object is still usable after the error
    enrolment = await uv.totp_verify_user(UCC)
    totp = pyotp.TOTP(enrolment.data.key)
    with pytest.raises(InvalidRequestError, match="Invalid TOTP"):
        await uv.totp_registration(totp.at(clock.now() + 300))
    clock.advance(121)
    with pytest.raises(QrCodeExpiredError):  # known locally: nothing is sent
        await uv.totp_registration(totp.at(clock.now()))
    enrolment = await uv.totp_verify_user(UCC)  # a fresh QR code
    totp = pyotp.TOTP(enrolment.data.key)
    await uv.totp_registration(totp.at(clock.now()))

    login = AsyncTotpLogin(KEY, base_url="http://sandbox", transport=asgi)
    with pytest.raises(AuthenticationError, match="already used"):  # spent registering
        await login.totp_login(MOBILE, UCC, totp.at(clock.now()))
    clock.advance(30)
    code = totp.at(clock.now())
    await login.totp_login(MOBILE, UCC, code)
    with pytest.raises(AuthenticationError, match="already used") as used:
        await login.totp_login(MOBILE, UCC, code)
    assert used.value.reason == "code_used"
    clock.advance(30)
    await login.totp_login(MOBILE, UCC, totp.at(clock.now()))
    with pytest.raises(AuthenticationError, match="Invalid MPIN") as wrong:
        await login.totp_validate("000000")
    assert (wrong.value.code, wrong.value.reason) == ("401", "mpin_refused")
    await login.totp_validate(MPIN)
    with pytest.raises(AuthenticationError):  # the view session was used up
        await login.totp_validate(MPIN)
    bad_key = AsyncTotpLogin("wrong-key", base_url="http://sandbox", transport=asgi)
    with pytest.raises(AuthenticationError) as caught:
        await bad_key.totp_login(MOBILE, UCC, totp.at(clock.now()))
    assert caught.value.code == "900901"


async def test_the_server_says_when_the_qr_code_expired(asgi, app, clock: ManualClock) -> None:
    # A client whose own clock is behind still gets a QrCodeExpiredError from the server.
    uv = AsyncUserVerification(MOBILE, base_url="http://sandbox", transport=asgi)
    await uv.send_otp()
    await uv.verify_otp(app.state.sandbox.latest_otp(MOBILE))
    enrolment = await uv.totp_verify_user(UCC)
    clock.advance(200)
    with pytest.raises(QrCodeExpiredError):
        await uv.totp_registration(pyotp.TOTP(enrolment.data.key).at(clock.now()))


async def test_otp_lockout_and_resend_rules(asgi, app, clock: ManualClock) -> None:
    state = app.state.sandbox
    uv = AsyncUserVerification(
        MOBILE, base_url="http://sandbox", transport=asgi, retry=RetryPolicy(max_attempts=1)
    )
    await uv.send_otp()
    with pytest.raises(RateLimitedError) as caught:
        await uv.send_otp()  # again at once, without resend
    assert 1 <= caught.value.retry_after <= 30
    otp = state.latest_otp(MOBILE)
    wrong = "0000" if otp != "0000" else "1111"
    for _ in range(3):
        with pytest.raises(InvalidRequestError):
            await uv.verify_otp(wrong)
    with pytest.raises(InvalidRequestError, match="locked"):
        await uv.verify_otp(otp)
    await uv.send_otp(resend=True)
    await uv.verify_otp(state.latest_otp(MOBILE))
    assert len(state.outbox(MOBILE)) == 2


async def test_unknown_numbers_and_uccs_are_refused(asgi, app) -> None:
    uv = AsyncUserVerification("+919000000001", base_url="http://sandbox", transport=asgi)
    with pytest.raises(InvalidRequestError, match="not registered"):
        await uv.send_otp()
    uv = AsyncUserVerification(MOBILE, base_url="http://sandbox", transport=asgi)
    await uv.send_otp()
    await uv.verify_otp(app.state.sandbox.latest_otp(MOBILE))
    with pytest.raises(InvalidRequestError, match="UCC"):
        await uv.totp_verify_user("ZZZ99")


def test_faults_over_http(server: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("neo_auth.drivers.sleep", lambda seconds: None)
    server.state.inject_fault("503", operation="sendOtp", times=2)
    with UserVerification(MOBILE, base_url=server.base_url) as uv:
        uv.send_otp()  # two 503s retried away
    server.state.inject_fault("drop", operation="sendOtp")
    with UserVerification(MOBILE, base_url=server.base_url) as uv, pytest.raises(NetworkError):
        uv.send_otp(resend=True)
    server.state.inject_fault("slow:1", operation="sendOtp")
    with (
        UserVerification(MOBILE, base_url=server.base_url, timeout=0.3) as uv,
        pytest.raises(NetworkError, match=r"took longer than its timeout of 0\.3 s"),
    ):
        uv.send_otp(resend=True)


def test_one_connection_serves_every_step_and_closes_with_the_client(
    server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Watched through httpcore's own connection log: one TCP connect for a whole flow,
    and the connection closed when the `with` block ends."""
    caplog.set_level(logging.DEBUG, logger="httpcore.connection")

    def events(name: str) -> int:
        return sum(record.getMessage().startswith(name) for record in caplog.records)

    with UserVerification(MOBILE, base_url=server.base_url) as uv:
        uv.send_otp()
        uv.verify_otp(server.state.latest_otp(MOBILE))
        uv.totp_verify_user(UCC)
        assert events("connect_tcp.complete") == 1
        assert events("close.started") == 0
    assert events("close.started") == 1
