"""The errors of neo-auth: every failure a public method can meet is one of these.

    NeoAuthError
    ├── InputValidationError      (also a ValueError) a bad argument; nothing was sent
    ├── FlowError                 a step out of order; nothing was sent
    │   └── QrCodeExpiredError    registration after the QR code's validity
    ├── InvalidRequestError       400, 422: the service refused the values sent
    ├── AuthenticationError       401, 403, a refused key, a dead session
    ├── RateLimitedError          429; `retry_after`
    ├── ServerError               500 and other 5xx
    │   ├── ServiceUnavailableError   503; `retry_after`
    │   └── GatewayTimeoutError       504: the service may have acted
    ├── UnexpectedResponseError   an answer that cannot be trusted
    ├── NetworkError              no answer: refused, reset, DNS, TLS
    │   └── RequestTimeoutError   no answer in time
    └── SessionCacheError         the session cache file cannot be used

This module holds only the classes. Which answer becomes which error is decided by
`neo_auth.error_mapping`, from the table of known answers in `neo_auth.known_errors`.
The service's code and words are kept (with our secrets scrubbed out); our hint says
what to do next.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AuthenticationError",
    "FlowError",
    "GatewayTimeoutError",
    "InputValidationError",
    "InvalidRequestError",
    "NeoAuthError",
    "NetworkError",
    "QrCodeExpiredError",
    "RateLimitedError",
    "RequestTimeoutError",
    "ServerError",
    "ServiceUnavailableError",
    "SessionCacheError",
    "UnexpectedResponseError",
]

_SENTENCE_ENDS = (".", "!", "?", "…", ":")


class NeoAuthError(Exception):
    """The base of every error this package raises.

    `status_code` is the HTTP status (None when there was no answer), `code` the
    service's own error code, `message` the service's words (or ours), `operation` the
    public method that failed, `retryable` whether trying again may help, `reason` a
    stable name of a known answer (e.g. "session_expired", "ip_mismatch"), and `hint`
    what to do next.
    """

    hint = ""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status_code: int | None = None,
        code: str | None = None,
        retryable: bool = False,
        hint: str | None = None,
        reason: str | None = None,
    ) -> None:
        self.message = message
        self.operation = operation
        self.status_code = status_code
        self.code = code
        self.retryable = retryable
        self.reason = reason
        if hint is not None:
            self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        where = self.operation or "neo-auth"
        status = f" (HTTP {self.status_code})" if self.status_code is not None else ""
        code = f" [code {self.code}]" if self.code else ""
        text = f"{where}{status}{code}: {self.message}"
        if not self.hint:
            return text
        return f"{text if text.endswith(_SENTENCE_ENDS) else text + '.'} {self.hint}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(operation={self.operation!r}, "
            f"status_code={self.status_code!r}, code={self.code!r}, "
            f"message={self.message!r}, retryable={self.retryable!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keeps errors picklable (multiprocessing bots) with their keyword-only fields.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[NeoAuthError], message: str, state: dict[str, Any]) -> NeoAuthError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InputValidationError(NeoAuthError, ValueError):
    """A bad argument, caught before anything was sent."""


class FlowError(NeoAuthError):
    """A step was called out of order; nothing was sent."""


class QrCodeExpiredError(FlowError):
    """The QR code of `totp_verify_user` is no longer valid; start a new enrolment."""

    hint = "Call totp_verify_user again for a new QR code, then register with a fresh code."


class InvalidRequestError(NeoAuthError):
    """The service refused the request as invalid (400, 422): a wrong value or field."""

    hint = "The service refused the values sent; check them and try again."


class AuthenticationError(NeoAuthError):
    """Credentials or session refused (401, 403, a refused consumer key, a dead session)."""

    hint = (
        "Check the consumer key (sent as is, no 'Bearer'), the neo-fin-key and the MPIN; "
        "a session may have expired: log in again."
    )


def _wait_words(retry_after: float | None) -> str:
    return f"after {retry_after:g} s" if retry_after is not None else "later"


class RateLimitedError(NeoAuthError):
    """Too many requests (429); `retry_after` says how long to wait, when the server said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        kwargs.setdefault("retryable", True)
        kwargs.setdefault("hint", f"Wait and try again {_wait_words(retry_after)}.")
        super().__init__(message, **kwargs)


class ServerError(NeoAuthError):
    """The service failed (500 and other 5xx)."""

    hint = "The service failed; try again later."


class ServiceUnavailableError(ServerError):
    """The service is unavailable (503); it did not act on the request. `retry_after`
    says how long to wait, when the server said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        kwargs.setdefault("retryable", True)
        kwargs.setdefault(
            "hint", f"The service is unavailable; try again {_wait_words(retry_after)}."
        )
        super().__init__(message, **kwargs)


class GatewayTimeoutError(ServerError):
    """The gateway timed out (504); the request may or may not have been acted on."""

    hint = (
        "The gateway timed out; the service may have acted on the request. "
        "A code-consuming step needs a fresh code before it is tried again."
    )


class UnexpectedResponseError(NeoAuthError):
    """An answer this SDK cannot trust: undeclared status, not JSON, truncated, too
    large, off-schema, or a redirect."""

    hint = (
        "The service answered something unexpected; try again later, and report it if it persists."
    )


class NetworkError(NeoAuthError):
    """No answer: connection refused or reset, DNS or TLS failure."""

    hint = "Check the network and the base URL, then try again."


class RequestTimeoutError(NetworkError):
    """No answer in time: a connect, read or write timeout, or the call's whole deadline."""

    hint = "The service did not answer in time; try again, or raise the timeout."


class SessionCacheError(NeoAuthError):
    """The session cache file could not be read, written or locked."""

    hint = "Check the cache file's path and permissions, or pass another path."
