"""axe-core (WCAG 2.2 AA rules) on every kind of page a learner sees, and the lesson page's weight."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import LEARNER_EMAIL, LOCAL_HOSTS, axe_violations, sign_in

pytestmark = pytest.mark.e2e

COURSE_PATH = "/courses/data-essentials/"
COURSE_TITLE = "Data essentials for public services"
LESSON_PATH = f"{COURSE_PATH}reading-data-with-confidence/reading-a-table/"
PAGE_WEIGHT_BUDGET = 150_000  # bytes, gzipped: the HTML, CSS and JavaScript a lesson needs
WEIGHED_TYPES = {"document", "stylesheet", "script", "image", "font"}


def test_public_pages_have_no_axe_violations(demo_site, page):
    violations: list[str] = []

    response = page.goto(demo_site + "/")
    assert response.status == 200
    # axe judges colour contrast from computed styles, so make sure the real stylesheet and script applied.
    assert page.request.get(demo_site + "/static/cms/build/main.css").status == 200
    heading_font = page.get_by_role("heading", level=1).evaluate("element => getComputedStyle(element).fontFamily")
    assert "system-ui" in heading_font, f"main.css did not apply: the heading's font is {heading_font!r}"
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    violations += axe_violations(page, "home page")

    page.goto(demo_site + COURSE_PATH)
    expect(page.locator(".govuk-inset-text")).to_contain_text("to take this course")
    violations += axe_violations(page, "course page, signed out")

    page.goto(demo_site + "/search/?q=data")
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_contain_text("for “data”")
    expect(page.locator(".app-search-results").get_by_role("link", name=COURSE_TITLE)).to_be_visible()
    violations += axe_violations(page, "search results for 'data'")

    page.goto(demo_site + "/accounts/login/")
    violations += axe_violations(page, "sign-in page")

    page.fill("#id_login", LEARNER_EMAIL)
    page.fill("#id_password", "not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    violations += axe_violations(page, "sign-in page after a wrong password")

    assert not violations, f"axe-core found {len(violations)} violation(s):\n" + "\n".join(violations)


def test_signed_in_pages_have_no_axe_violations(demo_site, page):
    violations: list[str] = []
    sign_in(page, demo_site, LEARNER_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    violations += axe_violations(page, "My learning, nothing started")

    page.goto(demo_site + COURSE_PATH)
    expect(page.get_by_role("button", name="Enrol and start")).to_be_visible()
    violations += axe_violations(page, "course page, signed in, not enrolled")

    page.get_by_role("button", name="Enrol and start").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("progress.app-progress")).to_be_visible()
    violations += axe_violations(page, "course page, just enrolled (success banner, progress bar, status tags)")

    page.goto(demo_site + LESSON_PATH)
    expect(page.get_by_role("button", name="Mark as complete and continue")).to_be_visible()
    violations += axe_violations(page, "lesson page")

    question = page.locator("form[data-practice-question]").first
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator("[data-practice-error]")).to_be_visible()
    violations += axe_violations(page, "lesson page, practice question error")

    question.get_by_role("radio").first.check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".app-practice-question__feedback:not([hidden])")).to_be_visible()
    violations += axe_violations(page, "lesson page, practice question feedback")

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading a table")
    violations += axe_violations(page, "lesson page at 375px wide")
    # Reflow (WCAG 1.4.10): the page itself must not scroll sideways on a narrow screen.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"The lesson page scrolls sideways by {overflow}px at 375px wide"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="My learning").click()
    expect(page.locator(".app-course-card progress")).to_be_visible()
    violations += axe_violations(page, "My learning, a course in progress")

    assert not violations, f"axe-core found {len(violations)} violation(s):\n" + "\n".join(violations)


def test_lesson_page_weighs_under_budget(demo_site, page, record_property):
    sign_in(page, demo_site, LEARNER_EMAIL)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(demo_site + LESSON_PATH, wait_until="networkidle")

    sizes: dict[str, int] = {}
    for response in responses:
        request = response.request
        if urlsplit(response.url).hostname not in LOCAL_HOSTS or request.resource_type not in WEIGHED_TYPES:
            continue
        assert response.status == 200, f"{response.url} returned {response.status}"
        sizes[f"{request.resource_type} {urlsplit(response.url).path}"] = len(gzip.compress(response.body(), 9))
    total = sum(sizes.values())
    breakdown = ", ".join(f"{name}: {size:,}" for name, size in sorted(sizes.items()))
    record_property("lesson_page_weight_gzip_bytes", total)  # shows in --junitxml reports
    assert {name.split()[0] for name in sizes} >= {"document", "stylesheet", "script"}, breakdown
    assert total < PAGE_WEIGHT_BUDGET, f"The lesson page weighs {total:,} bytes gzipped ({breakdown})"
