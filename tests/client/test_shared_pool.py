"""Many async clients sharing one connection pool: all succeed, and no more than
MAX_IN_FLIGHT_PER_POOL requests are on the pool at once (httpcore's pool slows down
sharply past that)."""

from __future__ import annotations

import asyncio

import httpx

from neo_auth import AsyncTotpLogin
from neo_auth.drivers import MAX_IN_FLIGHT_PER_POOL
from tests.client.fakes import CONSUMER_KEY, HAPPY, MOBILE, UCC


class SlowService:
    """Answers totp_login after 10 ms, and remembers the most requests it had at once."""

    def __init__(self) -> None:
        self.in_flight = self.peak = 0

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        status, body = HAPPY["totp_login"]
        return httpx.Response(status, json=body)


async def test_concurrent_logins_on_one_pool_are_bounded() -> None:
    service = SlowService()
    async with httpx.AsyncClient(transport=httpx.MockTransport(service.handle)) as pool:

        async def one() -> str | None:
            async with AsyncTotpLogin(CONSUMER_KEY, httpx_client=pool) as login:
                return (await login.totp_login(MOBILE, UCC, "123456")).kind

        kinds = await asyncio.gather(*(one() for _ in range(3 * MAX_IN_FLIGHT_PER_POOL)))
    assert kinds == ["View"] * (3 * MAX_IN_FLIGHT_PER_POOL)
    assert service.peak == MAX_IN_FLIGHT_PER_POOL


async def test_separate_pools_are_not_bounded_together() -> None:
    service = SlowService()

    async def one() -> None:
        transport = httpx.MockTransport(service.handle)
        async with AsyncTotpLogin(CONSUMER_KEY, transport=transport) as login:
            await login.totp_login(MOBILE, UCC, "123456")

    await asyncio.gather(*(one() for _ in range(2 * MAX_IN_FLIGHT_PER_POOL)))
    assert service.peak == 2 * MAX_IN_FLIGHT_PER_POOL
