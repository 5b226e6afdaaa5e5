"""Headless Chromium from the system's packages (Debian's chromium and chromium-driver,
which `make browser` installs), driven by Selenium: for the console's browser test and
for `make bench`. Nothing is downloaded: the driver and the browser are the system's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: Flags for a root user in a container with no network to speak of (see the machine's
#: notes: without the background-networking ones Chromium keeps dialling out).
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
)  # fmt: skip


def missing() -> str | None:
    """Why no browser can run here (None when one can)."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return "Chromium is not installed: run 'make browser' (Debian's chromium, chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (the dev extra)"
    return None


@contextmanager
def chromium(width: int = 1100, height: int = 1400) -> Iterator[Any]:
    """A headless Chromium WebDriver with a fresh profile, closed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="neo-auth-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
        try:
            yield driver
        finally:
            driver.quit()
