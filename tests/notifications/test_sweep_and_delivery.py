"""The daily sweep and delivery through a real SMTP server on loopback, with a fixed clock."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from notifications import steps
from notifications.delivery import messages_deliver
from notifications.models import Message, ReminderSchedule
from notifications.sweep import reminders_decide
from tests.mailserver import bodies
from tests.notifications.conftest import at

DUE = date(2027, 3, 31)


def sweep_and_send(day: date, monkeypatch) -> list:
    """Run the day's sweep and delivery as the worker would, with the clock on that day."""
    monkeypatch.setattr(timezone, "now", lambda: at(day, 7))
    reminders_decide(today=day, now=at(day))
    messages_deliver()
    return list(Message.objects.filter(created_at=at(day)).order_by("to_email", "kind"))


def subjects(collector, address):
    return [message["Subject"] for message in collector.to(address)]


def test_a_learner_is_told_reminded_and_their_manager_then_told_once(team_with_course, smtp_server, monkeypatch):
    day = date(2027, 3, 1)
    while day <= date(2027, 4, 30):
        sweep_and_send(day, monkeypatch)
        day += timedelta(days=1)
    asha = subjects(smtp_server, "asha@northbrook.example")
    title = team_with_course["course"].title
    assert asha == [
        f"New course to complete: {title}",
        f"Reminder: {title} is due on 31 March",
        f"Reminder: {title} is due on 31 March",
        f"{title} is due today",
        f"Overdue: {title}",
        f"Still overdue: {title}",
    ]
    # the manager gets one digest a day from 7 days overdue, listing both reports, never one email per learner
    morgan = smtp_server.to("morgan@northbrook.example")
    assert len(morgan) == (date(2027, 4, 30) - date(2027, 4, 7)).days + 1
    text, html = bodies(morgan[0])
    assert "2 courses in your team are overdue today" in text
    assert "Asha" in text and "Ben" in text and "7 days overdue" in text
    assert "http://testserver/learning/team/" in text
    assert "<p>" in html
    assert Message.objects.filter(status=Message.Status.SENT).count() == 12 + len(morgan)  # no HR person here
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(ids) == len(set(ids))


def test_completion_stops_further_steps_even_one_already_waiting(team_with_course, smtp_server, monkeypatch):
    asha_enrolment = team_with_course["enrolments"][0]
    sweep_and_send(date(2027, 3, 1), monkeypatch)
    monkeypatch.setattr(timezone, "now", lambda: at(date(2027, 3, 17), 7))
    reminders_decide(today=date(2027, 3, 17), now=at(date(2027, 3, 17)))  # decided, not yet sent
    asha_enrolment.completed_at = at(date(2027, 3, 17), 6)
    asha_enrolment.save()
    result = messages_deliver()
    assert (result.sent, result.cancelled) == (1, 1)  # Ben's reminder goes; Asha's is withdrawn
    for day in (date(2027, 3, 28), date(2027, 4, 7)):
        sweep_and_send(day, monkeypatch)
    assert subjects(smtp_server, "asha@northbrook.example") == [
        f"New course to complete: {asha_enrolment.course.title}"
    ]


def test_leavers_and_people_without_email_get_nothing_but_people_working_notice_do(
    team_with_course, smtp_server, monkeypatch
):
    asha, ben = team_with_course["reports"]
    asha.leave_date = date(2027, 3, 1)  # left
    asha.save()
    ben.leave_date = date(2027, 6, 30)  # working their notice
    ben.save()
    manager = team_with_course["manager"]
    manager.email = ""
    manager.save()
    for day in (date(2027, 3, 1), date(2027, 4, 8)):
        sweep_and_send(day, monkeypatch)
    assert smtp_server.to("asha@northbrook.example") == []
    assert len(smtp_server.to("ben@northbrook.example")) == 2
    assert not Message.objects.filter(kind=Message.Kind.MANAGER_DIGEST).exists()  # no address: no digest


def test_a_sweep_run_twice_decides_each_message_once(team_with_course, smtp_server, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2027, 3, 1), 10))
    first = reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    again = reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1), 9))
    assert (first.decided, again.decided) == (2, 0)
    messages_deliver()
    messages_deliver()
    assert len(smtp_server.messages) == 2


