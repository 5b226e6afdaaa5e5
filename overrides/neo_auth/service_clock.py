"""The service's clock, as its answers tell it: TOTP codes are judged on that clock.

Every answer carries a `Date` header. A computer whose clock is off by more than a step
(30 s) makes codes the service refuses ("Invalid TOTP", the most common complaint of
the official SDKs' users); the login flow learns the offset from the answers and
computes codes on the service's time instead, and says once that the clock is off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from email.utils import parsedate_to_datetime

__all__ = ["SKEW_THRESHOLD", "ServiceClock"]

logger = logging.getLogger("neo_auth")

#: Offsets below this are noise: `Date` has whole seconds, and an answer takes time to
#: arrive. Beyond it the codes are computed on the service's clock.
SKEW_THRESHOLD = 5.0


class ServiceClock:
    """The offset of the service's clock from ours (seconds the service is ahead)."""

    def __init__(self, wall_clock: Callable[[], float]) -> None:
        self._wall_clock = wall_clock
        self.offset: float | None = None  # None until an answer said the time
        self._warned = False

    def observe(self, date_header: str | None) -> None:
        """Learn from one answer's `Date` header (an unreadable one is ignored)."""
        if not date_header:
            return
        try:
            stamp = parsedate_to_datetime(date_header).timestamp()
        except (TypeError, ValueError, OverflowError, IndexError):
            return
        # The service wrote the whole second it answered in: on average half a second
        # before the end of it.
        self.offset = stamp + 0.5 - self._wall_clock()

    @property
    def correction(self) -> float:
        """The seconds to add to the local clock to get the service's (0 when close)."""
        if self.offset is None or abs(self.offset) <= SKEW_THRESHOLD:
            return 0.0
        return self.offset

    def now(self) -> float:
        """The service's time, as well as we know it."""
        return self._wall_clock() + self.correction

    def warn_once(self) -> None:
        if self._warned or not self.correction:
            return
        self._warned = True
        seconds = round(abs(self.correction))
        side = "ahead of" if self.correction < 0 else "behind"
        logger.warning(
            "the local clock is off by %d s (%s the service's); TOTP codes are computed on "
            "the service's clock. Set the clock right (NTP) to keep codes valid elsewhere.",
            seconds,
            side,
        )
