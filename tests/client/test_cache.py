"""The session cache: reuse within the trading day, expiry, invalidation, file safety,
failures that never cost a session, bounded and re-entrant locking, and two processes
logging in at once."""

from __future__ import annotations

import json
import logging
import multiprocessing
import stat
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from neo_auth import InputValidationError, NeoAuthError, NeoSession, SessionCacheError
from neo_auth.cache import SessionCache, default_cache_path
from neo_auth_client.models import TotpValidateResponse


def session(token: str = "trade-token-1", ucc: str = "ABC12") -> NeoSession:
    answer = {
        "data": {"token": token, "sid": "sid-1", "ucc": ucc, "kType": "Trade", "newField": 1}
    }
    return NeoSession.from_response(TotpValidateResponse.from_dict(answer))


class Clock:
    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when


def test_a_saved_session_is_reused_until_the_end_of_the_trading_day(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 26, 3, 0, tzinfo=UTC))  # 08:30 IST
    cache = SessionCache(tmp_path / "sessions.json", now=clock)
    assert cache.get("ABC12") is None
    cache.put(session())
    again = cache.get("abc12")
    assert again is not None
    assert again.token == "trade-token-1"
    assert again.raw.to_dict()["data"]["newField"] == 1
    clock.when = datetime(2026, 11, 26, 18, 29, tzinfo=UTC)  # 23:59 IST: still today
    assert cache.get("ABC12") is not None
    clock.when = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)  # 00:00 IST: a new day
    assert cache.get("ABC12") is None


