"""Property-based response fuzzing: whatever the service answers (any status, any body,
any headers), every public method gives the typed result or a `NeoAuthError`, never
anything else.

`make test` runs the quick `ci` profile; `make fuzz` runs the `deep` one (10,000 cases).
"""

from __future__ import annotations

import email.utils
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neo_auth_client.models as models
from neo_auth import NeoAuthError, NeoSession, RetryPolicy, TotpLogin, UnexpectedResponseError
from neo_auth.error_mapping import find_error
from neo_auth.session import ClientIp
from neo_auth.validation import is_header_value
from tests.client.fakes import HAPPY, OPERATIONS, FakeService, run_to, run_to_async
from tests.client.schema_values import values
from tests.conftest import SPEC_PATH

SUCCESS_SCHEMAS = {
    "send_otp": "SendOtpResponse",
    "verify_otp": "VerifyOtpResponse",
    "totp_verify_user": "TotpVerifyUserResponse",
    "totp_registration": "TotpRegisterResponse",
    "totp_de_register": "TotpDeregisterResponse",
    "totp_login": "TotpLoginResponse",
    "totp_validate": "TotpValidateResponse",
    "client_ip": "ClientIpResponse",
}


def _inline(node: Any, components: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(components[node["$ref"].rsplit("/", 1)[-1]], components)
        return {k: _inline(v, components) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [_inline(v, components) for v in node]
    return node


def _schemas() -> dict[str, Any]:
    import yaml

    spec = yaml.safe_load(SPEC_PATH.read_text())
    components = spec["components"]["schemas"]
    return {
        name: _inline(components[name], components)
        for name in (*SUCCESS_SCHEMAS.values(), "ErrorResponse")
    }


SCHEMAS = _schemas()
RESULT_TYPES: dict[str, type] = {
    operation: NeoSession if operation in ("totp_login", "totp_validate")
    else ClientIp if operation == "client_ip"
    else getattr(models, name)
    for operation, name in SUCCESS_SCHEMAS.items()
}  # fmt: skip
#: The text fields each operation's flow relies on (they must not be blank).
REQUIRED_TEXT = {
    "send_otp": {"sessionId"},
    "totp_verify_user": {"key", "sessionID"},
    "totp_login": {"token", "sid"},
    "totp_validate": {"token", "sid"},
    "verify_otp": set(),
    "totp_registration": set(),
    "totp_de_register": set(),
    "client_ip": {"ip"},
}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def bodies(draw: st.DrawFn, operation: str) -> bytes:
    kind = draw(
        st.sampled_from(["valid", "error", "json", "html", "empty", "truncated", "binary"])
    )
    if kind == "valid":
        return json.dumps(draw(values(SCHEMAS[SUCCESS_SCHEMAS[operation]]))).encode()
    if kind == "error":
        return json.dumps(draw(values(SCHEMAS["ErrorResponse"]))).encode()
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "html":
        return b"<html><body><h1>" + draw(st.text(max_size=30)).encode() + b"</h1></body></html>"
    if kind == "empty":
        return b""
    if kind == "truncated":
        whole = json.dumps(HAPPY[operation][1]).encode()
        return whole[: draw(st.integers(1, len(whole) - 1))]
    return draw(st.binary(max_size=64))


retry_after = st.one_of(
    st.integers(-5, 100).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
    st.integers(0, 4_000_000_000).map(lambda t: email.utils.formatdate(t, usegmt=True)),
)
content_types = st.sampled_from(
    ["application/json", "text/html", "text/plain", "application/octet-stream", ""]
)


@st.composite
def answers(draw: st.DrawFn, operation: str) -> httpx.Response:
    status = draw(
        st.sampled_from(
            [200, 201, 204, 299, 302, 400, 401, 403, 404, 422, 429, 500, 502, 503, 504, 520]
        )
        | st.integers(100, 599)
    )
    headers = {"Content-Type": draw(content_types)}
    if draw(st.booleans()):
        headers["Retry-After"] = draw(retry_after)
    headers = {k: v for k, v in headers.items() if v.isascii() and "\n" not in v and "\r" not in v}
    return httpx.Response(status, content=draw(bodies(operation)), headers=headers)


failures = st.sampled_from(
    [httpx.ConnectError("refused"), httpx.ReadTimeout("read"), httpx.RemoteProtocolError("gone"),
     httpx.ConnectTimeout("connect"), httpx.ReadError("reset"), httpx.DecodingError("gzip")]
)  # fmt: skip


@settings(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # `slept` only records sleeps: nothing to reset
    ],
    deadline=None,
)
@given(data=st.data())
def test_any_answer_gives_the_typed_result_or_a_neo_auth_error(
    data: st.DataObject, slept: list[float]
) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    script = data.draw(
        st.lists(answers(operation) | failures, min_size=1, max_size=3), label="answers"
    )
    run = data.draw(st.sampled_from([run_to, run_to_async]), label="client")
    service = FakeService()
    service.script(operation, *script)
    outcome = _outcome(run, operation, service)
    if isinstance(outcome, NeoAuthError):
        assert f"{outcome}{outcome!r}"  # both render, whatever the answer was
    else:
        assert isinstance(outcome, RESULT_TYPES[operation])
        assert 1 <= service.calls[operation] <= 3


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_a_schema_valid_success_answer_is_accepted(
    data: st.DataObject, slept: list[float]
) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    body = data.draw(values(SCHEMAS[SUCCESS_SCHEMAS[operation]]), label="body")
    status = HAPPY[operation][0]
    service = FakeService()
    service.script(operation, httpx.Response(status, json=body))
    outcome = _outcome(run_to, operation, service)
    data = body["data"]
    if isinstance(data, list):  # the client-IP answer: its first entry is used
        data = data[0] if data else {"ip": ""}
    unusable = [
        name for name, value in data.items()
        if name in REQUIRED_TEXT[operation] and not is_header_value(value.strip())
    ]  # fmt: skip
    if find_error(body) is not None:  # e.g. "status": "error": the service's refusal
        assert isinstance(outcome, NeoAuthError)
    elif unusable:  # a field the SDK relies on is blank or holds what it cannot send back
        assert isinstance(outcome, UnexpectedResponseError)
        assert "no usable" in outcome.message
    else:
        assert isinstance(outcome, RESULT_TYPES[operation]), outcome
        model = outcome.raw if isinstance(outcome, NeoSession | ClientIp) else outcome
        assert model.to_dict() == body  # unknown fields included


def _outcome(run: Any, operation: str, service: FakeService) -> Any:
    try:
        return run(operation, service, retry=RetryPolicy(max_attempts=3, backoff=0, max_delay=0.5))
    except NeoAuthError as error:
        return error


@settings(deadline=None)
@given(
    value=st.text(max_size=80)
    | st.integers(-(10**30), 10**30).map(str)
    | st.builds(
        lambda day, month, year, hour, offset: f"{day}, {hour:02d}:00:00 {year} {month} {offset}",
        st.sampled_from(["Mon", "Thu", "Xyz", ""]),
        st.sampled_from(["Jan", "Feb", "Foo", "13"]),
        st.integers(-10, 100_000),
        st.integers(-5, 99),
        st.sampled_from(["GMT", "+2400", "-9999", "+0530", "Z", "UTC+99", ""]),
    )
    | st.integers(0, 250_000_000_000).map(lambda t: email.utils.formatdate(t, usegmt=True))
)
def test_any_retry_after_string_is_seconds_or_none(value: str) -> None:
    from neo_auth.retry_after import parse_retry_after

    seconds = parse_retry_after(value)
    assert seconds is None or 0 <= seconds <= 100 * 365 * 24 * 3600


#: JSON text (not values: Python cannot even print a 6,000-digit integer by default).
huge_number = st.integers(1, 6000).map(lambda digits: "9" * digits) | st.sampled_from(
    ["1e999999", "-0.0", "1" + "0" * 5000 + ".5"]
)
deep_json = st.recursive(
    huge_number | st.text(max_size=5).map(json.dumps) | st.just("null"),
    lambda children: (
        st.lists(children, max_size=2).map(lambda items: "[" + ",".join(items) + "]")
        | st.lists(st.tuples(st.text(max_size=3).map(json.dumps), children), max_size=2).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
        )
    ),
    max_leaves=6,
)


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_huge_numbers_and_deep_nesting_in_answers_stay_typed(
    data: st.DataObject, slept: list[float]
) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    depth = data.draw(st.integers(0, 200_000), label="depth")
    inner = data.draw(deep_json, label="value")
    body = ('{"data": ' + "[" * depth + inner + "]" * depth + "}").encode()
    status = data.draw(st.sampled_from([200, 201, 400, 401, 500, 503]), label="status")
    service = FakeService()
    service.script(operation, httpx.Response(status, content=body))
    outcome = _outcome(run_to, operation, service)
    assert isinstance(outcome, NeoAuthError | RESULT_TYPES[operation])


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_compressed_answers_are_read_within_the_cap_or_refused(
    data: st.DataObject, slept: list[float]
) -> None:
    import gzip
    import zlib

    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    plain = data.draw(
        st.sampled_from([json.dumps(HAPPY[operation][1]).encode()]) | st.binary(max_size=200),
        label="plain",
    )
    encoding = data.draw(
        st.sampled_from(["gzip", "deflate", "br", "zstd", "identity", "gzip, gzip"])
    )
    packed = {
        "gzip": gzip.compress(plain), "deflate": zlib.compress(plain), "identity": plain,
    }.get(encoding, data.draw(st.binary(max_size=100), label="opaque"))  # fmt: skip
    if data.draw(st.booleans(), label="damaged"):
        cut = data.draw(st.integers(0, max(len(packed) - 1, 0)), label="cut")
        packed = packed[:cut] + data.draw(st.binary(max_size=8), label="garbage")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            HAPPY[operation][0], stream=httpx.ByteStream(packed),
            headers={"Content-Encoding": encoding, "Content-Type": "application/json"},
        )  # fmt: skip

    service = FakeService()
    service.script(operation, handler)
    outcome = _outcome(run_to, operation, service)
    assert isinstance(outcome, NeoAuthError | RESULT_TYPES[operation])
    if encoding in ("gzip", "deflate", "identity") and packed == {
        "gzip": gzip.compress(plain), "deflate": zlib.compress(plain), "identity": plain
    }[encoding] and plain == json.dumps(HAPPY[operation][1]).encode():  # fmt: skip
        assert isinstance(outcome, RESULT_TYPES[operation])  # intact: read as sent


