"""Client-test fixtures."""

from __future__ import annotations

import asyncio

import pytest


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every sleep the SDK asks for (sync and async), recorded instead of waited."""
    delays: list[float] = []
    real_async_sleep = asyncio.sleep

    async def fake_async_sleep(seconds: float, *args: object) -> None:
        delays.append(seconds)
        await real_async_sleep(0)

    monkeypatch.setattr("time.sleep", delays.append)
    monkeypatch.setattr("asyncio.sleep", fake_async_sleep)
    return delays
