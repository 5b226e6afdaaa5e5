"""Schemathesis holds the sandbox (or a live deployment) to the spec, in both directions:
every phase (examples, coverage, fuzzing), positive and negative data, every check."""

from __future__ import annotations

import schemathesis

from neo_auth.sandbox import create_app
from tests.conftest import SPEC_PATH
from tests.contract.accounts import contract_config
from tests.contract.conftest import EXAMPLES, LIVE_URL

schema = schemathesis.openapi.from_path(SPEC_PATH)
if LIVE_URL:
    schema.config.update(base_url=LIVE_URL)
else:
    schema.app = create_app(contract_config())
if EXAMPLES:
    schema.config.generation.update(max_examples=EXAMPLES)


@schema.parametrize()
def test_every_operation_conforms(case: schemathesis.Case) -> None:
    case.call_and_validate()
