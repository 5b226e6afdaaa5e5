"""The `neo-auth` command line."""

from __future__ import annotations

from neo_auth.cli.main import main

__all__ = ["main"]
