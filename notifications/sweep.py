"""The daily reminder sweep (writes): decide which messages are due today and add them to the outbox.

The decision per enrolment is ``notifications.steps.step_due``; this module gathers its inputs for every
enrolment at once (a handful of queries, however many staff) and inserts the messages with
``ignore_conflicts``: each message's key is unique in the database, so two sweeps at the same moment, or a sweep
run twice, add each message once. Delivery is ``notifications.delivery``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from learning.models import Enrolment, StaffMember
from learning.staffing import current_on
from notifications import steps
from notifications.models import Message, ReminderSchedule
from notifications.outbox import messages_add
from notifications.preferences import optional_reminders_off
from readiness.models import CohortCourse, CohortMembership

BATCH = 2000
STEP_KINDS = {
    steps.ASSIGNED: Message.Kind.ASSIGNED,
    steps.BEFORE_FIRST: Message.Kind.REMINDER,
    steps.BEFORE_SECOND: Message.Kind.REMINDER,
    steps.DUE_TODAY: Message.Kind.DUE_TODAY,
    steps.OVERDUE_MANAGER: Message.Kind.OVERDUE,
    steps.OVERDUE_HR: Message.Kind.OVERDUE_HR,
}


@dataclass
class SweepResult:
    considered: int = 0
    decided: int = 0  # messages added to the outbox by this sweep (a repeat adds none)
    manager_digests: int = 0
    hr_escalations: int = 0


def reminder_key(enrolment_id: int, step: str, due: date) -> str:
    if step == steps.ASSIGNED:
        return f"enrolment:{enrolment_id}:assigned"
    return f"enrolment:{enrolment_id}:{step}:{due.isoformat()}"


def _eligible_enrolments(today: date):
    """Enrolments with a due date, not completed, of current staff with an email address (not anonymised)."""
    return (
        Enrolment.objects.filter(due_date__isnull=False, completed_at__isnull=True)
        .filter(current_on(today, prefix="staff__"), staff__anonymised_at__isnull=True)
        .exclude(staff__email="")
        .filter(course__live=True)
    )


def _schedules(today: date) -> dict[tuple[int, int], steps.Schedule]:
    """Return (staff id, course id) -> the schedule of the cohort that assigned the course, for people in a cohort
    today. Someone in two cohorts with the same course follows the one with the earlier due date."""
    custom = {
        row["cohort_id"]: steps.Schedule(
            row["first_reminder_days"],
            row["second_reminder_days"],
            row["on_due_day"],
            row["manager_after_days"],
            row["hr_after_days"],
        )
        for row in ReminderSchedule.objects.values(
            "cohort_id",
            "first_reminder_days",
            "second_reminder_days",
            "on_due_day",
            "manager_after_days",
            "hr_after_days",
        )
    }
    if not custom:
        return {}
    courses = defaultdict(list)
    for cohort_id, course_id, due in CohortCourse.objects.filter(cohort_id__in=custom).values_list(
        "cohort_id", "course_id", "due_date"
    ):
        courses[cohort_id].append((course_id, due))
    chosen: dict[tuple[int, int], tuple[date, steps.Schedule]] = {}
    members = CohortMembership.objects.filter(cohort_id__in=custom, left_on__isnull=True, joined_on__lte=today)
    for cohort_id, staff_id in members.values_list("cohort_id", "staff_id"):
        for course_id, due in courses[cohort_id]:
            key = (staff_id, course_id)
            if key not in chosen or due < chosen[key][0]:
                chosen[key] = (due, custom[cohort_id])
    return {key: schedule for key, (_due, schedule) in chosen.items()}


def _history(enrolment_ids: set[int]) -> tuple[dict[int, date], dict[int, dict[date, set[str]]]]:
    """Return, per enrolment, the day its "assigned" message was decided and the steps decided per due date."""
    assigned: dict[int, date] = {}
    sent: dict[int, dict[date, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows = Message.objects.filter(
        enrolment__in=Enrolment.objects.filter(due_date__isnull=False, completed_at__isnull=True)
    )
    rows = rows.exclude(step="").values_list("enrolment_id", "step", "due_date", "created_at")
    for enrolment_id, step, due, created_at in rows.iterator(chunk_size=BATCH):
        if enrolment_id not in enrolment_ids:
            continue
        if step == steps.ASSIGNED:
            assigned[enrolment_id] = timezone.localdate(created_at)
        else:
            sent[enrolment_id][due].add(step)
    return assigned, sent


def reminders_decide(*, today: date, now=None) -> SweepResult:
    """Add today's reminder messages, and the line managers' digests, to the outbox."""
    now = now or timezone.now()
    result = SweepResult()
    rows = list(
        _eligible_enrolments(today).values_list(
            "id",
            "staff_id",
            "course_id",
            "due_date",
            "source",
            "staff__organisation_id",
            "staff__email",
            "staff__first_name",
            "course__title",
        )
    )
    result.considered = len(rows)
    schedules = _schedules(today)
    assigned, sent = _history({row[0] for row in rows})
    mandatory_courses = set(CohortCourse.objects.values_list("course_id", flat=True).distinct())
    switched_off = optional_reminders_off({row[1] for row in rows})
    messages = []
    for enrolment_id, staff_id, course_id, due, source, org_id, email, first_name, title in rows:
        schedule = schedules.get((staff_id, course_id), steps.DEFAULT_SCHEDULE)
        assigned_on = assigned.get(enrolment_id)
        step = steps.step_due(
            schedule=schedule,
            due=due,
            today=today,
            assigned_on=assigned_on,
            sent_for_due=sent.get(enrolment_id, {}).get(due, set()),
        )
        if step is None:
            continue
        mandatory = source == Enrolment.Source.COHORT or course_id in mandatory_courses
        if not mandatory and staff_id in switched_off:
            continue
        messages.append(
            Message(
                key=reminder_key(enrolment_id, step, due),
                kind=STEP_KINDS[step],
                organisation_id=org_id,
                recipient_id=staff_id,
                to_email=email,
                enrolment_id=enrolment_id,
                step=step,
                due_date=due,
                mandatory=mandatory,
                context={
                    "first_name": first_name,
                    "course_id": course_id,
                    "course_title": title,
                    "due_date": due.isoformat(),
                    "days": (due - today).days,
                },
                created_at=now,
                next_attempt_at=now,
            )
        )
    with transaction.atomic():
        result.decided = messages_add(messages)
        result.manager_digests = _manager_digests(today=today, now=now, schedules=schedules)
        result.hr_escalations = _hr_escalations(today=today, now=now)
    return result


def _manager_digests(*, today: date, now, schedules) -> int:
    """Add one digest per line manager listing every report whose course is past the manager step today."""
    overdue = (
        _eligible_enrolments(today)
        .filter(due_date__lt=today, staff__line_manager__isnull=False)
        .filter(current_on(today, prefix="staff__line_manager__"))
        .exclude(staff__line_manager__email="")
        .values_list(
            "staff_id",
            "course_id",
            "due_date",
            "staff__line_manager_id",
            "staff__line_manager__email",
            "staff__line_manager__first_name",
            "staff__line_manager__organisation_id",
            "staff__first_name",
            "staff__last_name",
            "course__title",
        )
        .order_by("staff__last_name", "staff__first_name", "due_date")
    )
    per_manager: dict[int, dict] = {}
    for staff_id, course_id, due, manager_id, email, manager_name, org_id, first, last, title in overdue:
        schedule = schedules.get((staff_id, course_id), steps.DEFAULT_SCHEDULE)
        if not schedule.manager_after_days or today < due + timedelta(days=schedule.manager_after_days):
            continue
        digest = per_manager.setdefault(
            manager_id, {"email": email, "org": org_id, "first_name": manager_name, "overdue": []}
        )
        digest["overdue"].append(
            {
                "name": f"{first} {last}".strip(),
                "course_title": title,
                "due_date": due.isoformat(),
                "days_overdue": (today - due).days,
            }
        )
    digests = [
        Message(
            key=f"manager-digest:{manager_id}:{today.isoformat()}",
            kind=Message.Kind.MANAGER_DIGEST,
            organisation_id=digest["org"],
            recipient_id=manager_id,
            to_email=digest["email"],
            context={"first_name": digest["first_name"], "overdue": digest["overdue"], "day": today.isoformat()},
            created_at=now,
            next_attempt_at=now,
        )
        for manager_id, digest in per_manager.items()
    ]
    return messages_add(digests, kind=Message.Kind.MANAGER_DIGEST)


def _hr_escalations(*, today: date, now) -> int:
    """Tell each HR person of an organisation, in one message, who reached the HR step there today."""
    from learning.roles import HR_GROUP

    reached = (
        Message.objects.filter(step=steps.OVERDUE_HR, created_at=now)
        .order_by("organisation_id", "recipient__last_name", "recipient__first_name")
        .values_list("organisation_id", "recipient__first_name", "recipient__last_name", "context")
    )
    per_organisation: dict[int, list] = defaultdict(list)
    for org_id, first, last, context in reached:
        per_organisation[org_id].append(
            {
                "name": f"{first} {last}".strip(),
                "course_title": context.get("course_title", ""),
                "due_date": context.get("due_date", ""),
                "days_overdue": -int(context.get("days", 0)),
            }
        )
    if not per_organisation:
        return 0
    hr_people = (
        StaffMember.objects.filter(current_on(today), organisation_id__in=per_organisation, user__groups__name=HR_GROUP)
        .exclude(email="")
        .values_list("id", "organisation_id", "email", "first_name")
        .distinct()
    )
    escalations = [
        Message(
            key=f"hr-escalation:{staff_id}:{today.isoformat()}",
            kind=Message.Kind.HR_ESCALATION,
            organisation_id=org_id,
            recipient_id=staff_id,
            to_email=email,
            context={"first_name": first_name, "overdue": per_organisation[org_id], "day": today.isoformat()},
            created_at=now,
            next_attempt_at=now,
        )
        for staff_id, org_id, email, first_name in hr_people
    ]
    return messages_add(escalations, kind=Message.Kind.HR_ESCALATION)
