"""The table of known error answers is one truth: each real sample it holds (what the
sandbox sends) maps, through the SDK, to that entry's class, code and reason."""

from __future__ import annotations

import httpx
import pytest

from neo_auth.error_mapping import error_from_response, find_error
from neo_auth.known_errors import KNOWN_ERRORS, KnownError, by_reason
from neo_auth.sandbox.errors import SandboxError

SAMPLED = [known for known in KNOWN_ERRORS if known.sample is not None]


@pytest.mark.parametrize("known", SAMPLED, ids=[k.reason for k in SAMPLED])
def test_each_sample_maps_to_its_own_entry(known: KnownError) -> None:
    status, body = known.sample  # type: ignore[misc]
    operation = sorted(known.operations)[0] if known.operations else "totp_validate"
    for answered in (status, 200):  # the service also sends them with a 2xx
        error = error_from_response(operation, httpx.Response(answered, json=body))
        assert error.reason == known.reason, (known.reason, answered)
        if known.error is not None:
            assert isinstance(error, known.error)
        assert error.code == find_error(body).code
        assert error.hint == known.hint


@pytest.mark.parametrize("known", SAMPLED, ids=[k.reason for k in SAMPLED])
def test_the_sandbox_sends_the_table_s_samples(known: KnownError) -> None:
    error = SandboxError.known(known.reason)
    assert (error.status, error.body) == known.sample
    assert error.reason == known.reason
    assert error.code == find_error(known.sample[1]).code  # type: ignore[index]


def test_reasons_are_named_once_per_kind() -> None:
    assert by_reason("ip_mismatch").codes == frozenset({"1037"})
    with pytest.raises(KeyError):
        by_reason("no-such-reason")
