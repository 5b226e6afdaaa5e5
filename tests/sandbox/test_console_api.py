"""The console's own endpoints, without a browser: what they serve (no secret but the
phone's own codes), what they refuse (a control action without the start's token, a
foreign Host), the live event stream, and accounts saved to the accounts file."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyotp
import pytest

from neo_auth import TotpLogin, UserVerification
from neo_auth.sandbox import (
    DEFAULT_ACCOUNT,
    TOKEN_HEADER,
    SandboxConfig,
    SandboxServer,
    load_accounts,
)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OTHER = dataclasses.replace(
    DEFAULT_ACCOUNT, mobile="+918888888888", uccs=(("SBX02", "NEO"),), totp_secret=SECRET
)


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(accounts=(DEFAULT_ACCOUNT, OTHER))) as running:
        yield running


def test_the_console_page_and_its_files_are_served_from_the_package(
    server: SandboxServer,
) -> None:
    page = httpx.get(server.console_url)
    assert page.status_code == 200
    assert server.control_token in page.text  # the page carries this start's token
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert 'src="http' not in page.text  # nothing from a CDN: every file is the sandbox's
    assert 'href="http' not in page.text
    for name, kind in (("app.js", "javascript"), ("app.css", "css"), ("icon.svg", "svg")):
        asset = httpx.get(f"{server.base_url}/_sandbox/console/{name}")
        assert asset.status_code == 200
        assert kind in asset.headers["content-type"]
        assert "https://" not in asset.text
    assert httpx.get(f"{server.base_url}/_sandbox/console/__init__.py").status_code == 404


def test_no_secret_in_any_json_but_the_phone_s_own_codes(server: SandboxServer) -> None:
    with UserVerification(DEFAULT_ACCOUNT.mobile, base_url=server.base_url) as uv:
        uv.send_otp()
        otp = server.state.latest_otp(DEFAULT_ACCOUNT.mobile)
        uv.verify_otp(otp)
        enrolment = uv.totp_verify_user("SBX01")
    with TotpLogin(OTHER.consumer_key, base_url=server.base_url) as neo:
        session = neo.login(OTHER.mobile, "SBX02", OTHER.mpin, SECRET)
    handle = server.state.phone(DEFAULT_ACCOUNT.mobile)["pending"][0]["handle"]
    scanned = httpx.post(
        f"{server.base_url}/_sandbox/enrolments/scan",
        json={"handle": handle},
        headers={TOKEN_HEADER: server.control_token},
    )
    assert scanned.json() == {"scanned": True}
    served = "".join(
        httpx.get(f"{server.base_url}{path}").text
        for path in (
            "/_sandbox/state", "/_sandbox/requests", "/",
            f"/_sandbox/phone/{DEFAULT_ACCOUNT.mobile}", f"/_sandbox/phone/{OTHER.mobile}",
        )
    )  # fmt: skip
    canaries = [
        session.token, session.sid, session.rid, enrolment.data.key, enrolment.data.session_id,
        enrolment.data.uri, SECRET, DEFAULT_ACCOUNT.mpin, OTHER.mpin, DEFAULT_ACCOUNT.consumer_key,
        DEFAULT_ACCOUNT.pan,
    ]  # fmt: skip
    assert all(canaries)
    assert [c for c in canaries if c in served] == []
    state = httpx.get(f"{server.base_url}/_sandbox/state").json()
    phone = {
        a["mobile"]: httpx.get(f"{server.base_url}/_sandbox/phone/{a['mobile']}").json()
        for a in state["accounts"]
    }
    assert phone[DEFAULT_ACCOUNT.mobile]["inbox"][0]["otp"] == otp  # the SMS, as a phone shows it
    codes = {e["label"]: e["code"] for p in phone.values() for e in p["authenticator"]}
    now = server.state.now()
    assert codes["KOTAK-NEO:SBX01"] == pyotp.TOTP(enrolment.data.key).at(now)  # scanned
    assert codes["KOTAK-NEO:SBX02"] == pyotp.TOTP(SECRET).at(now)  # registered
    (live,) = state["sessions"]
    assert live["token"].endswith("chars)")  # masked as the SDK masks


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/_sandbox/sessions/revoke", {}),
        ("/_sandbox/faults", {"operation": "totpLogin", "fault": "503", "times": 1}),
        ("/_sandbox/faults/clear", {}),
        ("/_sandbox/enrolments/scan", {"handle": "x"}),
        ("/_sandbox/accounts", {"mobile": "+917777777777", "ucc": "NEW01", "mpin": "1234"}),
        ("/_sandbox/reset", {}),
    ],
)
def test_every_control_action_needs_the_token(
    server: SandboxServer, path: str, body: dict
) -> None:
    for headers in ({}, {TOKEN_HEADER: "a-guess"}, {"Origin": "https://evil.example"}):
        refused = httpx.post(server.base_url + path, json=body, headers=headers)
        assert refused.status_code == 403, (path, headers)
        assert refused.json()["error"][0]["code"] == "403"
    assert server.state.faults.armed() == []
    assert len(server.state.accounts()) == 2


def test_a_foreign_host_name_gets_neither_the_page_nor_an_action(server: SandboxServer) -> None:
    evil = {"Host": "evil.example:8765"}
    page = httpx.get(server.console_url, headers=evil)
    assert page.status_code == 403
    assert server.control_token not in page.text
    action = httpx.post(f"{server.base_url}/_sandbox/reset",
                        headers={**evil, TOKEN_HEADER: server.control_token})  # fmt: skip
    assert action.status_code == 403
    assert httpx.get(server.console_url, headers={"Host": "localhost:1"}).status_code == 200


def test_faults_armed_from_the_console(server: SandboxServer) -> None:
    token = {TOKEN_HEADER: server.control_token}
    url = f"{server.base_url}/_sandbox/faults"
    armed = httpx.post(
        url, json={"operation": "sendOtp", "fault": "503", "times": 2}, headers=token
    )
    assert armed.json()["armed"] == [{"operation": "sendOtp", "fault": "503", "times": 2}]
    for bad in (
        {"operation": "nope", "fault": "503"},
        {"operation": "sendOtp", "fault": "boom"},
        {"operation": "sendOtp", "fault": "503", "times": 0},
    ):
        assert httpx.post(url, json=bad, headers=token).status_code == 400
    with UserVerification(DEFAULT_ACCOUNT.mobile, base_url=server.base_url) as uv:
        uv.send_otp()  # two 503s retried
    statuses = [
        r["status"] for r in httpx.get(f"{server.base_url}/_sandbox/requests").json()["requests"]
    ]
    assert statuses[-3:] == [503, 503, 201]


def test_the_event_stream_tells_of_changes(server: SandboxServer) -> None:
    seen: list[dict] = []
    ready = threading.Event()

    def listen() -> None:
        with httpx.stream("GET", f"{server.base_url}/_sandbox/events", timeout=10) as stream:
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))
                    ready.set()
                    if any("otps" in event["changed"] for event in seen):
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert ready.wait(5)
    assert seen[0] == {"changed": ["all"]}  # on connect: fetch everything
    with UserVerification(DEFAULT_ACCOUNT.mobile, base_url=server.base_url) as uv:
        uv.send_otp()
    listener.join(5)
    assert {"otps", "requests"} <= set(seen[-1]["changed"])


def test_accounts_added_in_the_console_are_saved_to_the_accounts_file(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.json"
    config = SandboxConfig(accounts_file=accounts)
    with SandboxServer(config) as server:
        added = httpx.post(
            f"{server.base_url}/_sandbox/accounts",
            json={"mobile": "+917777777777", "ucc": "new01", "mpin": "2468"},
            headers={TOKEN_HEADER: server.control_token},
        )
        assert added.json() == {"added": "+917777777777", "saved": True}
        bad = httpx.post(
            f"{server.base_url}/_sandbox/accounts",
            json={"mobile": "12", "ucc": "X", "mpin": "1"},
            headers={TOKEN_HEADER: server.control_token},
        )
        assert bad.status_code == 400
    (saved,) = load_accounts(accounts)
    assert (saved.mobile, saved.uccs, saved.mpin) == ("+917777777777", (("NEW01", "NEO"),), "2468")
    assert accounts.stat().st_mode & 0o077 == 0  # it holds MPINs


def test_the_state_stays_small_with_many_accounts() -> None:
    from neo_auth.sandbox import Account

    many = tuple(
        Account(mobile=f"+9170{n:08d}", uccs=((f"M{n:05d}", "NEO"),), mpin="1234",
                consumer_key="sandbox-consumer-key", totp_secret=SECRET)
        for n in range(3000)
    )  # fmt: skip
    with SandboxServer(SandboxConfig(accounts=many)) as server:
        with UserVerification(many[2500].mobile, base_url=server.base_url) as uv:
            uv.send_otp()
        state = httpx.get(f"{server.base_url}/_sandbox/state").json()
        assert state["account_count"] == 3000
        assert len(state["accounts"]) == 200
        assert state["accounts"][0]["mobile"] == many[2500].mobile  # the busy one first
        assert httpx.get(f"{server.base_url}/_sandbox/phone/+910000000000").status_code == 404
