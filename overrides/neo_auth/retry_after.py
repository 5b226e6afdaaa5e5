"""Reading a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3).

A leaf module: the error mapping and the retry policy both read it.
"""

from __future__ import annotations

import math
import time
from datetime import UTC

__all__ = ["parse_retry_after"]

#: Longer values are garbage, not advice: nobody asks a client to come back in a century.
_LONGEST_WAIT = 100 * 365 * 24 * 3600.0


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a `Retry-After` header, or None when there is none or it is garbage.

    Whatever the header holds (an odd date, an offset out of range, a number with a
    thousand digits), the answer is a float in [0, 100 years] or None, never an error.
    """
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 64:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return _from_date(value, now)
    if not math.isfinite(seconds) or seconds < 0 or seconds > _LONGEST_WAIT:
        return None
    return seconds


def _from_date(value: str, now: float | None) -> float | None:
    from dateutil import parser as date_parser  # only on this rare path

    try:
        when = date_parser.parse(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        stamp = when.timestamp()
    except (ValueError, OverflowError, OSError, TypeError, ArithmeticError):
        return None  # dateutil and datetime raise all of these on odd input
    current = time.time() if now is None else now
    wait = stamp - current
    if not math.isfinite(wait) or wait > _LONGEST_WAIT:
        return None
    return max(0.0, wait)
