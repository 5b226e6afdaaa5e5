"""Keeping secrets out of what people see: masks for display, scrubbing of server text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

__all__ = ["REDACTED", "digest", "mask", "scrub"]

REDACTED = "***"
#: Shorter values are never partly shown: a few characters of a code are a real leak.
_SHOWN_FROM_LENGTH = 16


def mask(value: str | None) -> str:
    """A display form of a secret: its first four characters of a long value, never more.

    >>> mask("eyJhbGciOiJSUzI1NiJ9.payload.signature")
    'eyJh… (38 chars)'
    >>> mask("123456")
    '***'
    """
    if not value:
        return "(none)"
    if len(value) < _SHOWN_FROM_LENGTH:
        return REDACTED
    return f"{value[:4]}… ({len(value)} chars)"


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each secret replaced by `***`.

    Servers echo input in their error messages; anything we sent that is secret must
    not come back to the user through an exception message.
    """
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def digest(secret: str) -> str:
    """A short digest of a secret: enough to tell two apart (whose session is this?),
    useless to recover it from. For keys, not for short PINs."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]
