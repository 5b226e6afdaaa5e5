"""Change notices for the console's live view (server-sent events), as Mailpit does.

The backend says where a change happens (`EventHub.publish("sessions")`); each open
console gets a hint and fetches what it shows again. Hints are coalesced: at most one
event per subscriber every `COALESCE_SECONDS`, whatever the request rate, so an open
console costs the API next to nothing. A subscriber that cannot keep up is dropped,
never buffered without end; a console that reconnects simply fetches everything.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator
from typing import Any

__all__ = ["COALESCE_SECONDS", "EventHub", "Subscriber"]

#: The quickest a console is told of changes again: live enough for a person watching,
#: and a sandbox under load does not make an open console redraw all the time.
COALESCE_SECONDS = 0.5
#: Events a subscriber may have waiting before it is dropped (it is not reading).
_QUEUE_SIZE = 32
#: A comment line this often: proxies keep the stream open, and a gone client shows.
HEARTBEAT_SECONDS = 15.0


class Subscriber:
    """One open console: a bounded queue in the event loop that serves it."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[str | None] = asyncio.Queue(_QUEUE_SIZE)
        self._kinds: set[str] = set()
        self._scheduled = False
        self.dropped = False

    def offer(self, kind: str) -> None:
        """From any thread: remember the kind; make sure a flush is coming. Only the
        first change after a flush crosses into the event loop, so a sandbox answering
        thousands of requests a second wakes a console's loop a few times a second."""
        self._kinds.add(kind)
        if not self._scheduled:
            self._scheduled = True
            self.loop.call_soon_threadsafe(self.loop.call_later, COALESCE_SECONDS, self._flush)

    def end(self) -> None:
        """In the subscriber's loop: close its stream."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)

    def _flush(self) -> None:
        self._scheduled = False
        taken, self._kinds = self._kinds, set()
        kinds = sorted(taken)
        if not kinds or self.dropped:
            return
        try:
            self.queue.put_nowait(json.dumps({"changed": kinds}))
        except asyncio.QueueFull:
            self.dropped = True  # a reader this slow is let go; it refetches on reconnect
            self.queue.get_nowait()
            self.queue.put_nowait(None)


class EventHub:
    """Who is listening, and a thread-safe way to tell them something changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def publish(self, kind: str) -> None:
        """Called where the change happens, from any thread."""
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber.offer(kind)
            except RuntimeError:  # its loop has closed: the server is stopping
                self.forget(subscriber)

    def subscribe(self) -> Subscriber:
        subscriber = Subscriber(asyncio.get_running_loop())
        with self._lock:
            self._subscribers.append(subscriber)
        return subscriber

    def forget(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def close_all(self) -> None:
        """End every open stream (the server is stopping: an open tab must not hold it)."""
        with self._lock:
            subscribers, self._subscribers = self._subscribers, []
        for subscriber in subscribers:
            subscriber.dropped = True
            with contextlib.suppress(RuntimeError):  # its loop is gone already
                subscriber.loop.call_soon_threadsafe(subscriber.end)

    @property
    def listening(self) -> int:
        with self._lock:
            return len(self._subscribers)

    async def stream(self, subscriber: Subscriber, is_gone: Any) -> AsyncIterator[str]:
        """The server-sent events of one subscriber, until it goes or is dropped."""
        try:
            yield "retry: 2000\n\n"
            yield f"data: {json.dumps({'changed': ['all']})}\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(subscriber.queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    if await is_gone():
                        return
                    yield ": still here\n\n"
                    continue
                if event is None:
                    return
                yield f"data: {event}\n\n"
        finally:
            self.forget(subscriber)
