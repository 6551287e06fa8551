"""Assessments in the browser: the skills check, resuming it, the self-assessment and a module knowledge check.

Driven the way a person would (links, buttons, form controls and keys), with axe-core on each new kind of page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LEARNER_EMAIL, axe_check, sign_in

pytestmark = pytest.mark.e2e

SKILLS_CHECK_PATH = "/skills-check/"
SKILLS_CHECK_TITLE = "Data and digital skills check"
SKILLS_CHECK_QUESTIONS = 18
SKILL_AREAS = 6
SELF_ASSESSMENT_PATH = "/self-assessment/"
SELF_ASSESSMENT_STATEMENTS = 12
MY_SKILLS_PATH = "/learning/skills/"
KNOWLEDGE_CHECK_PATH = "/courses/data-essentials/reading-data-with-confidence/knowledge-check/"
KNOWLEDGE_CHECK_QUESTIONS = 5
QUESTION_URL = re.compile(r"/learning/attempts/(\d+)/questions/(\d+)/$")
REVIEW_URL = re.compile(r"/learning/attempts/\d+/review/$")
RESULT_URL = re.compile(r"/learning/attempts/\d+/result/$")
# What the page says when a question is saved with no answer, by question type.
EMPTY_ANSWER_ERRORS = {
    "single": "Select an answer.",
    "multiple": "Select at least one answer.",
    "numeric": "Enter a number, like 12 or 12.5.",
    "ordering": re.compile(r"Give every item a different position, from 1 to \d+\."),
}


def heading(page):
    return page.get_by_role("heading", level=1)


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def question_url(demo_site: str, position: int):
    return re.compile(re.escape(demo_site) + rf"/learning/attempts/\d+/questions/{position}/$")


def question_type(page) -> str:
    """Tell the question's type from its form controls."""
    form = page.get_by_role("main").locator("form")
    if form.locator('input[type="radio"][name="choice"]').count():
        return "single"
    if form.locator('input[type="checkbox"][name="choices"]').count():
        return "multiple"
    if form.locator('input[name="value"]#answer').count():
        return "numeric"
    if form.locator('select[name^="position-"]').count():
        return "ordering"
    pytest.fail(f"No answer controls on {page.url}")


def answer_question(page) -> str:
    """Give a valid answer: the first radio or checkbox, the number 10, or positions 1..n in order."""
    kind = question_type(page)
    form = page.get_by_role("main").locator("form")
    if kind == "single":
        form.get_by_role("radio").first.check()
    elif kind == "multiple":
        form.get_by_role("checkbox").first.check()
    elif kind == "numeric":
        form.locator("#answer").fill("10")
    else:
        selects = form.locator('select[name^="position-"]')
        for index in range(selects.count()):
            selects.nth(index).select_option(str(index + 1))
    return kind


def save_button(page, position: int, total: int):
    name = "Save and review answers" if position == total else "Save and continue"
    return page.get_by_role("button", name=name, exact=True)


def expect_question(page, demo_site: str, position: int, total: int) -> None:
    expect(page).to_have_url(question_url(demo_site, position))
    expect(page.locator(".app-progress__label")).to_have_text(f"Question {position} of {total}")


def start_skills_check(page, demo_site: str) -> None:
    page.goto(demo_site + SKILLS_CHECK_PATH)
    expect(heading(page)).to_have_text(SKILLS_CHECK_TITLE)
    page.get_by_role("button", name="Start now").click()
    expect_question(page, demo_site, 1, SKILLS_CHECK_QUESTIONS)


def focused_element(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", id: el.id || "",
                    text: (el.innerText || "").trim(), checked: !!el.checked};
        }"""
    )


def tab_until(page, predicate, description: str, max_presses: int = 60) -> dict:
    """Press Tab until the focused element satisfies ``predicate``, as a keyboard user would."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        if predicate(focused):
            return focused
    pytest.fail(f"{description} could not be reached with the Tab key in {max_presses} presses on {page.url}")


