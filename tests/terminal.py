"""A program on a pseudo-terminal, read and typed at like a person would (POSIX)."""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time


class Terminal:
    """A child process on a pseudo-terminal, read and typed at like a person would."""

    def __init__(self, *argv: str, env: dict[str, str] | None = None) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the CLI
            os.execve(
                sys.executable,
                [sys.executable, "-m", "neo_auth", *argv],
                {**os.environ, **(env or {})},
            )
        self.seen = ""

    def expect(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.seen)
            if found:
                self.seen = self.seen[found.end() :]
                return found
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise AssertionError(f"never saw {pattern!r}; the screen: {self.seen[-2000:]!r}")
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                raise AssertionError(
                    f"the program ended before {pattern!r}: {self.seen[-2000:]!r}"
                )
            self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode() + b"\r")

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)
