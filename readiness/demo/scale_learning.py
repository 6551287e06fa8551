"""Courses, enrolments and lesson progress for the generated scale organisation (see ``readiness.demo.scale``).

Courses are real pages: the demo course (created when missing) and the generated courses of ``scale_data``.
Enrolments come from cohort courses (with the cohort's due date, from the day the person joined) and from
people signing up themselves or being put on a course by their manager; the number of lessons each person
has opened is then nudged, one lesson at a time, until the total is exactly what was asked for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cms.calendar import local_day
from learning.demo.site import course_create, site_pages_create
from learning.models import CoursePage, Enrolment, LessonPage
from readiness.demo import scale_data as data

EXPECTED_SHARE = 0.675  # mean share of a course's lessons opened per enrolment, given the draw in _lessons_opened
DAY_START, DAY_END = time(8, 0), time(18, 0)


@dataclass(frozen=True)
class Course:
    id: int
    slug: str
    lesson_ids: tuple[int, ...]

    @property
    def length(self) -> int:
        return len(self.lesson_ids)


def _course_spec(spec: dict) -> dict:
    """Return ``course_create`` data for a generated course: modules of short lessons with one paragraph each."""
    modules = []
    for number, (title, lessons) in enumerate(spec["modules"], start=1):
        modules.append(
            {
                "title": title,
                "slug": f"module-{number}",
                "lessons": [
                    {
                        "title": lesson,
                        "slug": f"{number}-{index}",
                        "summary": lesson,
                        "minutes": 8,
                        "body": [("paragraph", f"<p>{lesson}: a short generated lesson for the scale data.</p>")],
                    }
                    for index, lesson in enumerate(lessons, start=1)
                ],
            }
        )
    return {
        "title": spec["title"],
        "slug": spec["slug"],
        "summary": f"{spec['title']}: a generated course used by the scale data.",
        "outcomes": [],
        "skill_areas": spec["areas"],
        "modules": modules,
    }


def courses_ensure() -> dict[str, Course]:
    """Create (or find) the demo course and the generated courses; return them by slug with their lessons."""
    _, catalogue = site_pages_create()
    pages = [course_create(catalogue)] + [course_create(catalogue, _course_spec(spec)) for spec in data.COURSES]
    courses = {}
    for page in pages:
        lessons = LessonPage.objects.live().descendant_of(page).order_by("path").values_list("id", flat=True)
        courses[page.slug] = Course(page.id, page.slug, tuple(lessons))
    if CoursePage.objects.filter(id__in=[c.id for c in courses.values()]).count() != len(pages):
        raise RuntimeError("A scale course page is missing.")
    return courses


@dataclass
class PlannedEnrolment:
    """An enrolment to write, with how many lessons the person has opened and when they finished (if they did)."""

    staff_id: int
    course: Course
    source: str
    due_date: date | None
    enrolled_at: datetime
    last: datetime  # the latest moment anything can happen (end date or leave date)
    opened: int = 0
    finished_at: datetime | None = None

    @property
    def length(self) -> int:
        return len(self.course.lesson_ids)

    def row(self) -> dict:
        return {
            "staff_id": self.staff_id,
            "course_id": self.course.id,
            "source": self.source,
            "due_date": self.due_date,
            "enrolled_at": self.enrolled_at,
            "completed_at": self.finished_at if self.opened == self.length else None,
        }


def _at(day: date, clock: time = DAY_START) -> datetime:
    return datetime.combine(day, clock, tzinfo=UTC)


def _lessons_opened(rng: random.Random, length: int) -> int:
    roll = rng.random()
    if roll < 0.1:
        return 0
    if roll < 0.55:
        return length
    return rng.randrange(1, length)


def enrolment_rows(
    rng, people, courses: dict[str, Course], enrol_for: dict, end: date, progress_total: int
) -> list[PlannedEnrolment]:
    """Return every enrolment: cohort courses first, then self and manager enrolments until about
    ``progress_total`` lesson-progress rows are expected from them."""
    planned: list[PlannedEnrolment] = []
    taken: set[tuple[int, str]] = set()
    windows = {}
    for person in people:
        window = person.window(end)
        last = _at(window[1] if window else end, DAY_END)
        windows[person.id] = (window, last)
        for slug, due, joined in sorted(enrol_for.get(person.id, []), key=lambda item: item[2]):
            if (person.id, slug) in taken:
                continue
            taken.add((person.id, slug))
            enrolled = _at(joined) + timedelta(minutes=rng.randrange(0, 600))
            planned.append(PlannedEnrolment(person.id, courses[slug], Enrolment.Source.COHORT, due, enrolled, last))
    target = progress_total
    expected = sum(EXPECTED_SHARE * e.length for e in planned if windows[e.staff_id][0])
    keen = [p for p in people if windows[p.id][0]]
    slugs = sorted(courses)
    while expected < target and keen:
        rng.shuffle(keen)
        added = False
        for person in keen:
            if expected >= target:
                break
            window, last = windows[person.id]
            free = [slug for slug in slugs if (person.id, slug) not in taken]
            if not free:
                continue
            slug = rng.choice(free)
            taken.add((person.id, slug))
            days = (window[1] - window[0]).days
            enrolled = _at(window[0] + timedelta(days=rng.randrange(0, max(1, days)))) + timedelta(
                minutes=rng.randrange(0, 540)
            )
            manager = rng.random() < 0.15
            due = local_day(enrolled + timedelta(days=rng.choice([30, 60, 90]))) if manager else None
            source = Enrolment.Source.MANAGER if manager else Enrolment.Source.SELF
            planned.append(PlannedEnrolment(person.id, courses[slug], source, due, enrolled, last))
            expected += EXPECTED_SHARE * courses[slug].length
            added = True
        if not added:
            break
    return planned


def progress_rows(rng, planned: list[PlannedEnrolment], total: int):
    """Decide how many lessons each enrolment has opened (``total`` in all), then yield the progress rows.

    Sets each enrolment's ``opened`` and ``finished_at``; call it before writing the enrolments' rows.
    """
    active = [e for e in planned if e.enrolled_at < e.last]
    for enrolment in active:
        enrolment.opened = _lessons_opened(rng, enrolment.length)
    difference = total - sum(e.opened for e in active)
    capacity = sum(e.length for e in active)
    if total > capacity:
        raise ValueError(f"Only {capacity:,} lesson-progress rows fit the enrolments; {total:,} were asked for.")
    step = 1 if difference > 0 else -1
    while difference:
        enrolment = active[rng.randrange(len(active))]
        if (step > 0 and enrolment.opened < enrolment.length) or (step < 0 and enrolment.opened > 0):
            enrolment.opened += step
            difference -= step
    for enrolment in active:
        span = min(enrolment.last - enrolment.enrolled_at, timedelta(days=rng.randrange(3, 150)))
        enrolment.finished_at = enrolment.enrolled_at + span
    return _progress(rng, active)


def _progress(rng, active: list[PlannedEnrolment]):
    for enrolment in active:
        count = enrolment.opened
        if not count:
            continue
        start, span = enrolment.enrolled_at, enrolment.finished_at - enrolment.enrolled_at
        slot = span / count
        finished = count == enrolment.length
        for index, lesson_id in enumerate(enrolment.course.lesson_ids[:count]):
            viewed = start + slot * index + slot * rng.random() / 2
            if finished and index == count - 1:
                completed = enrolment.finished_at
            elif index < count - 1 or finished:
                completed = min(viewed + timedelta(minutes=rng.randrange(5, 40)), start + slot * (index + 1))
            else:
                completed = None  # the lesson they are on
            yield {
                "staff_id": enrolment.staff_id,
                "lesson_id": lesson_id,
                "course_id": enrolment.course.id,
                "first_viewed_at": viewed,
                "completed_at": completed,
            }
