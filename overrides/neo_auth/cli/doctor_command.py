"""`neo-auth doctor`: check everything a login needs, without logging in."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from neo_auth import validation
from neo_auth.cli.console import EXIT_OK
from neo_auth.cli.options import add_service_options, common_parent


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "doctor",
        parents=[common_parent()],
        help="check the setup: secrets, network, clock, consumer key, session cache",
        description="Check, one by one, what a login needs: Python and package versions, "
        "which secrets are set (names only) and whether they look right, that the base "
        "URL resolves and answers, the local clock against the service's, that the "
        "consumer key is accepted (with an empty login that cannot succeed or count "
        "against an account), and the session cache. Reads the same variables as login.",
    )
    parser.add_argument("--mobile", help="the registered mobile number (for the cache check)")
    parser.add_argument("--ucc", help="your client code (for the keyring and the cache)")
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    add_service_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from neo_auth.doctor import run_checks
    from neo_auth.drivers import resolve_base_url
    from neo_auth.flows import LOGIN_HOST

    mobile = validation.mobile_number(args.mobile, name="--mobile") if args.mobile else None
    ucc = validation.ucc(args.ucc, name="--ucc") if args.ucc else None
    base_url = resolve_base_url(args.base_url, LOGIN_HOST)
    checks = run_checks(base_url=base_url, timeout=args.timeout or 10.0, mobile=mobile, ucc=ucc)
    failed = [check for check in checks if not check.ok]
    if args.json:
        json.dump(
            {"base_url": base_url, "ok": not failed, "checks": [c.to_dict() for c in checks]},
            sys.stdout,
            indent=2,
        )
        print()
    else:
        print(f"neo-auth doctor: {base_url}")
        for check in checks:
            print(f"  {'✓' if check.ok else '✗'} {check.name}: {check.detail}")
            if check.fix:
                print(f"      fix: {check.fix}")
        print("All checks passed." if not failed else f"{len(failed)} check(s) failed.")
    return failed[0].exit_code if failed else EXIT_OK
