"""Who is due which award, and on what evidence (reads only; a fixed number of queries per achievement).

- A course: the enrolment's completion, dated by the one rule in ``learning.services`` (``completed_at``).
- A skill level: a result that is evidence today by ``assessments.validity.evidence_on`` (a scored check or
  an observed sign-off that has not expired; never a self-rating) at or above the level. The award is valid
  until that result expires.
- A programme: every one of its courses completed; dated by the last completion.

People already holding the award, anonymised records and records with no email address are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q

from assessments.models import SkillResult
from assessments.validity import evidence_on
from cms.calendar import local_day
from credentials.document import EvidenceFact
from credentials.models import Achievement, Award
from learning.models import Enrolment

COURSE_EVIDENCE = "Completed the course “{course}” on {day}."
SKILL_EVIDENCE = "Reached level {level}{name} in {area} {how} on {day}{score}."
HOW = {"assessed": "on a scored skills check", "observed": "through an observed sign-off"}
PROGRAMME_EVIDENCE = "Completed all {count} courses of the programme: {courses}."


@dataclass(frozen=True)
class Due:
    """One award to issue: who, for what, and the evidence the credential states."""

    staff_id: int
    achievement_id: int
    evidence_at: datetime
    evidence: tuple[EvidenceFact, ...]
    valid_until: datetime | None = None


def _day(moment: datetime) -> str:
    day = local_day(moment)
    return f"{day.day} {day:%B %Y}"


def _eligible(prefix: str, achievement: Achievement) -> Q:
    held = Award.objects.filter(staff_id=OuterRef(f"{prefix}id"), achievement=achievement)
    return (
        Q(**{f"{prefix}anonymised_at__isnull": True})
        & ~Exists(held)
        & (Q(**{f"{prefix}email__gt": ""}) | Q(**{f"{prefix}user__email__gt": ""}))
    )


def _eligible_for(staff_ids, achievement: Achievement) -> Q:
    return _eligible("staff__", achievement) & (Q() if staff_ids is None else Q(staff_id__in=list(staff_ids)))


def due_for_course(achievement: Achievement, *, staff_ids=None) -> list[Due]:
    """Return the awards due for a course achievement."""
    rows = (
        Enrolment.objects.filter(_eligible_for(staff_ids, achievement), course_id=achievement.course_id)
        .exclude(completed_at=None)
        .values_list("staff_id", "completed_at", "course__title")
    )
    return [
        Due(staff_id, achievement.pk, completed_at, (EvidenceFact("Course completed", COURSE_EVIDENCE.format(
            course=title, day=_day(completed_at))),))
        for staff_id, completed_at, title in rows
    ]  # fmt: skip


def due_for_skill_level(achievement: Achievement, *, today: date, level_names: dict[int, str], staff_ids=None):
    """Return the awards due for a skill level achievement (the most recent qualifying result per person)."""
    rows = (
        SkillResult.objects.filter(
            evidence_on(today), _eligible_for(staff_ids, achievement), area_id=achievement.area_id,
            level__gte=achievement.level,
        )
        .order_by("staff_id", "-assessed_at", "-id")
        .values_list("staff_id", "level", "source", "score", "assessed_at", "expires_at", "area__name")
    )  # fmt: skip
    due, seen = [], set()
    for staff_id, level, source, score, assessed_at, expires_at, area in rows:
        if staff_id in seen:
            continue
        seen.add(staff_id)
        name = f" ({level_names[level]})" if level in level_names else ""
        narrative = SKILL_EVIDENCE.format(
            level=level, name=name, area=area, how=HOW[source], day=_day(assessed_at),
            score=f" with a score of {score:.0f}%" if score is not None else "",
        )  # fmt: skip
        label = "Skills check" if source == "assessed" else "Observed sign-off"
        due.append(Due(staff_id, achievement.pk, assessed_at, (EvidenceFact(label, narrative),), expires_at))
    return due


def due_for_programme(achievement: Achievement, *, staff_ids=None) -> list[Due]:
    """Return the awards due for a programme: people who completed every one of its courses."""
    courses = dict(achievement.courses.values_list("id", "title"))
    if not courses:
        return []
    rows = (
        Enrolment.objects.filter(_eligible_for(staff_ids, achievement), course_id__in=courses)
        .exclude(completed_at=None)
        .values_list("staff_id", "course_id", "completed_at")
    )
    done: dict[int, dict[int, datetime]] = defaultdict(dict)
    for staff_id, course_id, completed_at in rows:
        done[staff_id][course_id] = completed_at
    due = []
    for staff_id, completions in done.items():
        if len(completions) < len(courses):
            continue
        in_order = sorted(completions.items(), key=lambda item: item[1])
        listed = "; ".join(f"{courses[course_id]} ({_day(at)})" for course_id, at in in_order)
        narrative = PROGRAMME_EVIDENCE.format(count=len(courses), courses=listed)
        evidence = (EvidenceFact("Programme completed", narrative),)
        due.append(Due(staff_id, achievement.pk, max(completions.values()), evidence))
    return due


def awards_due(*, today: date, achievements=None, staff_ids=None) -> list[Due]:
    """Return every award due now, for the automatic achievements (or those given)."""
    from assessments.selectors import level_names as names

    if achievements is None:
        achievements = Achievement.objects.filter(issued_automatically=True)
    level_names = None
    due: list[Due] = []
    for achievement in achievements:
        if achievement.kind == Achievement.Kind.COURSE:
            due += due_for_course(achievement, staff_ids=staff_ids)
        elif achievement.kind == Achievement.Kind.SKILL_LEVEL:
            level_names = names() if level_names is None else level_names
            due += due_for_skill_level(achievement, today=today, level_names=level_names, staff_ids=staff_ids)
        else:
            due += due_for_programme(achievement, staff_ids=staff_ids)
    return due
