"""`neo-auth register` completed by a "person" at a pseudo-terminal: prompts answered,
a wrong code retried, the secret key shown on request."""

from __future__ import annotations

import os
import sys

import pyotp
import pytest

from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxServer
from tests.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def test_a_person_registers_at_a_terminal(tmp_path) -> None:
    with SandboxServer() as server:
        png = tmp_path / "qr.png"
        term = Terminal(
            "register",
            "--mobile",
            "9999999999",
            "--base-url",
            server.base_url,
            "--qr-png",
            str(png),
        )
        term.expect(r"OTP was sent by SMS to \+919999999999")
        term.expect(r"SMS code \(or 'r' to send a new one\): ")
        term.type("0000" if server.state.latest_otp(DEFAULT_ACCOUNT.mobile) != "0000" else "1111")
        term.expect(r"Refused: Invalid OTP")
        term.expect(r"SMS code")
        term.type(server.state.latest_otp(DEFAULT_ACCOUNT.mobile))
        term.expect(r"Client code: SBX01")
        term.expect(r"Scan this QR code")
        term.expect(r"valid for 1[12][0-9] seconds")
        term.expect(r"6-digit code from the app \(\d+ s left; 'k' shows the key.*\): ")
        term.type("k")  # an app that cannot scan: the key, to type in
        key = term.expect(r"Secret key: ([A-Z2-7]+)").group(1)
        term.expect(r"6-digit code from the app")
        term.type("12345")  # a typo: refused before anything is sent
        term.expect(r"That is not the app's code")
        term.expect(r"6-digit code from the app")
        term.type(pyotp.TOTP(key).now())
        term.expect(r"Done: the authenticator is registered for SBX01")
        term.expect(r"Show the secret key once now\?.*\[Y/n\] ")
        term.type("")  # Enter: the default is to show it
        assert term.expect(r"Secret key: ([A-Z2-7]+)").group(1) == key
        term.expect(r"Log in with: NEO_AUTH_TOTP_SECRET=<the key> neo-auth login --mobile")
        assert term.wait() == 0
        assert png.read_bytes().startswith(b"\x89PNG")
        assert server.state.account(DEFAULT_ACCOUNT.mobile).totp_secret == key


def test_register_stores_the_key_in_the_keyring_when_asked(tmp_path) -> None:
    from neo_auth.sandbox import ManualClock, SandboxConfig

    store = tmp_path / "keyring.json"
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.keyring_file.FileKeyring",
        "NEO_AUTH_TEST_KEYRING": str(store),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    with SandboxServer(SandboxConfig(clock=ManualClock())) as server:
        term = Terminal(
            "register", "--mobile", "+919999999999", "--base-url", server.base_url, env=env
        )
        term.expect(r"SMS code")
        term.type(server.state.latest_otp(DEFAULT_ACCOUNT.mobile))
        term.expect(r"6-digit code from the app")
        term.type("k")
        key = term.expect(r"Secret key: ([A-Z2-7]+)").group(1)
        term.expect(r"6-digit code from the app")
        term.type(pyotp.TOTP(key).at(server.state.now()))
        term.expect(r"Store the secret key in the OS keyring.*\[Y/n\] ")
        term.type("y")
        term.expect(r"Stored\. Log in with: neo-auth login --mobile \+919999999999 --ucc SBX01")
        assert term.wait() == 0
    assert key in store.read_text()
    assert "neo-auth|SBX01/totp_secret" in store.read_text()


def test_register_without_a_terminal_sends_nothing(tmp_path) -> None:
    import subprocess

    with SandboxServer() as server:
        done = subprocess.run(
            [sys.executable, "-m", "neo_auth", "register", "--mobile", "+919999999999",
             "--base-url", server.base_url],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 2
        assert "run it in a terminal. Nothing was sent." in done.stderr
        assert server.state.outbox(DEFAULT_ACCOUNT.mobile) == []
