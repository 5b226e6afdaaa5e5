"""From an answer (or no answer) to the typed error it is.

The class comes from what the service said first (its code and words, through the
table in `neo_auth.known_errors`), then from the HTTP status; a 2xx answer that carries
an error body is that error. Transport failures map by type, like httpx's own
`map_httpcore_exceptions`: a table of exception type -> error class.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx

from neo_auth.errors import (
    AuthenticationError,
    GatewayTimeoutError,
    InvalidRequestError,
    NeoAuthError,
    NetworkError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from neo_auth.redaction import scrub
from neo_auth.retry_after import parse_retry_after

if TYPE_CHECKING:
    from neo_auth.known_errors import KnownError

__all__ = [
    "DEAD_SESSION_REASONS",
    "ServiceSaid",
    "decode_body",
    "error_from_exception",
    "error_from_response",
    "find_error",
    "session_refused",
]

#: Longer server messages are cut: they end up in terminals and logs.
_MESSAGE_LIMIT = 300
#: `stCode` values that mean success (the client-IP answer carries 1000).
_SUCCESS_CODES = frozenset({"1000", "200", "0"})
_FAILED_STATUS_WORDS = frozenset({"error", "not_ok", "failed", "failure"})


class ServiceSaid(NamedTuple):
    """What an error answer said: the service's code, its message, and any more words."""

    code: str | None
    message: str | None
    detail: str | None = None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _first_item(value: Any) -> Mapping[str, Any] | None:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return value[0]
    return None


