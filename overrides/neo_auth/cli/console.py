"""Talking to the person at the terminal: prompts, secrets, exit codes, safe files.

Everything a command needs from the person (a terminal, the secrets, a place to write)
is checked before anything is sent, so a mistake costs no SMS and no TOTP step.
"""

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
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_RATE_LIMITED",
    "EXIT_REFUSED",
    "EXIT_SERVICE",
    "CliError",
    "ask",
    "exit_code_for",
    "need_terminal",
    "output_path",
    "report",
    "secret",
    "write_private_json",
]

EXIT_OK = 0
EXIT_INPUT = 2  # bad arguments or input; nothing was sent
EXIT_REFUSED = 3  # the service refused a value (a code, the MPIN, the UCC), or a step order
EXIT_AUTH = 4  # credentials or session refused (consumer key, a dead session)
EXIT_RATE_LIMITED = 5  # too many requests or attempts: wait and try again
EXIT_SERVICE = 6  # the service failed, timed out or could not be reached; or a bug
EXIT_INTERRUPTED = 130  # Ctrl-C

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
        "qr_expired",
        "ucc_not_linked",
        "totp_not_registered",
        "mobile_not_registered",
    }
)


class CliError(Exception):
    """A problem to tell the person about, with the exit code it ends in."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


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


def need_terminal(what: str) -> None:
    """Stop (before anything is sent) when there is nobody to answer the prompts."""
    if not sys.stdin.isatty():
        raise CliError(f"{what} asks questions: run it in a terminal. Nothing was sent.")


def ask(prompt: str) -> str:
    """A line from the person (EOF means they gave up)."""
    try:
        return input(prompt).strip()
    except EOFError:
        raise CliError("no input: stopped.") from None


def secret(name: str, prompt: str, *, ucc: str | None = None) -> str:
    """A secret (`consumer_key`, `totp_secret`, `mpin`): its NEO_AUTH_* variable, else
    the keyring entry of `ucc`, else typed without echo; checked (InputValidationError
    naming the variable) before anything is sent."""
    from neo_auth.credentials import ENV_NAMES, VALIDATORS, find_secret

    value, _ = find_secret(name, ucc)
    if not value:
        if not sys.stdin.isatty():
            raise CliError(
                f"set {ENV_NAMES[name]} (secrets are never taken from the command line), or "
                "store it in the keyring. Nothing was sent."
            )
        try:
            value = getpass.getpass(prompt).strip()
        except EOFError:
            raise CliError("no input: stopped.") from None
    return VALIDATORS[name](value, ENV_NAMES[name])


def output_path(value: str, flag: str) -> Path:
    """The file a command will write, checked now: a missing folder or a directory is
    found before anything is sent, not after the login was spent."""
    path = Path(value).expanduser()
    if path.is_dir():
        raise CliError(f"{flag} {value} is a directory: give a file name. Nothing was sent.")
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"{flag}: the folder {folder} does not exist. Nothing was sent.")
    if not os.access(folder, os.W_OK | os.X_OK) or (
        path.exists() and not os.access(path, os.W_OK)
    ):
        raise CliError(f"{flag}: cannot write {path} (permission denied). Nothing was sent.")
    return path


def write_private_json(path: Path, data: Any) -> None:
    """Write JSON readable by the owner only, atomically (see `neo_auth.files`)."""
    try:
        write_private(path, (json.dumps(data, indent=2) + "\n").encode())
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or type(exc).__name__}") from None
