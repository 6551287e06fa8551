"""Cohort membership: who matches a cohort's rules today, kept as dated spells; enrolment on its courses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from learning.models import Enrolment, Organisation, StaffMember, Team
from learning.staffing import current_on, left_by
from readiness.models import Cohort, CohortCourse, CohortMembership


def lines(text: str) -> list[str]:
    """Return the non-blank lines of a cohort rule (job roles, bands), trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def team_subtree_ids(organisation_id: int, root_ids: set[int]) -> set[int]:
    """Return the given teams and every team below them (one query)."""
    children: dict[int | None, list[int]] = {}
    for team_id, parent_id in Team.objects.filter(organisation_id=organisation_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(team_id)
    found, frontier = set(root_ids), list(root_ids)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def cohort_staff_ids(cohort: Cohort, today: date, among: set[int] | None = None) -> set[int]:
    """Return the current staff who belong in the cohort today: matching every rule given, or hand-picked.

    ``among`` limits the answer to those staff (to re-check a few people after their records changed).
    """
    current = StaffMember.objects.filter(current_on(today), organisation_id=cohort.organisation_id)
    if among is not None:
        current = current.filter(id__in=among)
    matched: set[int] = set()
    rules = Q()
    team_ids = set(cohort.rule_teams.values_list("id", flat=True))
    if team_ids:
        rules &= Q(team_id__in=team_subtree_ids(cohort.organisation_id, team_ids))
    if lines(cohort.rule_job_roles):
        rules &= Q(job_role__in=lines(cohort.rule_job_roles))
    if lines(cohort.rule_bands):
        rules &= Q(band__in=lines(cohort.rule_bands))
    if cohort.rule_started_from:
        rules &= Q(start_date__gte=cohort.rule_started_from)
    if cohort.rule_started_to:
        rules &= Q(start_date__lte=cohort.rule_started_to)
    if rules:
        matched = set(current.filter(rules).values_list("id", flat=True))
    picked = set(current.filter(id__in=cohort.hand_picked.values("id")).values_list("id", flat=True))
    return matched | picked


@dataclass(frozen=True)
class MembershipChange:
    joined: int
    left: int
    enrolled: int


def cohort_membership_refresh(
    *, cohort: Cohort, today: date | None = None, staff_ids: set[int] | None = None
) -> MembershipChange:
    """Open spells for new matches, close spells for people who no longer match, enrol newcomers.

    With ``staff_ids``, only those people are re-checked (everyone else's spells are left alone).
    """
    today = today or timezone.localdate()
    wanted = cohort_staff_ids(cohort, today, among=staff_ids)
    with transaction.atomic():
        spells = CohortMembership.objects.filter(cohort=cohort, left_on__isnull=True)
        if staff_ids is not None:
            spells = spells.filter(staff_id__in=staff_ids)
        open_spells = {
            staff_id: (pk, joined) for staff_id, pk, joined in spells.values_list("staff_id", "id", "joined_on")
        }
        joining = wanted - open_spells.keys()
        leaving = {staff_id: spell for staff_id, spell in open_spells.items() if staff_id not in wanted}
        CohortMembership.objects.bulk_create(
            [CohortMembership(cohort=cohort, staff_id=staff_id, joined_on=today) for staff_id in sorted(joining)],
            ignore_conflicts=True,
        )
        left = _close_spells(leaving, today)
        enrolled = _enrol_members(cohort, wanted)
    return MembershipChange(joined=len(joining), left=left, enrolled=enrolled)


def _close_spells(leaving: dict[int, tuple[int, date]], today: date) -> int:
    """End each spell on the day its person left the organisation (if they have, and not before the spell began),
    otherwise today: a leaver recorded late still stops counting from their leave date. Return the count."""
    left_on: dict[date, list[int]] = {}
    leave_dates = dict(StaffMember.objects.filter(left_by(today), id__in=leaving).values_list("id", "leave_date"))
    for staff_id, (spell_id, joined_on) in leaving.items():
        ended = max(leave_dates.get(staff_id) or today, joined_on)
        left_on.setdefault(ended, []).append(spell_id)
    return sum(CohortMembership.objects.filter(id__in=ids).update(left_on=day) for day, ids in left_on.items())


def _enrol_members(cohort: Cohort, staff_ids: set[int]) -> int:
    """Enrol members on the cohort's courses with its due dates; an existing enrolment keeps its own due date, or
    takes the cohort's when it has none and is not complete."""
    created = 0
    for assignment in cohort.courses.all():
        already = set(
            Enrolment.objects.filter(course_id=assignment.course_id, staff_id__in=staff_ids).values_list(
                "staff_id", flat=True
            )
        )
        new = [
            Enrolment(
                staff_id=staff_id, course_id=assignment.course_id, source=Enrolment.Source.COHORT,
                due_date=assignment.due_date,
            )
            for staff_id in sorted(staff_ids - already)
        ]  # fmt: skip
        Enrolment.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
        if assignment.due_date:  # someone already enrolled without a deadline takes the cohort's
            Enrolment.objects.filter(
                course_id=assignment.course_id, staff_id__in=already, due_date__isnull=True, completed_at__isnull=True
            ).update(due_date=assignment.due_date)
    return created


def cohort_due_dates(cohort: Cohort) -> dict[int, date | None]:
    """Return the cohort's assigned courses and their due dates as saved, by course id (read from the database, not
    from a form's unsaved inline rows)."""
    return dict(CohortCourse.objects.filter(cohort_id=cohort.pk).values_list("course_id", "due_date"))


def cohort_due_dates_move(*, cohort: Cohort, before: dict[int, date | None]) -> int:
    """Move the deadline of current members' unfinished cohort enrolments that still carry a course's old due
    date (``before``, from ``cohort_due_dates`` ahead of an edit) to its new one. Someone given another date by
    hand keeps it. Return the number of enrolments moved."""
    members = CohortMembership.objects.filter(cohort=cohort, left_on__isnull=True).values("staff_id")
    moved = 0
    for course_id, due_date in cohort_due_dates(cohort).items():
        if course_id not in before or before[course_id] == due_date or before[course_id] is None:
            continue  # a new course, no change, or none before (members without a deadline get one on refresh)
        moved += Enrolment.objects.filter(
            course_id=course_id,
            staff_id__in=members,
            source=Enrolment.Source.COHORT,
            due_date=before[course_id],
            completed_at__isnull=True,
        ).update(due_date=due_date)
    return moved


def cohort_memberships_refresh_all(
    *, organisation: Organisation, today: date | None = None, staff_ids: set[int] | None = None
) -> dict[str, object]:
    """Re-apply every cohort's rules in an organisation (after an import, an edit or a leaver).

    With ``staff_ids``, only those people are re-checked: what a single staff record edit needs.
    """
    return {
        cohort.slug: cohort_membership_refresh(cohort=cohort, today=today, staff_ids=staff_ids)
        for cohort in Cohort.objects.filter(organisation=organisation)
    }
