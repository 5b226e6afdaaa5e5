"""The spec is valid OpenAPI 3.1, complete, and every example in it fits its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import SPEC_PATH

OPERATIONS = {
    "sendOtp": ("/algo-user/v5/register/otp/send", "201", "registration"),
    "verifyOtp": ("/algo-user/v5/register/otp/verify", "200", "registration"),
    "totpVerifyUser": ("/login/v6/totp/verify-user", "200", "registration"),
    "totpRegister": ("/login/v6/totp/register", "200", "registration"),
    "totpDeregister": ("/login/v6/totp/deregister", "200", "registration"),
    "totpLogin": ("/login/1.0/tradeApiLogin", "200", "login"),
    "totpValidate": ("/login/1.0/tradeApiValidate", "200", "login"),
    "clientIp": ("/login/1.0/get-client-ip", "200", "login"),
}
ERROR_STATUSES = {"400", "401", "403", "429", "500", "503", "504"}
#: Statuses beyond the common ones: a body too large or not JSON (every POST), and the
#: documented 422 of the login calls.
MORE_STATUSES = {
    "totpLogin": {"413", "415", "422"},
    "totpValidate": {"413", "415", "422"},
    "clientIp": set(),
}


def test_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec, base_uri=SPEC_PATH.as_uri())


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found[operation["operationId"]] = (path, operation)
    return found


def test_the_eight_operations_at_their_real_paths(spec: dict[str, Any]) -> None:
    found = operations(spec)
    assert set(found) == set(OPERATIONS)
    for operation_id, (path, success, tag) in OPERATIONS.items():
        actual_path, operation = found[operation_id]
        assert actual_path == path
        assert operation["tags"] == [tag]
        more = MORE_STATUSES.get(operation_id, {"413", "415"})
        assert set(operation["responses"]) == {success} | ERROR_STATUSES | more, operation_id
        too_many = spec["components"]["responses"]["TooManyRequests"]
        assert "Retry-After" in too_many["headers"]


def test_requests_are_closed_and_responses_open(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        if name.endswith("Request"):
            assert schema.get("additionalProperties") is False, name
        else:
            assert schema.get("additionalProperties", True) is not False, name
            assert not [where for where, node in _walk(schema) if where.endswith("/enum")], name


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}/{index}")


def examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every example in the spec."""
    for where, node in _walk(spec):
        if not isinstance(node, dict) or "schema" in where.split("/")[-1:]:
            continue
        if "example" in node and "schema" in node:  # media types and parameters
            yield where, node["schema"], node["example"]
        if "example" in node and "/schemas/" in where and "type" in node:  # schemas
            yield where, node, node["example"]
        for index, value in enumerate(node.get("examples", []) if "type" in node else []):
            yield f"{where}/examples/{index}", node, value


