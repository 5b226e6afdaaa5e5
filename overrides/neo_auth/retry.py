"""When to send a request again, and how long to wait first."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import UTC

import httpx

__all__ = ["RetryPolicy", "parse_retry_after", "provably_not_acted"]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, honouring `Retry-After`.

    `max_attempts` counts the first try (1 turns retries off). The n-th retry waits
    about `backoff * 2**(n-1)` seconds (half of it fixed, half random), never more than
    `max_delay`. A `Retry-After` longer than `max_delay` is not waited out: the
    `RateLimitedError` is raised at once, with `retry_after` set, for the caller to plan.
    """

    max_attempts: int = 3
    backoff: float = 0.5
    max_delay: float = 8.0
    _random: random.Random = field(
        default_factory=random.Random, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        from neo_auth.errors import InputValidationError

        if (
            isinstance(self.max_attempts, bool)
            or not isinstance(self.max_attempts, int)
            or self.max_attempts < 1
        ):
            raise InputValidationError(
                "RetryPolicy(max_attempts=...) must be a whole number of at least 1 "
                "(1 turns retries off)."
            )
        for name in ("backoff", "max_delay"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                raise InputValidationError(
                    f"RetryPolicy({name}=...) must be a finite number of seconds, 0 or more."
                )

    def delay(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait after failed attempt number `attempt` (1-based), or None: stop."""
        if attempt >= self.max_attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_delay else None
        ceiling = min(self.max_delay, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)


def provably_not_acted(status: int | None, exc: BaseException | None) -> bool:
    """Whether the server provably did not act on the request: only then is it repeated."""
    if exc is not None:
        return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    return status in (429, 503)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return float(seconds) if math.isfinite(seconds) and seconds >= 0 else None
    from dateutil import parser as date_parser  # only on this rare path

    try:
        when = date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = time.time() if now is None else now
    return max(0.0, float(when.timestamp()) - current)
