"""Browser fixtures of the end-to-end tests: Debian's Chromium, driven by Playwright.

Playwright's own browser download is not used: the tests drive the system's
Chromium (the `chromium` Debian package, installed by `make test`), or the one
the `CHROMIUM` environment variable names.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # The tests run as root in containers, where Chromium's sandbox cannot start.
    "--no-sandbox",
    "--disable-gpu",
    # Nothing but the live server: no update checks, no sync, no first-run pages.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts" / "e2e"
# Generous: the first render of a generated document loads the fonts.
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium was not found at {CHROMIUM}: install Debian's `chromium` "
            "package (`make test` does) or point CHROMIUM at another one."
        )
    # Playwright's synchronous API keeps an asyncio event loop running in the
    # main thread, and Django refuses ORM calls from a thread with a running
    # loop. The tests' own queries (and pytest-django's flush after each test)
    # are plain synchronous code, so the guard is lifted for as long as the
    # loop lives; the live server's threads never had it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # `expect` waits 5 s by default, whatever the context says.
        expect.set_options(timeout=TIMEOUT_MS)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context_for(browser):
    """Opens browser contexts (one per language) and closes them after the test."""
    contexts = []

    def open_context(*, locale):
        context = browser.new_context(
            locale=locale,
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def artefacts_dir():
    """Where a test leaves its screenshots: tests/artefacts/e2e (git-ignored)."""

    def directory(name):
        path = ARTEFACTS / name
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("*.png"):
            old.unlink()
        return path

    return directory
