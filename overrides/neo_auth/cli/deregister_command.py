"""`neo-auth deregister`: remove the registered authenticator."""

from __future__ import annotations

import argparse
from typing import Any

from neo_auth.cli.console import EXIT_OK, EXIT_REFUSED, ask, secret
from neo_auth.cli.options import add_service_options
from neo_auth.cli.register_command import verify_sms
from neo_auth.client import UserVerification


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "deregister",
        help="remove the registered authenticator app",
        description="Remove the TOTP registration of a client code. Needs the SMS code "
        "sent to the number and your MPIN (NEO_AUTH_MPIN, or typed when asked).",
    )
    parser.add_argument("--mobile", required=True, help="the registered mobile number")
    parser.add_argument("--ucc", required=True, help="the client code to de-register")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_service_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.yes:
        sure = ask(f"Remove the authenticator registered for {args.ucc}? [y/N] ").lower()
        if sure not in ("y", "yes"):
            print("Nothing was changed.")
            return EXIT_REFUSED
    mpin = secret("NEO_AUTH_MPIN", "MPIN: ")
    with UserVerification(args.mobile, base_url=args.base_url, timeout=args.timeout) as uv:
        uv.send_otp()
        print(f"An OTP was sent by SMS to {uv.mobile_number}.")
        verify_sms(uv)
        uv.totp_de_register(mpin, args.ucc)
    print(f"The authenticator of {args.ucc} is de-registered.")
    return EXIT_OK
