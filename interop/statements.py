"""Build xAPI 1.0.3 statements from plain values (pure: no ORM, no request, the moment passed in).

Who: an ``account`` on the site's home page whose name is the person's opaque id (``StaffMember.opaque_id``), never
an email address or a database id. What: activity ids are stable addresses of this site (``activity_id``), which
answer with a redirect to the page while it exists. Where: the course is the parent context activity and the
enrolment's registration UUID goes in ``context.registration``. Verbs are ADL's, with the display Ralph's verb
models expect. Statement ids are UUID 5 names of what happened, so the same event always gives the same id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

XAPI_VERSION = "1.0.3"
LANGUAGE = "en-GB"
# Names every statement id: the id of one event (say a lesson completed by one account) is always the same.
STATEMENT_NAMESPACE = uuid.UUID("8e3f0a52-35c4-4f5e-9a0e-2f4b6d7c1a93")
PLATFORM = "Upskill"


@dataclass(frozen=True)
class Verb:
    key: str
    id: str

    def as_dict(self) -> dict:
        return {"id": self.id, "display": {"en-US": self.key}}


COMPLETED = Verb("completed", "http://adlnet.gov/expapi/verbs/completed")
PASSED = Verb("passed", "http://adlnet.gov/expapi/verbs/passed")
FAILED = Verb("failed", "http://adlnet.gov/expapi/verbs/failed")
MASTERED = Verb("mastered", "http://adlnet.gov/expapi/verbs/mastered")

LESSON = "http://adlnet.gov/expapi/activities/lesson"
COURSE = "http://adlnet.gov/expapi/activities/course"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"

ERROR_SCORE_RANGE = "A score needs min <= raw <= max and min < max."


@dataclass(frozen=True)
class Actor:
    home_page: str  # the site's home page, e.g. "https://learning.example.gov.uk/"
    name: str  # the opaque account name


@dataclass(frozen=True)
class Activity:
    id: str
    type: str
    name: str

    def as_dict(self) -> dict:
        definition: dict = {"type": self.type}
        if self.name:
            definition["name"] = {LANGUAGE: self.name}
        return {"objectType": "Activity", "id": self.id, "definition": definition}


@dataclass(frozen=True)
class Score:
    raw: float
    min: float
    max: float

    def __post_init__(self):
        if not (self.min <= self.raw <= self.max and self.min < self.max):
            raise ValueError(ERROR_SCORE_RANGE)

    @property
    def scaled(self) -> float:
        """Return the score on xAPI's 0..1 scale (a negative minimum maps to -1..1 as the spec allows)."""
        if self.min < 0:
            return round(self.raw / max(self.max, -self.min), 4)
        return round((self.raw - self.min) / (self.max - self.min), 4)

    def as_dict(self) -> dict:
        return {"scaled": self.scaled, "raw": _number(self.raw), "min": _number(self.min), "max": _number(self.max)}


def _number(value: float) -> float | int:
    value = round(float(value), 4)
    return int(value) if value.is_integer() else value


def activity_id(base_url: str, kind: str, *parts: object) -> str:
    """Return the stable address of an activity: ``<site>/xapi/activities/<kind>/<part>/.../``."""
    return "/".join([base_url.rstrip("/"), "xapi", "activities", kind, *(str(part) for part in parts)]) + "/"


def statement_id(event: str, actor: Actor, *parts: object) -> str:
    """Return the UUID 5 that names one event of one actor (the same inputs always give the same id)."""
    name = ":".join([event, actor.home_page, actor.name, *(str(part) for part in parts)])
    return str(uuid.uuid5(STATEMENT_NAMESPACE, name))


