"""A stateful stand-in for the Kotak Neo authentication service, for offline work.

Needs the `sandbox` extra (`pip install 'neo-auth[sandbox]'`). Run it with
`neo-auth sandbox`, or in-process:

    from neo_auth.sandbox import SandboxServer
    with SandboxServer() as sandbox:
        ...  # point the client at sandbox.base_url; read OTPs from sandbox.state

Layout: `config` (accounts, limits, clock), `models` (OTPs, enrolments, sessions),
`errors` (the refusals it answers), `limits` (sliding windows), `faults`, `events` (the
console's live hints), `backend` (the state and shared checks), `registration` and
`login` (the operations), `console_view`, `state` (all of it, and the Python API),
`app` (the API over HTTP), `control` (`/_sandbox/...` and the console), `console/` (the
page), `server` (uvicorn).
"""

from __future__ import annotations

from neo_auth.sandbox.app import CLIENT_IP_HEADER, FAULT_HEADER, create_app
from neo_auth.sandbox.config import (
    DEFAULT_ACCOUNT,
    Account,
    ManualClock,
    RateLimit,
    SandboxConfig,
    ShiftedClock,
    SystemClock,
    load_accounts,
    save_accounts,
)
from neo_auth.sandbox.control import TOKEN_HEADER
from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.models import OutboxMessage
from neo_auth.sandbox.server import SandboxServer, serve
from neo_auth.sandbox.state import SandboxState

__all__ = [
    "CLIENT_IP_HEADER",
    "DEFAULT_ACCOUNT",
    "FAULT_HEADER",
    "TOKEN_HEADER",
    "Account",
    "ManualClock",
    "OutboxMessage",
    "RateLimit",
    "SandboxConfig",
    "SandboxError",
    "SandboxServer",
    "SandboxState",
    "ShiftedClock",
    "SystemClock",
    "create_app",
    "load_accounts",
    "save_accounts",
    "serve",
]
