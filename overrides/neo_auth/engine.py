"""One request of one operation: build it, send it, retry it, map its answer.

Written sans-IO: `exchange` is a generator that yields `Send` and `Sleep` actions and
gets back answers, so the sync and the async clients share every decision and differ
only in the few lines of `drivers` that perform the actions. Time is read from an
injected clock, so a test moves it instead of waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import Any, NamedTuple, TypeVar

import httpx

from neo_auth import validation
from neo_auth.error_mapping import (
    decode_body,
    error_from_exception,
    error_from_response,
    find_error,
)
from neo_auth.errors import NeoAuthError, RequestTimeoutError, UnexpectedResponseError
from neo_auth.retry import RetryPolicy, provably_not_acted

__all__ = [
    "UAT_HOST",
    "Action",
    "AnswerTooLarge",
    "Call",
    "DeadlineExceeded",
    "Operation",
    "Send",
    "Sleep",
    "Steps",
    "UnreadableEncoding",
    "exchange",
]

logger = logging.getLogger("neo_auth")

T = TypeVar("T")


# The actions and the call's bounds are NamedTuples, not dataclasses: they are made at
# import, and `import neo_auth` stays light (a dataclass costs ~0.5 ms to create).
class Send(NamedTuple):
    """Send this request (the keyword arguments of `httpx.Client.request`), giving up
    after `time_left` seconds (None: no deadline)."""

    request: dict[str, Any]
    time_left: float | None = None

    def __repr__(self) -> str:  # the request holds secrets: never shown
        return f"Send(<{self.request.get('method', '?')} request>, time_left={self.time_left!r})"


class Sleep(NamedTuple):
    """Wait this many seconds."""

    seconds: float


Action = Send | Sleep
#: A step of a flow: yields actions, receives `httpx.Response` for each `Send`, returns T.
Steps = Generator[Action, Any, T]


class DeadlineExceeded(Exception):
    """Thrown into a flow by a driver: the call's deadline passed while sending."""


class UnreadableEncoding(Exception):
    """Thrown into a flow by a driver: the answer is compressed in a way neo-auth did not
    ask for and cannot read, or its compressed data is damaged."""