def test_every_example_fits_its_schema(spec: dict[str, Any]) -> None:
    resource = Resource(contents=spec, specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    checked = 0
    for where, schema, example in examples(spec):
        validator = Draft202012Validator(_absolute_refs(schema), registry=registry)
        errors = [error.message for error in validator.iter_errors(example)]
        assert not errors, f"{where}: {errors}"
        checked += 1
    # Every request and response of the operations, plus the schema examples.
    assert checked >= 7 * 2 + 20


def test_named_examples_fit_their_schema(spec: dict[str, Any]) -> None:
    resource = Resource(contents=spec, specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    checked = 0
    for name, response in spec["components"]["responses"].items():
        media = response["content"]["application/json"]
        validator = Draft202012Validator(_absolute_refs(media["schema"]), registry=registry)
        for example in response_examples(media):
            assert not list(validator.iter_errors(example)), name
            checked += 1
    assert checked >= 12


def test_personal_data_is_marked(spec: dict[str, Any]) -> None:
    fields = spec["components"]["schemas"]["SessionData"]["properties"]
    for name in ("kId", "greetingName"):
        assert fields[name].get("x-neo-personal") is True, name
    assert fields["rcFlag"]["type"] == ["integer", "string"]
    assert {"feedUrl", "rtUrl"} <= set(fields)


def test_the_login_calls_name_the_uat_host(spec: dict[str, Any]) -> None:
    for path in ("/login/1.0/tradeApiLogin", "/login/1.0/tradeApiValidate"):
        item = spec["paths"][path]
        assert "https://d-mis.kotaksecurities.com" in [s["url"] for s in item["servers"]]
        assert item["post"]["x-neo-uat-path"].startswith("/api/1.0/login/v6/totp/")


def _absolute_refs(node: Any) -> Any:
    """The schema with its local `#/...` references pointing into the registered spec."""
    if isinstance(node, dict):
        return {
            key: (
                "urn:spec" + value
                if key == "$ref" and value.startswith("#")
                else _absolute_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_absolute_refs(value) for value in node]
    return node


def response_examples(media: dict[str, Any]) -> list[Any]:
    """The examples of a media type: its `example`, or each of its named `examples`."""
    if "example" in media:
        return [media["example"]]
    return [named["value"] for named in media.get("examples", {}).values()]


def test_every_operation_has_request_and_response_examples(spec: dict[str, Any]) -> None:
    for operation_id, (_, operation) in operations(spec).items():
        if "requestBody" in operation:
            media = operation["requestBody"]["content"]["application/json"]
            assert "example" in media, operation_id
        for status, response in operation["responses"].items():
            if "$ref" in response:
                name = response["$ref"].rsplit("/", 1)[-1]
                response = spec["components"]["responses"][name]
            assert response_examples(response["content"]["application/json"]), (
                operation_id,
                status,
            )


def test_links_carry_state_between_steps(spec: dict[str, Any]) -> None:
    found = operations(spec)
    send_links = found["sendOtp"][1]["responses"]["201"]["links"]
    assert send_links["VerifyOtp"]["requestBody"]["sessionId"] == "$response.body#/data/sessionId"
    assert (
        send_links["TotpVerifyUser"]["requestBody"]["sessionId"]
        == "$response.body#/data/sessionId"
    )
    enrol_links = found["totpVerifyUser"][1]["responses"]["200"]["links"]
    assert (
        enrol_links["TotpRegister"]["requestBody"]["sessionID"] == "$response.body#/data/sessionID"
    )
    login_links = found["totpLogin"][1]["responses"]["200"]["links"]["TotpValidate"]
    assert login_links["parameters"]["header.sid"] == "$response.body#/data/sid"
    assert login_links["parameters"]["header.Auth"] == "$response.body#/data/token"
    ip_links = found["totpValidate"][1]["responses"]["200"]["links"]["ClientIp"]
    assert ip_links["parameters"]["header.Sid"] == "$response.body#/data/sid"
    assert ip_links["parameters"]["header.Auth"] == "$response.body#/data/token"


@pytest.mark.parametrize(
    "body",
    [
        {"error": [{"code": "10512", "message": "Required header not found."}]},
        {"error": [{"code": "400", "message": "Missing required field 'Totp'"}]},
        {"fault": {"code": 900901, "message": "Invalid Credentials", "description": "x"}},
        {"stCode": 100022, "errMsg": "invalid session token", "stat": "error in neo-login"},
        {"code": "500", "message": "Unexpected error", "description": "y"},
        {"error_description": "invalid_client", "error": "invalid_client"},
        {"status": "error", "message": "Invalid credentials or TOTP.", "errorCode": "401"},
        {"data": {"stCode": 100022, "errMsg": "invalid session token", "stat": "x"}},
        {
            "stat": "Not_Ok",
            "error": [{"code": "10020", "message": "Authentication Failed"}],
            "tid": "t-1",
        },
        {"code": "900901", "message": "Invalid Credentials", "description": "Invalid JWT token"},
        {"stCode": 1037, "errMsg": "session ip doesnt match with reqest ip"},
    ],
)
def test_error_schema_admits_every_known_shape(spec: dict[str, Any], body: Any) -> None:
    resource = Resource(contents=spec, specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    schema = {"$ref": "urn:spec#/components/schemas/ErrorResponse"}
    assert not list(Draft202012Validator(schema, registry=registry).iter_errors(body))
