"""Secrets for an unattended login: the NEO_AUTH_* variables first, then the OS
keyring, tested with a file-backed keyring, never the machine's own."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from neo_auth import InputValidationError, NeoAuthError
from neo_auth.credentials import (
    KeyringUnavailable,
    find_secret,
    keyring_backend,
    load_credentials,
    store_secret,
)
from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, SandboxServer
from tests.keyring_file import FileKeyring

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NAMES = ("NEO_AUTH_CONSUMER_KEY", "NEO_AUTH_TOTP_SECRET", "NEO_AUTH_MPIN")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "keyring.json"
    monkeypatch.setenv("NEO_AUTH_TEST_KEYRING", str(path))
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


def test_environment_first_then_the_keyring(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_secret("totp_secret", "abc12", SECRET)
    store_secret("mpin", "ABC12", "246810")
    store_secret("consumer_key", "ABC12", "key-from-keyring")
    monkeypatch.setenv("NEO_AUTH_CONSUMER_KEY", "key-from-env")
    found = load_credentials("ABC12")
    assert (found.consumer_key, found.totp_secret, found.mpin) == (
        "key-from-env",
        SECRET,
        "246810",
    )
    assert found.sources == {"consumer_key": "NEO_AUTH_CONSUMER_KEY", "totp_secret": "keyring",
                             "mpin": "keyring"}  # fmt: skip
    for secret in ("key-from-env", SECRET, "246810"):
        assert secret not in repr(found)
    assert "ABC12/totp_secret" in store.read_text()  # one entry per UCC and secret


def test_missing_or_malformed_secrets_are_named_not_shown(store: Path) -> None:
    with pytest.raises(InputValidationError, match="missing NEO_AUTH_CONSUMER_KEY, "):
        load_credentials("ABC12")
    with pytest.raises(InputValidationError, match="NEO_AUTH_MPIN"):
        store_secret("mpin", "ABC12", "12")
    assert find_secret("mpin", "XYZ99") == (None, "missing")
    with pytest.raises(InputValidationError):
        find_secret("password")


def test_without_a_keyring_storing_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        assert keyring_backend() is None
        with pytest.raises(KeyringUnavailable) as caught:
            store_secret("mpin", "ABC12", "246810")
        assert isinstance(caught.value, NeoAuthError)
        assert "neo-auth[keyring]" in str(caught.value)
    finally:
        keyring.set_keyring(previous)


def test_neo_auth_login_reads_the_keyring(tmp_path: Path) -> None:
    account = dataclasses.replace(DEFAULT_ACCOUNT, totp_secret=SECRET)
    path = tmp_path / "keyring.json"
    path.write_text(json.dumps({
        "neo-auth|SBX01/totp_secret": SECRET,
        "neo-auth|SBX01/mpin": account.mpin,
        "neo-auth|SBX01/consumer_key": account.consumer_key,
    }))  # fmt: skip
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "tests.keyring_file.FileKeyring",
           "NEO_AUTH_TEST_KEYRING": str(path), "PYTHONPATH": os.pathsep.join(sys.path),
           "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
    for name in NAMES:
        env.pop(name, None)
    with SandboxServer(SandboxConfig(accounts=(account,))) as server:
        done = subprocess.run(
            [sys.executable, "-m", "neo_auth", "login", "--mobile", account.mobile, "--ucc",
             "SBX01", "--base-url", server.base_url],
            env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["kind"] == "Trade"
        doctor = subprocess.run(
            [sys.executable, "-m", "neo_auth", "doctor", "--json", "--ucc", "SBX01",
             "--base-url", server.base_url],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    report = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert report["secret NEO_AUTH_TOTP_SECRET"]["detail"] == "set (keyring), well formed"
    assert report["keyring"]["detail"] == "available"
    assert SECRET not in doctor.stdout
