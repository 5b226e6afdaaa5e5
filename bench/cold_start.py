"""One cold start, in a fresh process, as a bot that starts each run does: import the
client, construct it, log in once (a login pair), close. Prints milliseconds from the
first import (interpreter start-up, the same for everyone, is left out).

    python bench/cold_start.py CLIENT BASE_URL
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402 - the clock starts before any import

MOBILE, UCC, MPIN, TOTP, KEY = "+919999999999", "ABC12", "123456", "123456", "bench-consumer-key"
HEADERS = {"Authorization": KEY, "neo-fin-key": "neotradeapi"}


def raw_httpx(base: str) -> None:
    import httpx

    with httpx.Client() as client:
        body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": TOTP}
        view = client.post(f"{base}/login/1.0/tradeApiLogin", headers=HEADERS, json=body)
        data = view.json()["data"]
        auth = {**HEADERS, "sid": data["sid"], "Auth": data["token"]}
        client.post(f"{base}/login/1.0/tradeApiValidate", headers=auth, json={"mpin": MPIN})


def neo_auth(base: str) -> None:
    from neo_auth import TotpLogin

    with TotpLogin(KEY, base_url=base) as login:
        login.totp_login(MOBILE, UCC, TOTP)
        login.totp_validate(MPIN)


def requests_per_call(base: str) -> None:
    import requests

    body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": TOTP}
    view = requests.post(f"{base}/login/1.0/tradeApiLogin", headers=HEADERS, json=body, timeout=15)
    data = view.json()["data"]
    auth = {**HEADERS, "sid": data["sid"], "Auth": data["token"]}
    requests.post(
        f"{base}/login/1.0/tradeApiValidate", headers=auth, json={"mpin": MPIN}, timeout=15
    )


def kotakneoapi(base: str) -> None:
    import logging

    import structlog
    from neo_api_client import NeoAPI
    from neo_api_client.utils import neo_utility

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.CRITICAL))
    neo_utility.SESSION_PROD_BASE_URL = base
    neo_utility.CONFIG_SERVICE_URL_PROD = f"{base}/5config/config"
    client = NeoAPI(consumer_key=KEY, environment="prod")
    client.totp_login(mobile_number=MOBILE, ucc=UCC, totp=TOTP)
    client.totp_validate(mpin=MPIN)


CLIENTS = {
    "raw": raw_httpx,
    "neo-auth": neo_auth,
    "requests": requests_per_call,
    "kotakneoapi": kotakneoapi,
}

if __name__ == "__main__":
    CLIENTS[sys.argv[1]](sys.argv[2])
    print((time.perf_counter() - STARTED) * 1000)
