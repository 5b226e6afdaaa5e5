"""The `neo-auth` command as a person or a cron job uses it, against a real sandbox."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from neo_auth.cli import main
from neo_auth.sandbox import SandboxConfig, SandboxServer
from tests.registered import ACCOUNT, SECRET

MOBILE, UCC, MPIN, KEY = ACCOUNT.mobile, ACCOUNT.uccs[0][0], ACCOUNT.mpin, ACCOUNT.consumer_key


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(accounts=(ACCOUNT,))) as running:
        yield running


@pytest.fixture
def secrets_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEO_AUTH_CONSUMER_KEY", KEY)
    monkeypatch.setenv("NEO_AUTH_TOTP_SECRET", SECRET)
    monkeypatch.setenv("NEO_AUTH_MPIN", MPIN)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ([], "Register a TOTP authenticator"),
        (["register"], "authenticator app"),
        (["login"], "never come from the command line"),
        (["code"], "how long it stays valid"),
        (["deregister"], "MPIN"),
        (["sandbox"], "X-Sandbox-Fault"),
        (["demo"], "Start a sandbox on a free loopback port"),
    ],
)
def test_every_command_explains_itself(command, words, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert words in " ".join(capsys.readouterr().out.split())


def test_login_prints_the_session_as_json(server, secrets_env, capsys) -> None:
    assert main(["login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", server.base_url]) == 0
    out, err = capsys.readouterr()
    session = json.loads(out)
    assert session["kind"] == "Trade"
    assert session["base_url"] == server.base_url  # the sandbox serves the trading calls too
    assert "Logged in: Trade session for SBX01" in err
    assert session["token"] not in err  # the summary on stderr is masked


def test_login_out_writes_an_owner_only_file(server, secrets_env, tmp_path, capsys) -> None:
    out = tmp_path / "session.json"
    code = main(
        [
            "login",
            "--mobile",
            MOBILE,
            "--ucc",
            UCC,
            "--base-url",
            server.base_url,
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert json.loads(out.read_text())["kind"] == "Trade"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".session")] == []


def test_login_cache_reuses_todays_session(server, secrets_env, capsys, monkeypatch) -> None:
    argv = ["login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", server.base_url, "--cache"]
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    # The same TOTP step: a second real login would be refused as a replayed code.
    assert main(argv) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["token"] == first["token"]
    cache = Path(os.environ["XDG_CONFIG_HOME"]) / "neo-auth" / "sessions.json"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("env", "exit_code", "words"),
    [
        ({"NEO_AUTH_MPIN": "000000"}, 3, "Invalid MPIN"),
        ({"NEO_AUTH_CONSUMER_KEY": "wrong"}, 4, "Invalid Credentials"),
        ({"NEO_AUTH_TOTP_SECRET": "123456"}, 2, "base32"),
        ({"NEO_AUTH_MPIN": ""}, 2, "set NEO_AUTH_MPIN"),
    ],
)
def test_login_failures_have_distinct_exit_codes(
    server, secrets_env, monkeypatch, capsys, env, exit_code, words
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert (
        main(["login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", server.base_url])
        == exit_code
    )
    out, err = capsys.readouterr()
    assert words in err
    assert out == ""


def test_rate_limits_and_service_faults_have_their_exit_codes(
    server, secrets_env, capsys, slept
) -> None:
    server.state.inject_fault("429", operation="totpLogin", times=3)
    argv = ["login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", server.base_url]
    assert main(argv) == 5
    assert slept == [1.0, 1.0]  # Retry-After honoured twice, then given up
    server.state.inject_fault("502-html", operation="totpLogin")
    assert main(argv) == 6
    assert "HTML page" in capsys.readouterr().err


def test_code_prints_the_current_code(secrets_env, capsys) -> None:
    assert main(["code"]) == 0
    out = capsys.readouterr().out
    assert out.split()[0] in {
        pyotp.TOTP(SECRET).now(),
        pyotp.TOTP(SECRET).at(__import__("time").time() - 1),
    }
    assert "more seconds" in out


def test_deregister(server, secrets_env, capsys, monkeypatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: server.state.latest_otp(MOBILE))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert (
        main(
            [
                "deregister",
                "--mobile",
                MOBILE,
                "--ucc",
                UCC,
                "--yes",
                "--base-url",
                server.base_url,
            ]
        )
        == 0
    )
    assert "de-registered" in capsys.readouterr().out
    assert server.state.account(MOBILE).totp_secret is None


def test_verbose_logs_requests_without_secrets(server, secrets_env, capsys) -> None:
    argv = ["--verbose", "login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", server.base_url]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "totp_login: HTTP 200" in err
    session = json.loads(out)
    for value in (session["token"], session["sid"], KEY, MPIN, SECRET):
        assert value not in err


def test_demo_runs_the_whole_story(tmp_path, capsys) -> None:
    assert main(["demo", "--out-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for step in (
        "send_otp()",
        "verify_otp(code)",
        "totp_registration(totp)",
        "totp_validate(mpin)",
        "RateLimitedError",
    ):
        assert step in out
    assert (tmp_path / "totp-qr.png").read_bytes().startswith(b"\x89PNG")
