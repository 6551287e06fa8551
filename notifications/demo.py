"""The demo's fortnight of reminders (writes): a few of the demo line manager's reports are given the demo course
with dates agreed one to one, spread so that every reminder step falls within the last fourteen days; then each
of those days is swept as the daily job would, and what was decided is recorded as sent that morning (the demo
sends no email). Run by ``make demo`` after ``seed_demo``; a second run on the same day adds nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from learning.models import CoursePage, Enrolment, StaffMember
from notifications.digests import hr_digests_decide
from notifications.mail import message_render
from notifications.models import Message
from notifications.sweep import reminders_decide

DAYS = 14
MANAGER_EMAIL = "manager@northbrook.example"
# Days from today to each person's due date: between them every step falls in the fortnight (assigned on the
# first day; 14 and 3 days before, the day itself, 7 days after with the manager told, 21 days after to HR).
DUE_IN_DAYS = (10, 5, 1, -5, -10, -25)


def _morning(day: date, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(7, minute)))


def demo_messages_seed(today: date | None = None) -> int:
    """Give the demo's dated enrolments, replay the fortnight's sweeps; return how many messages were added."""
    today = today or timezone.localdate()
    manager = StaffMember.objects.filter(email=MANAGER_EMAIL).first()
    course = CoursePage.objects.live().order_by("path").first()
    if manager is None or course is None:
        return 0
    enrolled = Enrolment.objects.filter(course=course).values_list("staff_id", flat=True)
    people = list(
        StaffMember.objects.filter(line_manager=manager)
        .exclude(email="")
        .exclude(id__in=enrolled.exclude(source=Enrolment.Source.MANAGER))
        .order_by("employee_number")[: len(DUE_IN_DAYS)]
    )
    before = Message.objects.count()
    with transaction.atomic():
        for person, days in zip(people, DUE_IN_DAYS, strict=False):
            Enrolment.objects.update_or_create(
                staff=person,
                course=course,
                defaults={"source": Enrolment.Source.MANAGER, "due_date": today + timedelta(days=days)},
            )
        for back in range(DAYS - 1, -1, -1):
            day = today - timedelta(days=back)
            reminders_decide(today=day, now=_morning(day))
            if day.weekday() == 0:
                hr_digests_decide(today=day, now=_morning(day))
            for message in Message.objects.filter(status=Message.Status.PENDING, created_at=_morning(day)):
                message.subject, message.body, _html = message_render(message)
                message.status, message.attempts, message.sent_at = Message.Status.SENT, 1, _morning(day, 5)
                message.save(update_fields=["subject", "body", "status", "attempts", "sent_at"])
    return Message.objects.count() - before
