"""Browser test fixtures: Debian's Chromium through Playwright, a seeded live server and axe-core.

Never download a browser: the tests launch Debian's Chromium, found at ``$CHROMIUM_PATH`` (default
``/usr/bin/chromium``). Without it they skip, except in CI (``E2E_REQUIRED=1``), where a missing browser
fails the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an asyncio loop running in this thread while the tests call the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Serve on the IPv4 loopback address so the browser and the server agree on the address.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "scorm.localhost"}  # the last: SCORM packages' content host
# axe-core from the project's node_modules; AXE_JS_PATH names another copy (a git worktree has no node_modules).
AXE_JS = Path(os.environ.get("AXE_JS_PATH") or Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js")
AXE_VERSION = json.loads((AXE_JS.parent / "package.json").read_text(encoding="utf-8"))["version"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "upskill-demo"
LEARNER_EMAIL = "learner@northbrook.example"


@pytest.fixture(scope="package")
def browser():
    """Headless Debian Chromium, shared by every browser test.

    Scoped to this package rather than the session so that Playwright's event loop, which runs in the
    main thread while it is open, is shut down before the rest of the suite runs: with a running loop,
    Django treats the thread as async (``async_to_sync`` refuses to run, connections are looked up per
    context). The package is the whole of the browser tests, so it is still launched once.
    """
    if not CHROMIUM.is_file():
        message = (
            f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH); "
            "they never download one."
        )
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but Chromium is missing. {message}", pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's loop is running, Django looks connections up per async context rather than per
    # thread, so test code would get fresh connections that the live server, the test case's flush and
    # serialized rollback know nothing about. Pin the thread's connections so both lookups agree.
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A new browser context per test (1280x900) that can only reach the local server.

    Any request to another host is aborted and recorded; the test fails at teardown if there was one.
    Routing every request also turns off the browser's HTTP cache, so each page load is a full fetch.
    """
    # bypass_csp: axe-core is injected as an inline script, which the site's policy rightly blocks.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(10_000)
    third_party: list[str] = []

    def only_local(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            third_party.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", only_local)
    browser_page = context.new_page()
    yield browser_page
    context.close()
    assert not third_party, f"The pages called third-party hosts: {sorted(set(third_party))}"


@pytest.fixture
def demo_site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server's base URL, with ``seed_demo`` loaded (demo course, organisations and sign-ins).

    The live server needs a transactional database, which is flushed after every test;
    ``django_db_serialized_rollback`` puts back what the migrations created (Wagtail's root page, locale
    and default site) before ``seed_demo`` builds on it. Wagtail serves the default site for any host, so
    the site record needs no change for the server's address.
    """
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    return live_server.url


def axe_violations(page, context_label: str) -> list[str]:
    """Run axe-core's WCAG 2.2 AA rules on the page and return one readable entry per violation."""
    page.wait_for_load_state("load")  # a page still arriving has no <head> to add the script to
    # Colours are judged as the page settles: fades and slides are taken to their end first (Wagtail's messages
    # fade in over half a second; mid-fade they are pale, a race the admin crawl lost now and then). Endless
    # animations (spinners) cannot be finished and are left as they are.
    page.evaluate(
        """() => document.getAnimations().forEach(animation => {
            try { animation.finish(); } catch (endless) { /* an infinite animation has no end */ }
        })"""
    )
    # Wagtail's admin bundles an older axe-core as window.axe (for its own checks): always run ours.
    if page.evaluate("() => (window.axe && window.axe.version) || ''") != AXE_VERSION:
        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations;
        }""",
        AXE_TAGS,
    )
    report = []
    for violation in violations:
        nodes = "\n".join(
            f"      {json.dumps(node['target'])}: {node['html'][:300]}" for node in violation["nodes"][:3]
        )
        report.append(
            f"[{context_label}] {violation['id']} ({violation['impact']}): {violation['help']}"
            f" – {len(violation['nodes'])} element(s), {violation['helpUrl']}\n{nodes}"
        )
    return report


def axe_check(page, context_label: str) -> None:
    """Assert that axe-core finds no WCAG 2.2 AA violations on the page as it is now."""
    report = axe_violations(page, context_label)
    assert not report, f"axe-core found {len(report)} violation(s) on {page.url}:\n" + "\n".join(report)


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the sign-in form and check the page shows the signed-in navigation."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    sign_out = page.get_by_role("button", name="Sign out")
    sign_out.wait_for(state="visible")
    assert sign_out.is_visible(), f"Signing in as {email} did not show a Sign out button (now at {page.url})"
