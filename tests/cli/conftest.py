"""What the command-line tests share: the environment of a user whose secrets are set
(and whose config folder and keyring are the test's own, never the machine's)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.registered import ACCOUNT, SECRET


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NEO_AUTH_CONSUMER_KEY": ACCOUNT.consumer_key,
        "NEO_AUTH_TOTP_SECRET": SECRET,
        "NEO_AUTH_MPIN": ACCOUNT.mpin,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "NEO_AUTH_BASE_URL": "",
    }
