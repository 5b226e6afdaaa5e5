"""A minimal server with canned answers for the login pair, on 127.0.0.1.

Its cost per request is the same, and small, for every client measured against it. It
answers the login, the validate, and the configuration lookup kotakneoapi makes after a
validate; it counts requests per path (GET /__counts) so the benchmark can report how
many requests each client makes per login.

    python bench/canned_server.py [--tls CERT KEY]   # prints the port, then serves
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

import uvicorn

SESSION = {
    "rid": "0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f", "hsServerId": "server1",
    "isUserPwdExpired": False, "ucc": "ABC12", "greetingName": "BENCH",
    "isTrialAccount": False, "dataCenter": "E22", "searchAPIKey": "",
    "derivativesRiskDisclosure": "", "mfAccess": 1, "dataCenterMap": None,
    "dormancyStatus": "A", "asbaStatus": "", "clientType": "RI", "isNRI": False,
    "kId": "", "status": "success", "incRange": 0, "incUpdFlag": "", "clientGroup": "",
}  # fmt: skip
VIEW = {**SESSION, "sid": "7c1b0c1e-6a8f", "kType": "View", "token": "eyJ.view." + "v" * 400}
TRADE = {**VIEW, "kType": "Trade", "token": "eyJ.trade." + "t" * 400, "baseUrl": "https://e22"}
LOGIN = json.dumps({"data": VIEW}).encode()
VALIDATE = json.dumps({"data": TRADE}).encode()
CONFIG = json.dumps({"data": {"configs": {}}}).encode()
COUNTS: Counter[str] = Counter()


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    path = scope["path"]
    if path == "/__counts":
        body, status = json.dumps(COUNTS).encode(), 200
    else:
        COUNTS[path] += 1
        if path.endswith("tradeApiLogin"):
            body, status = LOGIN, 200
        elif path.endswith("tradeApiValidate"):
            body, status = VALIDATE, 200
        elif path.endswith("/5config/config"):
            body, status = CONFIG, 200
        else:
            body, status = b'{"error": [{"code": "404", "message": "no such path"}]}', 404
    length = str(len(body)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", length)]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _Server(uvicorn.Server):
    """Prints the port it got once it listens, for the benchmark to read."""

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets=sockets)
        print(self.servers[0].sockets[0].getsockname()[1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    cert, key = args.tls if args.tls else (None, None)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", access_log=False,
        lifespan="off", ssl_certfile=cert, ssl_keyfile=key,
    )  # fmt: skip
    _Server(config).run()


if __name__ == "__main__":
    main()
