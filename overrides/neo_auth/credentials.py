"""The account's secrets for an unattended login: from the environment first, then the
OS keyring (the optional extra `neo-auth[keyring]`).

A bot that runs from cron keeps its consumer key, TOTP key and MPIN out of its code:

    from neo_auth.credentials import load_credentials
    secrets = load_credentials("ABC12")          # NEO_AUTH_* variables, else the keyring
    session = neo.login(mobile, "ABC12", secrets.mpin, secrets.totp_secret)

The keyring holds them under the service name "neo-auth", one entry per UCC and secret
(`ABC12/totp_secret`); `neo-auth register` offers to store the TOTP key there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from neo_auth import validation
from neo_auth.errors import InputValidationError, NeoAuthError

__all__ = [
    "ENV_NAMES",
    "KEYRING_SERVICE",
    "VALIDATORS",
    "Credentials",
    "KeyringUnavailable",
    "find_secret",
    "keyring_backend",
    "load_credentials",
    "store_secret",
]

KEYRING_SERVICE = "neo-auth"
#: The environment variable of each secret.
ENV_NAMES = {
    "consumer_key": "NEO_AUTH_CONSUMER_KEY",
    "totp_secret": "NEO_AUTH_TOTP_SECRET",
    "mpin": "NEO_AUTH_MPIN",
}
#: How each secret is checked (the name in a message is its variable's).
VALIDATORS = {
    "consumer_key": validation.consumer_key,
    "totp_secret": validation.base32_secret,
    "mpin": validation.mpin,
}


class KeyringUnavailable(NeoAuthError):
    """The keyring library is not installed, or has no usable backend."""

    hint = "pip install 'neo-auth[keyring]' (and a keyring backend for this system)."


@dataclass(frozen=True)
class Credentials:
    """An account's login secrets (none of them in the repr), and where each came from."""

    consumer_key: str = field(repr=False)
    totp_secret: str = field(repr=False)
    mpin: str = field(repr=False)
    sources: dict[str, str] = field(default_factory=dict, compare=False)


def keyring_backend() -> Any | None:
    """The keyring module with a usable backend, or None (not installed or no backend)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring | null.Keyring):
            return None  # nothing could be kept there
    except Exception:  # a broken backend is no backend
        return None
    return keyring


def _known(name: str) -> None:
    if name not in ENV_NAMES:
        raise InputValidationError(f"no such secret: {name!r}; one of {', '.join(ENV_NAMES)}.")


def _entry(ucc: str, name: str) -> str:
    return f"{validation.ucc(ucc).upper()}/{name}"


def find_secret(name: str, ucc: str | None = None) -> tuple[str | None, str]:
    """(value, where it came from) of one secret: the environment variable, else the
    keyring entry of `ucc`; (None, "missing") when neither has it."""
    _known(name)
    value = os.environ.get(ENV_NAMES[name], "").strip()
    if value:
        return value, ENV_NAMES[name]
    if ucc and (keyring := keyring_backend()) is not None:
        try:
            stored = keyring.get_password(KEYRING_SERVICE, _entry(ucc, name))
        except Exception:  # a keyring that fails to answer is one without the secret
            stored = None
        if stored:
            return stored, "keyring"
    return None, "missing"


def store_secret(name: str, ucc: str, value: str) -> None:
    """Keep a secret in the OS keyring under `ucc` (KeyringUnavailable without one)."""
    _known(name)
    value = VALIDATORS[name](value, ENV_NAMES[name])
    keyring = keyring_backend()
    if keyring is None:
        raise KeyringUnavailable("no OS keyring is available")
    try:
        keyring.set_password(KEYRING_SERVICE, _entry(ucc, name), value)
    except Exception as exc:
        raise KeyringUnavailable(
            f"the keyring refused to store it ({type(exc).__name__})"
        ) from None


def load_credentials(ucc: str) -> Credentials:
    """The consumer key, TOTP key and MPIN of `ucc`: each from its NEO_AUTH_* variable,
    else the keyring. Raises InputValidationError naming what is missing or malformed."""
    found: dict[str, str] = {}
    sources: dict[str, str] = {}
    missing = []
    for name in ENV_NAMES:
        value, source = find_secret(name, ucc)
        if value is None:
            missing.append(ENV_NAMES[name])
            continue
        found[name] = VALIDATORS[name](value, ENV_NAMES[name])
        sources[name] = source
    if missing:
        raise InputValidationError(
            f"missing {', '.join(missing)}: set the variable, or store it in the keyring "
            f"(neo-auth register offers to) for {validation.ucc(ucc)}."
        )
    return Credentials(**found, sources=sources)
