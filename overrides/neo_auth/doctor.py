"""`neo-auth doctor`'s checks: what a login needs, looked at one by one, without
logging in.

Each check answers a `Check`: passed or not, what was found, and the fix in one line.
No check prints or returns a secret: secrets are named, never shown. The consumer key
is checked with a login that can neither succeed nor count against an account (an
empty body): the gateway judges the key before the body, so "key refused" and "body
refused" tell the two apart.
"""

from __future__ import annotations

import platform
import socket
import stat
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from neo_auth.errors import InputValidationError
from neo_auth.service_clock import SKEW_THRESHOLD, ServiceClock

__all__ = ["Check", "run_checks"]

_LOGIN_PATH = "/login/1.0/tradeApiLogin"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    #: The exit code this failure ends the command with (see the README).
    exit_code: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _versions() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    from neo_auth import __version__

    found = []
    for name in ("httpx", "attrs", "pyotp"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    ok = sys.version_info >= (3, 11) and not any("missing" in item for item in found)
    return Check(
        "versions",
        ok,
        f"Python {platform.python_version()}, neo-auth {__version__}, {', '.join(found)}",
        "" if ok else "Use Python 3.11 or newer and reinstall neo-auth.",
        exit_code=0 if ok else 2,
    )


def _secrets(ucc: str | None) -> tuple[list[Check], dict[str, str]]:
    from neo_auth.credentials import ENV_NAMES, VALIDATORS, find_secret

    checks, found = [], {}
    for name, env in ENV_NAMES.items():
        value, source = find_secret(name, ucc)
        if value is None:
            where = f" or the keyring entry of {ucc}" if ucc else ""
            checks.append(
                Check(
                    f"secret {env}",
                    False,
                    "not set",
                    f"Set {env}{where} (neo-auth login asks for it when it is missing).",
                    exit_code=2,
                )
            )
            continue
        try:
            VALIDATORS[name](value, env)
        except InputValidationError as error:
            checks.append(Check(f"secret {env}", False, f"set ({source}), malformed",
                                error.message, exit_code=2))  # fmt: skip
            continue
        found[name] = value
        checks.append(Check(f"secret {env}", True, f"set ({source}), well formed"))
    return checks, found


def _resolves(base_url: str, timeout: float) -> Check:
    host = urlsplit(base_url).hostname or ""
    found: list[Any] = []

    def look_up() -> None:  # getaddrinfo has no timeout of its own: wait for it apart
        try:
            found.append({info[4][0] for info in socket.getaddrinfo(host, None)})
        except (OSError, UnicodeError) as exc:
            found.append(exc)

    started = time.perf_counter()
    worker = threading.Thread(target=look_up, daemon=True)
    worker.start()
    worker.join(timeout)
    took = (time.perf_counter() - started) * 1000
    result = found[0] if found else TimeoutError()
    if isinstance(result, BaseException):
        return Check(
            "base URL resolves",
            False,
            f"{host}: {type(result).__name__}",
            "Check the base URL and this machine's DNS and network.",
            exit_code=6,
        )
    addresses = result
    return Check(
        "base URL resolves", True, f"{host} -> {', '.join(sorted(addresses))} ({took:.0f} ms)"
    )


def _probe(
    base_url: str, consumer_key: str | None, timeout: float
) -> tuple[list[Check], float | None]:
    """Send the harmless login; judge reachability, the clock and the key from its answer."""
    from neo_auth.error_mapping import decode_body, error_from_response, find_error

    headers = {"Content-Type": "application/json", "neo-fin-key": "neotradeapi"}
    if consumer_key:
        headers["Authorization"] = consumer_key
    started = time.perf_counter()
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as client,
            client.stream(
                "POST", base_url + _LOGIN_PATH, content=b"{}", headers=headers
            ) as answer,
        ):
            ttfb = (time.perf_counter() - started) * 1000
            received = time.time()
            answer.read()
    except httpx.HTTPError as exc:
        return [
            Check(
                "base URL answers",
                False,
                f"no answer ({type(exc).__name__})",
                "Check the base URL, the network and any proxy; try --timeout 30.",
                exit_code=6,
            )
        ], None
    checks = [
        Check("base URL answers", True, f"HTTP {answer.status_code}, first byte in {ttfb:.0f} ms")
    ]
    service_clock = ServiceClock(lambda: received)
    service_clock.observe(answer.headers.get("date"))
    offset = service_clock.offset
    if offset is None:
        checks.append(Check("clock", True, "the service sent no Date: not checked"))
    elif abs(offset) <= SKEW_THRESHOLD:
        checks.append(Check("clock", True, f"within {abs(offset):.0f} s of the service's"))
    else:
        side = "ahead of" if offset < 0 else "behind"
        checks.append(
            Check(
                "clock",
                False,
                f"the local clock is off by {round(abs(offset))} s ({side} the service's)",
                "Set the clock right (enable NTP: timedatectl set-ntp true); neo-auth "
                "login corrects for it, an authenticator app on this clock does not.",
                exit_code=3,
            )
        )
    if not consumer_key:
        checks.append(Check("consumer key", False, "not checked: no consumer key",
                            "Set NEO_AUTH_CONSUMER_KEY to check it.", exit_code=2))  # fmt: skip
        return checks, offset
    decoded = decode_body(answer)
    said = find_error(decoded[0])
    error = error_from_response("totp_login", answer, secrets=(consumer_key,), decoded=decoded)
    if error.reason in ("key_refused", "auth_failed"):
        checks.append(
            Check(
                "consumer key",
                False,
                f"refused by the gateway (HTTP {answer.status_code}, code {error.code or '?'})",
                "Copy the consumer key again from the Neo API dashboard (as is, no 'Bearer').",
                exit_code=4,
            )
        )
    elif answer.status_code in (400, 422) or (said is not None and answer.status_code < 500):
        checks.append(
            Check(
                "consumer key",
                True,
                f"accepted (the empty login was refused for its body, HTTP {answer.status_code})",
            )
        )
    else:
        checks.append(
            Check(
                "consumer key",
                False,
                f"not judged: the service answered HTTP {answer.status_code}",
                "Try again later; the service may be failing.",
                exit_code=6,
            )
        )
    return checks, offset


