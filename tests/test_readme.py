"""Every Python example in the README runs, against a sandbox, as a reader would run it
with NEO_AUTH_BASE_URL pointing at that sandbox."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, SandboxServer
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_the_readme_has_examples_for_both_flows() -> None:
    text = "".join(BLOCKS)
    for name in ("TotpLogin", "AsyncTotpLogin", "UserVerification", "SessionCache", "NeoAuth"):
        assert name in text
    assert README.startswith("# neo-auth\n\n```sh\nmake demo")
    assert "make test" in README.split("\n\n")[1]


@pytest.mark.parametrize("block", BLOCKS, ids=[b.split("\n")[0][:40] for b in BLOCKS])
def test_readme_example_runs(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh sandbox per example, where the test account already has the key registered
    # that the login examples use (the registration example makes its own).
    account = dataclasses.replace(DEFAULT_ACCOUNT, totp_secret=KEY)
    with SandboxServer(SandboxConfig(accounts=(account,))) as sandbox:
        monkeypatch.setenv("NEO_AUTH_BASE_URL", sandbox.base_url)
        namespace = {
            "__name__": "readme",
            "TOTP_SECRET": KEY,
            "CACHE_FILE": tmp_path / "sessions.json",
            "QR_FILE": tmp_path / "qr.png",
            "read_sms": lambda: sandbox.state.latest_otp(account.mobile),
            "sandbox": sandbox,
        }
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    if "UserVerification" in block:
        assert (tmp_path / "qr.png").exists()
        assert namespace["TOTP_SECRET"] != KEY  # the example stored its new key
    if "SessionCache" in block:
        assert (tmp_path / "sessions.json").exists()
    if "NeoAuth" in block:
        assert namespace["again"].status_code == 200
        assert namespace["auth"].logins == 1  # one renewal
    for heading in ("What you need, and where it comes from", "Trading with the session"):
        assert f"## {heading}" in README
