"""Shared fixtures: paths and the loaded spec."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

# Hypothesis profiles: `ci` (the default: quick and deterministic, no example database)
# and `deep` (`make fuzz`, with --hypothesis-profile=deep: 10,000 cases per property).
settings.register_profile("ci", max_examples=200, derandomize=True, database=None)
settings.register_profile("deep", max_examples=10_000, database=None)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "neo-auth.openapi.yaml"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    with SPEC_PATH.open() as file:
        return yaml.safe_load(file)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the SDK's flows ask for (sync and async), recorded instead of waited."""
    delays: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(0)

    monkeypatch.setattr("neo_auth.drivers.sleep", delays.append)
    monkeypatch.setattr("neo_auth.drivers.asleep", fake_async_sleep)
    return delays
