"""`neo-auth`: the entry point and its subcommands' wiring.

Each subcommand lives in its own module; the heavy parts (the sandbox, segno) are
imported only when a command that needs them runs. Whatever happens, the command ends
with one of the documented exit codes and, unless --verbose, no traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from neo_auth.cli import (
    completion_command,
    demo_command,
    deregister_command,
    doctor_command,
    login_command,
    register_command,
    sandbox_command,
)
from neo_auth.cli.console import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_SERVICE, CliError, report
from neo_auth.cli.options import add_common_options, add_service_options
from neo_auth.errors import NeoAuthError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    from neo_auth import __version__

    parser = argparse.ArgumentParser(
        prog="neo-auth",
        description=(
            "Register a TOTP authenticator with Kotak Neo once, then log in unattended. "
            "Talks to the real service unless --base-url (or NEO_AUTH_BASE_URL) points "
            "elsewhere, such as a sandbox started with 'neo-auth sandbox'."
        ),
    )
    parser.add_argument("--version", action="version", version=f"neo-auth {__version__}")
    add_common_options(parser, defaults=True)
    add_service_options(parser, defaults=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        register_command,
        login_command,
        deregister_command,
        doctor_command,
        sandbox_command,
        demo_command,
        completion_command,
    ):
        module.add_parsers(commands)
    return parser


@contextmanager
def _verbose_logging(enabled: bool) -> Iterator[None]:
    logger = logging.getLogger("neo_auth")
    handler: logging.Handler | None = None
    if enabled:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        if handler is not None:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A warning as one plain line, not a file path and a source line."""
    print(f"warning: {message}", file=sys.stderr)


def _quiet_stdout() -> None:
    """After a closed pipe (`neo-auth login | head -1`): no more writes, no traceback
    at exit when Python flushes stdout."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (a test's capture): nothing to flush
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    with _verbose_logging(args.verbose), warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            return int(args.run(args))
        except NeoAuthError as error:
            return report(error)
        except CliError as error:
            print(f"error: {error}", file=sys.stderr)
            return error.code
        except KeyboardInterrupt:
            print("\nInterrupted; nothing was left half-written.", file=sys.stderr)
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            _quiet_stdout()
            return 0  # the reader had what it wanted (`| head -1`)
        except OSError as error:
            if args.verbose:
                traceback.print_exc()
            print(
                f"error: {error.strerror or type(error).__name__}"
                + (f": {error.filename}" if error.filename else ""),
                file=sys.stderr,
            )
            return EXIT_INPUT
        except Exception as error:  # a bug: say so, and how to see more
            if args.verbose:
                traceback.print_exc()
            print(
                f"error: neo-auth failed unexpectedly ({type(error).__name__}); run again "
                "with --verbose for the traceback, and please report it.",
                file=sys.stderr,
            )
            return EXIT_SERVICE
