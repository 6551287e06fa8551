"""Reads and shaping for a line manager's "My team" page: reports' courses, due dates and levels against targets.

A manager sees their current reports, direct and indirect (``learning.visibility``), and nobody else; "current"
is ``learning.staffing.current_on``, so someone working their notice is on the page until their leave date.
Every read takes a fixed number of queries however many reports there are: the whole team is read as plain
rows once, and the details (courses, levels, targets) are read for one page of people at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from assessments import validity
from assessments.models import SkillResult
from assessments.selectors import areas_by_slug, level_names
from learning import visibility
from learning.models import Enrolment, LessonPage, LessonProgress, StaffMember
from learning.progress import percent_complete
from learning.staffing import current_on
from readiness.models import CohortMembership
from readiness.team_rows import (
    DUE_SOON_DAYS,
    Area,
    CourseRow,
    DueItem,
    Person,
    PersonRow,
    course_status,
    highest_targets,
    is_due_soon,
    is_overdue,
    latest_levels,
    person_row,
)

PAGE_SIZE = 25
SUMMARY_LIMIT = 10  # due items listed at the top; the rest are counted and reachable through the filter
HAS_REPORTS_CACHE_SECONDS = 300
SORTS = {"name": "Name", "team": "Team"}

ERROR_UNKNOWN_TEAM = "Choose a team from the list. Showing everyone instead."
ERROR_UNKNOWN_SORT = "Choose how to sort from the list. Sorted by name instead."


# --- reads --------------------------------------------------------------------------------------------------------


def manager_has_reports(user, today: date | None = None) -> bool:
    """Return True when someone currently reports directly to one of the user's current records. One query."""
    if not getattr(user, "is_authenticated", False):
        return False
    today = today or timezone.localdate()
    manager_current = current_on(today, prefix="line_manager__")
    return StaffMember.objects.filter(current_on(today), manager_current, line_manager__user=user).exists()


def manager_has_reports_cached(user) -> bool:
    """Return ``manager_has_reports`` for the navigation, cached briefly per user so most pages pay no query."""
    if not getattr(user, "is_authenticated", False):
        return False
    key = f"assessments:has-reports:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = manager_has_reports(user)
        cache.set(key, found, HAS_REPORTS_CACHE_SECONDS)
    return found


def report_list(managers: Sequence[StaffMember], today: date) -> list[Person]:
    """Return the managers' current reports, direct and indirect, ordered by name. One query per tree level."""
    ids: set[int] = set()
    for manager in managers:
        ids |= visibility.report_ids(manager)
    ids -= {manager.id for manager in managers}
    if not ids:
        return []
    rows = (
        StaffMember.objects.filter(current_on(today), id__in=ids)
        .order_by("last_name", "first_name", "id")
        .values_list("id", "first_name", "last_name", "team_id", "team__name", "job_role")
    )
    return [
        Person(pk, f"{first} {last}".strip(), team_id, team or "", role)
        for pk, first, last, team_id, team, role in rows
    ]


