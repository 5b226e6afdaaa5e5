"""When to send a request again, and how long to wait first."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import httpx

from neo_auth.errors import InputValidationError
from neo_auth.retry_after import parse_retry_after

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
