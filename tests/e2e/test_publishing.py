"""Publishing with the demo sign-ins: an editor changes a lesson, checks it in the preview and the Checks panel
and submits it; the reviewer approves it from the admin home; the learner sees the change. axe-core runs on the
lesson editor and on the preview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LEARNER_EMAIL, axe_check, sign_in

pytestmark = pytest.mark.e2e

EDITOR_EMAIL = "editor@upskill.example"
REVIEWER_EMAIL = "reviewer@upskill.example"
LESSON_PATH = "/courses/data-essentials/reading-data-with-confidence/reading-a-table/"
NEW_SUMMARY = "Work out what a table counts, over which period and from where, before you compare any rows."


def _lesson_id() -> int:
    from learning.models import LessonPage

    return LessonPage.objects.get(url_path__endswith=LESSON_PATH).id


def test_reviewer_approves_an_editors_lesson_and_the_learner_sees_it(demo_site, page):
    lesson_id = _lesson_id()

    # The editor opens the lesson in the admin: every field of every block has a name (axe-core).
    sign_in(page, demo_site, EDITOR_EMAIL)
    page.goto(f"{demo_site}/admin/pages/{lesson_id}/edit/")
    expect(page.locator("#id_summary")).to_be_visible()
    page.wait_for_timeout(500)  # Draftail and the table editor finish mounting
    axe_check(page, "lesson editor")

    # The preview panel shows the lesson (our policy lets the admin frame its own site), and passes axe-core.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Reading a table", timeout=15_000)
    axe_check(page.locator("#w-preview-iframe").element_handle().content_frame(), "lesson preview")

    # Wagtail's Checks panel runs its accessibility checks in the preview: an empty heading is reported.
    heading_text = page.locator("#body-0-value-text")
    original_heading = heading_text.input_value()
    heading_text.fill("")
    heading_text.press("Tab")
    expect(preview.locator("h2").first).to_have_text("", timeout=30_000)  # the preview has caught up
    page.get_by_role("button", name="Toggle checks").click()
    checks = page.locator("[data-side-panel='checks']")
    expect(checks.get_by_text("Empty heading found")).to_be_visible(timeout=30_000)
    heading_text.fill(original_heading)

    # The editor changes the summary and submits the lesson for review.
    page.locator("#id_summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Moderators approval")).click()
    expect(page.get_by_text("has been submitted for moderation")).to_be_visible()

    # Learners still see the published lesson until the reviewer approves.
    page.get_by_role("button", name=re.compile("Eddie")).click()
    page.get_by_role("button", name="Log out").or_(page.get_by_role("link", name="Log out")).first.click()
    sign_in(page, demo_site, REVIEWER_EMAIL)
    page.goto(f"{demo_site}/admin/")
    panel = page.locator("#courses-in-review")
    expect(panel.get_by_role("cell", name="Data essentials for public services", exact=True)).to_be_visible()
    axe_check(page, "admin home with courses waiting for review")
    panel.get_by_role("link", name=re.compile("Review and approve")).click()
    expect(page.get_by_role("link", name="Reading a table")).to_be_visible()
    axe_check(page, "approve whole course")
    page.get_by_role("button", name="Approve and publish 1 page").click()
    expect(
        page.get_by_text("1 pages of “Data essentials for public services” were approved and published.")
    ).to_be_visible()

    # The learner sees the change.
    page.get_by_role("button", name=re.compile("Rhiannon")).click()
    page.get_by_role("button", name="Log out").or_(page.get_by_role("link", name="Log out")).first.click()
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(demo_site + LESSON_PATH)
    expect(page.get_by_text(NEW_SUMMARY)).to_be_visible()
