"""`neo-auth deregister`: remove the registered authenticator."""

from __future__ import annotations

import argparse
from typing import Any

from neo_auth import validation
from neo_auth.cli.console import EXIT_OK, EXIT_REFUSED, ask, need_terminal, secret
from neo_auth.cli.options import add_service_options, common_parent
from neo_auth.cli.register_command import verify_sms
from neo_auth.client import UserVerification


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "deregister",
        parents=[common_parent()],
        help="remove the registered authenticator app",
        description="Remove the TOTP registration of a client code. Needs the SMS code "
        "sent to the number and your MPIN (NEO_AUTH_MPIN, the keyring, or typed when asked).",
    )
    parser.add_argument("--mobile", required=True, help="the registered mobile number")
    parser.add_argument("--ucc", required=True, help="the client code to de-register")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_service_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    mobile = validation.mobile_number(args.mobile, name="--mobile")
    ucc = validation.ucc(args.ucc, name="--ucc")
    need_terminal("neo-auth deregister")  # the SMS code is typed: before anything is sent
    if not args.yes:
        sure = ask(f"Remove the authenticator registered for {ucc}? [y/N] ").lower()
        if sure not in ("y", "yes"):
            print("Nothing was changed.")
            return EXIT_REFUSED
    mpin = secret("mpin", "MPIN: ", ucc=ucc)
    with UserVerification(mobile, base_url=args.base_url, timeout=args.timeout) as uv:
        uv.send_otp()
        print(f"An OTP was sent by SMS to {uv.mobile_number}.")
        verify_sms(uv)
        uv.totp_de_register(mpin, ucc)
    print(f"The authenticator of {ucc} is de-registered.")
    return EXIT_OK