def _refusal(**arguments: str) -> str:
    from neo_auth import InputValidationError

    try:
        TotpLogin(**arguments)  # type: ignore[arg-type]
    except InputValidationError as refused:
        return str(refused)
    raise AssertionError(arguments)


#: Every message a bad key or neo-fin-key can get: each depends on which rule was broken,
#: never on the value.
_FIXED_REFUSALS = {
    _refusal(consumer_key="\x00"),
    _refusal(consumer_key="Bearer x"),
    _refusal(consumer_key="k", neo_fin_key="\x00"),
}


@settings(suppress_health_check=list(HealthCheck), deadline=None)
@given(
    key=st.text(max_size=40),
    fin_key=st.text(max_size=20),
    token=st.text(max_size=40),
    sid=st.text(max_size=40),
)
def test_any_header_value_is_refused_typed_or_sent(
    key: str, fin_key: str, token: str, sid: str, slept: list[float]
) -> None:
    from neo_auth import InputValidationError

    service = FakeService()
    service.script("totp_login", httpx.Response(200, json={"data": {"token": token, "sid": sid}}))
    said = None
    try:
        login = TotpLogin(key, neo_fin_key=fin_key or "neotradeapi", transport=service.transport())
    except InputValidationError as refused:
        said = str(refused)
    if said is not None:
        assert said in _FIXED_REFUSALS  # a fixed sentence: never the value itself
        return
    failure = None
    try:
        login.totp_login("+919999999999", "ABC12", "123456")
        login.totp_validate("123456")
    except NeoAuthError as error:
        failure = error
    if failure is not None:  # told in words and a repr that carry none of the values
        shown = f"{failure}{failure!r}"
        for value in (key, token, sid):
            if len(value.strip()) >= 12:  # shorter ones may match ordinary words
                assert value not in shown
    for request in service.requests:  # whatever was sent is a valid header value
        for name, value in request.headers.items():
            assert value.isascii(), name
