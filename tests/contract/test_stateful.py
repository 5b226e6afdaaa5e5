"""The spec's links drive schemathesis' state machine through the registration chain
(send -> verify -> verify-user -> register) and the login chain (login -> validate ->
client IP).

Links cannot carry what a person reads off a phone: hooks fill in the OTP from the
sandbox's outbox and the TOTP computed from the enrolment key. The sandbox's checks are
not weakened; the hooks only supply the secrets a real user would have.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyotp
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from neo_auth.sandbox import ManualClock, create_app
from tests.conftest import SPEC_PATH
from tests.contract.accounts import BOT_ACCOUNT, contract_config
from tests.contract.conftest import EXAMPLES, LIVE_URL

pytestmark = pytest.mark.skipif(
    LIVE_URL is not None,
    reason="the stateful suite reads the outbox and moves the clock of an in-process sandbox",
)


class FreshSandbox:
    """An ASGI app that forwards to a sandbox replaced at the start of every scenario."""

    def __init__(self) -> None:
        self.inner: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.inner(scope, receive, send)


SANDBOX = FreshSandbox()
REACHED: Counter[tuple[str, int]] = Counter()  # (operationId, status) -> answers seen
schema = schemathesis.openapi.from_path(SPEC_PATH)
schema.app = SANDBOX
ACCOUNTS = {account.mobile: account for account in contract_config().accounts}


class RegistrationAndLogin(schema.as_state_machine()):  # type: ignore[misc]
    """Remembers what a person would know between steps, and supplies it."""

    def setup(self) -> None:
        # A fresh sandbox on a still clock per scenario: Hypothesis replays scenarios and
        # needs the same answers to the same steps.
        self.clock = ManualClock(start=1_800_000_000.0)
        config = contract_config()
        config.clock = self.clock
        SANDBOX.inner = create_app(config)
        self.state = SANDBOX.inner.state.sandbox
        self.otp_mobiles: dict[str, str] = {}  # OTP sessionId -> mobile
        self.enrolments: dict[str, tuple[str, str]] = {}  # sessionID -> (key, mobile)
        self.registered = {BOT_ACCOUNT.mobile: BOT_ACCOUNT.totp_secret}  # mobile -> key
        self.logged_in = ""  # the mobile of the last successful login

    def before_call(self, case: schemathesis.Case) -> None:
        body: Any = case.body
        meta = case.meta
        if not isinstance(body, dict) or meta is None or meta.generation.mode.name != "POSITIVE":
            return  # negative cases go as generated: the sandbox must refuse them
        operation = case.operation.definition.raw["operationId"]
        if operation == "sendOtp" and body.get("mobile") not in ACCOUNTS:
            body["mobile"] = list(ACCOUNTS)[len(self.otp_mobiles) % len(ACCOUNTS)]
        elif operation == "verifyOtp":
            if self.state.outbox(body.get("mobile", "")):
                body["code"] = self.state.latest_otp(body["mobile"])  # read off the phone
        elif operation in ("totpVerifyUser", "totpDeregister"):
            account = ACCOUNTS.get(self.otp_mobiles.get(body.get("sessionId", ""), ""))
            if account is not None:
                body["ucc"] = account.uccs[0][0]
        elif operation == "totpRegister" and body.get("sessionID") in self.enrolments:
            key, _ = self.enrolments[body["sessionID"]]
            body["totp"] = pyotp.TOTP(key).at(self.clock.now())  # read off the authenticator app
        elif operation == "totpLogin" and self.registered:
            # The newest registration of this scenario, else the bot's stored key.
            mobile, key = list(self.registered.items())[-1]
            body.update(mobileNumber=mobile, ucc=ACCOUNTS[mobile].uccs[0][0])
            self.clock.advance(30)  # a later login: the previous code is spent
            body["totp"] = pyotp.TOTP(key).at(self.clock.now())
        elif operation == "totpValidate" and self.logged_in:
            body["mpin"] = ACCOUNTS[self.logged_in].mpin
        if operation in ("totpLogin", "totpValidate") and case.headers is not None:
            case.headers["neo-fin-key"] = "neotradeapi"

    def after_call(self, response: Any, case: schemathesis.Case) -> None:
        super().after_call(response, case)
        operation = case.operation.definition.raw["operationId"]
        REACHED[(operation, response.status_code)] += 1
        if not 200 <= response.status_code < 300:
            return
        data = response.json()["data"]
        body: Any = case.body
        if operation == "sendOtp":
            self.otp_mobiles[data["sessionId"]] = body["mobile"]
        elif operation == "totpVerifyUser":
            self.enrolments[data["sessionID"]] = (data["key"], body["mobileNumber"])
        elif operation == "totpRegister":
            key, mobile = self.enrolments[body["sessionID"]]
            self.registered.pop(mobile, None)
            self.registered[mobile] = key
        elif operation == "totpLogin":
            self.logged_in = body["mobileNumber"]
        elif operation == "totpDeregister":
            self.registered.pop(self.otp_mobiles.get(body["sessionId"], ""), None)


TestRegistrationAndLogin = RegistrationAndLogin.TestCase
TestRegistrationAndLogin.settings = settings(
    max_examples=EXAMPLES or 100,
    stateful_step_count=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_the_scenarios_reached_the_end_of_both_chains() -> None:
    """The hooks work: scenarios registered a TOTP and logged in with it (runs after the
    state machine, in file order)."""
    for operation, status in [
        ("sendOtp", 201),
        ("verifyOtp", 200),
        ("totpVerifyUser", 200),
        ("totpRegister", 200),
        ("totpLogin", 200),
        ("totpValidate", 200),
        ("clientIp", 200),
    ]:
        assert REACHED[(operation, status)] > 0, (operation, sorted(REACHED.items()))
