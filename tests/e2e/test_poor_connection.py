"""Saving on a poor connection, in Chromium with its network throttled or cut off.

Buttons that write show that they are working and send once however often they are pressed; the next page
confirms what was saved; a press while offline is answered on the page, in plain words, and saves nothing;
without JavaScript a practice question still shows its feedback.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from learning.models import LessonProgress
from learning.views import LESSON_SAVED

from .conftest import LEARNER_EMAIL, LOCAL_HOSTS, axe_check, sign_in

pytestmark = pytest.mark.e2e

FIRST_LESSON_PATH = "/courses/data-essentials/reading-data-with-confidence/reading-a-table/"
FIRST_LESSON = "Reading a table"
SECOND_LESSON = "Averages and spread"
MARK = "Mark as complete and continue"
# Chrome DevTools' "Slow 3G" profile: 2 s round trip, about 50 KB/s each way
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024}


def completed(title: str) -> int:
    return LessonProgress.objects.filter(
        lesson__title=title, staff__user__email=LEARNER_EMAIL, completed_at__isnull=False
    ).count()


def posts_to(page, fragment: str) -> list[str]:
    sent: list[str] = []
    page.on(
        "request",
        lambda request: sent.append(request.url) if request.method == "POST" and fragment in request.url else None,
    )
    return sent


def test_mark_complete_on_slow_3g_shows_it_is_working_and_sends_once(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + FIRST_LESSON_PATH)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    sent = posts_to(page, "/complete/")

    button = page.get_by_role("button", name=MARK)
    button.dblclick()
    busy = page.locator("form[data-saving] button[type=submit]")
    expect(busy).to_have_attribute("aria-busy", "true")
    expect(busy).to_be_disabled()
    expect(busy).to_have_text("Saving…")
    page.wait_for_url(re.compile(r"/averages-and-spread/$"), timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_LESSON)
    expect(page.get_by_text(LESSON_SAVED.format(title=FIRST_LESSON))).to_be_visible()
    assert len(sent) == 1, sent
    assert completed(FIRST_LESSON) == 1
    cdp.send(
        "Network.emulateNetworkConditions", {**SLOW_3G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    )
    axe_check(page, "next lesson, with the saved confirmation")


def test_a_press_while_offline_says_so_saves_nothing_and_a_retry_saves_once(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + FIRST_LESSON_PATH)
    lesson_url = page.url
    page.context.set_offline(True)

    page.get_by_role("button", name=MARK).click()
    problem = page.locator("[data-saving-problem]")
    expect(problem).to_be_visible()
    expect(problem).to_have_attribute("role", "alert")
    expect(problem).to_contain_text("We could not reach Upskill")
    expect(problem).to_contain_text("It is safe to press it again")
    button = page.get_by_role("button", name=MARK)
    expect(button).to_be_enabled()
    assert page.url == lesson_url
    assert completed(FIRST_LESSON) == 0
    axe_check(page, "lesson page, offline message")

    page.context.set_offline(False)
    button.click()
    page.wait_for_url(re.compile(r"/averages-and-spread/$"))
    expect(page.get_by_text(LESSON_SAVED.format(title=FIRST_LESSON))).to_be_visible()
    assert completed(FIRST_LESSON) == 1


def test_a_practice_question_shows_its_feedback_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    elsewhere: list[str] = []

    def only_local(route):
        if urlsplit(route.request.url).hostname not in LOCAL_HOSTS:
            elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", only_local)
    page = context.new_page()
    try:
        sign_in(page, demo_site, LEARNER_EMAIL)
        page.goto(demo_site + FIRST_LESSON_PATH)
        question = page.locator("form[data-practice-question]").first
        expect(question.locator(".app-practice-question__feedback:not([hidden])")).to_have_count(0)
        question.get_by_role("radio").nth(1).check()
        question.get_by_role("button", name="Check answer").click()
        page.wait_for_url(re.compile(r"[?&]pq="))
        question = page.locator("form[data-practice-question]").first
        feedback = question.locator(".app-practice-question__feedback:not([hidden])")
        expect(feedback).to_have_count(1)
        expect(feedback).to_be_visible()
        expect(feedback).to_have_text(re.compile(r"^\s*(Correct\.|Not quite\.)"))
        expect(question.get_by_role("radio").nth(1)).to_be_checked()
        # the answer's page is never cached for others: the plain lesson shows no feedback
        page.goto(demo_site + FIRST_LESSON_PATH)
        expect(page.locator(".app-practice-question__feedback:not([hidden])")).to_have_count(0)
    finally:
        context.close()
    assert not elsewhere, elsewhere


def test_saving_an_answer_and_submitting_on_slow_3g_each_send_once(demo_site, page):
    from assessments.models import Attempt, Response
    from assessments.views import ANSWER_SAVED, ANSWERS_SUBMITTED

    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + "/courses/data-essentials/reading-data-with-confidence/knowledge-check/")
    page.get_by_role("button", name=re.compile(r"^(Start now|Continue where you left off)$")).click()
    page.wait_for_url(re.compile(r"/questions/1/$"))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    answers = posts_to(page, "/questions/")
    submits = posts_to(page, "/submit/")

    form = page.locator("form[data-saving]")
    control = form.locator("input[type=radio], input[type=checkbox], select, input[name=value]").first
    kind = control.get_attribute("type") or control.evaluate("element => element.tagName.toLowerCase()")
    if kind in ("radio", "checkbox"):
        control.check()
    elif kind == "select":
        for n, select in enumerate(form.locator("select").all(), start=1):
            select.select_option(str(n))
    else:
        control.fill("1")
    save = form.locator("button[type=submit]")
    save.dblclick()
    expect(save).to_have_attribute("aria-busy", "true")
    expect(save).to_have_text("Saving your answer…")
    # this check gives feedback after each answer: the same question comes back with it, and the confirmation
    expect(page.get_by_text(ANSWER_SAVED.format(position=1))).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name=re.compile(r"^(Correct|Partly correct|Not quite)$"))).to_be_visible()
    assert len(answers) == 1, answers
    attempt = Attempt.objects.get(staff__user__email=LEARNER_EMAIL, status="open")
    assert Response.objects.filter(attempt=attempt).count() == 1

    page.goto(demo_site + f"/learning/attempts/{attempt.id}/review/")
    submit = page.get_by_role("button", name="Submit answers")
    submit.dblclick()
    expect(page.locator("form[data-saving] button[type=submit]")).to_have_text("Submitting…")
    page.wait_for_url(re.compile(r"/result/$"), timeout=60_000)
    expect(page.get_by_text(ANSWERS_SUBMITTED)).to_be_visible()
    assert len(submits) == 1, submits
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
