"""`neo-auth sandbox`: serve the sandbox on loopback and show its test account."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import sys
from pathlib import Path
from typing import Any

from neo_auth.cli.console import EXIT_INPUT, EXIT_OK, CliError
from neo_auth.cli.options import common_parent


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "sandbox",
        parents=[common_parent()],
        help="run the offline sandbox server",
        description=(
            "Serve a stateful stand-in for the Kotak Neo authentication API, for testing "
            "bots offline. OTPs 'sent' by SMS are readable at GET /_sandbox/outbox/MOBILE; "
            "the header X-Sandbox-Fault (503, 504, 502-html, 429, error-200, as-200, "
            "slow:SECONDS, drop) injects a failure into one answer."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (8765)")
    parser.add_argument(
        "--accounts",
        metavar="FILE",
        help='JSON file of more accounts: {"accounts": [{"mobile", "uccs", "mpin", '
        '"consumer_key"}]}; accounts added in the console and registrations are saved there',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, load_accounts, serve
        from neo_auth.sandbox.server import base_url as url_of
        from neo_auth.sandbox.server import bind
    except ImportError:
        print(
            "The sandbox needs the 'sandbox' extra: pip install 'neo-auth[sandbox]'",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port} is not a port: use 1 to 65535 (0: any free one).")
    try:
        extra = load_accounts(args.accounts) if args.accounts else ()
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise CliError(f"cannot read --accounts {args.accounts}: {why}") from None
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CliError(
                f"port {args.port} on {args.host} is already in use (another sandbox?): "
                "choose another with --port, or stop the other server."
            ) from None
        raise CliError(
            f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})"
        ) from None
    base_url = url_of(sock)
    accounts = (DEFAULT_ACCOUNT, *extra)
    account = DEFAULT_ACCOUNT
    loopback = ipaddress.ip_address(sock.getsockname()[0]).is_loopback
    config = SandboxConfig(
        accounts=accounts,
        accounts_file=Path(args.accounts) if args.accounts else None,
        console_hosts=SandboxConfig.console_hosts if loopback else None,
    )
    from neo_auth.sandbox import create_app

    app = create_app(config)
    print(
        f"neo-auth sandbox on {base_url}  (Ctrl-C stops it)\n"
        f"  console:      {base_url}/  (the phone: SMS, authenticator; sessions, faults)\n"
        f"  test account: mobile {account.mobile}, UCC {account.uccs[0][0]}, "
        f"MPIN {account.mpin}, consumer key {account.consumer_key}\n"
        f"  SMS outbox:   {base_url}/_sandbox/outbox/{account.mobile}\n"
        f"  control token (X-Sandbox-Token): {app.state.sandbox.control_token}\n"
        f"  point a client at it: NEO_AUTH_BASE_URL={base_url}",
        flush=True,
    )
    if len(accounts) > 1:
        print(f"  plus {len(accounts) - 1} account(s) from {args.accounts}", flush=True)
    serve(config, sock, app=app)
    return EXIT_OK
