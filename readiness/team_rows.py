"""What a line manager's "My team" page is made of, and the pure rules that fill it: a course's status, overdue
and due soon, the target that applies, the latest level. No queries: ``readiness.team`` reads the rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

DUE_SOON_DAYS = 30
NOT_STARTED, IN_PROGRESS, COMPLETED = "not-started", "in-progress", "completed"
STATUS_LABELS = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETED: "Completed"}


# --- pure shaping -------------------------------------------------------------------------------------------------


def course_status(*, completed: bool, started: bool) -> str:
    """Return not-started, in-progress or completed for one enrolment."""
    if completed:
        return COMPLETED
    return IN_PROGRESS if started else NOT_STARTED


def is_overdue(due_date: date | None, *, completed: bool, today: date) -> bool:
    """Return True when the due date has passed and the course is not complete (due today is not overdue)."""
    return due_date is not None and not completed and due_date < today


def is_due_soon(due_date: date | None, *, completed: bool, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Return True when an unfinished course is due today or within the next ``days`` days."""
    return due_date is not None and not completed and today <= due_date <= today + timedelta(days=days)


def target_level(slug: str, default: int, cohort_targets: Mapping[str, int]) -> int:
    """Return the person's target in an area: their cohorts' highest target there, else the area's default."""
    return cohort_targets.get(slug, default)


def latest_levels(rows: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int], int]:
    """Return the level per (staff_id, area_id) from (staff_id, area_id, level) rows given newest first."""
    found: dict[tuple[int, int], int] = {}
    for staff_id, area_id, level in rows:
        found.setdefault((staff_id, area_id), level)
    return found


def highest_targets(rows: Iterable[tuple[int, str | None, int | None]]) -> dict[int, dict[str, int]]:
    """Return each person's highest cohort target per area slug from (staff_id, slug, level) rows."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for staff_id, slug, level in rows:
        if slug is None or level is None:
            continue  # a cohort without targets
        found[staff_id][slug] = max(level, found[staff_id].get(slug, 0))
    return found


# --- what the page shows ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    team_id: int | None
    team: str
    job_role: str


@dataclass(frozen=True)
class Area:
    id: int
    slug: str
    name: str
    default_target: int


@dataclass(frozen=True)
class CourseRow:
    title: str
    percent: int
    status: str
    due_date: date | None
    overdue: bool
    due_soon: bool
    completed_at: datetime | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class LevelCell:
    area: Area
    level: int | None
    level_name: str
    target: int
    target_name: str

    @property
    def assessed(self) -> bool:
        return self.level is not None

    @property
    def below_target(self) -> bool:
        return self.level is not None and self.target >= 1 and self.level < self.target

    @property
    def meets_target(self) -> bool:
        return self.level is not None and self.target >= 1 and self.level >= self.target

    @property
    def not_assessed_against_target(self) -> bool:
        """Return True when a target applies and there is no level: not ready, as the readiness reports count it."""
        return self.level is None and self.target >= 1


@dataclass(frozen=True)
class DueItem:
    person: Person
    course: str
    due_date: date
    overdue: bool


@dataclass
class PersonRow:
    person: Person
    courses: list[CourseRow] = field(default_factory=list)
    levels: list[LevelCell] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.courses if row.overdue)


def _level_label(level: int | None, names: Mapping[int, str]) -> str:
    if level is None:
        return "Not assessed"
    name = names.get(level)
    return f"{level} – {name}" if name else f"Level {level}"


def person_row(
    person: Person,
    *,
    courses: Sequence[CourseRow],
    areas: Sequence[Area],
    levels: Mapping[tuple[int, int], int],
    cohort_targets: Mapping[str, int],
    level_names: Mapping[int, str],
) -> PersonRow:
    """Return one person's courses and a level-against-target cell per area."""
    cells = []
    for area in areas:
        level = levels.get((person.id, area.id))
        target = target_level(area.slug, area.default_target, cohort_targets)
        target_name = _level_label(target, level_names) if target >= 1 else "No target"
        cells.append(LevelCell(area, level, _level_label(level, level_names), target, target_name))
    return PersonRow(person, list(courses), cells)
