"""Reminders in the browser: a learner's notifications, a manager nudging an overdue report, HR changing a
cohort's reminder steps. Each page passes axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import Message, ReminderSchedule
from notifications.sweep import reminders_decide

from .conftest import LEARNER_EMAIL, axe_check, sign_in
from .test_hr_import import hr_sign_in_with_code

pytestmark = pytest.mark.e2e

MANAGER_EMAIL = "manager@northbrook.example"


def test_a_learner_reads_their_notifications_and_the_count_goes(demo_site, page):
    from datetime import timedelta

    from learning.models import CoursePage, Enrolment, StaffMember

    learner = StaffMember.objects.get(email=LEARNER_EMAIL)
    Enrolment.objects.update_or_create(
        staff=learner,
        course=CoursePage.objects.live().first(),
        defaults={"due_date": timezone.localdate() + timedelta(days=10), "source": Enrolment.Source.MANAGER},
    )
    reminders_decide(today=timezone.localdate())  # as today's sweep decides it: "assigned"
    sign_in(page, demo_site, LEARNER_EMAIL)
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications")
    expect(link).to_contain_text("new")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("main").get_by_text("New", exact=True).first).to_be_visible()
    axe_check(page, "notifications")
    page.reload()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications")).to_have_text(
        "Notifications"
    )


def test_a_manager_sends_a_reminder_to_an_overdue_report(demo_site, page):
    sign_in(page, demo_site, MANAGER_EMAIL)
    page.goto(demo_site + "/learning/team/")
    button = page.get_by_role("button", name="Send a reminder to").first
    expect(button).to_be_visible()
    name = re.sub(r"^Send a reminder\s+to\s+", "", button.inner_text().strip())
    button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a reminder")
    expect(page.get_by_role("main")).to_contain_text("will be emailed")
    axe_check(page, "reminder confirmation")
    page.get_by_role("button", name="Send 1 reminder").click()
    expect(page).to_have_url(demo_site + "/learning/team/")
    expect(page.get_by_role("main")).to_contain_text("A reminder is being emailed to 1 person")
    nudge = Message.objects.get(kind=Message.Kind.NUDGE)
    assert nudge.recipient.full_name == name


def test_hr_change_a_cohorts_reminder_steps(demo_site, page):
    hr_sign_in_with_code(page, demo_site)
    page.goto(demo_site + "/admin/reminder-schedules/new/")
    axe_check(page, "new reminder schedule")
    cohort = page.locator("#id_cohort")
    cohort.select_option(index=1)
    chosen = cohort.locator("option:checked").inner_text()
    page.get_by_label("First reminder (days before)").fill("10")
    page.get_by_label("Tell HR (days overdue)").fill("")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status").or_(page.locator(".messages")).first).to_contain_text("created")
    schedule = ReminderSchedule.objects.get()
    assert (str(schedule.cohort.name) in chosen, schedule.first_reminder_days, schedule.hr_after_days) == (
        True, 10, None
    )  # fmt: skip
