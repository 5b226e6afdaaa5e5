"""Every real answer in `tests/corpus/` gives the right result, through every operation,
sync and async: the class, the service's own code, the known reason and the hint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

import neo_auth
from neo_auth import NeoAuthError, NeoSession, RetryPolicy
from neo_auth.session import ClientIp
from tests.client.fakes import OPERATIONS, FakeService, run_to, run_to_async
from tests.conftest import ROOT

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.json"))
NO_RETRY = RetryPolicy(max_attempts=1)
SUCCESS_TYPES: dict[str, type] = {
    "totp_login": NeoSession, "totp_validate": NeoSession, "client_ip": ClientIp,
}  # fmt: skip


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def answers(entry: dict[str, Any]) -> list[httpx.Response | Exception]:
    if "failure" in entry:
        return [getattr(httpx, entry["failure"])("cut off")]
    headers = {
        "Content-Type": entry.get("content_type", "application/json"),
        **entry.get("headers", {}),
    }
    found: list[httpx.Response | Exception] = []
    content = json.dumps(entry["body"]).encode() if "body" in entry else entry["text"].encode()
    for status in entry["statuses"]:
        found.append(httpx.Response(status, content=content, headers=headers))
    return found


CASES = [
    pytest.param(path, operation, run, id=f"{path.stem}-{operation}-{run.__name__}")
    for path in CORPUS
    for operation in load(path).get("operations", OPERATIONS)
    for run in (run_to, run_to_async)
]


def test_the_corpus_holds_every_answer_of_the_shared_notes() -> None:
    assert len(CORPUS) >= 20
    for path in CORPUS:
        entry = load(path)
        assert entry["source"], path.name
        assert "expect" in entry, path.name


@pytest.mark.parametrize(("path", "operation", "run"), CASES)
def test_a_real_answer_gives_the_right_result(path: Path, operation: str, run: Any) -> None:
    entry = load(path)
    expect = {**entry["expect"], **entry.get("expect_for", {}).get(operation, {})}
    for answer in answers(entry):
        service = FakeService()
        service.script(operation, answer)
        try:
            outcome: Any = run(operation, service, retry=NO_RETRY)
        except NeoAuthError as error:
            outcome = error
        status = getattr(answer, "status_code", None)
        where = f"{path.name} {operation} HTTP {status}"
        if expect.get("success"):
            assert isinstance(outcome, SUCCESS_TYPES.get(operation, object)), (where, outcome)
            assert not isinstance(outcome, NeoAuthError), (where, outcome)
            continue
        assert type(outcome) is getattr(neo_auth, expect["class"]), (where, repr(outcome))
        if "code" in expect:
            assert outcome.code == expect["code"], where
        if "reason" in expect:
            assert outcome.reason == expect["reason"], where
        if "hint" in expect:
            assert expect["hint"].lower() in outcome.hint.lower(), (where, outcome.hint)
            assert expect["hint"].lower() in str(outcome).lower(), where
        if "message" in expect:
            assert expect["message"] in outcome.message, (where, outcome.message)
        assert outcome.status_code == status, where