def due_items(people: Sequence[Person], today: date) -> list[DueItem]:
    """Return every unfinished course that is overdue or due within DUE_SOON_DAYS, soonest first. One query."""
    if not people:
        return []
    by_id = {person.id: person for person in people}
    rows = (
        Enrolment.objects.filter(
            staff_id__in=by_id,
            course__live=True,
            completed_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by("due_date", "course__title", "staff_id")
        .values_list("staff_id", "course__title", "due_date")
    )
    return [DueItem(by_id[staff_id], title, due, due < today) for staff_id, title, due in rows]


def course_rows(people: Sequence[Person], today: date) -> dict[int, list[CourseRow]]:
    """Return each person's enrolments on live courses with progress, status and due dates. Three queries."""
    ids = [person.id for person in people]
    if not ids:
        return {}
    enrolments = list(
        Enrolment.objects.filter(staff_id__in=ids, course__live=True)
        .order_by("completed_at", "due_date", "course__title", "id")
        .values_list("staff_id", "course_id", "course__title", "course__path", "due_date", "completed_at")
    )
    if not enrolments:
        return {}
    course_paths = {course_id: path for _, course_id, _, path, _, _ in enrolments}
    path_filter = Q()
    for path in course_paths.values():
        path_filter |= Q(path__startswith=path)
    lesson_paths = list(
        Page.objects.live().type(LessonPage).filter(path_filter).values_list("id", "path")
    )  # the lessons each course has now
    lessons_per_course = {
        course_id: {pk for pk, path in lesson_paths if path.startswith(course_path)}
        for course_id, course_path in course_paths.items()
    }
    live_lessons = {pk for pk, _ in lesson_paths}
    counts = {
        (row["staff_id"], row["course_id"]): (row["done"], row["viewed"])
        for row in LessonProgress.objects.filter(staff_id__in=ids, course_id__in=course_paths)
        .values("staff_id", "course_id")
        .annotate(
            done=Count("id", filter=Q(completed_at__isnull=False, lesson_id__in=live_lessons)),
            viewed=Count("id"),
        )
        .order_by()
    }
    result: dict[int, list[CourseRow]] = defaultdict(list)
    for staff_id, course_id, title, _, due, completed_at in enrolments:
        done, viewed = counts.get((staff_id, course_id), (0, 0))
        completed = completed_at is not None
        percent = 100 if completed else percent_complete(done, len(lessons_per_course[course_id]))
        result[staff_id].append(
            CourseRow(
                title=title,
                percent=percent,
                status=course_status(completed=completed, started=viewed > 0),
                due_date=due,
                overdue=is_overdue(due, completed=completed, today=today),
                due_soon=is_due_soon(due, completed=completed, today=today),
                completed_at=completed_at,
            )
        )
    return result


def area_list() -> list[Area]:
    """Return the skill areas by slug in framework order (the first framework wins a shared slug). One query."""
    return [Area(a.id, a.slug, a.name, a.default_target_level) for a in areas_by_slug().values()]


def level_map(people: Sequence[Person], areas: Sequence[Area], today: date) -> dict[tuple[int, int], int]:
    """Return E per (staff_id, area_id): the latest assessed or observed result still valid today. One query.

    Self-ratings never count, and a result counts on the days ``assessments.validity`` says, as everywhere else.
    """
    if not people or not areas:
        return {}
    rows = (
        SkillResult.objects.filter(
            validity.evidence_on(today),
            staff_id__in=[person.id for person in people],
            area_id__in=[area.id for area in areas],
        )
        .order_by("staff_id", "area_id", "-assessed_at", "-id")
        .values_list("staff_id", "area_id", "level")
    )
    return latest_levels(rows)


def cohort_target_map(people: Sequence[Person], today: date) -> dict[int, dict[str, int]]:
    """Return each person's highest target per area slug over the cohorts they belong to today. One query."""
    if not people:
        return {}
    rows = (
        CohortMembership.objects.filter(staff_id__in=[person.id for person in people], joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .values_list("staff_id", "cohort__targets__skill_area__slug", "cohort__targets__level")
    )
    return highest_targets(rows)


# --- the page -----------------------------------------------------------------------------------------------------


@dataclass
class TeamFilters:
    team_id: int | None = None
    overdue_only: bool = False
    sort: str = "name"
    page: str | int | None = 1
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> TeamFilters:
        """Read the filters from a query string; bad values fall back to the defaults with a message."""
        filters = cls(page=query.get("page") or 1, overdue_only=query.get("overdue") == "1")
        team = (query.get("team") or "").strip()
        if team:
            if team.isdigit() and len(team) < 19:
                filters.team_id = int(team)
            else:
                filters.errors.append(ERROR_UNKNOWN_TEAM)
        sort = (query.get("sort") or "name").strip()
        if sort in SORTS:
            filters.sort = sort
        else:
            filters.errors.append(ERROR_UNKNOWN_SORT)
        return filters


@dataclass
class TeamOverview:
    has_record: bool
    people_total: int = 0
    shown_total: int = 0
    teams: list[tuple[int, str]] = field(default_factory=list)
    overdue: list[DueItem] = field(default_factory=list)
    due_soon: list[DueItem] = field(default_factory=list)
    overdue_people: int = 0
    areas: list[Area] = field(default_factory=list)
    rows: list[PersonRow] = field(default_factory=list)
    page: PaginatorPage | None = None
    page_links: list[int | str] = field(default_factory=list)
    ellipsis: str = Paginator.ELLIPSIS
    filters: TeamFilters = field(default_factory=TeamFilters)
    summary_limit: int = SUMMARY_LIMIT
    due_soon_days: int = DUE_SOON_DAYS

    @property
    def overdue_shown(self) -> list[DueItem]:
        return self.overdue[: self.summary_limit]

    @property
    def due_soon_shown(self) -> list[DueItem]:
        return self.due_soon[: self.summary_limit]


def _sorted(people: list[Person], sort: str) -> list[Person]:
    if sort == "team":
        return sorted(people, key=lambda p: (p.team == "", p.team.lower()))  # stable: by name within a team
    return people  # already in name order


def team_overview_for_user(user, *, filters: TeamFilters | None = None, today: date | None = None) -> TeamOverview:
    """Return everything the "My team" page shows for the user's current reports, one page of people at a time."""
    filters = filters or TeamFilters()
    today = today or timezone.localdate()
    managers = visibility.manager_records(user, today)
    if not managers:
        return TeamOverview(has_record=False, filters=filters)
    people = report_list(managers, today)
    overview = TeamOverview(has_record=True, people_total=len(people), filters=filters)
    if not people:
        return overview
    teams = {person.team_id: person.team for person in people if person.team_id is not None}
    overview.teams = sorted(teams.items(), key=lambda item: (item[1].lower(), item[0]))
    if filters.team_id is not None and filters.team_id not in teams:
        filters.team_id = None
        filters.errors.append(ERROR_UNKNOWN_TEAM)
    items = due_items(people, today)
    overview.overdue = [item for item in items if item.overdue]
    overview.due_soon = [item for item in items if not item.overdue]
    overdue_ids = {item.person.id for item in overview.overdue}
    overview.overdue_people = len(overdue_ids)
    shown = [p for p in people if filters.team_id is None or p.team_id == filters.team_id]
    if filters.overdue_only:
        shown = [p for p in shown if p.id in overdue_ids]
    shown = _sorted(shown, filters.sort)
    overview.shown_total = len(shown)
    page = Paginator(shown, PAGE_SIZE).get_page(filters.page)
    overview.page = page
    overview.page_links = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    on_page = list(page.object_list)
    overview.areas = area_list()
    courses = course_rows(on_page, today)
    levels = level_map(on_page, overview.areas, today)
    targets = cohort_target_map(on_page, today)
    names = level_names()
    overview.rows = [
        person_row(
            person,
            courses=courses.get(person.id, []),
            areas=overview.areas,
            levels=levels,
            cohort_targets=targets.get(person.id, {}),
            level_names=names,
        )
        for person in on_page
    ]
    return overview