def _cache(
    base_url: str, mobile: str | None, ucc: str | None, consumer_key: str | None
) -> list[Check]:
    from neo_auth.cache import IST, SessionCache

    cache = SessionCache()
    path = cache.path
    if not path.exists():
        return [
            Check("session cache", True, f"{path}: no file yet (made on the first login --cache)")
        ]
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return [
            Check(
                "session cache",
                False,
                f"{path}: mode {mode:o}, readable by others",
                f"chmod 600 {path}",
                exit_code=2,
            )
        ]
    checks = [Check("session cache", True, f"{path}: mode {mode:o}")]
    if ucc and mobile:
        try:
            found = cache.get(
                ucc, base_url=base_url, mobile_number=mobile, consumer_key=consumer_key or ""
            )
            saved = cache.saved_at(
                ucc, base_url=base_url, mobile_number=mobile, consumer_key=consumer_key or ""
            )
        except Exception as exc:  # a damaged cache is a finding, not a crash
            return [
                Check(
                    "session cache",
                    False,
                    f"{path}: {type(exc).__name__}",
                    "Remove the file; the next login --cache writes a new one.",
                    exit_code=2,
                )
            ]
        if found is None or saved is None:
            checks.append(Check("today's session", True, f"none cached for {ucc}"))
        else:
            age = (datetime.now(UTC) - saved[0]).total_seconds() / 60
            checks.append(
                Check(
                    "today's session",
                    True,
                    f"{found.kind} session for {ucc}, logged in at "
                    f"{saved[0].astimezone(IST):%H:%M} IST ({age:.0f} min ago) from "
                    f"{saved[1] or 'an unrecorded IP'}",
                )
            )
    return checks


def run_checks(
    *,
    base_url: str,
    timeout: float = 10.0,
    mobile: str | None = None,
    ucc: str | None = None,
) -> list[Check]:
    """Every check, in order. `base_url` is where the login calls would go."""
    checks = [_versions()]
    secret_checks, found = _secrets(ucc)
    checks.extend(secret_checks)
    resolved = _resolves(base_url, timeout)
    checks.append(resolved)
    if resolved.ok:
        probed, _ = _probe(base_url, found.get("consumer_key"), timeout)
        checks.extend(probed)
    checks.extend(_cache(base_url, mobile, ucc, found.get("consumer_key")))
    keyring_state = "available" if _keyring_available() else "not available (optional)"
    checks.append(Check("keyring", True, keyring_state))
    return checks


def _keyring_available() -> bool:
    from neo_auth.credentials import keyring_backend

    return keyring_backend() is not None
