"""Reminders sent by hand from My team and the HR overdue lists ("nudges").

Who may be nudged is who the sender may see (``learning.visibility.visible_staff``), apart from themselves.
Each person gets at most one nudge a day, whoever sends it: the message key names the person and the day, and
the key is unique in the database. A nudge names the person's open courses with a due date, the most overdue
first; someone with none, no email address, or who has left, is not nudged, and the confirmation page says
why. Every nudge sent is written to the audit log with the people it named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from learning import visibility
from learning.audit import audit_record
from learning.models import AuditLogEntry, Enrolment, StaffMember
from learning.staffing import current_on
from notifications.models import Message
from notifications.outbox import messages_add
from notifications.preferences import optional_reminders_off
from readiness.models import CohortCourse

MAX_AT_ONCE = 500
ALREADY_TODAY = "already sent a reminder today"
NO_EMAIL = "no email address on their staff record"
NOTHING_DUE = "no course with a due date to finish"
SWITCHED_OFF = "has switched off optional reminders (none of their courses is required by a cohort)"


@dataclass
class NudgePlan:
    to_send: list[tuple[StaffMember, dict]] = field(default_factory=list)
    not_sent: list[tuple[StaffMember, str]] = field(default_factory=list)


def nudge_key(staff_id: int, day: date) -> str:
    return f"nudge:{staff_id}:{day.isoformat()}"


def nudge_plan(*, sender, staff_ids, today: date) -> NudgePlan:
    """Return who would be emailed (with what) and who would not (with why). Ids the sender may not see, and
    leavers, are left out silently, as if they did not exist."""
    ids = {int(i) for i in staff_ids if str(i).isdigit()}
    people = (
        visibility.visible_staff(sender, today)
        .filter(current_on(today), id__in=ids, anonymised_at__isnull=True)
        .exclude(user=sender)
        .order_by("last_name", "first_name", "id")
    )
    people = list(people[:MAX_AT_ONCE])
    courses: dict[int, list] = {}
    open_enrolments = Enrolment.objects.filter(
        staff__in=people, due_date__isnull=False, completed_at__isnull=True, course__live=True
    ).order_by("due_date", "course__title")
    required = set(CohortCourse.objects.values_list("course_id", flat=True))
    rows = open_enrolments.values_list("staff_id", "course__title", "due_date", "course_id", "source")
    for staff_id, title, due, course_id, source in rows:
        mandatory = source == Enrolment.Source.COHORT or course_id in required
        courses.setdefault(staff_id, []).append((title, due, mandatory))
    switched_off = optional_reminders_off([p.id for p in people])
    already = set(
        Message.objects.filter(key__in=[nudge_key(p.id, today) for p in people]).values_list("recipient_id", flat=True)
    )
    plan = NudgePlan()
    for person in people:
        if person.id in already:
            plan.not_sent.append((person, ALREADY_TODAY))
        elif not person.email:
            plan.not_sent.append((person, NO_EMAIL))
        elif person.id not in courses:
            plan.not_sent.append((person, NOTHING_DUE))
        else:
            mandatory = [course for course in courses[person.id] if course[2]]
            if person.id in switched_off and not mandatory:
                plan.not_sent.append((person, SWITCHED_OFF))
                continue
            title, due, is_mandatory = (mandatory if person.id in switched_off else courses[person.id])[0]
            plan.to_send.append(
                (
                    person,
                    {
                        "course_title": title,
                        "due_date": due.isoformat(),
                        "more": len(courses[person.id]) - 1,
                        "mandatory": is_mandatory,
                    },
                )
            )
    return plan


def nudges_send(*, sender, staff_ids, today: date) -> tuple[NudgePlan, int]:
    """Add a nudge for each person in the plan to the outbox and audit it (writes); return the plan and how many
    were added (a nudge someone else sent a moment ago is not sent twice)."""
    plan = nudge_plan(sender=sender, staff_ids=staff_ids, today=today)
    if not plan.to_send:
        return plan, 0
    sender_name = " ".join(filter(None, [sender.first_name, sender.last_name])) or sender.get_username()
    now = timezone.now()
    messages = [
        Message(
            key=nudge_key(person.id, today),
            kind=Message.Kind.NUDGE,
            organisation_id=person.organisation_id,
            recipient=person,
            to_email=person.email,
            mandatory=facts["mandatory"],
            context={"first_name": person.first_name, "sender_name": sender_name, **facts},
            created_at=now,
            next_attempt_at=now,
        )
        for person, facts in plan.to_send
    ]
    with transaction.atomic():
        added = messages_add(messages, kind=Message.Kind.NUDGE, created_at=now)
        audit_record(
            actor=sender,
            action=AuditLogEntry.Action.NUDGE,
            subject=f"Reminder emailed to {added} {'person' if added == 1 else 'people'}",
            organisation=plan.to_send[0][0].organisation,
            row_count=added,
            staff_ids=[person.id for person, _facts in plan.to_send],
        )
    return plan, added
