"""Serving the sandbox over real HTTP with uvicorn, in the foreground or in a thread."""

from __future__ import annotations

import logging
import threading
import time
from types import TracebackType
from typing import Self

import uvicorn
from starlette.applications import Starlette

from neo_auth.sandbox.app import ConnectionDropped, create_app
from neo_auth.sandbox.config import SandboxConfig
from neo_auth.sandbox.state import SandboxState

__all__ = ["SandboxServer", "serve"]


class _QuietDrops(logging.Filter):
    """A dropped connection is a fault asked for, not an error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped) and "ConnectionDropped" not in str(
            record.msg
        )


def _config(app: Starlette, host: str, port: int, log_level: str) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,  # paths only, but keep the terminal for the sandbox's own lines
        lifespan="off",
    )


def serve(config: SandboxConfig, *, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve in the foreground until Ctrl-C."""
    uvicorn.Server(_config(create_app(config), host, port, "info")).run()


class SandboxServer:
    """A sandbox on a free loopback port in a background thread, for tests and the demo.

    >>> with SandboxServer() as sandbox:                       # doctest: +SKIP
    ...     print(sandbox.base_url)       # e.g. http://127.0.0.1:54321
    ...     sandbox.state.latest_otp("+919999999999")
    """

    def __init__(
        self, config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.app = create_app(config)
        self.state: SandboxState = self.app.state.sandbox
        self._server = uvicorn.Server(_config(self.app, host, port, "warning"))
        self._thread = threading.Thread(
            target=self._server.run, name="neo-auth-sandbox", daemon=True
        )
        self.base_url = ""

    def start(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        host, port = self._server.servers[0].sockets[0].getsockname()[:2]
        self.base_url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