def test_learner_takes_the_skills_check_and_sees_levels_in_my_skills(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)

    main_nav(page).get_by_role("link", name=SKILLS_CHECK_TITLE).click()
    expect(page).to_have_url(demo_site + SKILLS_CHECK_PATH)
    expect(heading(page)).to_have_text(SKILLS_CHECK_TITLE)
    axe_check(page, "skills check start page")
    page.get_by_role("button", name="Start now").click()
    expect_question(page, demo_site, 1, SKILLS_CHECK_QUESTIONS)

    # Saving with no answer keeps the learner on the question with an error summary that links to the answer.
    first_type = question_type(page)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    save_button(page, 1, SKILLS_CHECK_QUESTIONS).click()
    expect_question(page, demo_site, 1, SKILLS_CHECK_QUESTIONS)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(EMPTY_ANSWER_ERRORS[first_type])
    expect(summary.get_by_role("link")).to_have_attribute("href", "#answer")
    expect(page.locator(".govuk-error-message")).to_contain_text(EMPTY_ANSWER_ERRORS[first_type])
    expect(page).to_have_title(re.compile(rf"^Error: Question 1 of {SKILLS_CHECK_QUESTIONS}\b"))
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    axe_check(page, f"skills check question 1 ({first_type}), no answer given")
    summary.get_by_role("link").click()
    expect(page.locator("#answer")).to_be_focused()

    seen_types: set[str] = set()
    for position in range(1, SKILLS_CHECK_QUESTIONS + 1):
        expect_question(page, demo_site, position, SKILLS_CHECK_QUESTIONS)
        kind = question_type(page)
        if kind not in seen_types:
            seen_types.add(kind)
            axe_check(page, f"skills check question {position} ({kind})")
        answer_question(page)
        save_button(page, position, SKILLS_CHECK_QUESTIONS).click()
    assert seen_types, "No question types were seen"

    expect(page).to_have_url(REVIEW_URL)
    expect(heading(page)).to_have_text("Check your answers")
    expect(page.locator(".govuk-summary-list__row")).to_have_count(SKILLS_CHECK_QUESTIONS)
    expect(page.locator(".govuk-tag", has_text=re.compile(r"^Answered$"))).to_have_count(SKILLS_CHECK_QUESTIONS)
    expect(page.get_by_text("Not answered")).to_have_count(0)
    axe_check(page, "skills check review page, all answered")
    page.get_by_role("button", name="Submit answers").click()

    expect(page).to_have_url(RESULT_URL)
    expect(heading(page)).to_have_text("Your result")
    areas = page.get_by_role("main").locator("section.app-course-card")
    expect(areas).to_have_count(SKILL_AREAS)
    for index in range(SKILL_AREAS):
        area = areas.nth(index)
        expect(area.get_by_role("heading", level=2)).not_to_be_empty()
        expect(area.locator(".govuk-tag")).to_have_text(re.compile(r"^Level [0-4]: \S"))
    expect(page.get_by_role("heading", level=2, name="Your answers")).to_be_visible()
    expect(page.locator(".app-review-item")).to_have_count(SKILLS_CHECK_QUESTIONS)
    axe_check(page, "skills check result page")

    main_nav(page).get_by_role("link", name="My skills").click()
    expect(page).to_have_url(demo_site + MY_SKILLS_PATH)
    expect(heading(page)).to_have_text("My skills")
    table = page.get_by_role("table", name="Levels by skill area")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(SKILL_AREAS)
    for index in range(SKILL_AREAS):
        assessed = rows.nth(index).locator("td").first
        expect(assessed).not_to_have_text("Not assessed")
        expect(assessed).to_have_text(re.compile(r"^[0-4] – \S"))
    axe_check(page, "My skills after a skills check")


def test_skills_check_resumes_at_the_first_unanswered_question(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    start_skills_check(page, demo_site)
    attempt_id = QUESTION_URL.search(page.url).group(1)
    for position in (1, 2):
        expect_question(page, demo_site, position, SKILLS_CHECK_QUESTIONS)
        answer_question(page)
        save_button(page, position, SKILLS_CHECK_QUESTIONS).click()
    expect_question(page, demo_site, 3, SKILLS_CHECK_QUESTIONS)

    # Leave for the home page, then come back to the skills check.
    main_nav(page).get_by_role("link", name="Home").click()
    expect(page).to_have_url(demo_site + "/")
    main_nav(page).get_by_role("link", name=SKILLS_CHECK_TITLE).click()
    expect(heading(page)).to_have_text(SKILLS_CHECK_TITLE)
    expect(page.get_by_role("button", name="Start now")).to_have_count(0)
    page.get_by_role("button", name="Continue where you left off").click()

    expect_question(page, demo_site, 3, SKILLS_CHECK_QUESTIONS)
    assert QUESTION_URL.search(page.url).group(1) == attempt_id, "Continuing started a new attempt"


def test_self_assessment_saves_ratings_to_my_skills(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + SELF_ASSESSMENT_PATH)
    expect(heading(page)).to_have_text("Rate your own skills")
    form = page.get_by_role("main").locator("form")
    expect(form.locator("fieldset")).to_have_count(SELF_ASSESSMENT_STATEMENTS)
    axe_check(page, "self-assessment page")

    def rating(number: int) -> str:
        return "2" if number % 2 else "3"

    def radio(number: int):
        return form.locator(f'input[name="statement-{number}"][value="{rating(number)}"]')

    # Leave the last statement unrated: the page comes back (HTTP 400) with an error summary.
    for number in range(1, SELF_ASSESSMENT_STATEMENTS):
        radio(number).check()
    with page.expect_response(lambda r: r.request.method == "POST" and "/self-assessment/" in r.url) as posted:
        page.get_by_role("button", name="Save my ratings").click()
    assert posted.value.status == 400, f"Expected HTTP 400 for a missing rating, got {posted.value.status}"
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).not_to_be_empty()
    axe_check(page, "self-assessment page, one statement not rated")

    # The ratings already given are kept; rate the last statement and save.
    form = page.get_by_role("main").locator("form")
    for number in range(1, SELF_ASSESSMENT_STATEMENTS):
        expect(radio(number)).to_be_checked()
    radio(SELF_ASSESSMENT_STATEMENTS).check()
    page.get_by_role("button", name="Save my ratings").click()

    expect(page).to_have_url(demo_site + MY_SKILLS_PATH)
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Your self-ratings are saved")
    table = page.get_by_role("table", name="Levels by skill area")
    headers = table.locator("thead th").all_inner_texts()
    column = [text.strip() for text in headers].index("Your rating")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(SKILL_AREAS)
    for index in range(SKILL_AREAS):
        # Two statements per area, rated 2 and 3: the mean rounded down is level 2.
        expect(rows.nth(index).locator("th, td").nth(column)).to_have_text(re.compile(r"^2 – \S"))
    axe_check(page, "My skills after a self-assessment")


