"""The command line as a new user meets it in the first hour, through the real entry
point in a subprocess: a cache that cannot hand out the wrong session, paths checked
before anything is sent, closed pipes, bad ports, messages, --version, completion, and
no traceback from any command, whatever it is fed."""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, SandboxServer
from tests.registered import ACCOUNT

OTHER = dataclasses.replace(ACCOUNT, mobile="+918888888888")
MOBILE, UCC = ACCOUNT.mobile, "SBX01"
EXIT_CODES = {0, 2, 3, 4, 5, 6}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(accounts=(ACCOUNT, OTHER))) as running:
        yield running


def cli(
    *argv: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "neo_auth", *argv],
        input=stdin, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in EXIT_CODES, (done.returncode, done.stderr)
    return done


def logins(server: SandboxServer) -> int:
    return sum(r["operation"] == "totpLogin" for r in server.app.state.requests.recent())


def login_args(server: SandboxServer, *more: str) -> list[str]:
    return ["login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", server.base_url, *more]


def test_a_cached_session_is_only_for_its_service_number_and_key(
    server: SandboxServer, env: dict[str, str]
) -> None:
    first = cli(*login_args(server, "--cache"), env=env)
    assert first.returncode == 0, first.stderr
    token = json.loads(first.stdout)["token"]
    again = cli(*login_args(server, "--cache"), env=env)
    assert json.loads(again.stdout)["token"] == token
    assert "Reused today's session (logged in at " in again.stderr
    assert " IST)" in again.stderr
    assert logins(server) == 1
    # The real hosts (no --base-url; unreachable from here): never the sandbox's session.
    real = cli("login", "--mobile", MOBILE, "--ucc", UCC, "--cache", "--timeout", "2", env=env)
    assert real.returncode == 6
    assert token not in real.stdout + real.stderr
    down = cli("login", "--mobile", MOBILE, "--ucc", UCC, "--cache",
               "--base-url", "http://127.0.0.1:9", env=env)  # fmt: skip
    assert down.returncode == 6
    assert token not in down.stdout
    other_number = cli(
        "login", "--mobile", OTHER.mobile, "--ucc", UCC, "--cache", "--base-url", server.base_url,
        env=env,
    )  # fmt: skip
    assert other_number.returncode in (0, 3)  # a real login (0, or 3: this step's code used)
    assert token not in other_number.stdout
    wrong_key = cli(
        *login_args(server, "--cache"), env={**env, "NEO_AUTH_CONSUMER_KEY": "other-key"}
    )
    assert wrong_key.returncode == 4
    assert token not in wrong_key.stdout


def test_fresh_and_logout(server: SandboxServer, env: dict[str, str]) -> None:
    first = json.loads(cli(*login_args(server, "--cache"), env=env).stdout)["token"]
    out = cli("logout", "--ucc", UCC, env=env)
    assert out.returncode == 0
    assert "Forgot 1 cached session" in out.stdout
    assert "Forgot 0 cached sessions" in cli("logout", env=env).stdout
    fresh = cli(*login_args(server, "--fresh"), env=env)  # waits for the next code
    assert fresh.returncode == 0, fresh.stderr
    second = json.loads(fresh.stdout)["token"]
    assert second != first
    assert "Logged in:" in fresh.stderr
    assert json.loads(cli(*login_args(server, "--cache"), env=env).stdout)["token"] == second


@pytest.mark.parametrize("where", ["missing/dir/s.json", "."])
def test_output_paths_are_checked_before_anything_is_sent(
    server: SandboxServer, env: dict[str, str], tmp_path: Path, where: str
) -> None:
    target = tmp_path / where if where != "." else tmp_path
    done = cli(*login_args(server, "--out", str(target)), env=env)
    assert done.returncode == 2
    assert "Nothing was sent" in done.stderr
    assert logins(server) == 0
    register = cli(
        "register", "--mobile", MOBILE, "--base-url", server.base_url, "--qr-png", str(target),
        env=env, stdin="",
    )  # fmt: skip
    assert register.returncode == 2
    assert server.state.outbox(MOBILE) == []


