"""The sandbox's HTTP behaviour: input checks, headers, limits, faults, accounts."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from neo_auth.sandbox import (
    DEFAULT_ACCOUNT,
    ManualClock,
    RateLimit,
    SandboxConfig,
    create_app,
    load_accounts,
)

SEND = "/algo-user/v5/register/otp/send"
LOGIN = "/login/1.0/tradeApiLogin"
VALIDATE = "/login/1.0/tradeApiValidate"
MOBILE = DEFAULT_ACCOUNT.mobile


def make_client(config: SandboxConfig) -> httpx.AsyncClient:
    """An HTTP client talking to a sandbox app in-process."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(config)), base_url="http://sandbox"
    )


@pytest.fixture
def client(clock: ManualClock) -> httpx.AsyncClient:
    return make_client(SandboxConfig(clock=clock))


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"not json", "JSON object"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"mobile": MOBILE}).encode(), "Missing required field 'resend'"),
        (json.dumps({"mobile": MOBILE, "resend": "false"}).encode(), "true or false"),
        (json.dumps({"mobile": "9999999999", "resend": False}).encode(), "Invalid value"),
        (json.dumps({"mobile": MOBILE, "resend": False, "x": 1}).encode(), "Unknown field"),
    ],
)
async def test_invalid_input_gets_400_in_the_service_shape(
    client: httpx.AsyncClient, body: bytes, words: str
) -> None:
    answer = await client.post(SEND, content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    (error,) = answer.json()["error"]
    assert words in error["message"]


async def test_login_needs_its_headers(client: httpx.AsyncClient) -> None:
    body = {"mobileNumber": MOBILE, "ucc": "SBX01", "totp": "123456"}
    missing = await client.post(
        LOGIN, json=body, headers={"Authorization": "sandbox-consumer-key"}
    )
    assert missing.status_code == 400
    assert missing.json()["error"][0]["code"] == "10512"
    no_key = await client.post(LOGIN, json=body, headers={"neo-fin-key": "neotradeapi"})
    assert no_key.status_code == 401
    assert no_key.json()["fault"]["code"] == 900901
    bad_view = await client.post(
        VALIDATE,
        json={"mpin": "123456"},
        headers={"Authorization": "sandbox-consumer-key", "neo-fin-key": "neotradeapi",
                 "sid": "nope", "Auth": "nope"},
    )  # fmt: skip
    assert bad_view.status_code == 403
    assert bad_view.json()["errMsg"] == "invalid session token"


async def test_send_otp_answers_201_and_the_outbox_has_the_sms(client: httpx.AsyncClient) -> None:
    answer = await client.post(SEND, json={"mobile": MOBILE, "resend": False})
    assert answer.status_code == 201
    assert answer.json()["data"]["sessionId"]
    messages = (await client.get(f"/_sandbox/outbox/{MOBILE}")).json()["messages"]
    assert len(messages) == 1
    assert messages[0]["otp"].isdigit()
    assert len(messages[0]["otp"]) == 4
    assert messages[0]["sent_at"].endswith("Z")
    assert (await client.get("/_sandbox/outbox/+910000000000")).json() == {"messages": []}


async def test_rate_limit_answers_429_with_retry_after(clock: ManualClock) -> None:
    client = make_client(
        SandboxConfig(clock=clock, rate_limit=RateLimit(2, 60.0), otp_resend_after=0)
    )
    for _ in range(2):
        assert (
            await client.post(SEND, json={"mobile": MOBILE, "resend": True})
        ).status_code == 201
    limited = await client.post(SEND, json={"mobile": MOBILE, "resend": True})
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    clock.advance(60)
    assert (await client.post(SEND, json={"mobile": MOBILE, "resend": True})).status_code == 201


@pytest.mark.parametrize(
    ("fault", "status", "kind"),
    [("503", 503, "json"), ("429", 429, "json"), ("502-html", 502, "html"), ("504", 504, "json")],
)
async def test_fault_header(client: httpx.AsyncClient, fault: str, status: int, kind: str) -> None:
    answer = await client.post(
        SEND, json={"mobile": MOBILE, "resend": False}, headers={"X-Sandbox-Fault": fault}
    )
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith(
        "text/html" if kind == "html" else "application/json"
    )
    acted = len((await client.get(f"/_sandbox/outbox/{MOBILE}")).json()["messages"])
    assert acted == (1 if fault == "504" else 0)  # a 504 comes after the service acted


async def test_configured_faults_apply_to_every_request(clock: ManualClock) -> None:
    client = make_client(SandboxConfig(clock=clock, faults={"sendOtp": "503"}))
    for _ in range(3):
        assert (
            await client.post(SEND, json={"mobile": MOBILE, "resend": False})
        ).status_code == 503


async def test_unknown_fault_is_a_400(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        SEND, json={"mobile": MOBILE, "resend": False}, headers={"X-Sandbox-Fault": "slow:9999"}
    )
    assert answer.status_code == 400


async def test_wrong_method_is_405(client: httpx.AsyncClient) -> None:
    answer = await client.get(SEND)
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "POST"


def test_accounts_file(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"accounts": [
        {"mobile": "+918888888888", "uccs": ["AB1", {"ucc": "AB2", "clientType": "NRI"}],
         "mpin": "1111", "consumer_key": "k2"},
    ]}))  # fmt: skip
    (account,) = load_accounts(path)
    assert account.uccs == (("AB1", "NEO"), ("AB2", "NRI"))
    assert "1111" not in repr(account)
    assert "k2" not in repr(account)
    path.write_text(json.dumps({"accounts": [{"mobile": "+1"}]}))
    with pytest.raises(ValueError, match="needs mobile, uccs"):
        load_accounts(path)


async def test_a_slow_answer_still_reads_its_body(client: httpx.AsyncClient) -> None:
    # Waiting watches for the client going away; that watch must not swallow the body.
    answer = await client.post(
        SEND, json={"mobile": MOBILE, "resend": False}, headers={"X-Sandbox-Fault": "slow:0.2"}
    )
    assert answer.status_code == 201


class _Bound:
    def __init__(self, *address: object) -> None:
        self.address = address

    def getsockname(self) -> tuple[object, ...]:
        return self.address


@pytest.mark.parametrize(
    ("address", "url"),
    [
        (("127.0.0.1", 8765), "http://127.0.0.1:8765"),
        (("::1", 8765, 0, 0), "http://[::1]:8765"),  # a bare IPv6 host is no URL
    ],
)
def test_the_url_of_a_bound_socket(address: tuple[object, ...], url: str) -> None:
    from neo_auth.sandbox.server import base_url

    assert base_url(_Bound(*address)) == url  # type: ignore[arg-type]
