"""Faults on demand: what a failing gateway or service answers, in one place.

A fault comes from the `X-Sandbox-Fault` header of one request, from the faults armed
for the next N requests of an operation (Python API or the console), or from the
config (every request). Faults that stop a request before the service acts (503, 429,
502-html, error-200) answer at once; 504 and drop come after the service acted, as a
real gateway timeout or a dropped connection may.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from neo_auth.sandbox.errors import SandboxError

__all__ = ["FAULTS", "Fault", "PendingFaults"]

FAULT_HEADER = "X-Sandbox-Fault"
#: Every fault, and what it does (for errors, the README and the console).
FAULTS = {
    "503": "answer 503 Service Unavailable (Retry-After: 1) without acting",
    "429": "answer 429 Too Many Requests (Retry-After: 1) without acting",
    "502-html": "answer a gateway's 502 HTML page without acting",
    "error-200": "answer 200 with the documented error body (errorCode 500) without acting",
    "as-200": "act, and send a refusal (if any) with HTTP 200, as the real service may",
    "504": "act, then answer 504 Gateway Timeout",
    "drop": "act, then close the connection without an answer",
    "slow:SECONDS": "wait SECONDS before acting",
}

_BAD_GATEWAY_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>"
)


@dataclass(frozen=True)
class Fault:
    kind: str
    seconds: float = 0.0

    @classmethod
    def parse(cls, text: str, max_slow: float) -> Fault:
        text = text.strip()
        if text in FAULTS:
            return cls(text)
        if text.startswith("slow:"):
            try:
                seconds = float(text[5:])
            except ValueError:
                seconds = -1.0
            if 0 <= seconds <= max_slow:
                return cls("slow", seconds)
        raise SandboxError.error(
            400,
            f"Unknown {FAULT_HEADER}: use one of {', '.join(FAULTS)} (slow at most "
            f"{max_slow:g} s).",
            code="SANDBOX",
        )

    def early_answer(self) -> tuple[int, Any, dict[str, str]] | None:
        """(status, JSON body or HTML text, headers) of a fault that answers before the
        service acts, or None."""
        if self.kind == "503":
            body: dict[str, Any] = {
                "error": [{"code": "503", "message": "Trade API service is unavailable"}]
            }
            return 503, body, {"Retry-After": "1"}
        if self.kind == "429":
            body = {"error": [{"code": "429", "message": "Too many requests. Try again later."}]}
            return 429, body, {"Retry-After": "1"}
        if self.kind == "502-html":
            return 502, _BAD_GATEWAY_PAGE, {}
        if self.kind == "error-200":
            body = {
                "status": "error",
                "message": "Something went wrong. Please try again.",
                "errorCode": "500",
            }
            return 200, body, {}
        return None


class PendingFaults:
    """Faults armed for the next requests of an operation (or of every one, "*")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[tuple[str, str]] = deque()

    def arm(self, fault: str, operation: str = "*", times: int = 1) -> None:
        with self._lock:
            self._queue.extend([(operation, fault)] * times)

    def take(self, operation: str) -> str | None:
        with self._lock:
            for index, (target, fault) in enumerate(self._queue):
                if target in ("*", operation):
                    del self._queue[index]
                    return fault
        return None

    def armed(self) -> list[dict[str, Any]]:
        """What is armed, grouped: [{"operation", "fault", "times"}], in order."""
        with self._lock:
            grouped: list[dict[str, Any]] = []
            for operation, fault in self._queue:
                if grouped and (grouped[-1]["operation"], grouped[-1]["fault"]) == (
                    operation,
                    fault,
                ):
                    grouped[-1]["times"] += 1
                else:
                    grouped.append({"operation": operation, "fault": fault, "times": 1})
            return grouped

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
