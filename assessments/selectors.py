"""Reads: frameworks, attempt snapshots, assessment overviews and a learner's skill profile."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.http import Http404
from django.utils import timezone
from wagtail.models import Revision

from assessments import validity
from assessments.models import AssessmentPage, Attempt, ProficiencyLevel, SkillArea, SkillFramework, SkillResult
from assessments.versions import QuestionVersion, version_from_content
from cms.calendar import local_day
from learning.models import StaffMember
from learning.selectors import staff_get_for_user


def framework_for(assessment: AssessmentPage) -> SkillFramework | None:
    """Return the assessment's framework, or the first one."""
    if assessment.framework_id:
        return assessment.framework
    return SkillFramework.objects.order_by("id").first()


def versions_for_attempt(attempt: Attempt) -> list[QuestionVersion]:
    """Return the question versions an attempt was drawn with, in attempt order (one query, cached)."""
    cached = getattr(attempt, "_versions", None)
    if cached is not None:
        return cached
    revision_ids = [item["revision"] for item in attempt.items]
    contents = dict(Revision.objects.filter(id__in=revision_ids).values_list("id", "content"))
    versions = [version_from_content(contents[item["revision"]], item["revision"]) for item in attempt.items]
    attempt._versions = versions
    return versions


def attempt_get_for_staff(*, attempt_id: int, staff: StaffMember | None) -> Attempt:
    """Return the staff member's own attempt, or raise 404 (someone else's attempt looks like no attempt)."""
    if staff is None:
        raise Http404("No such attempt.")
    try:
        return Attempt.objects.select_related("assessment", "assessment__framework").get(id=attempt_id, staff=staff)
    except Attempt.DoesNotExist as exc:
        raise Http404("No such attempt.") from exc


def assessment_overview_for_request(*, assessment: AssessmentPage, request) -> dict:
    """Return the learner's open attempt, past attempts, attempts left and latest self-ratings."""
    staff = staff_get_for_user(request.user)
    if staff is None:
        return {"staff": None}
    attempts = list(Attempt.objects.filter(staff=staff, assessment=assessment).order_by("-started_at"))
    open_attempt = next((a for a in attempts if a.is_open), None)
    submitted = [a for a in attempts if not a.is_open]
    left = None
    if assessment.attempts_allowed:
        left = max(0, assessment.attempts_allowed - len(submitted))
    statements = statement_rows(assessment) if assessment.is_self_assessment else []
    return {
        "staff": staff,
        "open_attempt": open_attempt,
        "submitted_attempts": submitted,
        "attempts_left": left,
        "can_start": open_attempt is None and (left is None or left > 0),
        "question_count": _question_count(assessment),
        "statements": statements,
    }


def statement_rows(assessment: AssessmentPage, ratings=None, missing=()) -> list[dict]:
    """Return the self-assessment statements with any rating given and whether it is missing."""
    ratings = ratings or {}
    return [
        {
            "number": n,
            "text": block.value["text"],
            "area": block.value["area"],
            "selected": ratings.get(f"statement-{n}"),
            "missing": n in missing,
        }
        for n, block in enumerate(assessment.statements, start=1)
    ]


def _question_count(assessment: AssessmentPage) -> int | None:
    if assessment.is_self_assessment:
        return None
    if assessment.selection == AssessmentPage.Selection.FIXED:
        return len(assessment.questions.raw_data)
    return None


@dataclass
class AreaProfile:
    area: SkillArea
    assessed: SkillResult | None
    self_rated: SkillResult | None
    history: list[SkillResult] = field(default_factory=list)

    @property
    def assessed_level(self) -> int | None:
        return self.assessed.level if self.assessed else None

    @property
    def confidence_gap(self) -> int | None:
        """Return self-rated minus assessed level (positive: more confident than assessed)."""
        if self.assessed is None or self.self_rated is None:
            return None
        return self.self_rated.level - self.assessed.level


def skill_profile_for_staff(staff: StaffMember, now: datetime | None = None) -> list[AreaProfile]:
    """Return each area with the evidence valid today (``validity.counts_on``), the latest self-rating and full
    history."""
    today = local_day(now or timezone.now())
    areas = list(SkillArea.objects.select_related("framework").order_by("framework_id", "sort_order", "name"))
    results = list(SkillResult.objects.filter(staff=staff).order_by("-assessed_at", "-id"))
    profile = []
    for area in areas:
        history = [r for r in results if r.area_id == area.id]
        valid = [r for r in history if validity.counts_on(r.source, r.assessed_at, r.expires_at, today)]
        self_rated = next((r for r in history if r.source == SkillResult.Source.SELF_RATED), None)
        profile.append(AreaProfile(area, valid[0] if valid else None, self_rated, history))
    return profile


def areas_by_slug() -> dict[str, SkillArea]:
    """Return the skill areas by slug; where two frameworks share a slug, the earlier framework's area wins."""
    found: dict[str, SkillArea] = {}
    for area in SkillArea.objects.order_by("framework_id", "sort_order", "name"):
        found.setdefault(area.slug, area)
    return found


def level_names() -> dict[int, str]:
    """Return level number to name for the first framework (the one home of level names). One query."""
    first = SkillFramework.objects.order_by("id").values("id")[:1]
    return dict(ProficiencyLevel.objects.filter(framework_id__in=first).values_list("level", "name"))


def expiry_months_by_area(area_ids: Iterable[int]) -> dict[int, int]:
    """Return how many months results stay valid per area id (``validity.expiry_months``). One query."""
    rows = SkillArea.objects.filter(id__in=list(area_ids)).values_list(
        "id", "expiry_months", "framework__default_expiry_months"
    )
    return {area_id: validity.expiry_months(own, default) for area_id, own, default in rows}


def result_expires_at(area_id: int, assessed_at: datetime) -> datetime:
    """Return the expiry to store for a result in ``area_id`` recorded at ``assessed_at``. One query."""
    return validity.expires_at_for(assessed_at, expiry_months_by_area([area_id])[area_id])


def required_knowledge_check_ids(course) -> set[int]:
    """Return the ids of the course's live knowledge checks that must be passed to complete it."""
    return set(
        AssessmentPage.objects.live()
        .descendant_of(course)
        .filter(kind=AssessmentPage.Kind.KNOWLEDGE_CHECK, required_for_module=True)
        .values_list("id", flat=True)
    )


def knowledge_checks_passed(staff, course) -> bool:
    """Return True when the staff member has passed every required knowledge check in the course."""
    required = required_knowledge_check_ids(course)
    if not required:
        return True
    passed = set(
        Attempt.objects.filter(staff=staff, assessment_id__in=required, passed=True).values_list(
            "assessment_id", flat=True
        )
    )
    return passed >= set(required)