def test_a_cohorts_schedule_is_followed(team_with_course, smtp_server, monkeypatch):
    from readiness.models import Cohort, CohortCourse, CohortMembership

    course = team_with_course["course"]
    cohort = Cohort.objects.create(organisation=team_with_course["organisation"], name="Ward staff", slug="ward")
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=DUE)
    for person in team_with_course["reports"]:
        CohortMembership.objects.create(cohort=cohort, staff=person, joined_on=date(2027, 1, 1))
    ReminderSchedule.objects.create(
        cohort=cohort,
        first_reminder_days=7,
        second_reminder_days=None,
        on_due_day=False,
        manager_after_days=1,
        hr_after_days=None,
    )
    decided = {}
    day = date(2027, 3, 1)
    while day <= date(2027, 5, 31):
        for message in sweep_and_send(day, monkeypatch):
            decided.setdefault(message.to_email, []).append((day, message.step or message.kind))
        day += timedelta(days=1)
    assert decided["asha@northbrook.example"] == [
        (date(2027, 3, 1), steps.ASSIGNED),
        (date(2027, 3, 24), steps.BEFORE_FIRST),
        (date(2027, 4, 1), steps.OVERDUE_MANAGER),
    ]
    assert decided["morgan@northbrook.example"][0] == (date(2027, 4, 1), Message.Kind.MANAGER_DIGEST)


def test_an_editors_words_are_used_and_a_broken_template_falls_back(team_with_course, smtp_server, monkeypatch):
    from notifications.models import MessageTemplate

    MessageTemplate.objects.create(
        kind=Message.Kind.ASSIGNED, subject="Please start {{ course_title }}", text_body="Hi {{ first_name }}, go."
    )
    sweep_and_send(date(2027, 3, 1), monkeypatch)
    message = smtp_server.to("asha@northbrook.example")[0]
    assert message["Subject"] == f"Please start {team_with_course['course'].title}"
    assert bodies(message)[0].startswith("Hi Asha, go.")
    MessageTemplate.objects.filter(kind=Message.Kind.ASSIGNED).update(subject="{% if %}")
    Message.objects.all().delete()
    sweep_and_send(date(2027, 3, 2), monkeypatch)
    assert smtp_server.messages[-1]["Subject"].startswith("New course to complete")


@pytest.mark.parametrize(
    ("code", "retried"),
    [(421, True), (450, True), (550, False), (553, False)],
)
def test_temporary_failures_are_retried_with_back_off_and_permanent_ones_listed(
    team_with_course, smtp_server, monkeypatch, code, retried
):
    original = smtp_server.__class__.handle_DATA

    async def refuse(self, server, session, envelope):
        return f"{code} Not now" if code < 500 else f"{code} No such mailbox"

    monkeypatch.setattr(smtp_server.__class__, "handle_DATA", refuse)
    monkeypatch.setattr(timezone, "now", lambda: at(date(2027, 3, 1), 7))
    reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    result = messages_deliver()
    message = Message.objects.order_by("id").first()
    if retried:
        assert (result.retrying, message.status, message.attempts) == (2, Message.Status.PENDING, 1)
        assert message.next_attempt_at > timezone.now()
        assert messages_deliver().sent == 0  # not before its time
        monkeypatch.setattr(smtp_server.__class__, "handle_DATA", original)
        monkeypatch.setattr(timezone, "now", lambda: message.next_attempt_at + timedelta(seconds=1))
        assert messages_deliver().sent == 2
    else:
        assert (result.failed, message.status) == (2, Message.Status.FAILED)
        assert str(code) in message.last_error


def test_hr_are_told_once_of_everyone_reaching_the_hr_step_that_day(team_with_course, smtp_server, monkeypatch):
    from django.contrib.auth.models import Group

    from tests.factories import StaffMemberFactory

    organisation = team_with_course["organisation"]
    hr = StaffMemberFactory(organisation=organisation, first_name="Hana", email="hana@northbrook.example")
    hr.user.groups.add(Group.objects.get(name="HR"))
    elsewhere = StaffMemberFactory(first_name="Other", email="other.hr@riverside.example")
    elsewhere.user.groups.add(Group.objects.get(name="HR"))
    for day in (date(2027, 3, 1), DUE + timedelta(days=21), DUE + timedelta(days=22)):
        sweep_and_send(day, monkeypatch)
    (told,) = smtp_server.to("hana@northbrook.example")
    assert told["Subject"] == "2 courses long overdue"
    text = bodies(told)[0]
    assert "Asha" in text and "Ben" in text and "21 days overdue" in text
    assert smtp_server.to("other.hr@riverside.example") == []
