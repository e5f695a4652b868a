"""Browser journeys: headless Debian chromium, driven by Playwright's sync API, against pytest-django's live_server.

`playwright install` cannot download here, so the suite runs the system chromium (`apt-get install chromium`).
A missing chromium is a failure, never a skip: a skipped browser suite looks green and proves nothing.
"""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these chromium keeps calling hosts it cannot reach (and that journey 7 would catch).
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def chromium():
    """One chromium for the whole run; each test gets its own context (cookies, storage) from `new_context`."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"No chromium at {CHROMIUM}: install it with `apt-get install -y chromium` "
                    "(`playwright install` cannot download here).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium, live_server):
    """Open a fresh browser context (a new, signed-out visitor); all are closed after the test."""
    contexts = []

    def open_context(**options):
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def live_world(live_server):
    """`tests.world.build_world()` in the live server's (transactional) database."""
    from tests.world import build_world

    return build_world()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
