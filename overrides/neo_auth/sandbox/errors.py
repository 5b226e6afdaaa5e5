"""The sandbox's error catalogue: every refusal it answers, in the real service's shapes.

Where the real service is known to answer a refusal (`neo_auth.known_errors`), the
sandbox sends that very answer, so the SDK's mapping, the sandbox and the corpus tests
read one table. Every error is JSON in one of the service's shapes, never a bare page.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from neo_auth.known_errors import by_reason

__all__ = ["SandboxError"]


def _retry_after(wait: float) -> dict[str, str]:
    """The Retry-After header of a wait: whole seconds, rounded up, at least 1."""
    return {"Retry-After": str(max(1, math.ceil(wait)))}


class SandboxError(Exception):
    """An error answer: HTTP status, JSON body, headers, and the `known_errors` reason
    it is an example of (None for one the real service was not seen to give)."""

    def __init__(
        self,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
        *,
        reason: str | None = None,
        documented: bool = False,
    ) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.reason = reason
        #: In the login calls' documented shape: sent with 200 when refusals_as_200 says.
        self.documented = documented

    @property
    def code(self) -> str | None:
        """The code the body carries (for the request log)."""
        from neo_auth.error_mapping import find_error

        said = find_error(self.body)
        return said.code if said else None

    @classmethod
    def error(
        cls, status: int, message: str, code: str | None = None, **headers: str
    ) -> SandboxError:
        """The registration host's shape: `{"error": [{"code", "message"}]}`."""
        return cls(status, {"error": [{"code": code or str(status), "message": message}]}, headers)

    @classmethod
    def documented_error(
        cls, status: int, message: str, *, reason: str | None = None, **headers: str
    ) -> SandboxError:
        """The login calls' documented shape: `{"status": "error", "message", "errorCode"}`."""
        body = {"status": "error", "message": message, "errorCode": str(status)}
        return cls(status, body, headers, reason=reason, documented=True)

    @classmethod
    def known(cls, reason: str, **headers: str) -> SandboxError:
        """The real answer of a known kind of error, as `known_errors` records it."""
        sample = by_reason(reason).sample
        assert sample is not None, f"known error {reason!r} has no sample answer"
        status, body = sample
        documented = body.get("status") == "error" and "errorCode" in body
        return cls(
            status, copy.deepcopy(dict(body)), headers, reason=reason, documented=documented
        )

    # --- the catalogue ----------------------------------------------------------------

    @classmethod
    def bad_request(cls, message: str) -> SandboxError:
        return cls.error(400, message)

    @classmethod
    def too_many(cls, message: str, wait: float) -> SandboxError:
        """429 with Retry-After: a rate limit, or a lock after too many wrong values."""
        return cls.error(429, message, **_retry_after(wait))

    @classmethod
    def locked_login(cls, message: str, wait: float) -> SandboxError:
        return cls.documented_error(429, message, reason="locked", **_retry_after(wait))

    @classmethod
    def jwt_refused(cls) -> SandboxError:
        """A session the service no longer honours (kotak-neo-api#183: flat, no fault)."""
        body = {
            "code": "900901",
            "message": "Invalid Credentials",
            "description": "Invalid JWT token. Make sure you have provided the correct "
            "security credentials",
        }
        return cls(401, body, reason="session_expired")

    @classmethod
    def too_large(cls, limit: int) -> SandboxError:
        # Connection: close, so the rest of a huge body is not read (and thrown away).
        return cls.error(
            413, f"Request body is larger than {limit} bytes.", code="413", Connection="close"
        )

    @classmethod
    def unsupported_media(cls) -> SandboxError:
        return cls.error(415, "Content-Type must be application/json.", code="415")

    @classmethod
    def unexpected(cls) -> SandboxError:
        return cls.error(500, "Unexpected error", code="500")
