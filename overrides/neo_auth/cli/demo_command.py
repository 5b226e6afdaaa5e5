"""`neo-auth demo` (`make demo`): the whole story against a built-in sandbox, no account
and no phone needed."""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from neo_auth.cli.console import EXIT_INPUT, EXIT_OK, CliError
from neo_auth.cli.options import common_parent
from neo_auth.client import TotpLogin, UserVerification
from neo_auth.errors import RateLimitedError
from neo_auth.redaction import REDACTED
from neo_auth.retry import RetryPolicy


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        parents=[common_parent()],
        help="run registration and login against a built-in sandbox",
        description="Start a sandbox on a free loopback port and run the one-time "
        "registration and the daily login through the public API, step by step.",
    )
    parser.add_argument(
        "--out-dir", metavar="DIR", help="where to save the QR code PNG (default: a temp dir)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the sandbox (and its console) running after the story, until Ctrl-C",
    )
    parser.set_defaults(run=run)


def _say(number: int, text: str) -> None:
    print(f"\n[{number}] {text}", flush=True)


def run(args: argparse.Namespace) -> int:
    try:
        import neo_auth.sandbox  # noqa: F401 - only to know the extra is installed
    except ImportError:
        print(
            "The demo needs the 'sandbox' extra: pip install 'neo-auth[sandbox]'", file=sys.stderr
        )
        return EXIT_INPUT
    with contextlib.ExitStack() as stack:
        if args.out_dir:
            out_dir = Path(args.out_dir).expanduser()
            if out_dir.exists() and not out_dir.is_dir():
                raise CliError(f"--out-dir {args.out_dir} is a file: give a folder.")
            out_dir.mkdir(parents=True, exist_ok=True)
        else:  # removed when the demo ends: a demo leaves nothing behind
            out_dir = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="neo-auth-demo-"))
            )
        return _story(out_dir, kept=bool(args.out_dir), keep_running=args.keep)


def _story(out_dir: Path, *, kept: bool, keep_running: bool = False) -> int:
    from neo_auth.auth import NeoAuth
    from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, SandboxServer, ShiftedClock
    from neo_auth.totp import current_code, qr_terminal, save_qr_png

    started = time.perf_counter()
    account = DEFAULT_ACCOUNT
    mobile, ucc = account.mobile, account.uccs[0][0]
    # The sandbox's clock is the demo's to move: the daily login happens "the next
    # morning", as it would (the code that registered cannot log in as well).
    clock = ShiftedClock()
    with SandboxServer(SandboxConfig(clock=clock)) as sandbox:
        base = sandbox.base_url
        print(f"neo-auth demo: a sandbox is serving the Kotak Neo auth API at {base}")
        print(f"its console (the phone, sessions, faults, requests): {sandbox.console_url}")
        print(f"test account: mobile {mobile}, UCC {ucc} (nothing leaves this machine)")

        print("\n== One-time registration (a person with the phone) ==")
        with UserVerification(mobile, base_url=base) as uv:
            uv.send_otp()
            _say(1, f"send_otp(): an OTP went by SMS to {uv.mobile_number}")
            outbox = httpx.get(f"{base}/_sandbox/outbox/{mobile}").json()["messages"]
            otp = outbox[-1]["otp"]
            _say(2, f"read the SMS from the sandbox outbox: OTP {REDACTED} ({len(otp)} digits)")
            verified = uv.verify_otp(otp)
            codes = ", ".join(f"{i.ucc} ({i.client_type})" for i in verified.data.ucc_info)
            _say(3, f"verify_otp(code): verified; client codes of this number: {codes}")
            enrolment = uv.totp_verify_user(ucc)
            png = save_qr_png(enrolment, out_dir / "totp-qr.png")
            _say(4, "totp_verify_user(ucc): a fresh secret, as a QR code for the app:")
            print(qr_terminal(enrolment))
            where = "" if kept else " (a temporary folder, removed when the demo ends)"
            print(f"    saved as {png}{where}, mode 0600; valid for {uv.qr_seconds_left:.0f} s")
            now = current_code(enrolment.data.key, at=clock.now())
            _say(5, f"the app shows code {REDACTED}, valid {now.seconds_left} more seconds")
            uv.totp_registration(now.code)
            _say(6, "totp_registration(totp): registered")

        clock.advance(24 * 3600)
        print("\n== The next morning: the daily login (a bot, unattended) ==")
        with TotpLogin(account.consumer_key, base_url=base, wall_clock=clock.now) as neo:
            sandbox.state.inject_fault("503", operation="totpLogin", times=2)
            code = current_code(enrolment.data.key, at=clock.now()).code
            view = neo.totp_login(mobile, ucc, code)
            _say(7, "totp_login(...): the gateway answered 503 twice; retried with backoff:")
            print(f"    {view.describe()}")
            trade = neo.totp_validate(account.mpin)
            _say(8, "totp_validate(mpin): the trade session (secrets masked):")
            print(f"    {trade.describe()}")

            print("\n== Trading with the session (httpx.Client(auth=NeoAuth(...))) ==")
            auth = NeoAuth(neo, mobile, ucc, account.mpin, enrolment.data.key, session=trade)
            with httpx.Client(auth=auth, base_url=trade.url("")) as trading:
                positions = trading.get("quick/user/positions")
                status = positions.status_code
                _say(9, f"GET quick/user/positions with the session's headers: {status}")
                sandbox.state.revoke_sessions(ucc=ucc)
                clock.advance(60)
                _say(10, "mid-day, the service ends the session (the sandbox revoked it)")
                again = trading.get("quick/user/positions")
                _say(
                    11,
                    f"the next call was refused as a dead session; NeoAuth logged in again "
                    f"once and replayed it: {again.status_code} (logins: {auth.logins})",
                )

        print("\n== A failure, handled ==")
        with UserVerification(mobile, base_url=base, retry=RetryPolicy(max_attempts=1)) as uv:
            uv.send_otp(resend=True)
            try:
                uv.send_otp()
            except RateLimitedError as error:
                _say(12, f"a second OTP at once: {type(error).__name__}")
                print(f"    {error}")
                print(f"    error.retry_after = {error.retry_after:g} s; the object stays usable")
        print(f"\nDone in {time.perf_counter() - started:.1f} s.")
        if keep_running:
            print(f"The sandbox keeps running: {sandbox.console_url} (Ctrl-C stops it).")
            while True:
                time.sleep(3600)
    return EXIT_OK
