"""Nudges from My team: a confirmation page says who will be emailed; once per person per day; audited; only
people the sender may see."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from learning.models import AuditLogEntry, Enrolment
from notifications.models import Message
from tests.factories import StaffMemberFactory


@pytest.fixture
def overdue_team(team_with_course):
    Enrolment.objects.filter(id__in=[e.id for e in team_with_course["enrolments"]]).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    return team_with_course


def test_a_manager_reminds_an_overdue_report_from_my_team(client, overdue_team, django_capture_on_commit_callbacks):
    asha = overdue_team["reports"][0]
    client.force_login(overdue_team["manager"].user)
    team_page = client.get("/learning/team/").content.decode()
    assert 'Send a reminder<span class="govuk-visually-hidden"> to ' in team_page
    confirm = client.post("/learning/notifications/remind/", {"one": asha.id, "next": "/learning/team/"})
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "1 person will be emailed" in page and asha.email in page
    assert not Message.objects.exists()  # nothing is sent before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/learning/notifications/remind/", {"staff": asha.id, "confirm": "1", "next": "/learning/team/"}
        )
    assert sent.status_code == 302 and sent["Location"] == "/learning/team/"
    nudge = Message.objects.get()
    assert (nudge.kind, nudge.recipient, nudge.context["course_title"]) == (
        Message.Kind.NUDGE, asha, overdue_team["course"].title
    )  # fmt: skip
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.NUDGE)
    assert entry.actor == overdue_team["manager"].user and entry.row_count == 1
    assert DBTaskResult.objects.filter(task_path__endswith="messages_deliver").exists()
    again = client.post("/learning/notifications/remind/", {"one": asha.id}).content.decode()
    assert "already sent a reminder today" in again and "will be emailed" not in again
    client.post("/learning/notifications/remind/", {"staff": asha.id, "confirm": "1"})
    assert Message.objects.count() == 1


def test_only_people_the_sender_may_see_can_be_reminded(client, overdue_team):
    asha, ben = overdue_team["reports"]
    stranger = StaffMemberFactory(organisation=overdue_team["organisation"], email="s@northbrook.example")
    client.force_login(asha.user)  # a learner: no reports
    page = client.post("/learning/notifications/remind/", {"staff": [ben.id, stranger.id]}).content.decode()
    assert "Nobody can be reminded" in page and ben.email not in page
    client.post("/learning/notifications/remind/", {"staff": [ben.id, stranger.id], "confirm": "1"})
    assert not Message.objects.exists()


def test_people_without_email_or_due_courses_are_listed_with_the_reason(client, overdue_team):
    asha, ben = overdue_team["reports"]
    asha.email = ""
    asha.save()
    Enrolment.objects.filter(staff=ben).update(completed_at=timezone.now())
    client.force_login(overdue_team["manager"].user)
    page = client.post("/learning/notifications/remind/", {"staff": [asha.id, ben.id]}).content.decode()
    assert "no email address on their staff record" in page and "no course with a due date to finish" in page


def test_bad_requests_change_nothing(client, overdue_team):
    client.force_login(overdue_team["manager"].user)
    assert client.get("/learning/notifications/remind/").status_code == 405
    nothing = client.post("/learning/notifications/remind/", {"confirm": "1", "next": "https://evil.example/"})
    assert nothing.status_code == 302 and nothing["Location"] == "/learning/team/"
    junk = client.post("/learning/notifications/remind/", {"staff": ["x", "-1", "99999"], "confirm": "1"})
    assert junk.status_code == 302 and not Message.objects.exists()


def test_a_reminder_says_who_asked(overdue_team, smtp_server, monkeypatch):
    from notifications.delivery import messages_deliver
    from notifications.nudges import nudges_send

    manager = overdue_team["manager"].user
    manager.first_name, manager.last_name = "Morgan", "Lee"
    manager.save()
    nudges_send(sender=manager, staff_ids=[overdue_team["reports"][0].id], today=timezone.localdate())
    messages_deliver()
    (email,) = smtp_server.messages
    assert email["Subject"] == f"A reminder about {overdue_team['course'].title}"
    assert "Morgan Lee has asked you to make time for" in email.get_body(("plain",)).get_content()


def test_hr_remind_overdue_people_from_the_staff_list(client, overdue_team, area, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    from tests.factories.learning import mfa_activate

    organisation = overdue_team["organisation"]
    hr = StaffMemberFactory(organisation=organisation)
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget

    asha, ben = overdue_team["reports"]
    cohort = Cohort.objects.create(organisation=organisation, name="Ward", slug="ward")
    CohortTarget.objects.create(cohort=cohort, skill_area=area, level=2)
    CohortCourse.objects.create(
        cohort=cohort, course=overdue_team["course"], due_date=timezone.localdate() - timedelta(days=3)
    )
    for person in (asha, ben):
        CohortMembership.objects.create(
            cohort=cohort, staff=person, joined_on=timezone.localdate() - timedelta(days=90)
        )
    client.force_login(hr.user)
    back = f"/admin/readiness/cohort/{cohort.pk}/staff/?status=overdue"
    listing = client.get(back).content.decode()
    assert f'name="one" value="{asha.id}"' in listing and "Send a reminder to the people selected" in listing
    confirm = client.post("/learning/notifications/remind/", {"staff": [asha.id, ben.id], "next": back})
    assert "2 people will be emailed" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/learning/notifications/remind/", {"staff": [asha.id, ben.id], "confirm": "1", "next": back}
        )
    assert done["Location"] == back
    assert set(Message.objects.values_list("recipient_id", flat=True)) == {asha.id, ben.id}
