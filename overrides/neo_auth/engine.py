"""One request of one operation: build it, send it, retry it, map its answer.

Written sans-IO: `exchange` is a generator that yields `Send` and `Sleep` actions and
gets back answers, so the sync and the async clients share every decision and differ
only in the few lines of `drivers` that perform the actions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from typing import Any, TypeVar

import httpx

from neo_auth.errors import (
    UnexpectedResponseError,
    decode_body,
    error_from_exception,
    error_from_response,
    is_error_body,
)
from neo_auth.retry import RetryPolicy, provably_not_acted

__all__ = ["Action", "Operation", "Send", "Sleep", "Steps", "exchange"]

logger = logging.getLogger("neo_auth")

T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    """Send this request (the keyword arguments of `httpx.Client.request`)."""

    request: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float


Action = Send | Sleep
#: A step of a flow: yields actions, receives `httpx.Response` for each `Send`, returns T.
Steps = Generator[Action, Any, T]


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

    @cached_property
    def build(self) -> Callable[..., dict[str, Any]]:
        """The generated request builder (`_get_kwargs`) of the endpoint."""
        module = import_module(f"neo_auth_client.api.{self.endpoint}")
        builder: Callable[..., dict[str, Any]] = module._get_kwargs
        return builder

    @cached_property
    def model(self) -> type[Any]:
        model: type[Any] = getattr(import_module("neo_auth_client.models"), self.model_name)
        return model


def exchange(
    operation: Operation,
    base_url: str,
    policy: RetryPolicy,
    *,
    secrets: tuple[str, ...] = (),
    extra_headers: Mapping[str, str] | None = None,
    **arguments: Any,
) -> Steps[Any]:
    """Send one operation (with retries) and return its parsed success model.

    `secrets` are the secret values in this request: they are scrubbed from any server
    text that ends up in an error. Raises `NeoAuthError` and nothing else.
    """
    request = operation.build(**arguments)
    request["url"] = base_url + request["url"]
    if extra_headers:
        request["headers"] = {**request.get("headers", {}), **extra_headers}
    repeatable = not operation.consumes_code
    attempt = 0
    while True:
        attempt += 1
        started = time.perf_counter()
        response: httpx.Response | None = None
        failure: BaseException | None = None
        try:
            response = yield Send(request)
        except Exception as exc:  # the driver throws what sending raised
            failure = exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        if response is not None:
            logger.debug(
                "%s: HTTP %d in %.1f ms (attempt %d)",
                operation.name,
                response.status_code,
                elapsed_ms,
                attempt,
            )
            if 200 <= response.status_code < 300:
                return _parse(operation, response, secrets)
            error = error_from_response(
                operation.name, response, secrets=secrets, repeatable=repeatable
            )
        else:
            assert failure is not None
            logger.debug(
                "%s: no answer (%s) after %.1f ms (attempt %d)",
                operation.name,
                type(failure).__name__,
                elapsed_ms,
                attempt,
            )
            error = error_from_exception(operation.name, failure, repeatable=repeatable)
        status = None if response is None else response.status_code
        delay = None
        if provably_not_acted(status, failure):
            delay = policy.delay(attempt, getattr(error, "retry_after", None))
        if delay is None:
            if failure is not None:
                raise error from failure
            raise error
        logger.debug("%s: retrying in %.2f s", operation.name, delay)
        yield Sleep(delay)


def _parse(operation: Operation, response: httpx.Response, secrets: tuple[str, ...]) -> Any:
    """The success model of a 2xx answer, or the error it really is."""
    body, not_json = decode_body(response)
    if not_json or not isinstance(body, dict) or is_error_body(body):
        raise error_from_response(operation.name, response, secrets=secrets)
    try:
        parsed = operation.model.from_dict(body)
    except Exception:  # the generated from_dict raises KeyError, TypeError, ValueError...
        parsed = None
    missing = [
        json_name
        for attribute, json_name in operation.requires
        if parsed is not None and not _filled(getattr(parsed.data, attribute, None))
    ]
    if parsed is None or missing:
        what = f"no usable {', '.join(missing)}" if missing else "a body off the schema"
        raise UnexpectedResponseError(
            f"answered {response.status_code} with {what} ({operation.model.__name__})",
            operation=operation.name,
            status_code=response.status_code,
        )
    return parsed


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
