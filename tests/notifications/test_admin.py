"""The Reminders screens: HR read their own organisation's messages and set their cohorts' schedules; editors
change the words; nobody adds or changes a message; bad input changes nothing."""

import pytest
from django.contrib.auth.models import Group

from notifications.models import Message, MessageTemplate, ReminderSchedule
from readiness.models import Cohort
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate


@pytest.fixture
def two_orgs(db):
    home, other = OrganisationFactory(name="Northbrook"), OrganisationFactory(name="Riverside")
    hr = StaffMemberFactory(organisation=home)
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    people = {org: StaffMemberFactory(organisation=org, last_name=f"Person of {org.name}") for org in (home, other)}
    messages = {
        org: Message.objects.create(
            key=f"k-{org.pk}",
            kind=Message.Kind.ASSIGNED,
            organisation=org,
            recipient=person,
            to_email=f"someone@{org.slug}.example",
            subject=f"Course for {org.name}",
        )  # fmt: skip
        for org, person in people.items()
    }
    cohorts = {org: Cohort.objects.create(organisation=org, name=f"{org.name} cohort", slug="c") for org in people}
    return {"home": home, "other": other, "hr": hr.user, "messages": messages, "cohorts": cohorts}


def test_hr_see_their_organisations_messages_only(client, two_orgs):
    client.force_login(two_orgs["hr"])
    listing = client.get("/admin/sent-messages/").content.decode()
    assert "someone@" + two_orgs["home"].slug in listing
    assert "someone@" + two_orgs["other"].slug not in listing
    own, foreign = two_orgs["messages"][two_orgs["home"]], two_orgs["messages"][two_orgs["other"]]
    assert f'href="/admin/sent-messages/inspect/{own.pk}/"' in listing  # each message opens from the list
    assert client.get(f"/admin/sent-messages/inspect/{own.pk}/").status_code == 200
    assert client.get(f"/admin/sent-messages/inspect/{foreign.pk}/").status_code == 404
    failed = client.get("/admin/sent-messages/?status=failed").content.decode()
    assert "someone@" not in failed  # the permanent failures list is a filter of the same screen


def test_nobody_adds_changes_or_deletes_a_message_in_the_admin(client, two_orgs):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    own = two_orgs["messages"][two_orgs["home"]]
    for user in (two_orgs["hr"], admin):
        client.force_login(user)
        assert client.get("/admin/sent-messages/new/").status_code in (302, 403)
        client.post(f"/admin/sent-messages/edit/{own.pk}/", {"status": "failed"})
        client.post(f"/admin/sent-messages/delete/{own.pk}/")
    own.refresh_from_db()
    assert own.status == Message.Status.PENDING


def test_hr_set_a_reminder_schedule_for_their_own_cohorts_only(client, two_orgs):
    client.force_login(two_orgs["hr"])
    form = client.get("/admin/reminder-schedules/new/").content.decode()
    assert "Northbrook cohort" in form and "Riverside cohort" not in form
    own, foreign = two_orgs["cohorts"][two_orgs["home"]], two_orgs["cohorts"][two_orgs["other"]]
    fields = {"first_reminder_days": "10", "second_reminder_days": "2", "on_due_day": "on",
              "manager_after_days": "5", "hr_after_days": ""}  # fmt: skip
    refused = client.post("/admin/reminder-schedules/new/", {"cohort": foreign.pk, **fields})
    assert refused.status_code == 400 and not ReminderSchedule.objects.exists()
    backwards = client.post("/admin/reminder-schedules/new/", {"cohort": own.pk, **fields, "first_reminder_days": "1"})
    assert backwards.status_code == 400 and not ReminderSchedule.objects.exists()
    assert client.post("/admin/reminder-schedules/new/", {"cohort": own.pk, **fields}).status_code == 302
    schedule = ReminderSchedule.objects.get()
    assert (schedule.cohort, schedule.first_reminder_days, schedule.hr_after_days) == (own, 10, None)


def test_an_editor_changes_the_words_of_a_message(client, db):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.post(
        "/admin/message-words/new/",
        {"kind": "assigned", "subject": "Start {{ course_title }}", "text_body": "Hello {{ first_name }}"},
    )
    assert response.status_code == 302
    assert MessageTemplate.objects.get().subject == "Start {{ course_title }}"
