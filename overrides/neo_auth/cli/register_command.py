"""`neo-auth register`: the one-time, interactive TOTP registration."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from neo_auth.cli.console import EXIT_OK, EXIT_REFUSED, CliError, ask
from neo_auth.cli.options import add_service_options
from neo_auth.client import UserVerification
from neo_auth.errors import InvalidRequestError, QrCodeExpiredError
from neo_auth_client.models import TotpVerifyUserResponse, VerifyOtpResponse

RESEND = "r"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "register",
        help="register an authenticator app (once, with your phone at hand)",
        description=(
            "Register a TOTP authenticator app (Google Authenticator, Authy, ...) with "
            "Kotak Neo. You need the phone of the registered number for the SMS code and "
            "the app to scan a QR code. Afterwards 'neo-auth login' logs in by itself."
        ),
    )
    parser.add_argument(
        "--mobile", required=True, help="the registered mobile number, e.g. +919999999999"
    )
    parser.add_argument(
        "--ucc", help="the client code to register (asked when the number has several)"
    )
    parser.add_argument(
        "--qr-png", metavar="FILE", help="also save the QR code as a PNG (owner-only)"
    )
    add_service_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with UserVerification(args.mobile, base_url=args.base_url, timeout=args.timeout) as uv:
        uv.send_otp()
        print(f"An OTP was sent by SMS to {uv.mobile_number}.")
        verified = verify_sms(uv)
        ucc = _choose_ucc(verified, args.ucc)
        while True:
            enrolment = uv.totp_verify_user(ucc)
            _show(enrolment, uv, args.qr_png)
            if _register(uv):
                print(f"Done: the authenticator is registered for {ucc}.")
                print("Log in with: neo-auth login --mobile ... --ucc " + ucc)
                return EXIT_OK
            again = ask("The QR code has expired. Start a new enrolment? [Y/n] ").lower()
            if again in ("n", "no"):
                return EXIT_REFUSED


def verify_sms(uv: UserVerification) -> VerifyOtpResponse:
    """Ask for the SMS code until the service accepts it ('r' sends a new one)."""
    while True:
        code = ask(f"SMS code (or '{RESEND}' to send a new one): ")
        if code.lower() == RESEND:
            uv.send_otp(resend=True)
            print("A new OTP was sent.")
            continue
        try:
            return uv.verify_otp(code)
        except InvalidRequestError as error:
            print(f"Refused: {error.message} Try again.")
        except ValueError as error:  # InputValidationError
            print(f"{error} Try again.")


def _choose_ucc(verified: VerifyOtpResponse, wanted: str | None) -> str:
    uccs = [info.ucc for info in verified.data.ucc_info if isinstance(info.ucc, str)]
    if wanted:
        if wanted.upper() not in (ucc.upper() for ucc in uccs):
            raise CliError(f"{wanted} is not linked to this number; it has: {', '.join(uccs)}")
        return wanted
    if not uccs:
        raise CliError("the service lists no client code (UCC) for this number.", EXIT_REFUSED)
    if len(uccs) == 1:
        print(f"Client code: {uccs[0]}")
        return uccs[0]
    for number, ucc in enumerate(uccs, 1):
        print(f"  {number}. {ucc}")
    while True:
        choice = ask(f"Which client code (1-{len(uccs)})? ")
        if choice.isdigit() and 1 <= int(choice) <= len(uccs):
            return uccs[int(choice) - 1]


def _show(enrolment: TotpVerifyUserResponse, uv: UserVerification, png: str | None) -> None:
    from neo_auth.totp import qr_terminal, save_qr_png

    print("Scan this QR code with your authenticator app:")
    print(qr_terminal(enrolment))
    if png:
        print(f"Saved as {save_qr_png(enrolment, Path(png))} (readable by you only).")
    left = uv.qr_seconds_left or 0
    print(f"The QR code is valid for {left:.0f} seconds.")
    show = ask(
        "Print the secret key once, for a bot that logs in by itself? Anyone who has it "
        "can make your codes: keep it like a password. [y/N] "
    ).lower()
    if show in ("y", "yes"):
        print(f"Secret key: {enrolment.data.key}")


def _register(uv: UserVerification) -> bool:
    """True once registered; False when the QR code expired."""
    while True:
        left = uv.qr_seconds_left or 0
        code = ask(f"6-digit code from the app ({left:.0f} s left): ")
        try:
            uv.totp_registration(code)
            return True
        except QrCodeExpiredError:
            return False
        except InvalidRequestError as error:
            print(f"Refused: {error.message} Try again with the code shown now.")
        except ValueError as error:  # InputValidationError
            print(f"{error} Try again.")
