"""The generated client: its models round-trip the spec's examples, keep unknown fields,
hide secrets from repr(), and `make check-generated` catches any drift from the spec."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import neo_auth_client.models as models
from tests.conftest import ROOT
from tests.spec.test_spec import operations

GENERATE = [sys.executable, str(ROOT / "codegen" / "generate.py")]


def success_examples(spec: dict[str, Any]) -> list[tuple[str, type[Any], dict[str, Any]]]:
    found = []
    for operation_id, (_, operation) in operations(spec).items():
        for status, response in operation["responses"].items():
            if "$ref" in response:
                continue
            media = response["content"]["application/json"]
            model = getattr(models, media["schema"]["$ref"].rsplit("/", 1)[-1])
            found.append((f"{operation_id} {status}", model, media["example"]))
    return found


def test_a_model_for_each_operations_answer(spec: dict[str, Any]) -> None:
    names = {model.__name__ for _, model, _ in success_examples(spec)}
    assert names == {
        "SendOtpResponse",
        "VerifyOtpResponse",
        "TotpVerifyUserResponse",
        "TotpRegisterResponse",
        "TotpDeregisterResponse",
        "TotpLoginResponse",
        "TotpValidateResponse",
        "ClientIpResponse",
    }


def test_response_examples_round_trip_with_unknown_fields(spec: dict[str, Any]) -> None:
    for where, model, example in success_examples(spec):
        assert model.from_dict(example).to_dict() == example, where
        grown = copy.deepcopy(example)
        grown["traceId"] = "abc"
        data = grown["data"][0] if isinstance(grown["data"], list) else grown["data"]
        data["newField"] = {"nested": [1, 2]}
        parsed = model.from_dict(grown)
        assert parsed.to_dict() == grown, where
        parsed_data = parsed.data[0] if isinstance(parsed.data, list) else parsed.data
        assert parsed_data.additional_properties == {"newField": {"nested": [1, 2]}}


def test_error_examples_parse(spec: dict[str, Any]) -> None:
    from tests.spec.test_spec import response_examples

    for name, response in spec["components"]["responses"].items():
        for example in response_examples(response["content"]["application/json"]):
            assert models.ErrorResponse.from_dict(example).to_dict() == example, name


def test_personal_data_and_session_secrets_stay_out_of_repr() -> None:
    answer = {
        "token": "tok-secret", "sid": "sid-secret", "rid": "rid-secret", "ucc": "AB1",
        "kId": "ABCDE1234F", "greetingName": "ASHA RAO", "rcFlag": 0,
        "feedUrl": "wss://e22.example/feed", "rtUrl": "wss://e22.example/rt",
    }  # fmt: skip
    session = models.SessionData.from_dict(answer)
    assert (session.rc_flag, session.feed_url) == (0, "wss://e22.example/feed")
    for value in ("tok-secret", "sid-secret", "rid-secret", "ABCDE1234F", "ASHA RAO"):
        assert value not in repr(session)
        assert value not in repr(models.TotpValidateResponse.from_dict({"data": answer}))
    assert session.to_dict() == answer


def test_every_endpoint_has_a_public_request_builder() -> None:
    import importlib

    for endpoint in (
        "registration.send_otp", "registration.verify_otp", "registration.totp_verify_user",
        "registration.totp_register", "registration.totp_deregister", "login.totp_login",
        "login.totp_validate", "login.client_ip",
    ):  # fmt: skip
        module = importlib.import_module(f"neo_auth_client.api.{endpoint}")
        assert callable(module.build_request), endpoint


def test_secret_fields_stay_out_of_repr() -> None:
    enrolment = models.TotpVerifyUserResponse.from_dict(
        {
            "data": {
                "key": "SECRETKEYSECRETKEY234567",
                "sessionID": "session-secret-1",
                "uri": "otpauth://totp/X?secret=SECRETKEYSECRETKEY234567",
                "qrCodeBase64": "cXJzZWNyZXQ=",
                "status": "success",
                "brandNewSecret": "unknown-value-9",
            }
        }
    )
    text = repr(enrolment)
    for secret in (
        "SECRETKEYSECRETKEY234567",
        "session-secret-1",
        "cXJzZWNyZXQ=",
        "unknown-value-9",
    ):
        assert secret not in text
    assert "success" in text
    assert "brandNewSecret" in text
    assert enrolment.data.qr_code_base64 == "cXJzZWNyZXQ="  # the alias of qr_code_base_64
    session = models.SessionData.from_dict(
        {"token": "tok-secret", "sid": "sid-secret", "ucc": "AB1"}
    )
    assert "tok-secret" not in repr(session)
    assert "sid-secret" not in repr(session)
    request = models.TotpValidateRequest(mpin="654321")
    assert "654321" not in repr(request)
    assert "654321" not in str(request)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the spec and the generated package to break."""
    shutil.copy(ROOT / "spec" / "neo-auth.openapi.yaml", tmp_path / "spec.yaml")
    shutil.copytree(ROOT / "generated" / "neo_auth_client", tmp_path / "neo_auth_client")
    return tmp_path


def check(workspace: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GENERATE, "--check", "--spec", str(workspace / "spec.yaml"),
         "--generated", str(workspace / "neo_auth_client")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_check_passes_on_the_committed_client(workspace: Path) -> None:
    result = check(workspace)
    assert result.returncode == 0, result.stderr


def test_check_fails_when_the_spec_changes(workspace: Path) -> None:
    spec = workspace / "spec.yaml"
    text = spec.read_text()
    spec.write_text(
        text.replace(
            "        issuer:\n          type: string\n",
            "        issuer:\n          type: string\n        brandNew:\n          type: string\n",
            1,
        )
    )
    assert text != spec.read_text()
    result = check(workspace)
    assert result.returncode == 1
    assert "differs: models/totp_verify_user_response_data.py" in result.stderr


def test_check_fails_on_a_new_or_deleted_file(workspace: Path) -> None:
    (workspace / "neo_auth_client" / "models" / "stray.py").write_text("x = 1\n")
    result = check(workspace)
    assert result.returncode == 1
    assert "stray.py" in result.stderr
    (workspace / "neo_auth_client" / "models" / "stray.py").unlink()
    (workspace / "neo_auth_client" / "models" / "ucc_info.py").unlink()
    result = check(workspace)
    assert result.returncode == 1
    assert "ucc_info.py" in result.stderr


def test_generation_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "neo_auth_client"
    subprocess.run([*GENERATE, "--generated", str(out)], check=True, capture_output=True)
    first = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    subprocess.run([*GENERATE, "--generated", str(out)], check=True, capture_output=True)
    second = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert first == second
    committed = ROOT / "generated" / "neo_auth_client"
    assert first == {
        p.relative_to(committed): p.read_bytes()
        for p in sorted(committed.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
