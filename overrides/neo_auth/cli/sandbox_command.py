"""`neo-auth sandbox`: serve the sandbox on loopback and show its test account."""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "sandbox",
        help="run the offline sandbox server",
        description=(
            "Serve a stateful stand-in for the Kotak Neo authentication API, for testing "
            "bots offline. OTPs 'sent' by SMS are readable at GET /_sandbox/outbox/MOBILE; "
            "the header X-Sandbox-Fault (503, 504, 502-html, 429, slow:SECONDS, drop) "
            "injects a failure into one answer."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (8765)")
    parser.add_argument(
        "--accounts",
        metavar="FILE",
        help='JSON file of more accounts: {"accounts": [{"mobile", "uccs", "mpin", '
        '"consumer_key"}]}',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, load_accounts, serve
        from neo_auth.sandbox.server import bind
    except ImportError:
        print(
            "The sandbox needs the 'sandbox' extra: pip install 'neo-auth[sandbox]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        extra = load_accounts(args.accounts) if args.accounts else ()
    except (OSError, ValueError) as exc:
        print(f"Cannot read --accounts {args.accounts}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    accounts = (DEFAULT_ACCOUNT, *extra)
    base_url = f"http://{args.host}:{args.port}"
    account = DEFAULT_ACCOUNT
    print(
        f"neo-auth sandbox on {base_url}  (Ctrl-C stops it)\n"
        f"  test account: mobile {account.mobile}, UCC {account.uccs[0][0]}, "
        f"MPIN {account.mpin}, consumer key {account.consumer_key}\n"
        f"  SMS outbox:   {base_url}/_sandbox/outbox/{account.mobile}\n"
        f"  point a client at it: NEO_AUTH_BASE_URL={base_url}",
        flush=True,
    )
    if len(accounts) > 1:
        print(f"  plus {len(accounts) - 1} account(s) from {args.accounts}", flush=True)
    serve(SandboxConfig(accounts=accounts), bind(args.host, args.port))
    return EXIT_OK