class AnswerTooLarge(Exception):
    """Thrown into a flow by a driver: the answer was bigger than the cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


class Call(NamedTuple):
    """The bounds of one public call: its deadline on `clock` (None: none)."""

    clock: Callable[[], float]
    deadline: float | None = None
    total: float | None = None  # the whole call's timeout, for messages

    @classmethod
    def starting(cls, clock: Callable[[], float], total: float | None) -> Call:
        return cls(clock, None if total is None else clock() + total, total)

    def left(self) -> float | None:
        return None if self.deadline is None else self.deadline - self.clock()

    def timed_out(self, operation: str, *, acted: bool) -> RequestTimeoutError:
        maybe = "; the service may have acted on the request" if acted else ""
        return RequestTimeoutError(
            f"the call took longer than its timeout of {self.total:g} s{maybe}",
            operation=operation,
        )


@dataclass(frozen=True)
class Operation:
    """An operation of the spec as the SDK uses it.

    The generated endpoint module and model are imported on first use, so a program
    that only logs in never loads the registration operations.
    """

    name: str  # the public method's name, used in errors and logs
    endpoint: str  # the generated endpoint module, e.g. "registration.send_otp"
    model_name: str  # the generated model of the success answer
    consumes_code: bool  # never repeated once the server may have acted on it
    #: Fields of `data` the SDK relies on, as (attribute, JSON name): non-empty strings.
    requires: tuple[tuple[str, str], ...] = ()
    #: The path on the UAT host, where it differs (the spec's `x-neo-uat-path`).
    uat_path: str | None = None

    @cached_property
    def build(self) -> Callable[..., dict[str, Any]]:
        """The generated request builder (`build_request`) of the endpoint."""
        module = import_module(f"neo_auth_client.api.{self.endpoint}")
        builder: Callable[..., dict[str, Any]] = module.build_request
        return builder

    @cached_property
    def model(self) -> type[Any]:
        model: type[Any] = getattr(import_module("neo_auth_client.models"), self.model_name)
        return model


#: Kotak's UAT login host: it serves the login operations at other paths (the spec's
#: `x-neo-uat-path`, kept in `Operation.uat_path`).
UAT_HOST = "https://d-mis.kotaksecurities.com"


def exchange(
    operation: Operation,
    base_url: str,
    policy: RetryPolicy,
    call: Call,
    *,
    secrets: tuple[str, ...] = (),
    extra_headers: Mapping[str, str] | None = None,
    on_answer: Callable[[httpx.Response], None] | None = None,
    **arguments: Any,
) -> Steps[Any]:
    """Send one operation (with retries, within the call's deadline) and return its
    parsed success model.

    `secrets` are the secret values in this request: they are scrubbed from any server
    text that ends up in an error. `on_answer` sees every answer (the login flow reads
    the service's clock from it). Raises `NeoAuthError` and nothing else, and never
    chains the exception of a failed send (its text may hold a header value).
    """
    request = operation.build(**arguments)
    path = operation.uat_path if operation.uat_path and base_url == UAT_HOST else request["url"]
    request["url"] = base_url + path
    if extra_headers:
        request["headers"] = {**request.get("headers", {}), **extra_headers}
    repeatable = not operation.consumes_code
    attempt = 0
    while True:
        attempt += 1
        left = call.left()
        if left is not None and left <= 0:
            raise call.timed_out(operation.name, acted=False)
        started = call.clock()
        response: httpx.Response | None = None
        failure: BaseException | None = None
        try:
            response = yield Send(request, left)
        except Exception as exc:  # the driver throws what sending raised
            failure = exc
        elapsed_ms = (call.clock() - started) * 1000
        if response is not None and on_answer is not None:
            on_answer(response)
        error = _outcome(operation, response, failure, secrets, repeatable, call)
        if response is not None:
            logger.debug(
                "%s: HTTP %d in %.1f ms (attempt %d)",
                operation.name,
                response.status_code,
                elapsed_ms,
                attempt,
            )
            if error is None:
                return _parse(operation, response, secrets)
        else:
            logger.debug(
                "%s: no answer (%s) after %.1f ms (attempt %d)",
                operation.name,
                type(failure).__name__,
                elapsed_ms,
                attempt,
            )
        assert error is not None
        status = None if response is None else response.status_code
        delay = None
        if provably_not_acted(status, failure):
            delay = policy.delay(attempt, getattr(error, "retry_after", None))
        left = call.left()
        if delay is None or (left is not None and delay >= left):
            raise error from None
        logger.debug("%s: retrying in %.2f s", operation.name, delay)
        yield Sleep(delay)


def _outcome(
    operation: Operation,
    response: httpx.Response | None,
    failure: BaseException | None,
    secrets: tuple[str, ...],
    repeatable: bool,
    call: Call,
) -> NeoAuthError | None:
    """The error of one attempt, or None for a 2xx answer (parsed by `_parse`)."""
    if response is not None:
        if 200 <= response.status_code < 300:
            return None
        return error_from_response(
            operation.name, response, secrets=secrets, repeatable=repeatable
        )
    if isinstance(failure, DeadlineExceeded):
        error = call.timed_out(operation.name, acted=True)
        error.retryable = repeatable
        return error
    if isinstance(failure, UnreadableEncoding):
        return UnexpectedResponseError(
            f"answered a body compressed as {failure} (neo-auth asks for none, and reads "
            "only gzip and deflate)",
            operation=operation.name,
        )
    if isinstance(failure, AnswerTooLarge):
        return UnexpectedResponseError(
            f"answered more than {failure.limit:,} bytes; neo-auth stopped reading "
            "(raise max_answer_bytes if a real answer is this big)",
            operation=operation.name,
        )
    assert failure is not None
    return error_from_exception(operation.name, failure, repeatable=repeatable)


def _parse(operation: Operation, response: httpx.Response, secrets: tuple[str, ...]) -> Any:
    """The success model of a 2xx answer, or the error it really is."""
    decoded = body, not_json = decode_body(response)
    if not_json or not isinstance(body, dict) or find_error(body) is not None:
        raise error_from_response(
            operation.name, response, secrets=secrets, decoded=decoded
        ) from None
    try:
        parsed = operation.model.from_dict(body)
    except Exception:  # the generated from_dict raises KeyError, TypeError, ValueError...
        parsed = None
    missing = [
        json_name
        for attribute, json_name in operation.requires
        if parsed is not None and not _filled(_required_value(parsed, attribute))
    ]
    if parsed is None or missing:
        what = f"no usable {', '.join(missing)}" if missing else "a body off the schema"
        raise UnexpectedResponseError(
            f"answered {response.status_code} with {what} ({operation.model.__name__})",
            operation=operation.name,
            status_code=response.status_code,
        ) from None
    return parsed


def _required_value(parsed: Any, attribute: str) -> Any:
    data = parsed.data
    if isinstance(data, list):  # the client-IP answer: a list of entries
        data = data[0] if data else None
    return getattr(data, attribute, None)


def _filled(value: Any) -> bool:
    """A value the SDK can rely on: text it can send back, even in a header (the
    service's tokens and ids return as header values, which must be visible ASCII)."""
    return isinstance(value, str) and validation.is_header_value(value.strip())
