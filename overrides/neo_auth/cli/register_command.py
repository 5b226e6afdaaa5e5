"""`neo-auth register`: the one-time, interactive TOTP registration."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from neo_auth import validation
from neo_auth.cli.console import (
    EXIT_OK,
    EXIT_REFUSED,
    CliError,
    ask,
    need_terminal,
    output_path,
)
from neo_auth.cli.options import add_service_options, common_parent
from neo_auth.client import UserVerification
from neo_auth.errors import InputValidationError, InvalidRequestError, QrCodeExpiredError
from neo_auth_client.models import TotpVerifyUserResponse, VerifyOtpResponse

RESEND = "r"
SHOW_KEY = "k"


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "register",
        parents=[common_parent()],
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
    # Everything is checked before the SMS goes out: a mistake costs no OTP.
    mobile = validation.mobile_number(args.mobile, name="--mobile")
    wanted = validation.ucc(args.ucc, name="--ucc") if args.ucc else None
    png = output_path(args.qr_png, "--qr-png") if args.qr_png else None
    need_terminal("neo-auth register")
    with UserVerification(mobile, base_url=args.base_url, timeout=args.timeout) as uv:
        uv.send_otp()
        print(f"An OTP was sent by SMS to {uv.mobile_number}.")
        verified = verify_sms(uv)
        ucc = _choose_ucc(verified, wanted)
        while True:
            enrolment = uv.totp_verify_user(ucc)
            _show(enrolment, uv, png)
            if _register(uv, enrolment):
                print(f"Done: the authenticator is registered for {ucc}.")
                _keep_key(enrolment, ucc, mobile)
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
            print(f"Refused: {error.message} {error.hint}")
        except InputValidationError:
            print("That is not an SMS code: type the 4 to 8 digits of the SMS.")


def _choose_ucc(verified: VerifyOtpResponse, wanted: str | None) -> str:
    uccs = [info.ucc for info in verified.data.ucc_info if isinstance(info.ucc, str)]
    if wanted:
        if wanted.upper() not in (ucc.upper() for ucc in uccs):
            raise CliError(
                f"{wanted} is not linked to this number; it has: {', '.join(uccs)}",
                EXIT_REFUSED,
            )
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


def _show(enrolment: TotpVerifyUserResponse, uv: UserVerification, png: Path | None) -> None:
    from neo_auth.totp import qr_terminal, save_qr_png

    print("Scan this QR code with your authenticator app:")
    print(qr_terminal(enrolment))
    if png is not None:
        try:
            print(f"Saved as {save_qr_png(enrolment, png)} (readable by you only).")
        except OSError as exc:  # checked before the SMS; gone since: say so, go on
            print(f"Could not save the QR code to {png} ({exc.strerror}): scan it above.")
    left = uv.qr_seconds_left or 0
    print(f"The QR code is valid for {left:.0f} seconds.")


def _register(uv: UserVerification, enrolment: TotpVerifyUserResponse) -> bool:
    """True once registered; False when the QR code expired."""
    while True:
        left = uv.qr_seconds_left or 0
        code = ask(
            f"6-digit code from the app ({left:.0f} s left; '{SHOW_KEY}' shows the key, "
            "to type into an app that cannot scan): "
        )
        if code.lower() == SHOW_KEY:
            print(f"Secret key: {enrolment.data.key}")
            continue
        try:
            uv.totp_registration(code)
            return True
        except QrCodeExpiredError:
            return False
        except InvalidRequestError as error:
            print(f"Refused: {error.message} Type the code the app shows now.")
        except InputValidationError:
            print("That is not the app's code: type its 6 digits.")


def _keep_key(enrolment: TotpVerifyUserResponse, ucc: str, mobile: str) -> None:
    """Leave the person able to log in: the key stored in the keyring, or shown once."""
    from neo_auth.credentials import KeyringUnavailable, keyring_backend, store_secret

    key = enrolment.data.key
    login = f"neo-auth login --mobile {mobile} --ucc {ucc}"
    if keyring_backend() is not None:
        answer = ask("Store the secret key in the OS keyring, for 'neo-auth login'? [Y/n] ")
        if answer.lower() not in ("n", "no"):
            try:
                store_secret("totp_secret", ucc, key)
            except KeyringUnavailable as error:
                print(f"The keyring refused it: {error.message}.")
            else:
                print(f"Stored. Log in with: {login}")
                print("(the consumer key and MPIN come from NEO_AUTH_* or the keyring too)")
                return
    answer = ask(
        "Show the secret key once now? A bot needs it to log in by itself; anyone who "
        "has it can make your codes, so keep it like a password. [Y/n] "
    )
    if answer.lower() in ("n", "no"):
        print(
            "The key was not shown and is not kept anywhere: to log in unattended, "
            "register again (neo-auth register) and keep the key then."
        )
        return
    print(f"Secret key: {key}")
    print(f"Log in with: NEO_AUTH_TOTP_SECRET=<the key> {login}")