def statement(
    *,
    id: str,
    actor: Actor,
    verb: Verb,
    activity: Activity,
    timestamp: datetime,
    parent: Activity | None = None,
    registration: str | None = None,
    completion: bool | None = None,
    success: bool | None = None,
    score: Score | None = None,
) -> dict:
    """Return one statement as a dict ready for JSON. ``timestamp`` must be timezone-aware."""
    if timestamp.tzinfo is None:
        raise ValueError("A statement's timestamp needs a time zone.")
    context: dict = {"platform": PLATFORM, "language": LANGUAGE}
    if registration:
        context["registration"] = registration
    if parent is not None:
        context["contextActivities"] = {"parent": [parent.as_dict()]}
    result: dict = {}
    if score is not None:
        result["score"] = score.as_dict()
    if success is not None:
        result["success"] = success
    if completion is not None:
        result["completion"] = completion
    built = {
        "id": id,
        "actor": {"objectType": "Agent", "account": {"homePage": actor.home_page, "name": actor.name}},
        "verb": verb.as_dict(),
        "object": activity.as_dict(),
        "context": context,
        "timestamp": timestamp.isoformat(timespec="milliseconds"),
    }
    if result:
        built["result"] = result
    return built


def lesson_completed(
    *, actor: Actor, base_url: str, lesson_id: int, lesson_title: str, course: Activity, registration: str | None, at
) -> dict:
    """Return "<actor> completed <lesson>" with the course as parent and the enrolment's registration."""
    return statement(
        id=statement_id("lesson-completed", actor, lesson_id),
        actor=actor,
        verb=COMPLETED,
        activity=Activity(activity_id(base_url, "pages", lesson_id), LESSON, lesson_title),
        parent=course,
        registration=registration,
        completion=True,
        timestamp=at,
    )


def course_completed(*, actor: Actor, course: Activity, registration: str | None, at) -> dict:
    """Return "<actor> completed <course>"."""
    return statement(
        id=statement_id("course-completed", actor, course.id),
        actor=actor,
        verb=COMPLETED,
        activity=course,
        registration=registration,
        completion=True,
        timestamp=at,
    )


def assessment_result(
    *,
    actor: Actor,
    assessment: Activity,
    attempt_key: str,
    passed: bool,
    score: Score,
    course: Activity | None,
    registration: str | None,
    at,
) -> dict:
    """Return "<actor> passed/failed <assessment>" with its scaled, raw, min and max score."""
    verb = PASSED if passed else FAILED
    return statement(
        id=statement_id(verb.key, actor, assessment.id, attempt_key),
        actor=actor,
        verb=verb,
        activity=assessment,
        parent=course,
        registration=registration,
        completion=True,
        success=passed,
        score=score,
        timestamp=at,
    )


def skill_level_reached(
    *,
    actor: Actor,
    base_url: str,
    area_id: int,
    area_name: str,
    level: int,
    percent: float,
    attempt_key: str,
    assessment: Activity | None,
    at,
) -> dict:
    """Return "<actor> mastered <area> level <n>": the level is an objective, the check that gave it the parent."""
    return statement(
        id=statement_id("skill-level", actor, area_id, level, attempt_key),
        actor=actor,
        verb=MASTERED,
        activity=Activity(
            activity_id(base_url, "skill-areas", area_id, "levels", level), OBJECTIVE, f"{area_name} level {level}"
        ),
        parent=assessment,
        success=True,
        score=Score(raw=percent, min=0, max=100),
        timestamp=at,
    )


def scorm_results(
    *,
    actor: Actor,
    lesson: Activity,
    course: Activity | None,
    registration: str | None,
    attempt_key: str,
    completed: bool,
    passed: bool | None,
    score: Score | None,
    at,
) -> list[dict]:
    """Return the statements a SCORM attempt's result gives: "completed" when it is complete, and "passed" or
    "failed" when the package decided success (each with the score the package reported)."""
    statements = []
    common = {"actor": actor, "activity": lesson, "parent": course, "registration": registration, "timestamp": at}
    if completed:
        statements.append(
            statement(
                id=statement_id("scorm-completed", actor, lesson.id, attempt_key),
                verb=COMPLETED,
                completion=True,
                score=score if passed is None else None,
                **common,
            )
        )
    if passed is not None:
        verb = PASSED if passed else FAILED
        statements.append(
            statement(
                id=statement_id(f"scorm-{verb.key}", actor, lesson.id, attempt_key),
                verb=verb,
                success=passed,
                score=score,
                **common,
            )
        )
    return statements
