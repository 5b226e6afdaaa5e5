"""Reading an answer's body within a size cap, decompressing as it arrives.

Sans-IO: the drivers feed it the raw chunks they receive. Decompression is bounded too
(`zlib`'s `max_length`), so a small compressed "bomb" stops after the cap instead of
expanding in memory.
"""

from __future__ import annotations

import zlib
from typing import Any

from neo_auth.engine import AnswerTooLarge, UnreadableEncoding

__all__ = ["MAX_ANSWER_BYTES", "BoundedBody"]

#: The largest answer body read, after decompression. Every answer of this API is a
#: few kilobytes (a session with every field is under 3 KB; the enrolment with its QR
#: PNG under 10 KB); 1 MiB leaves room for growth and stops a runaway answer early.
#: `max_answer_bytes=` on the client classes changes it.
MAX_ANSWER_BYTES = 1024 * 1024


class BoundedBody:
    """Collects a body's bytes; raises `AnswerTooLarge` past `limit` decoded bytes."""

    def __init__(self, limit: int, content_encoding: str | None) -> None:
        self.limit = limit
        self._parts: list[bytes] = []
        self._size = 0
        encoding = (content_encoding or "identity").strip().lower()
        self._decoder: Any  # a zlib decompressor, or None for an identity body
        if encoding in ("identity", ""):
            self._decoder = None
        elif encoding in ("gzip", "x-gzip"):
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header
        else:
            raise UnreadableEncoding(encoding[:40])

    def feed(self, raw: bytes) -> None:
        if self._decoder is None:
            self._keep(raw)
            return
        data = raw
        while data:
            try:
                out = self._decoder.decompress(data, self.limit - self._size + 1)
            except zlib.error:
                raise UnreadableEncoding("damaged compressed data") from None
            self._keep(out)
            data = self._decoder.unconsumed_tail

    def _keep(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self.limit:
            raise AnswerTooLarge(self.limit)
        if chunk:
            self._parts.append(chunk)

    def result(self) -> bytes:
        if self._decoder is not None:
            self._keep(self._decoder.flush())
        return b"".join(self._parts)
