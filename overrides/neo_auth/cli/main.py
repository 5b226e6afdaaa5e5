"""`neo-auth`: the entry point and its subcommands' wiring.

Each subcommand lives in its own module and is imported only when it runs, so
`neo-auth code` does not pay for the sandbox or segno.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from neo_auth.cli import sandbox_command

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neo-auth",
        description=(
            "Register a TOTP authenticator with Kotak Neo once, then log in unattended. "
            "Talks to the real service unless --base-url (or NEO_AUTH_BASE_URL) points "
            "elsewhere, such as a sandbox started with 'neo-auth sandbox'."
        ),
    )
    parser.add_argument(
        "--verbose", action="store_true", help="log each request (never secrets) to stderr"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sandbox_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logging.getLogger("neo_auth").addHandler(handler)
        logging.getLogger("neo_auth").setLevel(logging.DEBUG)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("\nInterrupted; nothing was left half-written.", file=sys.stderr)
        return 130
