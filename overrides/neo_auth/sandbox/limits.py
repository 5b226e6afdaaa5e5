"""Counting in sliding windows: rate limits, and wrong guesses per number or account.

A guess limit counts wrong values per key (a mobile number, an account) in the last
window, whatever sessions or resends they came through: a brute force gets at most
`limit` guesses per window, however it spreads them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """At most `limit` events per key in any `seconds`."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._events: dict[Hashable, deque[float]] = defaultdict(deque)

    def _recent(self, key: Hashable, now: float) -> deque[float]:
        events = self._events[key]
        while events and events[0] <= now - self.seconds:
            events.popleft()
        if not events:
            del self._events[key]  # keep the table as small as the live keys
            return deque()
        return events

    def full(self, key: Hashable, now: float) -> bool:
        return len(self._recent(key, now)) >= self.limit

    def wait(self, key: Hashable, now: float) -> float:
        """Seconds until the window has room again (0 when it has room now)."""
        events = self._recent(key, now)
        if len(events) < self.limit:
            return 0.0
        return events[len(events) - self.limit] + self.seconds - now

    def add(self, key: Hashable, now: float) -> None:
        self._events[key].append(now)

    def count(self, key: Hashable, now: float) -> int:
        return len(self._recent(key, now))

    def clear(self) -> None:
        self._events.clear()
