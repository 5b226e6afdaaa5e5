"""Options every command shares, accepted before or after the subcommand.

`neo-auth --verbose login ...` and `neo-auth login ... --verbose` mean the same: the
options are declared on the main parser and again on each subcommand, where a value
not given stays unset (argparse.SUPPRESS) so it cannot undo one given before.
"""

from __future__ import annotations

import argparse

__all__ = ["add_common_options", "add_service_options", "common_parent"]


def add_common_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """--verbose on `parser`; with `defaults` False a missing flag leaves no value."""
    parser.add_argument(
        "--verbose",
        action="store_true",
        default=False if defaults else argparse.SUPPRESS,
        help="log each request (never a secret) to stderr, and show a traceback on a failure",
    )


def add_service_options(parser: argparse.ArgumentParser, *, defaults: bool = False) -> None:
    """--base-url and --timeout, for the commands that talk to the service."""
    default = None if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help="send every request to URL, e.g. a sandbox at http://127.0.0.1:8765 "
        "(default: NEO_AUTH_BASE_URL, else the real Kotak hosts)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        default=default,
        help="give up on a call after SECONDS in all (default: 45; 5 to connect, 15 per read)",
    )


def common_parent() -> argparse.ArgumentParser:
    """The shared options of a subcommand, as an argparse parent."""
    parent = argparse.ArgumentParser(add_help=False)
    add_common_options(parent, defaults=False)
    return parent