def test_a_session_is_found_only_for_the_same_service_number_and_key(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json")
    mine = {"base_url": "http://127.0.0.1:8765", "mobile_number": "+919999999999",
            "consumer_key": "key-1"}  # fmt: skip
    cache.put(session(), **mine)
    assert cache.get("ABC12", **mine) is not None
    assert cache.get("ABC12", **{**mine, "mobile_number": "9999999999"}) is not None  # +91
    for other in (
        {"base_url": "https://mis.kotaksecurities.com"},
        {"mobile_number": "+918888888888"},
        {"consumer_key": "key-2"},
    ):
        assert cache.get("ABC12", **{**mine, **other}) is None, other
    assert cache.get("ABC12") is None  # the UCC alone is another entry
    assert "key-1" not in (tmp_path / "s.json").read_text()  # only a digest of the key


def test_the_file_is_private_and_holds_no_partial_writes(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "sessions.json"
    cache = SessionCache(path)
    cache.put(session())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["sessions.json", "sessions.json.lock"]
    assert "trade-token-1" not in repr(cache)


def test_invalidate_one_all_or_by_number(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json")
    cache.put(session(ucc="ABC12"))
    cache.put(session(ucc="XYZ99", token="other"))
    cache.put(session(ucc="XYZ99", token="third"), mobile_number="+918888888888")
    assert cache.invalidate("ABC12") == 1
    assert cache.get("ABC12") is None
    assert cache.get("XYZ99") is not None
    assert cache.invalidate(mobile_number="8888888888") == 1
    assert cache.invalidate() == 1
    assert cache.get("XYZ99") is None


def test_a_damaged_or_old_file_is_no_session_and_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json")
    cache = SessionCache(path)
    assert cache.get("ABC12") is None
    cache.put(session())
    assert json.loads(path.read_text())["format"] == 2
    # Version 1 (keyed by UCC alone) is dropped cleanly, never read as a session.
    old = {"format": 1, "sessions": {"ABC12": {"expires_at": "2999-01-01T00:00:00+00:00",
                                               "answer": session().raw.to_dict()}}}  # fmt: skip
    path.write_text(json.dumps(old))
    assert cache.get("ABC12") is None
    cache.put(session())
    assert json.loads(path.read_text())["format"] == 2
    path.write_text(json.dumps({"format": 2, "sessions": [{"ucc": "ABC12", "expires_at": "x"}]}))
    assert cache.get("ABC12") is None


def test_get_or_login_logs_in_once(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json")
    calls: list[int] = []

    def login() -> NeoSession:
        calls.append(1)
        return session()

    assert cache.get_or_login("ABC12", login).token == "trade-token-1"
    assert cache.get_or_login("ABC12", login).token == "trade-token-1"
    assert len(calls) == 1


async def test_async_get_or_login(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json")

    async def login() -> NeoSession:
        return session(token="async-token")

    assert (await cache.aget_or_login("ABC12", login)).token == "async-token"
    assert (await cache.aget_or_login("ABC12", login)).token == "async-token"


def test_bad_arguments_are_typed_errors(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json")
    with pytest.raises(InputValidationError):
        cache.put(session(ucc=""))
    with pytest.raises(InputValidationError):
        cache.get(12345)  # type: ignore[arg-type]
    with pytest.raises(InputValidationError):
        cache.get_or_login("ABC12", "not callable")  # type: ignore[call-overload]
    with pytest.raises(InputValidationError, match="needs the client"):
        cache.get_or_login("ABC12", session, verify=True)
    with pytest.raises(InputValidationError):
        SessionCache(42)  # type: ignore[arg-type]


def test_a_cache_that_cannot_be_used_never_costs_the_session(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="neo_auth")
    directory = tmp_path / "a-directory"
    directory.mkdir()
    parent_is_a_file = tmp_path / "file"
    parent_is_a_file.write_text("x")
    for path in (directory, parent_is_a_file / "s.json"):
        cache = SessionCache(path)
        assert cache.get_or_login("ABC12", session).token == "trade-token-1"
        with pytest.raises(SessionCacheError):
            cache.get("ABC12")
    assert "session cache not used" in caplog.text


def test_a_failed_write_after_a_login_returns_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="neo_auth")

    def no_space(path: object, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("neo_auth.cache.write_private", no_space)
    cache = SessionCache(tmp_path / "s.json")
    assert cache.get_or_login("ABC12", session).token == "trade-token-1"
    assert "session not cached" in caplog.text
    assert "No space left" in caplog.text


def test_the_lock_wait_is_bounded(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json", lock_timeout=0.3)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> NeoSession:
        holding.set()
        release.wait(5)
        return session()

    worker = threading.Thread(target=lambda: cache.get_or_login("ABC12", hold))
    worker.start()
    holding.wait(5)
    started = time.monotonic()
    with pytest.raises(SessionCacheError, match="stayed locked"):
        cache.get_or_login("ABC12", session)
    assert time.monotonic() - started < 3
    release.set()
    worker.join(5)


def test_a_login_callback_that_uses_the_cache_does_not_deadlock(tmp_path: Path) -> None:
    cache = SessionCache(tmp_path / "s.json", lock_timeout=2)

    def login() -> NeoSession:
        cache.invalidate("XYZ99")  # touches the cache while get_or_login holds its lock
        assert cache.get("ABC12") is None
        return session()

    assert cache.get_or_login("ABC12", login).token == "trade-token-1"


async def test_an_async_login_callback_that_uses_the_cache_does_not_deadlock(
    tmp_path: Path,
) -> None:
    cache = SessionCache(tmp_path / "s.json", lock_timeout=2)

    async def login() -> NeoSession:
        cache.invalidate("XYZ99")
        return session(token="async-token")

    assert (await cache.aget_or_login("ABC12", login)).token == "async-token"


def test_the_lock_file_is_not_followed_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("do not touch")
    (tmp_path / "s.json.lock").symlink_to(target)
    cache = SessionCache(tmp_path / "s.json")
    assert cache.get_or_login("ABC12", session).token == "trade-token-1"  # not cached
    assert target.read_text() == "do not touch"


def _slow_login_process(path: str, log: str, name: str) -> None:
    def login() -> NeoSession:
        with open(log, "a") as file:
            file.write(name + "\n")
        time.sleep(0.5)  # a login takes a while; the other process must wait, not log in
        return session(token=f"token-of-{name}")

    token = SessionCache(path).get_or_login("ABC12", login).token
    with open(log, "a") as file:
        file.write(f"{name} got {token}\n")


def test_two_processes_at_once_log_in_once(tmp_path: Path) -> None:
    path, log = str(tmp_path / "s.json"), str(tmp_path / "log")
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_slow_login_process, args=(path, log, name)) for name in ("a", "b")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    lines = Path(log).read_text().splitlines()
    logged_in = [line for line in lines if " got " not in line]
    assert len(logged_in) == 1
    winner = logged_in[0]
    assert sorted(line for line in lines if " got " in line) == [
        f"a got token-of-{winner}",
        f"b got token-of-{winner}",
    ]


def test_the_default_path_is_under_the_config_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "neo-auth" / "sessions.json"
    assert SessionCache().path == tmp_path / "neo-auth" / "sessions.json"


def test_expiry_is_the_next_end_of_day_in_ist(tmp_path: Path) -> None:
    late = Clock(datetime(2026, 11, 26, 18, 45, tzinfo=UTC))  # 00:15 IST on the 27th
    cache = SessionCache(tmp_path / "s.json", now=late)
    cache.put(session())
    (stored,) = json.loads((tmp_path / "s.json").read_text())["sessions"]
    assert datetime.fromisoformat(stored["expires_at"]) - late.when < timedelta(hours=24)
    assert stored["expires_at"].startswith("2026-11-27T23:59:59")


async def test_a_login_that_returns_no_session_is_refused_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    cache = SessionCache(tmp_path / "s.json")

    async def bad_login() -> NeoSession:
        return {"token": "x"}  # type: ignore[return-value]

    with pytest.raises(NeoAuthError, match="NeoSession"):
        cache.get_or_login("ABC12", lambda: {"token": "x"})  # type: ignore[arg-type, return-value]
    with pytest.raises(NeoAuthError, match="NeoSession"):
        await cache.aget_or_login("ABC12", bad_login)
    assert cache.get("ABC12") is None
