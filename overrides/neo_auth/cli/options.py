"""Options every command that talks to the service shares."""

from __future__ import annotations

import argparse


def add_service_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="send every request to URL, e.g. a sandbox at http://127.0.0.1:8765 "
        "(default: NEO_AUTH_BASE_URL, else the real Kotak hosts)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="seconds to wait for each answer (default: connect 5, read 15)",
    )
