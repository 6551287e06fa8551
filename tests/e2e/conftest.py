"""Browser test fixtures: Debian's Chromium through Playwright, a seeded live server and axe-core."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Serve on the IPv4 loopback address so the browser and the server agree on the host.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "upskill-demo"


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium); never download one."
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop "running" in this thread, which makes Django look its
    # database connections up per async context instead of per thread. Without pinning, test code would
    # get fresh connections that the live server, the test case's flush and serialized rollback don't know.
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test that can only reach the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    blocked: list[str] = []

    def only_local(route):
        url = route.request.url
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).hostname not in LOCAL_HOSTS:
            blocked.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", only_local)
    page = context.new_page()
    yield page
    context.close()
    assert not blocked, f"The page tried to reach third-party hosts: {sorted(set(blocked))}"


@pytest.fixture
def demo_site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server's base URL with the demo content, organisations and sign-ins loaded.

    ``django_db_serialized_rollback`` puts back what the migrations created (Wagtail's root page,
    default site and locale) after an earlier transactional test flushed the database.
    """
    from django.core.management import call_command

    started = time.monotonic()
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    print(f"seed_demo took {time.monotonic() - started:.1f}s")
    return live_server.url