def test_a_closed_pipe_ends_quietly(server: SandboxServer, env: dict[str, str]) -> None:
    command = " ".join([sys.executable, "-m", "neo_auth", *login_args(server)]) + " | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.stdout == "{\n"
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
    assert done.returncode == 0


def test_bad_ports_exit_2_before_serving(env: dict[str, str]) -> None:
    done = cli("sandbox", "--port", "99999", env=env)
    assert done.returncode == 2
    assert "--port 99999 is not a port" in done.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = cli("sandbox", "--port", str(port), env=env)
    assert done.returncode == 2
    assert "already in use" in done.stderr
    assert "neo-auth sandbox on" not in done.stdout  # nothing claims to be serving


def test_the_sandbox_command_serves_where_it_says(env: dict[str, str]) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "neo_auth", "sandbox", "--port", "0"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # "neo-auth sandbox on http://...  (Ctrl-C ...)"
        assert first.startswith("neo-auth sandbox on http://127.0.0.1:"), first
        url = first.split()[3]
        answer = httpx.get(f"{url}/_sandbox/outbox/{DEFAULT_ACCOUNT.mobile}", timeout=10)
        assert answer.json() == {"messages": []}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_common_options_before_or_after_the_command(
    server: SandboxServer, env: dict[str, str]
) -> None:
    after = cli(*login_args(server, "--verbose"), env=env)
    assert "totp_login: HTTP 200" in after.stderr
    before = cli("--verbose", "--base-url", server.base_url, "logout", env=env)
    assert before.returncode == 0
    version = cli("--version", env=env)
    assert version.stdout.startswith("neo-auth 0.")


def test_messages_name_flags_and_read_as_sentences(
    server: SandboxServer, env: dict[str, str]
) -> None:
    done = cli("login", "--mobile", "12", "--ucc", UCC, env=env)
    assert done.returncode == 2
    assert "--mobile must be" in done.stderr
    assert "mobile_number" not in done.stderr
    refused = cli(*login_args(server), env={**env, "NEO_AUTH_CONSUMER_KEY": "wrong-key"})
    assert refused.returncode == 4
    assert "Invalid Credentials. The gateway refused the consumer key" in refused.stderr
    numeric = cli("login", "--mobile", MOBILE, "--ucc", "12345", "--base-url", server.base_url,
                  env=env)  # fmt: skip
    assert "warning: --ucc is all digits" in numeric.stderr
    assert ".py:" not in numeric.stderr  # not a warnings.warn rendered raw


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes_commands_and_options(env: dict[str, str]) -> None:
    script = cli("completion", "bash", env=env).stdout

    def complete(*words: str) -> list[str]:
        probe = (
            script
            + f"COMP_WORDS=(neo-auth {' '.join(words)}); COMP_CWORD={len(words)}; _neo_auth; "
            + 'printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert "login" in complete("lo")
    assert "logout" in complete("lo")
    assert set(complete("login", "--")) >= {"--mobile", "--ucc", "--cache", "--fresh", "--verbose"}
    assert complete("doctor", "--js") == ["--json"]
    assert "autoload -U +X bashcompinit" in cli("completion", "zsh", env=env).stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["login", "--mobile", MOBILE, "--ucc", UCC, "--out", "/proc/nope/x.json"],
        ["login", "--mobile", MOBILE, "--ucc", UCC, "--timeout", "-1"],
        ["login", "--mobile", MOBILE, "--ucc", UCC, "--base-url", "ftp://x"],
        ["code"],
        ["logout", "--ucc", "!!"],
        ["deregister", "--mobile", MOBILE, "--ucc", UCC, "--yes"],
        ["register", "--mobile", MOBILE, "--qr-png", "/"],
        ["sandbox", "--port", "-5"],
        ["sandbox", "--accounts", "/no/such/file.json"],
        ["sandbox", "--host", "256.1.1.1", "--port", "0"],
        ["doctor", "--base-url", "http://127.0.0.1:9", "--timeout", "2"],
        ["doctor", "--json", "--base-url", "http://127.0.0.1:9", "--timeout", "2"],
        ["demo", "--out-dir", "/proc/cpuinfo"],
        ["completion", "fish"],
    ],
)
def test_no_command_ends_in_a_traceback(argv: list[str], env: dict[str, str]) -> None:
    done = cli(*argv, env={**env, "NEO_AUTH_TOTP_SECRET": "tooshort"}, stdin="")
    assert done.returncode != 0
    assert done.stderr.strip() or "✗" in done.stdout or '"ok": false' in done.stdout
    for line in done.stderr.splitlines():
        assert not line.startswith("  File "), done.stderr
