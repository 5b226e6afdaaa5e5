"""`make bench`: neo-auth side by side with raw httpx, the 2.x-style SDK (a bare
`requests.post` per request) and kotakneoapi 3.0.9, in one run, as ratios.

Every figure is the median of repeated runs, with min and max. Servers run in processes
of their own on 127.0.0.1, so the client measured keeps a core to itself.

How each client reaches the local server:
- neo-auth: `base_url=`; raw httpx and requests: the URL itself;
- kotakneoapi: its URL constants, `SESSION_PROD_BASE_URL` and `CONFIG_SERVICE_URL_PROD`
  in `neo_api_client.utils.neo_utility`, so it keeps the default client its users get;
- over TLS, a throwaway CA made with trustme is trusted through `SSL_CERT_FILE` (httpx)
  and `REQUESTS_CA_BUNDLE` (requests).

Imports, install sizes and cold starts are measured in fresh virtual environments with
compiled packages: `pip install <this repo>` (core) and `pip install kotakneoapi==3.0.9`.
The table goes to stdout and, with the CPU count, Python version and date, to
docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pyotp

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
MOBILE, UCC, MPIN, TOTP = "+919999999999", "ABC12", "123456", "123456"
KEY = "bench-consumer-key"
HEADERS = {"Authorization": KEY, "neo-fin-key": "neotradeapi"}
PAIRS = int(os.environ.get("NEO_AUTH_BENCH_PAIRS", "150"))
REPEATS = int(os.environ.get("NEO_AUTH_BENCH_REPEATS", "5"))
LOGIN_PATH, VALIDATE_PATH = "/login/1.0/tradeApiLogin", "/login/1.0/tradeApiValidate"


@dataclass
class Figure:
    """Repeated measurements of one thing."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def cell(self, unit: str, digits: int) -> str:
        low, high = min(self.samples), max(self.samples)
        return f"{self.median:.{digits}f} {unit} ({low:.{digits}f}-{high:.{digits}f})"


@dataclass
class Row:
    section: str
    what: str
    figure: Figure
    unit: str = "ms"
    ratio: float | None = None
    note: str = ""


ROWS: list[Row] = []
GOALS: list[tuple[str, bool, str]] = []


def say(text: str) -> None:
    print(text, flush=True)


def goal(text: str, holds: bool, measured: str) -> None:
    GOALS.append((text, holds, measured))