def _failed(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in _FAILED_STATUS_WORDS


def _shape(body: Mapping[str, Any], *, flat: bool = True) -> ServiceSaid | None:
    """The error one (unwrapped) object describes, or None when it describes none.
    `flat` admits a bare `{"code", "message"}`: not inside `data`, where a success's
    own `message` lives."""
    item = _first_item(body.get("error"))
    if item is not None:  # {"error": [{"code", "message"}]}, maybe with stat/tid
        return ServiceSaid(_text(item.get("code")), _text(item.get("message")))
    fault = body.get("fault")
    if isinstance(fault, Mapping):  # the API gateway's {"fault": {...}}
        return ServiceSaid(
            _text(fault.get("code")),
            _text(fault.get("message")) or _text(fault.get("description")),
            _text(fault.get("description")),
        )
    if "errMsg" in body or ("stCode" in body and "data" not in body):
        code = _text(body.get("stCode"))
        if "errMsg" in body or code not in _SUCCESS_CODES:  # the login checker's shape
            return ServiceSaid(code, _text(body.get("errMsg")) or _text(body.get("stat")))
    if "error_description" in body or isinstance(body.get("error"), str):  # OAuth
        return ServiceSaid(
            _text(body.get("error")),
            _text(body.get("error_description")) or _text(body.get("error")),
        )
    if "errorCode" in body or _failed(body.get("status")) or _failed(body.get("stat")):
        return ServiceSaid(  # the documented login shape {"status": "error", ...}
            _text(body.get("errorCode")) or _text(body.get("code")),
            _text(body.get("message")) or _text(body.get("errMsg")),
            _text(body.get("description")),
        )
    if flat and "data" not in body and ("code" in body or "message" in body):
        return ServiceSaid(  # flat {"code", "message", "description"}
            _text(body.get("code")),
            _text(body.get("message")) or _text(body.get("description")),
            _text(body.get("description")),
        )
    return None


def find_error(body: Any) -> ServiceSaid | None:
    """The error a JSON body describes, in any shape the service is known to use (also
    wrapped in `data`), or None when it is not an error body."""
    if not isinstance(body, Mapping):
        return None
    said = _shape(body)
    if said is not None:
        return said
    data = body.get("data")
    if isinstance(data, Mapping) and not data.get("token"):
        return _shape(data, flat=False)
    return None


def decode_body(response: httpx.Response) -> tuple[Any, str | None]:
    """The JSON body, or None and a few words on why it is not usable JSON."""
    content = response.content
    if not content.strip():
        return None, "an empty body"
    try:
        return json.loads(content), None
    except RecursionError:
        return None, "JSON nested too deeply"
    except (UnicodeDecodeError, json.JSONDecodeError):
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "text/html" or content.lstrip()[:1] == b"<":
            return None, "an HTML page"
        if kind == "application/json" or content.lstrip()[:1] in (b"{", b"["):
            return None, "truncated or malformed JSON"
        return None, f"a body that is not JSON ({kind or 'no content type'})"
    except ValueError:  # an integer longer than Python converts (sys.int_info)
        return None, "JSON with a number too large to read"


def _clean(text: str | None, secrets: Iterable[str]) -> str | None:
    if text is None:
        return None
    text = scrub(" ".join(text.split()), secrets)
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def _status_of(code: str | None) -> int | None:
    """A code that is itself an HTTP error status (the documented `errorCode`: "401")."""
    if code is not None and len(code) == 3 and code.isdigit() and 400 <= int(code) <= 599:
        return int(code)
    return None


def _class_of_status(status: int) -> type[NeoAuthError]:
    if status == 429:
        return RateLimitedError
    if status in (400, 422):
        return InvalidRequestError
    if status in (401, 403):
        return AuthenticationError
    if status == 503:
        return ServiceUnavailableError
    if status == 504:
        return GatewayTimeoutError
    if 500 <= status < 600:
        return ServerError
    return UnexpectedResponseError


_DEFAULT_MESSAGES: dict[type[NeoAuthError], str] = {
    RateLimitedError: "too many requests",
    InvalidRequestError: "the request was refused as invalid",
    AuthenticationError: "access refused",
    ServiceUnavailableError: "service unavailable",
    GatewayTimeoutError: "gateway timeout",
    ServerError: "server error",
}


def _redirect(operation: str, response: httpx.Response) -> NeoAuthError:
    location = response.headers.get("location", "")
    try:
        host = httpx.URL(location).host or "the same host"
    except (httpx.InvalidURL, ValueError, TypeError):
        host = "an unreadable location"
    return UnexpectedResponseError(
        f"answered a redirect (HTTP {response.status_code}) to {host}; neo-auth never "
        "follows redirects: a login must not be sent anywhere else",
        operation=operation,
        status_code=response.status_code,
    )


def _recognise(operation: str, said: ServiceSaid) -> KnownError | None:
    """The known kind of error (`neo_auth.known_errors`) that an answer of `operation`
    saying this is, or None."""
    from neo_auth import known_errors  # here: a login that succeeds never needs the table

    words = " ".join(filter(None, (said.message, said.detail))).lower()
    return known_errors.match(operation, said.code, words)


def error_from_response(
    operation: str,
    response: httpx.Response,
    *,
    secrets: Iterable[str] = (),
    repeatable: bool = False,
    decoded: tuple[Any, str | None] | None = None,
) -> NeoAuthError:
    """The typed error of an answer that is not a usable success.

    `secrets` are values this request sent; they are scrubbed from the server's words.
    `repeatable` says whether the operation may be sent again after a 5xx or a 504
    (one that consumes no code). `decoded` is `decode_body(response)` when the caller
    has it already.
    """
    status = response.status_code
    if 300 <= status < 400:
        return _redirect(operation, response)
    secrets = tuple(secrets)
    body, not_json = decoded if decoded is not None else decode_body(response)
    found = find_error(body)
    said = found or ServiceSaid(None, None)
    code, message = _clean(said.code, secrets), _clean(said.message, secrets)
    known = _recognise(operation, said._replace(code=code))
    success = 200 <= status < 300

    if known is not None and known.error is not None:
        cls = known.error
    elif success:
        if found is None:
            what = not_json or "a body off the schema"
            return UnexpectedResponseError(
                f"answered {status} with {what}" + (f": {message}" if message else ""),
                operation=operation,
                status_code=status,
                code=code,
            )
        # A 2xx carrying an error: its status-like code, else a refusal we cannot name.
        code_status = _status_of(code)
        cls = _class_of_status(code_status) if code_status else InvalidRequestError
    else:
        cls = _class_of_status(status)

    default = _DEFAULT_MESSAGES.get(
        cls, f"answered status {status}, which the API does not declare"
    )
    fallback = message or (f"the service answered {not_json}" if not_json else default)
    common: dict[str, Any] = {
        "operation": operation,
        "status_code": status,
        "code": code,
        "reason": known.reason if known else None,
    }
    if known is not None:
        common["hint"] = known.hint
    if cls in (RateLimitedError, ServiceUnavailableError):
        return cls(
            fallback, retry_after=parse_retry_after(response.headers.get("retry-after")), **common
        )
    if cls in (ServerError, GatewayTimeoutError):
        return cls(fallback, retryable=repeatable, **common)
    return cls(fallback, **common)


#: Transport failures, most specific first: (httpx exception, error class, what happened).
_TRANSPORT_ERRORS: tuple[tuple[type[Exception], type[NeoAuthError], str, bool | None], ...] = (
    # The last field: retryable (None: only when the operation is repeatable).
    (
        httpx.ConnectTimeout,
        RequestTimeoutError,
        "could not connect in time; nothing was sent",
        True,
    ),
    (
        httpx.PoolTimeout,
        RequestTimeoutError,
        "no connection was free in time; nothing was sent",
        True,
    ),
    (
        httpx.TimeoutException,
        RequestTimeoutError,
        "no answer in time; the service may have acted on the request",
        None,
    ),
    (httpx.ConnectError, NetworkError, "could not connect; nothing was sent", True),
    (
        httpx.RemoteProtocolError,
        NetworkError,
        "the connection was closed without an answer; the service may have acted on it",
        None,
    ),
    (httpx.HTTPError, NetworkError, "the request failed", False),
)


def error_from_exception(
    operation: str, exc: BaseException, *, repeatable: bool = False
) -> NeoAuthError:
    """The typed error of a request that got no answer. Only the exception's type is
    used: its text may hold a header value."""
    kind = type(exc).__name__
    for source, cls, what, retryable in _TRANSPORT_ERRORS:
        if isinstance(exc, source):
            return cls(
                f"{what} ({kind})",
                operation=operation,
                retryable=repeatable if retryable is None else retryable,
            )
    return NeoAuthError(f"the request failed unexpectedly ({kind})", operation=operation)


#: Refusals a fresh login cures: the session expired or was revoked, or it is bound to
#: another IP address. (A refused consumer key is not one: logging in would fail too.)
DEAD_SESSION_REASONS = frozenset({"session_expired", "ip_mismatch", "unauthorized", "auth_failed"})


def session_refused(
    response: httpx.Response, operation: str = "trading", *, secrets: Iterable[str] = ()
) -> NeoAuthError | None:
    """The error when this answer (of a trading call, any status) says the session is
    no longer good, else None: the one "is this session dead" test of neo-auth.
    `secrets` (the session's token and sid) are scrubbed from what it says."""
    status = response.status_code
    if 300 <= status < 400 or status >= 500 or status == 429:
        return None
    decoded = decode_body(response)
    if find_error(decoded[0]) is None and status not in (401, 403):
        return None
    error = error_from_response(operation, response, secrets=secrets, decoded=decoded)
    if not isinstance(error, AuthenticationError):
        return None
    if error.reason in DEAD_SESSION_REASONS or (error.reason is None and status in (401, 403)):
        return error
    return None
