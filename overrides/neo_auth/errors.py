"""Typed errors, and the one place where answers and transport failures become them.

Every failure a public method can meet leaves it as a `NeoAuthError`. The server's
message and code are kept (with anything secret that was sent scrubbed out); ours say
what happened and what to do next.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from neo_auth.redaction import scrub
from neo_auth.retry import parse_retry_after

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
    "UnexpectedResponseError",
    "decode_body",
    "error_from_exception",
    "error_from_response",
]


class NeoAuthError(Exception):
    """The base of every error this package raises."""

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
    ) -> None:
        self.message = message
        self.operation = operation
        self.status_code = status_code
        self.code = code
        self.retryable = retryable
        if hint is not None:
            self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        where = self.operation or "neo-auth"
        status = f" (HTTP {self.status_code})" if self.status_code is not None else ""
        code = f" [code {self.code}]" if self.code else ""
        text = f"{where}{status}{code}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text

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


class InvalidRequestError(NeoAuthError):
    """The server refused the request as invalid (400, 422): a wrong code, a bad field."""

    hint = "Check the values sent; a code may be wrong or already used."


class AuthenticationError(NeoAuthError):
    """Credentials or session refused (401, 403, gateway fault 900901, invalid session)."""

    hint = (
        "Check the consumer key (sent as is, no 'Bearer'), the neo-fin-key and the MPIN; "
        "a session may have expired: log in again."
    )


class RateLimitedError(NeoAuthError):
    """Too many requests (429); `retry_after` says how long to wait, when the server said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        kwargs.setdefault("retryable", True)
        wait = f"after {retry_after:g} s" if retry_after is not None else "later"
        kwargs.setdefault("hint", f"Wait and try again {wait}.")
        super().__init__(message, **kwargs)


class ServerError(NeoAuthError):
    """The service failed (500 and other 5xx)."""

    hint = "The service failed; try again later."


class ServiceUnavailableError(ServerError):
    """The service is unavailable (503); it did not act on the request."""

    hint = "The service is unavailable; try again later."


class GatewayTimeoutError(ServerError):
    """The gateway timed out (504); the request may or may not have been acted on."""

    hint = (
        "The gateway timed out; the service may have acted on the request. "
        "A code-consuming step needs a fresh code before it is tried again."
    )


class UnexpectedResponseError(NeoAuthError):
    """An answer this SDK cannot trust: undeclared status, not JSON, truncated, off-schema."""

    hint = (
        "The service answered something unexpected; try again later, and report it if it persists."
    )


class NetworkError(NeoAuthError):
    """No answer: connection refused or reset, DNS or TLS failure."""

    hint = "Check the network and the base URL, then try again."


class RequestTimeoutError(NetworkError):
    """No answer in time (connect, read, write or pool timeout)."""

    hint = "The service did not answer in time; try again, or raise the timeout."


class FlowError(NeoAuthError):
    """A step was called out of order; nothing was sent."""


class QrCodeExpiredError(FlowError):
    """The QR code of `totp_verify_user` is no longer valid; start a new enrolment."""

    hint = "Call totp_verify_user again for a new QR code, then register with a fresh code."


# --- mapping ---------------------------------------------------------------------------

#: Gateway and login-checker codes that mean "your credentials or session are bad".
_AUTH_CODES = frozenset({"900900", "900901", "900902", "900908", "100022"})
_AUTH_PHRASES = ("invalid session token", "invalid credentials", "invalid_client")
_ERROR_KEYS = frozenset({"error", "fault", "stCode", "errMsg", "error_description"})
_MESSAGE_LIMIT = 300


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _first_error_item(value: Any) -> Mapping[str, Any] | None:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return value[0]
    return None


def extract_error(body: Any) -> tuple[str | None, str | None]:
    """The server's (code, message) from any error-body shape the service is known to use."""
    if not isinstance(body, Mapping):
        return None, None
    item = _first_error_item(body.get("error"))
    if item is not None:
        return _text(item.get("code")), _text(item.get("message"))
    fault = body.get("fault")
    if isinstance(fault, Mapping):
        return _text(fault.get("code")), _text(fault.get("message")) or _text(
            fault.get("description")
        )
    if "stCode" in body or "errMsg" in body:
        return _text(body.get("stCode")), _text(body.get("errMsg")) or _text(body.get("stat"))
    if "error_description" in body or isinstance(body.get("error"), str):
        return _text(body.get("error")), _text(body.get("error_description")) or _text(
            body.get("error")
        )
    return _text(body.get("code")), _text(body.get("message")) or _text(body.get("description"))


