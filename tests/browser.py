"""Headless Debian Chromium driven by Playwright, for the browser tests.

Playwright's own browser download is never used: ``.ci/run`` installs Debian's
``chromium`` and we point Playwright at it. Background networking is switched
off so the browser only ever talks to the test's live server on 127.0.0.1.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

browser_marks = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    # The live server needs committed data; serialized rollback restores what
    # migrations created (Wagtail's root page, locale, site) after each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1400, "height": 1000}


@contextmanager
def chromium_page(viewport: dict = DESKTOP, locale: str = "en-GB") -> Iterator:
    """A fresh page in a fresh headless browser, closed afterwards.

    ``locale`` sets the browser's language (its Accept-Language header).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=viewport, locale=locale)
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ (kept by CI as evidence)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """No WCAG 2.1 A/AA violations found by axe-core (bundled, so it works offline)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_fits_width(page) -> None:
    """Nothing forces the reader to scroll sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a {page.viewport_size} screen"
