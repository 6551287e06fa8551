"""Reads for a person's learning record: who they are, their courses, their levels against every target that
applies, their results and attempts.

Who may open a record is decided by ``learning.visibility.visible_staff`` (the one rule): a record the user
may not see reads as no record at all, so the page answers 404 and a guessed id reveals nothing. Every read
takes a fixed number of queries however long the person's history is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from assessments import validity
from assessments.models import Attempt, SkillArea, SkillResult
from assessments.selectors import AreaProfile, level_names, skill_profile_for_staff
from cms.calendar import local_day
from learning import visibility
from learning.models import StaffMember
from readiness.models import CohortTarget
from readiness.team import course_rows
from readiness.team_rows import CourseRow, Person

DEFAULT_TARGET_SOURCE = "Default for all staff"
MET, BELOW, NOT_ASSESSED = "met", "below", "not-assessed"
TARGET_STATUS_LABELS = {MET: "Meets target", BELOW: "Below target", NOT_ASSESSED: "Not ready: not assessed"}


@dataclass(frozen=True)
class TargetCheck:
    """One target that applies to the person in an area, and how their current level stands against it."""

    source: str  # the cohort's name, or DEFAULT_TARGET_SOURCE
    level: int
    level_name: str
    status: str

    @property
    def status_label(self) -> str:
        return TARGET_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ResultRow:
    area: str
    level: int
    level_name: str
    source: str
    score: object
    taken_on: date
    expires_on: date
    counts_today: bool  # valid on the day (``validity.counts_on``), whether or not a later result replaced it
    is_self_rating: bool
    is_current: bool  # the result that gives the current level

    @property
    def standing(self) -> str:
        if self.is_self_rating:
            return "Self-rating: never counted"
        if self.is_current:
            return "Current level"
        return "Valid, replaced by a later result" if self.counts_today else "Expired"


@dataclass
class AreaStanding:
    area: SkillArea
    profile: AreaProfile
    level_name: str
    self_rated_name: str
    targets: list[TargetCheck] = field(default_factory=list)

    @property
    def evidence(self) -> SkillResult | None:
        return self.profile.assessed

    @property
    def taken_on(self) -> date | None:
        return local_day(self.evidence.assessed_at) if self.evidence else None

    @property
    def expires_on(self) -> date | None:
        return local_day(self.evidence.expires_at) if self.evidence else None


@dataclass
class LearningRecord:
    staff: StaffMember
    today: date
    courses: list[CourseRow]
    completed: list[CourseRow]
    areas: list[AreaStanding]
    results: list[ResultRow]
    attempts: list[dict]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.courses if row.overdue)

    @property
    def not_ready_count(self) -> int:
        return sum(1 for standing in self.areas for t in standing.targets if t.status != MET)


def _level_name(level: int | None, names: dict[int, str]) -> str:
    if level is None:
        return "Not assessed"
    name = names.get(level)
    return f"{level} – {name}" if name else f"Level {level}"


def target_status(level: int | None, target: int) -> str:
    """Return how a level stands against a target: met, below, or not assessed (which counts as not ready)."""
    if level is None:
        return NOT_ASSESSED
    return MET if level >= target else BELOW


def cohort_targets_on(staff_id: int, today: date) -> dict[int, list[tuple[str, int]]]:
    """Return, per area id, (cohort name, target level) for each cohort the person is a member of today.

    One query. A spell covers today when it began on or before today and has not ended by today.
    """
    rows = (
        CohortTarget.objects.filter(cohort__memberships__staff_id=staff_id, cohort__memberships__joined_on__lte=today)
        .filter(Q(cohort__memberships__left_on__isnull=True) | Q(cohort__memberships__left_on__gt=today))
        .order_by("cohort__name", "cohort_id")
        .values_list("skill_area_id", "cohort__name", "level")
        .distinct()
    )
    found: dict[int, list[tuple[str, int]]] = {}
    for area_id, cohort, level in rows:
        found.setdefault(area_id, []).append((cohort, level))
    return found


def area_standings(
    profile: list[AreaProfile], targets: dict[int, list[tuple[str, int]]], names: dict[int, str]
) -> list[AreaStanding]:
    """Return each area's current level beside every target that applies (the cohorts' targets, else the area's
    default when it is 1 or more), and the latest self-rating. No queries."""
    standings = []
    for item in profile:
        level = item.assessed_level
        applying = targets.get(item.area.id) or (
            [(DEFAULT_TARGET_SOURCE, item.area.default_target_level)] if item.area.default_target_level >= 1 else []
        )
        checks = [
            TargetCheck(source, target, _level_name(target, names), target_status(level, target))
            for source, target in applying
        ]
        self_rated = item.self_rated.level if item.self_rated else None
        standings.append(
            AreaStanding(
                item.area,
                item,
                _level_name(level, names),
                _level_name(self_rated, names) if self_rated is not None else "No self-rating",
                checks,
            )
        )
    return standings


def result_rows(profile: list[AreaProfile], names: dict[int, str], today: date) -> list[ResultRow]:
    """Return every result of every area, newest first, with whether it counts today and whether it is the one
    giving the current level. No queries."""
    current = {item.assessed.id for item in profile if item.assessed is not None}
    pairs = [(result, item.area) for item in profile for result in item.history]
    pairs.sort(key=lambda pair: (pair[0].assessed_at, pair[0].id), reverse=True)
    return [
        ResultRow(
            area=area.name,
            level=result.level,
            level_name=_level_name(result.level, names),
            source=result.get_source_display(),
            score=result.score,
            taken_on=local_day(result.assessed_at),
            expires_on=local_day(result.expires_at),
            counts_today=validity.counts_on(result.source, result.assessed_at, result.expires_at, today),
            is_self_rating=result.source == SkillResult.Source.SELF_RATED,
            is_current=result.id in current,
        )
        for result, area in pairs
    ]


def attempt_rows(staff_id: int) -> list[dict]:
    """Return the person's attempts at checks and self-assessments, newest first. One query."""
    labels = dict(Attempt.Status.choices)
    rows = (
        Attempt.objects.filter(staff_id=staff_id)
        .order_by("-started_at", "-id")
        .values("id", "assessment__title", "status", "started_at", "submitted_at", "score", "passed", "timed_out")
    )
    return [{**row, "status_label": labels.get(row["status"], row["status"])} for row in rows]


def visible_record_get(*, user, staff_id: int, today: date | None = None) -> StaffMember | None:
    """Return the staff record when the user may see it (``learning.visibility``), else None."""
    return (
        visibility.visible_staff(user, today)
        .select_related("organisation", "team", "line_manager")
        .filter(pk=staff_id)
        .first()
    )


def learning_record_get(*, user, staff_id: int, now: datetime | None = None) -> LearningRecord | None:
    """Return the person's whole learning record for a user allowed to see it, else None."""
    now = now or timezone.now()
    today = local_day(now)
    staff = visible_record_get(user=user, staff_id=staff_id, today=today)
    if staff is None:
        return None
    person = Person(staff.id, staff.full_name, staff.team_id, "", staff.job_role)
    rows = course_rows([person], today).get(staff.id, [])
    names = level_names()
    profile = skill_profile_for_staff(staff, now)
    return LearningRecord(
        staff=staff,
        today=today,
        courses=[row for row in rows if row.completed_at is None],
        completed=sorted(
            (row for row in rows if row.completed_at is not None), key=lambda r: r.completed_at, reverse=True
        ),
        areas=area_standings(profile, cohort_targets_on(staff.id, today), names),
        results=result_rows(profile, names, today),
        attempts=attempt_rows(staff.id),
    )