def is_error_body(body: Any) -> bool:
    """Whether a body (maybe of a 2xx answer) is an error rather than a `data` envelope."""
    return isinstance(body, Mapping) and "data" not in body and bool(_ERROR_KEYS & body.keys())


def decode_body(response: httpx.Response) -> tuple[Any, str | None]:
    """The JSON body, or None and a few words on why it is not JSON."""
    content = response.content
    if not content.strip():
        return None, "an empty body"
    try:
        return json.loads(content), None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "text/html" or content.lstrip()[:1] == b"<":
            return None, "an HTML page"
        if kind == "application/json" or content.lstrip()[:1] in (b"{", b"["):
            return None, "truncated or malformed JSON"
        return None, f"a body that is not JSON ({kind or 'no content type'})"


def _clean(text: str | None, secrets: Iterable[str]) -> str | None:
    if text is None:
        return None
    text = scrub(" ".join(text.split()), secrets)
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def _looks_like_auth_failure(code: str | None, message: str | None) -> bool:
    if code in _AUTH_CODES:
        return True
    lowered = (message or "").lower()
    return any(phrase in lowered for phrase in _AUTH_PHRASES)


def error_from_response(
    operation: str,
    response: httpx.Response,
    *,
    secrets: Iterable[str] = (),
    repeatable: bool = False,
) -> NeoAuthError:
    """The typed error for an answer that is not a usable success.

    `secrets` are values this request sent; they are scrubbed from the server's words.
    `repeatable` says whether the operation may be sent again after a 504 (one that
    consumes no code).
    """
    status = response.status_code
    secrets = tuple(secrets)
    body, not_json = decode_body(response)
    code, message = extract_error(body)
    code, message = _clean(code, secrets), _clean(message, secrets)
    common: dict[str, Any] = {"operation": operation, "status_code": status, "code": code}

    if 200 <= status < 300:
        if _looks_like_auth_failure(code, message):
            return AuthenticationError(message or "access refused", **common)
        what = not_json or ("an error body" if is_error_body(body) else "a body off the schema")
        said = f": {message}" if message else ""
        return UnexpectedResponseError(f"answered {status} with {what}{said}", **common)

    fallback = message or (f"the service answered {not_json}" if not_json else None)
    if status == 429:
        return RateLimitedError(
            fallback or "too many requests",
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            **common,
        )
    if 400 <= status < 500 and _looks_like_auth_failure(code, message):
        return AuthenticationError(fallback or "access refused", **common)
    if status in (400, 422):
        if operation == "totp_registration" and "expire" in (message or "").lower():
            return QrCodeExpiredError(fallback or "the QR code has expired", **common)
        return InvalidRequestError(fallback or "the request was refused as invalid", **common)
    if status in (401, 403):
        return AuthenticationError(fallback or "access refused", **common)
    if status == 503:
        return ServiceUnavailableError(fallback or "service unavailable", retryable=True, **common)
    if status == 504:
        return GatewayTimeoutError(fallback or "gateway timeout", retryable=repeatable, **common)
    if 500 <= status < 600:
        return ServerError(fallback or "server error", retryable=repeatable, **common)
    return UnexpectedResponseError(
        fallback or f"answered status {status}, which the API does not declare", **common
    )


def error_from_exception(
    operation: str, exc: BaseException, *, repeatable: bool = False
) -> NeoAuthError:
    """The typed error for a request that got no answer."""
    kind = type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return RequestTimeoutError(
            f"could not connect in time ({kind}); nothing was sent",
            operation=operation,
            retryable=True,
        )
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(
            f"no answer in time ({kind}); the service may have acted on the request",
            operation=operation,
            retryable=repeatable,
        )
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(
            f"could not connect ({kind}); nothing was sent", operation=operation, retryable=True
        )
    if isinstance(exc, httpx.RemoteProtocolError):
        return NetworkError(
            "the connection was closed without an answer; the service may have acted on it",
            operation=operation,
            retryable=repeatable,
        )
    if isinstance(exc, httpx.HTTPError):
        return NetworkError(f"the request failed ({kind})", operation=operation)
    return NeoAuthError(f"the request failed unexpectedly ({kind})", operation=operation)
