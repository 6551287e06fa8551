"""Badges in the browser: the demo learner completes the demo course, the badge appears on My achievements,
the certificate PDF opens, and the verification page (signed out) says the credential is valid; axe on each."""

from __future__ import annotations

import io
import os
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import LEARNER_EMAIL, axe_check, sign_in

pytestmark = pytest.mark.e2e

COURSE_PATH = "/courses/data-essentials/"
COURSE_BADGE = "Data essentials for public services: course completed"


@pytest.fixture
def badges_site(demo_site):
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo_awards", stdout=quiet)
    return demo_site


def test_learner_earns_a_course_badge_with_certificate_and_a_valid_verification_page(badges_site, page, browser):
    from credentials.tasks import awards_issue
    from learning.models import CoursePage, ScormLessonPage, StaffMember
    from learning.scorm import services as scorm_services
    from learning.selectors import lesson_list_for_course

    lessons = lesson_list_for_course(CoursePage.objects.get(slug="data-essentials"))
    sign_in(page, badges_site, LEARNER_EMAIL)

    # My achievements already holds the demo's observed sign-off badge, and no course badge yet.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My achievements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My achievements")
    expect(page.get_by_role("heading", name=COURSE_BADGE)).to_have_count(0)
    axe_check(page, "My achievements, before the course")

    page.goto(badges_site + COURSE_PATH)
    page.get_by_role("button", name="Enrol and start").click()
    expect(page.get_by_text("You are enrolled on")).to_be_visible()
    for lesson in lessons:
        page.goto(badges_site + urlsplit(lesson.get_url()).path)
        scorm = ScormLessonPage.objects.filter(pk=lesson.pk).first()
        if scorm is not None:  # the package reports it done (tests/e2e/test_scorm.py plays the packages themselves)
            scorm_services.attempt_commit(
                staff=StaffMember.objects.get(email=LEARNER_EMAIL),
                lesson=scorm,
                version=scorm.package_version,
                item=scorm.package_version.launchable_items[0]["identifier"],
                values={"cmi.completion_status": "completed", "cmi.success_status": "passed"},
            )
            continue
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(r"^Mark as complete")).click()
    page.goto(badges_site + COURSE_PATH)
    expect(page.get_by_text("Completed").first).to_be_visible()

    awards_issue.call()  # what the background worker runs every minute

    page.goto(badges_site + "/learning/")
    page.get_by_role("link", name="My achievements").first.click()
    card = page.locator(".app-course-card", has=page.get_by_role("heading", name=COURSE_BADGE))
    expect(card).to_contain_text("Valid")
    axe_check(page, "My achievements, course badge earned")

    certificate = card.get_by_role("link", name=f"Certificate (PDF) for {COURSE_BADGE}")
    response = page.request.get(badges_site + certificate.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert COURSE_BADGE.split(":")[0] in text and "Sam Okoro" in text

    verify_href = card.get_by_role("link", name=f"Verification page for {COURSE_BADGE}").get_attribute("href")
    signed_out = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    try:
        signed_out.goto(badges_site + verify_href)
        expect(signed_out.get_by_role("heading", level=1)).to_have_text("Check a credential")
        expect(signed_out.locator("#credential-state")).to_contain_text("Valid")
        expect(signed_out.get_by_text("Sam Okoro")).to_have_count(0)
        axe_check(signed_out, "verification page, valid")
    finally:
        signed_out.context.close()
