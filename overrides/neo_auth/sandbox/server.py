"""Serving the sandbox over real HTTP with uvicorn, in the foreground or in a thread.

The socket is bound here, before uvicorn starts, so a bad address or a port in use is
an `OSError` the caller can report (not uvicorn's exit), and port 0 gives a free port.
Slow clients are bounded: a request's headers must arrive within the config's
`header_timeout`.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import TracebackType
from typing import Any, Self

import h11
import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from neo_auth.sandbox.app import ConnectionDropped, create_app
from neo_auth.sandbox.config import SandboxConfig
from neo_auth.sandbox.state import SandboxState

__all__ = ["SandboxServer", "base_url", "bind", "serve"]

#: How long stop() waits for open connections (a console's live stream) to finish.
GRACEFUL_SHUTDOWN = 2


class _QuietDrops(logging.Filter):
    """A dropped connection is a fault asked for, not an error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped) and "ConnectionDropped" not in str(
            record.msg
        )


class _HeaderDeadline(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers do not
    arrive in time."""

    _header_timer: Any = None
    header_timeout = 10.0  # set per server by `_config`

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class _Server(uvicorn.Server):
    """uvicorn's server, ending the consoles' event streams first when it stops, so an
    open browser tab ends at once instead of holding the shutdown to its timeout."""

    def __init__(self, config: uvicorn.Config, state: SandboxState) -> None:
        super().__init__(config)
        self.sandbox = state

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.sandbox.events.close_all()
        await super().shutdown(sockets)


def bind(host: str = "127.0.0.1", port: int = 8765) -> socket.socket:
    """A listening socket on (host, port); OSError when the address cannot be used."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP by name: asyncio sets TCP_NODELAY on accepted connections only then,
    # and without it every keep-alive answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def base_url(sock: socket.socket) -> str:
    """The URL a bound socket serves at (an IPv6 address in brackets)."""
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def _config(app: Starlette, log_level: str) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    protocol = type(
        "HeaderDeadline",
        (_HeaderDeadline,),
        {"header_timeout": app.state.sandbox.config.header_timeout},
    )
    return uvicorn.Config(
        app,
        log_level=log_level,
        access_log=False,  # paths only, but keep the terminal for the sandbox's own lines
        lifespan="off",
        http=protocol,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
        date_header=False,  # the app sends its own clock's Date
        server_header=False,
    )


def serve(config: SandboxConfig, sock: socket.socket, *, app: Starlette | None = None) -> None:
    """Serve on `sock` (see `bind`) in the foreground until Ctrl-C."""
    app = app or create_app(config)
    _Server(_config(app, "info"), app.state.sandbox).run(sockets=[sock])


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
        self._host, self._port = host, port
        self._server = _Server(_config(self.app, "warning"), self.state)
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.base_url = ""

    @property
    def console_url(self) -> str:
        """The console: the sandbox's phone, sessions, faults and requests in a browser."""
        return self.base_url + "/"

    @property
    def control_token(self) -> str:
        """The token the `/_sandbox/...` control actions need (`X-Sandbox-Token`)."""
        return self.state.control_token

    def start(self) -> Self:
        self._socket = bind(self._host, self._port)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name="neo-auth-sandbox",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        self.base_url = base_url(self._socket)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=GRACEFUL_SHUTDOWN + 5)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
