"""The sandbox console in a real browser (headless Chromium from the system's packages,
driven by Selenium), playing a trader's phone while `neo-auth register` runs in a
terminal: the SMS code and the authenticator code are read off the page and typed into
the CLI. Then a login's session is revoked from the page, a fault is armed there and the
client's retries show in its request list. Screenshots of the phone and the request list
are saved (NEO_AUTH_SCREENSHOTS, default build/screenshots)."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from neo_auth import AuthenticationError, TotpLogin, UserVerification
from neo_auth.sandbox import DEFAULT_ACCOUNT, SandboxConfig, SandboxServer
from tests import chromium
from tests.conftest import ROOT
from tests.terminal import Terminal

if sys.platform == "win32":  # pragma: no cover - pseudo-terminals are POSIX
    pytest.skip("the CLI is driven through a pseudo-terminal", allow_module_level=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TRADER = dataclasses.replace(
    DEFAULT_ACCOUNT, mobile="+918888888888", uccs=(("BOT01", "NEO"),), totp_secret=SECRET
)
SHOTS = Path(os.environ.get("NEO_AUTH_SCREENSHOTS", ROOT / "build" / "screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = chromium.missing()
    if why is not None:
        pytest.fail(why)  # not a skip: CI installs it (make browser)
    with chromium.chromium(width=1100, height=1600) as driver:
        yield driver


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(accounts=(DEFAULT_ACCOUNT, TRADER))) as running:
        yield running


def wait_for(what: str, found: Callable[[], Any], timeout: float = 20.0) -> Any:
    """`found()`'s first truthy answer. The page re-renders on every change, so an
    element may go stale between finding and reading it: that is "not yet", not a
    failure."""
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = found()
        except StaleElementReferenceException:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"the page never showed {what}")


def css(driver: Any, selector: str) -> list[Any]:
    return driver.find_elements("css selector", selector)


def texts(driver: Any, selector: str) -> list[str]:
    return [element.text for element in css(driver, selector)]


def choose_account(driver: Any, mobile: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "account-select")).select_by_value(mobile)


def test_the_console_plays_the_phone_for_neo_auth_register(
    browser: Any, server: SandboxServer, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(server.console_url)
    wait_for("the live status", lambda: browser.find_element("id", "status").text == "live")
    choose_account(browser, DEFAULT_ACCOUNT.mobile)

    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
    term = Terminal("register", "--mobile", DEFAULT_ACCOUNT.mobile, "--base-url",
                    server.base_url, env=env)  # fmt: skip
    term.expect(r"SMS code \(or 'r' to send a new one\): ")
    otp = wait_for("the SMS", lambda: texts(browser, "#inbox .otp"))[0]
    assert otp == server.state.latest_otp(DEFAULT_ACCOUNT.mobile)
    term.type(otp)
    term.expect(r"6-digit code from the app")

    def scan() -> bool:
        buttons = css(browser, "#pending button.scan")
        if buttons:
            buttons[0].click()
        return bool(buttons)

    wait_for("the pending QR code", scan)
    code = wait_for(
        "the authenticator's code",
        lambda: [e.get_attribute("data-code") for e in css(browser, "#authenticator .code")],
    )[0]
    term.type(code)
    term.expect(r"Done: the authenticator is registered for SBX01")
    term.expect(r"Show the secret key once now\?")
    term.type("n")
    assert term.wait() == 0
    wait_for("the registration", lambda: css(browser, '#authenticator [data-registered="true"]'))
    assert "verified" in texts(browser, "#inbox .badge")
    browser.save_screenshot(str(SHOTS / "console-phone.png"))

    # A login's session shows, and the page revokes it (with the keyboard).
    with TotpLogin(TRADER.consumer_key, base_url=server.base_url) as neo:
        session = neo.login(TRADER.mobile, "BOT01", TRADER.mpin, SECRET)
        row = wait_for(
            "the trade session", lambda: css(browser, '#session-rows tr[data-kind="Trade"]')
        )
        assert "127.0.0.1" in row[0].text
        assert session.token not in browser.page_source  # masked as the SDK masks
        revoke = row[0].find_element("css selector", "button.revoke")
        revoke.send_keys(Keys.ENTER)
        wait_for(
            "the session gone", lambda: not css(browser, '#session-rows tr[data-kind="Trade"]')
        )
        with pytest.raises(AuthenticationError):
            neo.client_ip(session)

    # A fault armed on the page; the client's retries in the request list.
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "fault-operation")).select_by_value("sendOtp")
    Select(browser.find_element("id", "fault-kind")).select_by_value("503")
    times = browser.find_element("id", "fault-times")
    times.clear()
    times.send_keys("2")
    browser.find_element("css selector", "#fault-form button[type=submit]").click()
    wait_for("the armed fault", lambda: css(browser, '#armed [data-armed="sendOtp 503"]'))
    with UserVerification(TRADER.mobile, base_url=server.base_url) as uv:
        uv.send_otp()  # two 503s, retried with backoff, then sent

    def latest_send_otps() -> list[str]:
        rows = css(browser, '#request-rows tr[data-operation="sendOtp"]')
        return [row.get_attribute("data-status") for row in rows[:3]]

    assert wait_for("the retries", lambda: latest_send_otps() == ["201", "503", "503"])
    assert wait_for("nothing armed", lambda: not css(browser, "#armed li"))
    browser.save_screenshot(str(SHOTS / "console-requests.png"))

    # Offline: every file the page loaded came from the sandbox itself.
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)"
    )
    assert loaded
    assert all(url.startswith(server.base_url) for url in loaded), loaded


def test_the_console_reads_on_a_phone_sized_window(browser: Any, server: SandboxServer) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(server.console_url)
        wait_for("the live status", lambda: browser.find_element("id", "status").text == "live")
        with UserVerification(DEFAULT_ACCOUNT.mobile, base_url=server.base_url) as uv:
            uv.send_otp()
        wait_for("the SMS", lambda: texts(browser, "#inbox .otp"))
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"the page is {overflow}px wider than a phone"
        browser.save_screenshot(str(SHOTS / "console-phone-narrow.png"))
    finally:
        browser.set_window_size(1100, 1600)
