"""`neo-auth login` and `neo-auth code`: the unattended daily login, and the code now."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from neo_auth.cache import SessionCache
from neo_auth.cli.console import EXIT_OK, secret, write_private_json
from neo_auth.cli.options import add_service_options
from neo_auth.client import TotpLogin
from neo_auth.session import NeoSession

SECRETS_HELP = (
    "Secrets never come from the command line: set NEO_AUTH_CONSUMER_KEY, "
    "NEO_AUTH_TOTP_SECRET and NEO_AUTH_MPIN, or type them when asked."
)


def add_parsers(commands: Any) -> None:
    login = commands.add_parser(
        "login",
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
        help="reuse today's session from the session cache, and save a new one there",
    )
    add_service_options(login)
    login.set_defaults(run=run_login)

    code = commands.add_parser(
        "code",
        help="print the current 6-digit code and the seconds it stays valid",
        description="Print the TOTP code of your secret key (NEO_AUTH_TOTP_SECRET, or "
        "typed when asked) and how long it stays valid.",
    )
    code.set_defaults(run=run_code)


def run_login(args: argparse.Namespace) -> int:
    consumer_key = secret("NEO_AUTH_CONSUMER_KEY", "Consumer key: ")
    totp_secret = secret("NEO_AUTH_TOTP_SECRET", "TOTP secret key: ")
    mpin = secret("NEO_AUTH_MPIN", "MPIN: ")
    with TotpLogin(consumer_key, base_url=args.base_url, timeout=args.timeout) as neo:

        def login() -> NeoSession:
            return neo.login(args.mobile, args.ucc, mpin, totp_secret)

        session = (
            SessionCache().get_or_login(neo, args.mobile, args.ucc, mpin, totp_secret)
            if args.cache
            else login()
        )
    print(f"Logged in: {session.describe()}", file=sys.stderr)
    if args.out:
        write_private_json(Path(args.out), session.to_dict())
        print(f"Session written to {args.out} (readable by you only).", file=sys.stderr)
    else:
        json.dump(session.to_dict(), sys.stdout, indent=2)
        print()
    return EXIT_OK


def run_code(args: argparse.Namespace) -> int:
    from neo_auth.totp import current_code

    now = current_code(secret("NEO_AUTH_TOTP_SECRET", "TOTP secret key: "))
    print(f"{now.code}  (valid for {now.seconds_left} more seconds)")
    return EXIT_OK
