"""Sandbox fixtures: a server on a free loopback port, and an in-process app."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from neo_auth.sandbox import ManualClock, SandboxConfig, SandboxServer, create_app


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1_800_000_000.0)


@pytest.fixture
def app(clock: ManualClock):
    return create_app(SandboxConfig(clock=clock))


@pytest.fixture
def asgi(app) -> httpx.AsyncBaseTransport:
    return httpx.ASGITransport(app=app)
