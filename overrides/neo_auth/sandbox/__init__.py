"""A stateful stand-in for the Kotak Neo authentication service, for offline work.

Needs the `sandbox` extra (`pip install 'neo-auth[sandbox]'`). Run it with
`neo-auth sandbox`, or in-process:

    from neo_auth.sandbox import SandboxServer
    with SandboxServer() as sandbox:
        ...  # point the client at sandbox.base_url; read OTPs from sandbox.state
"""

from __future__ import annotations

from neo_auth.sandbox.app import FAULT_HEADER, create_app
from neo_auth.sandbox.config import (
    DEFAULT_ACCOUNT,
    Account,
    ManualClock,
    RateLimit,
    SandboxConfig,
    SystemClock,
    load_accounts,
)
from neo_auth.sandbox.server import SandboxServer, serve
from neo_auth.sandbox.state import OutboxMessage, SandboxError, SandboxState

__all__ = [
    "DEFAULT_ACCOUNT",
    "FAULT_HEADER",
    "Account",
    "ManualClock",
    "OutboxMessage",
    "RateLimit",
    "SandboxConfig",
    "SandboxError",
    "SandboxServer",
    "SandboxState",
    "SystemClock",
    "create_app",
    "load_accounts",
    "serve",
]
