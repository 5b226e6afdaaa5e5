"""Talking to the person at the terminal: prompts, secrets, exit codes, safe files."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from neo_auth.errors import (
    AuthenticationError,
    FlowError,
    InputValidationError,
    InvalidRequestError,
    NeoAuthError,
    RateLimitedError,
)
from neo_auth.files import write_private

__all__ = [
    "EXIT_AUTH",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_RATE_LIMITED",
    "EXIT_REFUSED",
    "EXIT_SERVICE",
    "ask",
    "exit_code_for",
    "report",
    "secret",
    "write_private_json",
]

EXIT_OK = 0
EXIT_INPUT = 2  # bad arguments or input; nothing was sent
EXIT_REFUSED = 3  # the service refused a value (wrong code, MPIN) or a step out of order
EXIT_AUTH = 4  # credentials or session refused
EXIT_RATE_LIMITED = 5  # too many requests: wait and try again
EXIT_SERVICE = 6  # the service failed, timed out or could not be reached


class CliError(Exception):
    """A problem to tell the person about, with the exit code it ends in."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


#: Refusals of a value the person gave (a code, the MPIN, the UCC): exit 3, even when
#: the service says them with a 401 (its documented login errors do).
_VALUE_REFUSALS = frozenset(
    {
        "login_refused",
        "mpin_refused",
        "validate_refused",
        "code_used",
        "code_refused",
        "locked",
        "ucc_not_linked",
        "totp_not_registered",
        "mobile_not_registered",
    }
)


def exit_code_for(error: NeoAuthError) -> int:
    if isinstance(error, InputValidationError):
        return EXIT_INPUT
    if isinstance(error, RateLimitedError):
        return EXIT_RATE_LIMITED
    if error.reason in _VALUE_REFUSALS:
        return EXIT_REFUSED
    if isinstance(error, AuthenticationError):
        return EXIT_AUTH
    if isinstance(error, InvalidRequestError | FlowError):
        return EXIT_REFUSED
    return EXIT_SERVICE


def report(error: NeoAuthError, stream: TextIO | None = None) -> int:
    """Say what went wrong on stderr, in plain words; answer the exit code."""
    print(f"error: {error}", file=stream or sys.stderr)
    return exit_code_for(error)


def ask(prompt: str) -> str:
    """A line from the person (EOF means they gave up)."""
    try:
        return input(prompt).strip()
    except EOFError:
        raise CliError("no input: stopped.") from None


def secret(env: str, prompt: str) -> str:
    """A secret from the environment variable `env`, else typed without echo."""
    value = os.environ.get(env, "").strip()
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"set {env} (secrets are never taken from the command line).")
    try:
        return getpass.getpass(prompt).strip()
    except EOFError:
        raise CliError("no input: stopped.") from None


def write_private_json(path: Path, data: Any) -> None:
    """Write JSON readable by the owner only, atomically (see `neo_auth.files`)."""
    write_private(path, (json.dumps(data, indent=2) + "\n").encode())