def test_module_knowledge_check_gives_feedback_and_a_result(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + KNOWLEDGE_CHECK_PATH)
    expect(heading(page)).to_have_text("Module 1 knowledge check")
    page.get_by_role("button", name="Start now").click()

    for position in range(1, KNOWLEDGE_CHECK_QUESTIONS + 1):
        expect_question(page, demo_site, position, KNOWLEDGE_CHECK_QUESTIONS)
        kind = answer_question(page)
        save_button(page, position, KNOWLEDGE_CHECK_QUESTIONS).click()
        # The same question comes back, locked, with feedback on the answer.
        expect(page).to_have_url(re.compile(rf"/questions/{position}/$"))  # same question, now with feedback
        feedback = page.locator(".app-callout[role='status']")
        expect(feedback).to_be_visible()
        expect(feedback.get_by_role("heading", level=2)).to_have_text(
            re.compile(r"^(Correct|Not quite|Partly correct)$")
        )
        expect(page.get_by_role("main").locator("form :is(input, select):disabled").first).to_be_visible()
        if position == 1:
            axe_check(page, f"knowledge check question 1 ({kind}), feedback shown")
        next_name = "Review your answers" if position == KNOWLEDGE_CHECK_QUESTIONS else "Next question"
        page.get_by_role("link", name=next_name).click()

    expect(page).to_have_url(REVIEW_URL)
    expect(heading(page)).to_have_text("Check your answers")
    page.get_by_role("button", name="Submit answers").click()

    expect(page).to_have_url(RESULT_URL)
    expect(heading(page)).to_have_text("Your result")
    panel = page.locator(".govuk-panel")
    expect(panel).to_have_count(1)
    expect(panel.get_by_role("heading", level=2)).to_have_text(re.compile(r"^(Passed|Not passed yet)$"))
    expect(panel).to_contain_text(re.compile(r"You scored \d+%\. The pass mark is 80%\."))
    axe_check(page, "knowledge check result page")


def test_single_choice_question_can_be_answered_with_the_keyboard_only(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    start_skills_check(page, demo_site)

    # Move on (with the mouse) to the first single-choice question of this random draw.
    position = 1
    while question_type(page) != "single":
        assert position < SKILLS_CHECK_QUESTIONS, "The skills check drew no single-choice question"
        answer_question(page)
        save_button(page, position, SKILLS_CHECK_QUESTIONS).click()
        position += 1
        expect_question(page, demo_site, position, SKILLS_CHECK_QUESTIONS)
    assert position < SKILLS_CHECK_QUESTIONS, "The only single-choice question is the last one"
    first_radio = page.get_by_role("main").get_by_role("radio").first
    expect(first_radio).not_to_be_checked()

    # Reload so focus starts from the top of the page, then Tab to the first radio and select it with Space.
    page.reload()
    focused = tab_until(page, lambda el: el["type"] == "radio", "The first answer")
    assert focused["id"] == "answer", f"Tab reached a radio other than the first: {focused}"
    page.keyboard.press("Space")
    expect(first_radio).to_be_checked()
    expect(first_radio).to_be_focused()

    # The next Tab leaves the radio group for the Save button; Enter saves and moves on.
    page.keyboard.press("Tab")
    expect(save_button(page, position, SKILLS_CHECK_QUESTIONS)).to_be_focused()
    page.keyboard.press("Enter")
    expect_question(page, demo_site, position + 1, SKILLS_CHECK_QUESTIONS)

    # The answer was saved: going back shows the first choice selected.
    page.get_by_role("link", name="Previous question").click()
    expect_question(page, demo_site, position, SKILLS_CHECK_QUESTIONS)
    expect(page.get_by_role("main").get_by_role("radio").first).to_be_checked()
