"""Notifications on the site: the header count, the page (marks them seen), only one's own."""

from datetime import date

import pytest
from django.utils import timezone

from notifications.inbox import unread_count
from notifications.models import Message
from notifications.sweep import reminders_decide
from tests.notifications.conftest import at


@pytest.fixture
def decided(team_with_course, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2027, 4, 7), 7))
    reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    reminders_decide(today=date(2027, 4, 7), now=at(date(2027, 4, 7)))  # overdue: the manager's digest too
    return team_with_course


def test_a_learner_sees_their_notifications_and_the_count_goes(client, decided):
    asha = decided["reports"][0]
    client.force_login(asha.user)
    header = client.get("/learning/").content.decode()
    assert ", 2 new</span>" in header
    page = client.get("/learning/notifications/").content.decode()
    assert page.count("govuk-tag--blue") == 2
    assert (
        f"Overdue: {decided['course'].title}" in page and f"New course to complete: {decided['course'].title}" in page
    )
    assert "Ben" not in page  # another learner's notifications are not shown
    assert unread_count(asha.user) == 0
    assert "new</span>" not in client.get("/learning/").content.decode()
    assert "govuk-tag--blue" not in client.get("/learning/notifications/").content.decode()


def test_a_manager_sees_their_teams_overdue_courses(client, decided):
    client.force_login(decided["manager"].user)
    page = client.get("/learning/notifications/").content.decode()
    assert "Overdue in your team" in page
    assert "Asha" in page and "Ben" in page and "7 days overdue" in page


def test_withdrawn_messages_are_not_notifications(client, decided):
    asha = decided["reports"][0]
    Message.objects.filter(recipient=asha).update(status=Message.Status.CANCELLED)
    client.force_login(asha.user)
    assert "You have no notifications" in client.get("/learning/notifications/").content.decode()


def test_signing_in_is_needed(client, db):
    response = client.get("/learning/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
