"""Writing files that hold secrets: readable by the owner only, and atomic."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_private"]


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` with mode 0600, atomically: a reader (or a Ctrl-C) sees the
    old file or the new one, never half of it, and the secret is never world-readable."""
    target = Path(path).expanduser()
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    try:
        with os.fdopen(descriptor, "wb") as file:  # mkstemp creates it with mode 0600
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target
