"""`neo-auth doctor` against the sandbox: all ✓ when all is well, and the matching ✗,
fix and exit code for a wrong consumer key, a skewed service clock, a missing or
malformed secret and an unreachable URL, never a secret printed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from neo_auth.sandbox import SandboxConfig, SandboxServer
from tests.registered import ACCOUNT, SECRET


def doctor(*argv: str, env: dict[str, str]) -> tuple[int, dict, str]:
    done = subprocess.run(
        [sys.executable, "-m", "neo_auth", "doctor", "--json", *argv],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    for secret in (ACCOUNT.consumer_key, SECRET, ACCOUNT.mpin):  # the canary
        assert secret not in done.stdout + done.stderr
    return done.returncode, json.loads(done.stdout), done.stdout


def checks(report: dict) -> dict[str, dict]:
    return {check["name"]: check for check in report["checks"]}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(accounts=(ACCOUNT,))) as running:
        yield running


def test_all_pass_against_the_sandbox(server: SandboxServer, env: dict[str, str]) -> None:
    code, report, _ = doctor("--base-url", server.base_url, env=env)
    assert code == 0, report
    assert report["ok"] is True
    found = checks(report)
    assert found["consumer key"]["ok"]
    assert "accepted" in found["consumer key"]["detail"]
    assert found["clock"]["ok"]
    assert "first byte in" in found["base URL answers"]["detail"]
    assert found["secret NEO_AUTH_MPIN"]["detail"] == "set (NEO_AUTH_MPIN), well formed"
    assert not any(r["operation"] == "totpValidate" for r in server.app.state.requests.recent())
    text = subprocess.run(
        [sys.executable, "-m", "neo_auth", "doctor", "--base-url", server.base_url],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "✓ consumer key: accepted" in text.stdout
    assert "All checks passed." in text.stdout


def test_a_wrong_consumer_key_is_told_apart(server: SandboxServer, env: dict[str, str]) -> None:
    code, report, _ = doctor("--base-url", server.base_url,
                             env={**env, "NEO_AUTH_CONSUMER_KEY": "not-the-key"})  # fmt: skip
    assert code == 4
    key = checks(report)["consumer key"]
    assert not key["ok"]
    assert "refused by the gateway (HTTP 401, code 900901)" in key["detail"]
    assert "Neo API dashboard" in key["fix"]


@pytest.mark.parametrize("offset", [120.0, -120.0])
def test_a_skewed_service_clock(env: dict[str, str], offset: float) -> None:
    with SandboxServer(SandboxConfig(accounts=(ACCOUNT,), clock_offset=offset)) as server:
        code, report, _ = doctor("--base-url", server.base_url, env=env)
    assert code == 3
    clock = checks(report)["clock"]
    assert not clock["ok"]
    assert "off by 12" in clock["detail"]  # 119-121: Date has whole seconds
    assert "NTP" in clock["fix"]


def test_a_missing_and_a_malformed_secret(server: SandboxServer, env: dict[str, str]) -> None:
    bad = {**env, "NEO_AUTH_MPIN": "", "NEO_AUTH_TOTP_SECRET": "123456"}
    code, report, _ = doctor("--base-url", server.base_url, env=bad)
    assert code == 2
    found = checks(report)
    assert found["secret NEO_AUTH_MPIN"]["detail"] == "not set"
    assert "Set NEO_AUTH_MPIN" in found["secret NEO_AUTH_MPIN"]["fix"]
    assert found["secret NEO_AUTH_TOTP_SECRET"]["detail"].endswith("malformed")


def test_an_unreachable_url(env: dict[str, str]) -> None:
    code, report, _ = doctor("--base-url", "http://127.0.0.1:9", "--timeout", "2", env=env)
    assert code == 6
    assert not checks(report)["base URL answers"]["ok"]
    code, report, _ = doctor(
        "--base-url", "http://no-such-host.invalid", "--timeout", "5", env=env
    )
    assert code == 6
    assert not checks(report)["base URL resolves"]["ok"]


def test_the_cache_and_todays_session(server: SandboxServer, env: dict[str, str]) -> None:
    login = subprocess.run(
        [sys.executable, "-m", "neo_auth", "login", "--mobile", ACCOUNT.mobile, "--ucc", "SBX01",
         "--base-url", server.base_url, "--cache"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    token = json.loads(login.stdout)["token"]
    code, report, text = doctor(
        "--base-url", server.base_url, "--mobile", ACCOUNT.mobile, "--ucc", "SBX01", env=env
    )
    assert code == 0, report
    today = checks(report)["today's session"]["detail"]
    assert today.startswith("Trade session for SBX01, logged in at ")
    assert "from 127.0.0.1" in today
    assert token not in text
    cache = Path(env["XDG_CONFIG_HOME"]) / "neo-auth" / "sessions.json"
    cache.chmod(0o644)
    code, report, _ = doctor("--base-url", server.base_url, env=env)
    assert code == 2
    assert checks(report)["session cache"]["fix"] == f"chmod 600 {cache}"
