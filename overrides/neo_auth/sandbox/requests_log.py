"""The sandbox's log of recent requests: what the console lists, secrets never in it.

A record holds the operation, status, latency and the error code answered, nothing a
request carried; so it needs no masking at all.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["MAX_RECORDS", "RequestLog", "RequestRecord"]

#: The console shows the last 200 requests; older ones are forgotten.
MAX_RECORDS = 200


@dataclass(frozen=True)
class RequestRecord:
    number: int
    at: float  # the service's time (Unix seconds)
    operation: str
    status: int  # 0: the connection was dropped without an answer
    latency_ms: float
    code: str | None  # the error code answered, if any


#: Told of each record as it is made (the console's live view).
Listener = Callable[[RequestRecord], object]


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: deque[RequestRecord] = deque(maxlen=MAX_RECORDS)
        self._count = 0
        self._listeners: list[Listener] = []

    def record(
        self, operation: str, status: int, elapsed: float, code: str | None, at: float
    ) -> RequestRecord:
        with self._lock:
            self._count += 1
            entry = RequestRecord(
                self._count, at, operation, status, round(elapsed * 1000, 2), code
            )
            self._records.append(entry)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(entry)
        return entry

    def recent(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(record) for record in self._records]

    def listen(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def forget(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)