@contextmanager
def server(python: str, *argv: str) -> Iterator[str]:
    """Run a server (which prints its port first) in its own process; yield host:port."""
    process = subprocess.Popen([python, *argv], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield f"127.0.0.1:{int(process.stdout.readline())}"
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- the clients: one login pair each ----------------------------------------------------------


def raw_httpx_pair(client: httpx.Client, base: str) -> None:
    body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": TOTP}
    view = client.post(base + LOGIN_PATH, headers=HEADERS, json=body).json()["data"]
    auth = {**HEADERS, "sid": view["sid"], "Auth": view["token"]}
    client.post(base + VALIDATE_PATH, headers=auth, json={"mpin": MPIN}).json()


def neo_auth_pair(login: Any) -> None:
    login.totp_login(MOBILE, UCC, TOTP)
    login.totp_validate(MPIN)


def requests_pair(base: str) -> None:
    import requests

    body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": TOTP}
    view = requests.post(base + LOGIN_PATH, headers=HEADERS, json=body, timeout=15).json()
    auth = {**HEADERS, "sid": view["data"]["sid"], "Auth": view["data"]["token"]}
    requests.post(base + VALIDATE_PATH, headers=auth, json={"mpin": MPIN}, timeout=15).json()


def kotak_client(base: str) -> Any:
    import logging

    import structlog
    from neo_api_client import NeoAPI
    from neo_api_client.utils import neo_utility

    # kotakneoapi logs every call through structlog to stdout: keep the table readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.CRITICAL))
    neo_utility.SESSION_PROD_BASE_URL = base
    neo_utility.CONFIG_SERVICE_URL_PROD = f"{base}/5config/config"
    return NeoAPI(consumer_key=KEY, environment="prod")


def kotak_pair(client: Any) -> None:
    view = client.totp_login(mobile_number=MOBILE, ucc=UCC, totp=TOTP)
    trade = client.totp_validate(mpin=MPIN)
    assert "data" in view, view
    assert "data" in trade, trade


def per_pair_ms(run: Callable[[], None], pairs: int) -> float:
    started = time.perf_counter()
    for _ in range(pairs):
        run()
    return (time.perf_counter() - started) * 1000 / pairs


def interleaved(runs: dict[str, tuple[Callable[[int], float], int]]) -> dict[str, Figure]:
    """Each client's per-pair milliseconds, the repeats taken in turns (client A, B, C, A,
    B, C...) so that the machine's drift touches every client alike."""
    for run, pairs in runs.values():
        run(max(1, pairs // 5))  # warm up: connections, caches
    figures = {name: Figure() for name in runs}
    for _ in range(REPEATS):
        for name, (run, pairs) in runs.items():
            figures[name].samples.append(run(pairs))
    return figures


async def async_ms(pair: Callable[[], Awaitable[None]], pairs: int) -> float:
    """Per-pair milliseconds of `pairs` async pairs, after a few to warm up."""
    for _ in range(3):
        await pair()
    started = time.perf_counter()
    for _ in range(pairs):
        await pair()
    return (time.perf_counter() - started) * 1000 / pairs


# --- 1. imports and install footprint ------------------------------------------------------------


def fresh_venv(where: Path, *packages: str) -> str:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    python = str(where / "bin" / "python")
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", *packages],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if installed.returncode != 0:
        sys.exit(f"pip install {' '.join(packages)} failed:\n{installed.stderr}")
    return python


def footprint(python: str) -> tuple[int, float]:
    """(distributions, MB of site-packages), pip and setuptools left out."""
    listed = json.loads(
        subprocess.run(
            [python, "-m", "pip", "list", "--format=json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    ignored = {"pip", "setuptools"}
    names = {item["name"].lower() for item in listed} - ignored
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    tooling = {"pip", "setuptools", "_distutils_hack", "distutils-precedence.pth"}
    size = sum(
        path.stat().st_size
        for path in site.rglob("*")
        if path.is_file() and path.relative_to(site).parts[0].split("-")[0] not in tooling
    )
    return len(names), size / 1e6


IMPORT_PROBE = """
import time
started = time.perf_counter()
{statement}
took = (time.perf_counter() - started) * 1000
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(took, int(peak.split()[1]) / 1024)
"""


def import_cost(python: str, statement: str, runs: int = 15) -> tuple[Figure, Figure]:
    """(milliseconds the statement takes, peak RSS in MB) in fresh processes."""
    times, peaks = Figure(), Figure()
    code = IMPORT_PROBE.format(statement=statement)
    for _ in range(runs):
        out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True)
        took, peak = out.stdout.split()
        times.samples.append(float(took))
        peaks.samples.append(float(peak))
    return times, peaks


HOSTILE_PROBE = """
import zlib
import httpx

def peak():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip, built 1 MiB at a time
chunk = b"0" * (1024 * 1024)
bomb = b"".join(packer.compress(chunk) for _ in range(600)) + packer.flush()
handler = lambda request: httpx.Response(
    201, stream=httpx.ByteStream(bomb), headers={{"Content-Encoding": "gzip"}})
transport = httpx.MockTransport(handler)
{prepare}
before = peak()
{reader}
print(len(bomb) / 1e6, peak() - before)
"""
#: (what, code run before measuring, the read measured)
HOSTILE_READERS = [
    (
        "neo-auth UserVerification.send_otp",
        "from neo_auth import UnexpectedResponseError, UserVerification\n"
        "uv = UserVerification('+919999999999', transport=transport)",
        "try:\n    uv.send_otp()\nexcept UnexpectedResponseError:\n    pass",
    ),
    (
        "a plain httpx.Client, response.content",
        "client = httpx.Client(transport=transport)",
        "client.post('http://x/send').content",
    ),
]


def bench_hostile(core: str) -> None:
    say("1b. memory of a hostile answer: a 600 MB gzip bomb (fresh processes)...")
    for what, prepare, reader in HOSTILE_READERS:
        figure = Figure()
        size = 0.0
        for _ in range(3):
            out = subprocess.run(
                [core, "-c", HOSTILE_PROBE.format(prepare=prepare, reader=reader)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            size, grew = (float(v) for v in out.stdout.split())
            figure.samples.append(grew)
        ROWS.append(Row("hostile answer", f"{what}: peak RSS growth", figure, "MB",
                        note=f"{size:.2f} MB on the wire"))  # fmt: skip
        if what.startswith("neo-auth"):
            goal("a hostile answer costs neo-auth < 50 MB", figure.median < 50,
                 f"{figure.median:.1f} MB")  # fmt: skip


def bench_imports(core: str, kotak: str) -> None:
    say("1. import time, peak RSS and install footprint (fresh venvs)...")
    floor, floor_rss = import_cost(core, "import httpx, attrs")
    ours, ours_rss = import_cost(core, "import neo_auth")
    login, _ = import_cost(core, "import neo_auth.flows as f; f.TOTP_LOGIN.model")
    theirs, theirs_rss = import_cost(kotak, "import neo_api_client")
    for what, figure in (
        ("import httpx, attrs (the floor)", floor),
        ("import neo_auth", ours),
        ("import neo_auth and the login models", login),
        ("import neo_api_client (kotakneoapi 3.0.9)", theirs),
    ):
        ROWS.append(Row("import", what, figure, ratio=figure.median / floor.median))
    for what, figure in (
        ("import httpx, attrs", floor_rss),
        ("import neo_auth", ours_rss),
        ("import neo_api_client", theirs_rss),
    ):
        ROWS.append(Row("peak RSS", what, figure, "MB"))
    for what, python in (("neo-auth (core)", core), ("kotakneoapi==3.0.9", kotak)):
        count, size = footprint(python)
        ROWS.append(Row("pip install", what, Figure([size]), "MB", note=f"{count} distributions"))
    ratio = ours.median / floor.median
    goal("import neo_auth <= 1.2x httpx + attrs", ratio <= 1.2, f"{ratio:.2f}x")
    goal(
        "peak RSS of import neo_auth <= 35 MB", ours_rss.median <= 35, f"{ours_rss.median:.1f} MB"
    )


# --- 2 and 3. login pairs, warm and cold ---------------------------------------------------------


def bench_pairs(scheme: str, base: str, pythons: dict[str, str]) -> None:
    from neo_auth import AsyncTotpLogin, TotpLogin

    say(f"2. login pairs over {scheme}: {PAIRS} pairs x {REPEATS} runs per client...")
    few = max(20, PAIRS // 3)  # the clients that pay a connection per request

    async def raw_async_ms(pairs: int) -> float:
        async with httpx.AsyncClient() as client:

            async def pair() -> None:
                body = {"mobileNumber": MOBILE, "ucc": UCC, "totp": TOTP}
                view = (await client.post(base + LOGIN_PATH, headers=HEADERS, json=body)).json()
                auth = {**HEADERS, "sid": view["data"]["sid"], "Auth": view["data"]["token"]}
                (await client.post(base + VALIDATE_PATH, headers=auth, json={"mpin": MPIN})).json()

            return await async_ms(pair, pairs)

    async def ours_async_ms(pairs: int) -> float:
        async with AsyncTotpLogin(KEY, base_url=base) as login:

            async def pair() -> None:
                await login.totp_login(MOBILE, UCC, TOTP)
                await login.totp_validate(MPIN)

            return await async_ms(pair, pairs)

    kotak = kotak_client(base)
    with httpx.Client() as client, TotpLogin(KEY, base_url=base) as login:
        results = interleaved(
            {
                "raw httpx.Client (the floor)": (
                    lambda n: per_pair_ms(lambda: raw_httpx_pair(client, base), n),
                    PAIRS,
                ),
                "neo-auth TotpLogin": (
                    lambda n: per_pair_ms(lambda: neo_auth_pair(login), n),
                    PAIRS,
                ),
                "raw httpx.AsyncClient (the async floor)": (
                    lambda n: asyncio.run(raw_async_ms(n)),
                    PAIRS,
                ),
                "neo-auth AsyncTotpLogin": (lambda n: asyncio.run(ours_async_ms(n)), PAIRS),
                "requests.post per request (2.x style)": (
                    lambda n: per_pair_ms(lambda: requests_pair(base), n),
                    few,
                ),
                "kotakneoapi 3.0.9": (lambda n: per_pair_ms(lambda: kotak_pair(kotak), n), few),
            }
        )
    verify = os.environ.get("SSL_CERT_FILE", True)
    before = sum(httpx.get(f"{base}/__counts", verify=verify).json().values())
    kotak_pair(kotak)
    kotak_requests = sum(httpx.get(f"{base}/__counts", verify=verify).json().values()) - before

    floor = results["raw httpx.Client (the floor)"].median
    for what, figure in results.items():
        note = f"{kotak_requests} requests per login" if what.startswith("kotak") else ""
        ROWS.append(
            Row(f"login pair, {scheme}", what, figure, ratio=figure.median / floor, note=note)
        )
    ours, theirs = results["neo-auth TotpLogin"].median, results["kotakneoapi 3.0.9"].median
    goal(
        f"login pair over {scheme} <= 1.15x raw httpx",
        ours <= 1.15 * floor,
        f"{ours / floor:.2f}x",
    )
    goal(f"login pair over {scheme} faster than kotakneoapi", ours < theirs,
         f"{ours:.2f} vs {theirs:.2f} ms")  # fmt: skip

    runs = REPEATS * 3
    say(f"3. cold start over {scheme}: a fresh process imports, constructs, logs in ({runs}x)...")
    starts = {
        "raw httpx.Client": "raw",
        "neo-auth TotpLogin": "neo-auth",
        "requests.post per request": "requests",
        "kotakneoapi 3.0.9": "kotakneoapi",
    }
    cold = {what: Figure() for what in starts}
    for _ in range(runs):  # in turns, like the warm pairs
        for what, client in starts.items():
            out = subprocess.run(
                [pythons[client], str(BENCH / "cold_start.py"), client, base],
                check=True,
                capture_output=True,
                text=True,
            )
            cold[what].samples.append(float(out.stdout.split()[-1]))
    floor = cold["raw httpx.Client"].median
    for what, figure in cold.items():
        ROWS.append(Row(f"cold start, {scheme}", what, figure, ratio=figure.median / floor))
    ours, theirs = cold["neo-auth TotpLogin"].median, cold["kotakneoapi 3.0.9"].median
    goal(f"cold start over {scheme} well below kotakneoapi (< 0.5x)", ours < 0.5 * theirs,
         f"{ours:.0f} vs {theirs:.0f} ms")  # fmt: skip


# --- 4 and 5. the sandbox under uvicorn ----------------------------------------------------------


SANDBOX = """
import sys, time
from neo_auth.sandbox import SandboxConfig, SandboxServer, load_accounts
latency = sys.argv[2]
faults = {"*": "slow:" + latency} if float(latency) else {}
with SandboxServer(SandboxConfig(accounts=load_accounts(sys.argv[1]), faults=faults)) as s:
    print(s.base_url.rsplit(":", 1)[1], flush=True)
    while True:
        time.sleep(3600)
"""

Account = tuple[str, str, str]  # mobile, UCC, TOTP key


def make_accounts(path: Path, count: int) -> list[Account]:
    """`count` test accounts with a registered TOTP: each logs in once (replays are
    refused, as by the real service)."""
    accounts = [(f"+9180{n:08d}", f"B{n:05d}", pyotp.random_base32()) for n in range(count)]
    entries = [
        {"mobile": m, "uccs": [u], "mpin": MPIN, "consumer_key": KEY, "totp_secret": k}
        for m, u, k in accounts
    ]
    path.write_text(json.dumps({"accounts": entries}))
    return accounts


async def login_all(base: str, accounts: list[Account], together: bool) -> float:
    """Milliseconds to log in every account with neo-auth's async client, one pool."""
    from neo_auth import AsyncTotpLogin

    async with httpx.AsyncClient() as pool:

        async def one(mobile: str, ucc: str, key: str) -> None:
            async with AsyncTotpLogin(KEY, base_url=base, httpx_client=pool) as login:
                await login.login(mobile, ucc, MPIN, key)

        started = time.perf_counter()
        if together:
            await asyncio.gather(*(one(*account) for account in accounts))
        else:
            for account in accounts:
                await one(*account)
        return (time.perf_counter() - started) * 1000


def bench_sandbox(scratch: Path) -> None:
    runs, clients, seconds = 3, 3, 3.0
    accounts = make_accounts(scratch / "accounts.json", 2 * 2 * runs * 100 + 30000)
    for latency in ("0", "0.02"):
        label = "no added latency" if latency == "0" else "20 ms service latency (slow:0.02)"
        say(f"4. 100 async logins, concurrent vs sequential, sandbox with {label}...")
        with server(sys.executable, "-c", SANDBOX, str(scratch / "accounts.json"), latency) as a:
            base = f"http://{a}"
            together, one_by_one = Figure(), Figure()
            for _ in range(runs):
                batch = [accounts.pop() for _ in range(100)]
                together.samples.append(asyncio.run(login_all(base, batch, True)))
                batch = [accounts.pop() for _ in range(100)]
                one_by_one.samples.append(asyncio.run(login_all(base, batch, False)))
            speedup = one_by_one.median / together.median
            section = "100 logins, sandbox"
            ROWS.append(Row(section, f"one after another, {label}", one_by_one, ratio=1.0))
            ROWS.append(Row(section, f"concurrently on one pool, {label}", together,
                            ratio=1 / speedup, note=f"{speedup:.1f}x faster"))  # fmt: skip
            goal(f"100 async logins >= 5x faster than sequential, {label}", speedup >= 5,
                 f"{speedup:.1f}x")  # fmt: skip
            if latency == "0":
                for_throughput = accounts[:30000]  # its own: the next section needs the rest
                del accounts[:30000]
                bench_throughput(base, for_throughput, clients, seconds)


def load_worker(address: str, accounts: list[Account], seconds: float, out: Any) -> None:
    """A light load generator (http.client, keep-alive): login pairs until time is up."""
    import http.client

    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port))
    headers = {**HEADERS, "Content-Type": "application/json"}
    latencies = []
    deadline = time.perf_counter() + seconds
    for mobile, ucc, key in accounts:
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        body = {"mobileNumber": mobile, "ucc": ucc, "totp": pyotp.TOTP(key).now()}
        connection.request("POST", LOGIN_PATH, json.dumps(body), headers)
        view = json.loads(connection.getresponse().read())["data"]
        auth = {**headers, "sid": view["sid"], "Auth": view["token"]}
        connection.request("POST", VALIDATE_PATH, json.dumps({"mpin": MPIN}), auth)
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 200, answer.status
        latencies.append((time.perf_counter() - started) * 1000)
    out.put((latencies, time.perf_counter() - deadline + seconds))


def one_throughput(
    address: str, accounts: list[Account], clients: int, seconds: float
) -> tuple[float, list[float]]:
    """(login pairs per second, latencies) of `clients` processes for `seconds`; each
    process times itself, so starting the processes is not counted."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    share = len(accounts) // clients
    workers = [
        context.Process(
            target=load_worker,
            args=(address, accounts[i * share : (i + 1) * share], seconds, queue),
        )
        for i in range(clients)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    rate = sum(len(latencies) / took for latencies, took in results)
    return rate, [latency for latencies, _ in results for latency in latencies]


def bench_throughput(base: str, accounts: list[Account], clients: int, seconds: float) -> None:
    say(f"5. sandbox throughput: {clients} client processes, {seconds:g} s a run, the console "
        "closed and open in headless Chromium, interleaved...")  # fmt: skip
    sys.path.insert(0, str(ROOT))
    from tests import chromium

    address = base.removeprefix("http://")
    closed, opened = Figure(), Figure()
    latencies: list[float] = []
    per_run = len(accounts) // 6
    for _ in range(3):
        rate, seen = one_throughput(address, accounts[:per_run], clients, seconds)
        del accounts[:per_run]
        closed.samples.append(rate)
        latencies.extend(seen)
        with chromium.chromium() as browser:
            browser.get(base + "/")
            deadline = time.monotonic() + 10
            while browser.find_element("id", "status").text != "live":
                if time.monotonic() > deadline:
                    raise RuntimeError("the console did not connect")
                time.sleep(0.1)
            rate, _ = one_throughput(address, accounts[:per_run], clients, seconds)
            del accounts[:per_run]
            opened.samples.append(rate)
    cuts = statistics.quantiles(latencies, n=100)
    section = "sandbox throughput"
    ROWS.append(Row(section, f"login pairs per second, {clients} clients", closed,
                    "pairs/s"))  # fmt: skip
    ROWS.append(Row(section, "the same with the console open in a browser", opened,
                    "pairs/s", ratio=opened.median / closed.median))  # fmt: skip
    ROWS.append(Row(section, "latency of a pair, p50", Figure([cuts[49]]),
                    note=f"p90 {cuts[89]:.2f} ms, p99 {cuts[98]:.2f} ms"))  # fmt: skip
    goal("the sandbox sustains >= 500 login pairs/s", closed.median >= 500,
         f"{closed.median:.0f} pairs/s")  # fmt: skip
    goal("an open console costs the sandbox < 10 % of its throughput",
         opened.median >= 0.9 * closed.median,
         f"{opened.median:.0f} vs {closed.median:.0f} pairs/s "
         f"({(1 - opened.median / closed.median) * 100:+.1f} %)")  # fmt: skip


# --- the report ----------------------------------------------------------------------------------


def report(elapsed: float) -> str:
    lines = [
        "# neo-auth benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on "
        f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}; "
        f"the run took {elapsed:.0f} s.",
        "",
        "Each figure is the median of repeated runs, with (min-max); ratios compare medians "
        "from this same run (absolute times on a shared machine are noise). Login pairs go to "
        "a minimal canned-answer server in its own process on 127.0.0.1; sections 4 and 5 run "
        "the neo-auth sandbox under uvicorn. `bench/run.py` says how each client is pointed "
        "at the local server.",
        "",
        "| section | what | median (min-max) | ratio | note |",
        "|---|---|---|---|---|",
    ]
    for row in ROWS:
        digits = 0 if row.unit == "pairs/s" else 1 if row.unit == "MB" else 2
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        cell = row.figure.cell(row.unit, digits)
        lines.append(f"| {row.section} | {row.what} | {cell} | {ratio} | {row.note} |")
    lines += ["", "## Goals", "", "| goal | holds | measured |", "|---|---|---|"]
    for text, holds, measured in GOALS:
        lines.append(f"| {text} | {'yes' if holds else '**no**'} | {measured} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    import trustme

    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="neo-auth-bench-"))
    canned = str(BENCH / "canned_server.py")
    home = Path.cwd()
    os.chdir(scratch)  # kotakneoapi writes logs/neo-api-client.log into the working directory
    try:
        say("0. fresh venvs: pip install <this repo> (core) and kotakneoapi==3.0.9...")
        core = fresh_venv(scratch / "core", str(ROOT))
        kotak = fresh_venv(scratch / "kotak", "kotakneoapi==3.0.9")
        pythons = {"raw": core, "neo-auth": core, "requests": sys.executable, "kotakneoapi": kotak}
        bench_imports(core, kotak)
        bench_hostile(core)
        with server(sys.executable, canned) as address:
            bench_pairs("HTTP", f"http://{address}", pythons)
        authority = trustme.CA()
        issued = authority.issue_cert("127.0.0.1", "localhost")
        ca, cert, key = scratch / "ca.pem", scratch / "cert.pem", scratch / "key.pem"
        authority.cert_pem.write_to_path(str(ca))
        issued.cert_chain_pems[0].write_to_path(str(cert))
        issued.private_key_pem.write_to_path(str(key))
        os.environ["SSL_CERT_FILE"] = os.environ["REQUESTS_CA_BUNDLE"] = str(ca)
        with server(sys.executable, canned, "--tls", str(cert), str(key)) as address:
            bench_pairs("TLS", f"https://{address}", pythons)
        del os.environ["SSL_CERT_FILE"], os.environ["REQUESTS_CA_BUNDLE"]
        bench_sandbox(scratch)
    finally:
        os.chdir(home)
        shutil.rmtree(scratch, ignore_errors=True)
    text = report(time.perf_counter() - started)
    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    say("\n" + text)
    say(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
