"""`neo-auth`: the entry point and its subcommands' wiring.

Each subcommand lives in its own module; the heavy parts (the sandbox, segno) are
imported only when a command that needs them runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from neo_auth.cli import (
    demo_command,
    deregister_command,
    login_command,
    register_command,
    sandbox_command,
)
from neo_auth.cli.console import CliError, report
from neo_auth.errors import NeoAuthError

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
    register_command.add_parser(commands)
    login_command.add_parsers(commands)
    deregister_command.add_parser(commands)
    sandbox_command.add_parser(commands)
    demo_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logger = logging.getLogger("neo_auth")
    handler: logging.Handler | None = None
    if args.verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        return int(args.run(args))
    except NeoAuthError as error:
        return report(error)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("\nInterrupted; nothing was left half-written.", file=sys.stderr)
        return 130
    finally:
        if handler is not None:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)
