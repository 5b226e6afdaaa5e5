"""`neo-auth login`, `neo-auth logout` and `neo-auth code`: the unattended daily login,
forgetting cached sessions, and the code now."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from neo_auth import validation
from neo_auth.cli.console import EXIT_OK, output_path, secret, write_private_json
from neo_auth.cli.options import add_service_options, common_parent

SECRETS_HELP = (
    "Secrets never come from the command line: set NEO_AUTH_CONSUMER_KEY, "
    "NEO_AUTH_TOTP_SECRET and NEO_AUTH_MPIN, store them in the OS keyring, or type them "
    "when asked."
)


def add_parsers(commands: Any) -> None:
    login = commands.add_parser(
        "login",
        parents=[common_parent()],
        help="log in unattended and print the trade session as JSON",
        description="Log in with the TOTP computed from your secret key and your MPIN, and "
        "write the trade session (token, sid, base URL...) as JSON. " + SECRETS_HELP,
    )
    login.add_argument("--mobile", required=True, help="the registered mobile number")
    login.add_argument("--ucc", required=True, help="your unique client code, e.g. ABC12")
    login.add_argument(
        "--out", metavar="FILE", help="write the session to FILE (owner-only) instead of stdout"
    )
    login.add_argument(
        "--cache",
        action="store_true",
        help="reuse today's session from the session cache (checked with the service "
        "first), and save a new one there",
    )
    login.add_argument(
        "--fresh",
        action="store_true",
        help="log in afresh even when today's session is cached, and cache the new one",
    )
    login.add_argument(
        "--no-verify",
        dest="verify",
        action="store_false",
        help="hand out a cached session without checking it with the service first",
    )
    add_service_options(login)
    login.set_defaults(run=run_login)

    logout = commands.add_parser(
        "logout",
        parents=[common_parent()],
        help="forget cached sessions",
        description="Forget the cached sessions that match (all of them without options). "
        "The service has no logout call: a session ends with its trading day, and one "
        "forgotten here is never handed out again.",
    )
    logout.add_argument("--mobile", help="only the sessions of this mobile number")
    logout.add_argument("--ucc", help="only the sessions of this client code")
    add_service_options(logout)
    logout.set_defaults(run=run_logout)

    code = commands.add_parser(
        "code",
        parents=[common_parent()],
        help="print the current 6-digit code and the seconds it stays valid",
        description="Print the TOTP code of your secret key (NEO_AUTH_TOTP_SECRET, the "
        "keyring entry of --ucc, or typed when asked) and how long it stays valid.",
    )
    code.add_argument("--ucc", help="read the key from the keyring entry of this client code")
    code.set_defaults(run=run_code)


def run_login(args: argparse.Namespace) -> int:
    from neo_auth.cache import IST, SessionCache
    from neo_auth.client import TotpLogin

    mobile = validation.mobile_number(args.mobile, name="--mobile")
    ucc = validation.ucc(args.ucc, name="--ucc")
    out = output_path(args.out, "--out") if args.out else None
    consumer_key = secret("consumer_key", "Consumer key: ", ucc=ucc)
    totp_secret = secret("totp_secret", "TOTP secret key: ", ucc=ucc)
    mpin = secret("mpin", "MPIN: ", ucc=ucc)
    reused_from = None
    with TotpLogin(consumer_key, base_url=args.base_url, timeout=args.timeout) as neo:
        if args.cache or args.fresh:
            cache = SessionCache()
            if args.fresh:
                cache.invalidate(ucc, base_url=neo.base_url, mobile_number=mobile)
            started = datetime.now(UTC)
            session = cache.get_or_login(neo, mobile, ucc, mpin, totp_secret, verify=args.verify)
            saved = cache.saved_at(
                ucc, base_url=neo.base_url, mobile_number=mobile, consumer_key=consumer_key
            )
            if saved is not None and saved[0] < started:
                reused_from = saved[0]
        else:
            session = neo.login(mobile, ucc, mpin, totp_secret)
    if reused_from is not None:
        when = reused_from.astimezone(IST).strftime("%H:%M")
        print(
            f"Reused today's session (logged in at {when} IST): {session.describe()}",
            file=sys.stderr,
        )
    else:
        print(f"Logged in: {session.describe()}", file=sys.stderr)
    if out is not None:
        write_private_json(out, session.to_dict())
        print(f"Session written to {out} (readable by you only).", file=sys.stderr)
    else:
        json.dump(session.to_dict(), sys.stdout, indent=2)
        print()
    return EXIT_OK


def run_logout(args: argparse.Namespace) -> int:
    from neo_auth.cache import SessionCache

    ucc = validation.ucc(args.ucc, name="--ucc") if args.ucc else None
    mobile = validation.mobile_number(args.mobile, name="--mobile") if args.mobile else None
    base_url = validation.base_url(args.base_url, name="--base-url") if args.base_url else None
    cache = SessionCache()
    forgotten = cache.invalidate(ucc, base_url=base_url, mobile_number=mobile)
    print(f"Forgot {forgotten} cached session{'s' if forgotten != 1 else ''} ({cache.path}).")
    return EXIT_OK


def run_code(args: argparse.Namespace) -> int:
    from neo_auth.totp import current_code

    ucc = validation.ucc(args.ucc, name="--ucc") if args.ucc else None
    now = current_code(secret("totp_secret", "TOTP secret key: ", ucc=ucc))
    print(f"{now.code}  (valid for {now.seconds_left} more seconds)")
    return EXIT_OK
