"""A learner's journey through the demo course, driven the way a person would: links, buttons and keys.

Every page the journey reaches is also checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LEARNER_EMAIL, axe_check, sign_in

pytestmark = pytest.mark.e2e

COURSE_PATH = "/courses/data-essentials/"
COURSE_TITLE = "Data essentials for public services"
FIRST_LESSON_PATH = f"{COURSE_PATH}reading-data-with-confidence/reading-a-table/"
LESSON_TITLES = ["Reading a table", "Averages and spread", "Percentages, percentage points and rates"]


def heading(page):
    return page.get_by_role("heading", level=1)


def progress_label(page):
    return page.locator(".app-progress__label").first


def tab_to(page, name: str, max_presses: int = 80) -> None:
    """Press Tab until the focused element's text is ``name``, as a keyboard user would."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement?.innerText || '').trim()") == name:
            return
    pytest.fail(f"{name!r} could not be reached with the Tab key in {max_presses} presses on {page.url}")


def test_learner_enrols_completes_two_lessons_and_sees_progress_in_my_learning(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)

    # The demo learner has nothing under way yet.
    page.get_by_role("link", name="My learning").click()
    expect(heading(page)).to_have_text("My learning")
    expect(page.get_by_text("You have no courses in progress.")).to_be_visible()
    axe_check(page, "My learning, nothing started")

    # Find the course from the home page's featured courses.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    axe_check(page, "home page, signed in")
    page.get_by_role("link", name=COURSE_TITLE).click()
    expect(page).to_have_url(demo_site + COURSE_PATH)
    expect(heading(page)).to_have_text(COURSE_TITLE)
    axe_check(page, "course page, not enrolled")

    page.get_by_role("button", name="Enrol and start").click()
    expect(page).to_have_url(demo_site + COURSE_PATH)
    expect(page.get_by_text(f"You are enrolled on {COURSE_TITLE}.")).to_be_visible()
    axe_check(page, "course page, just enrolled")

    # The Start button's accessible name includes the lesson it leads to.
    page.get_by_role("button", name=re.compile(r"^Start")).click()
    expect(heading(page)).to_have_text(LESSON_TITLES[0])
    expect(page).to_have_url(demo_site + FIRST_LESSON_PATH)
    expect(progress_label(page)).to_contain_text("0 of 10 lessons complete")
    axe_check(page, "lesson 1")

    page.get_by_role("button", name="Mark as complete and continue").click()
    expect(heading(page)).to_have_text(LESSON_TITLES[1])
    expect(progress_label(page)).to_contain_text("1 of 10 lessons complete")
    axe_check(page, "lesson 2")

    # Complete lesson 2 with the keyboard only: Tab from the top of the page to the button, then Enter.
    tab_to(page, "Mark as complete and continue")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(LESSON_TITLES[2])
    expect(progress_label(page)).to_contain_text("2 of 10 lessons complete")
    expect(page.locator("progress.app-progress")).to_have_attribute("value", "20")  # 2/10
    axe_check(page, "lesson 3")

    # The course outline marks the two lessons as completed.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=COURSE_TITLE).click()
    expect(heading(page)).to_have_text(COURSE_TITLE)
    completed_tags = page.locator(".app-lesson-list__status", has_text="Completed")
    expect(completed_tags).to_have_count(2)
    for title in LESSON_TITLES[:2]:
        expect(page.locator(".app-lesson-list__item", has_text=title).locator(".app-lesson-list__status")).to_have_text(
            "Completed"
        )
    expect(page.get_by_role("button", name=re.compile(r"^Continue"))).to_be_visible()
    axe_check(page, "course page, two lessons completed")

    # My learning shows the course in progress and where to pick it up.
    page.get_by_role("link", name="My learning").click()
    expect(heading(page)).to_have_text("My learning")
    card = page.locator(".app-course-card", has=page.get_by_role("link", name=COURSE_TITLE))
    expect(card).to_contain_text("2 of 10 lessons complete")
    expect(card.locator("progress")).to_have_attribute("value", "20")
    expect(card).to_contain_text(f"Next: {LESSON_TITLES[2]}")
    axe_check(page, "My learning, a course in progress")
    card.get_by_role("link", name=LESSON_TITLES[2]).click()
    expect(heading(page)).to_have_text(LESSON_TITLES[2])


def test_practice_question_asks_for_an_answer_then_gives_feedback(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + FIRST_LESSON_PATH)
    question = page.locator("form[data-practice-question]").first
    error = question.locator("[data-practice-error]")
    expect(error).to_be_hidden()

    question.get_by_role("button", name="Check answer").click()
    expect(error).to_be_visible()
    expect(error).to_contain_text("Choose an answer first.")
    expect(question.get_by_role("radio").first).to_be_focused()
    axe_check(page, "lesson 1, practice question error")

    question.get_by_role("radio").first.check()
    question.get_by_role("button", name="Check answer").click()
    expect(error).to_be_hidden()
    feedback = question.locator(".app-practice-question__feedback:not([hidden])")
    expect(feedback).to_have_count(1)
    expect(feedback).to_be_visible()
    expect(feedback).to_be_focused()
    expect(feedback).to_have_text(re.compile(r"^\s*(Correct\.|Not quite\.)"))
    axe_check(page, "lesson 1, practice question feedback")


def test_anonymous_visitor_is_asked_to_sign_in(demo_site, page):
    page.goto(demo_site + FIRST_LESSON_PATH)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(heading(page)).to_have_text("Sign in")
    axe_check(page, "sign-in page, sent from a lesson")

    page.goto(demo_site + COURSE_PATH)
    expect(heading(page)).to_have_text(COURSE_TITLE)
    prompt = page.locator(".govuk-inset-text")
    expect(prompt).to_contain_text("to take this course and keep track of your progress")
    expect(prompt.get_by_role("link", name="Sign in")).to_have_attribute("href", f"/accounts/login/?next={COURSE_PATH}")
    expect(page.get_by_role("button", name="Enrol and start")).to_have_count(0)
    axe_check(page, "course page, signed out")


def test_pages_keep_to_the_content_security_policy(browser, demo_site):
    """With the policy enforced, no page load is refused anything (no inline script or outside host)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refusals = []
    page.on("console", lambda msg: refusals.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        sign_in(page, demo_site, "learner@northbrook.example")
        for path in ["/", "/courses/data-essentials/", "/learning/", "/skills-check/", "/learning/skills/"]:
            response = page.goto(demo_site + path)
            assert response.status == 200
            assert "default-src 'self'" in response.headers.get("content-security-policy", "")
        page.goto(demo_site + "/courses/data-essentials/reading-data-with-confidence/reading-a-table/")
        page.get_by_role("button", name="Check answer").click()
        assert page.get_by_text("Choose an answer first.").is_visible()  # the module script ran under the policy
    finally:
        context.close()
    assert refusals == []
