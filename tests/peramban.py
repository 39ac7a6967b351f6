"""Page tests in a real browser (a pytest plugin of the whole suite, so
that every test directory shares the one browser of the session).

``live_server`` (``tests/liveserver.py``) serves the CKAN app of the current
test over HTTP on a free loopback port; ``browser_page``
is a headless Debian Chromium page driven by Playwright; ``screenshot``
stores full-page PNGs under ``var/test-artefacts/screenshots``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 900}
_screenshots = pytest.StashKey[list]()
_report = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium (``ODBA_CHROMIUM``), never Playwright's
    downloaded browsers. A missing browser fails the tests unless
    ``ODBA_BROWSER_TESTS=optional``: CI must not skip them silently."""
    from playwright.sync_api import sync_playwright

    path = os.environ.get("ODBA_CHROMIUM") or CHROMIUM
    if not os.access(path, os.X_OK):
        message = ("Chromium not found at %s (apt-get install chromium, or "
                   "set ODBA_CHROMIUM)" % path)
        if os.environ.get("ODBA_BROWSER_TESTS") == "optional":
            pytest.skip(message)
        pytest.fail(message + "; ODBA_BROWSER_TESTS=optional skips the "
                    "browser tests instead", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path,
                                             headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium, request, screenshot):
    """A fresh page (own cookies and storage) in Indonesian, 1280×900."""
    context = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        report = request.node.stash.get(_report, {}).get("call")
        if report is not None and report.failed and not page.is_closed():
            screenshot(page, "failure")
        context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, name)``: full-page PNG
    ``var/test-artefacts/screenshots/<test-name>-<name>.png``; returns its
    path."""
    folder = request.config.rootpath / "var" / "test-artefacts" / "screenshots"
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / ("%s-%s.png" % (test_name, name))
        page.screenshot(path=str(path), full_page=True)
        print("screenshot: %s" % path)
        request.config.stash.setdefault(_screenshots, []).append(path)
        return path

    return take


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets ``browser_page`` see whether the test itself failed.
    report = yield
    item.stash.setdefault(_report, {})[report.when] = report
    return report


def pytest_terminal_summary(terminalreporter, config):
    paths = config.stash.get(_screenshots, [])
    if paths:
        terminalreporter.section("browser screenshots")
        for path in paths:
            terminalreporter.line(str(path))
