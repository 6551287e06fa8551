"""Demo skills framework, question bank, assessments and a realistic history of skill results.

Safe to run again: everything is looked up by slug or reference first, and the synthetic
history is written only once (it is generated from a fixed seed and fixed dates).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from assessments.demo.content import FRAMEWORK, QUESTIONS, SELF_ASSESSMENT
from assessments.demo.skill_tags import demo_skill_tags_create
from assessments.models import AssessmentPage, ProficiencyLevel, Question, SkillArea, SkillFramework, SkillResult
from assessments.selectors import expiry_months_by_area
from assessments.validity import expires_at_for
from cms.models import HomePage
from learning.models import CoursePage, ModulePage, StaffMember

SEED = 20261122
HISTORY_END = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
HISTORY_MONTHS = 18
DESCRIPTOR_FIELDS = {1: "awareness", 2: "working", 3: "practitioner", 4: "champion"}


def framework_create() -> SkillFramework:
    """Create the framework, its levels and areas (with descriptors) once."""
    framework, _ = SkillFramework.objects.get_or_create(
        slug=FRAMEWORK["slug"],
        defaults={"name": FRAMEWORK["name"], "threshold_percent": FRAMEWORK["threshold_percent"]},
    )
    for spec in FRAMEWORK["levels"]:
        ProficiencyLevel.objects.get_or_create(
            framework=framework,
            level=spec["level"],
            defaults={"name": spec["name"], "description": spec["description"], "assessable": spec["level"] < 4},
        )
    for order, spec in enumerate(FRAMEWORK["areas"], start=1):
        defaults = {
            "name": spec["name"],
            "description": spec["description"],
            "sort_order": order,
            "expiry_months": spec["expiry_months"],
            "default_target_level": spec["default_target_level"],
        }
        for level, field in DESCRIPTOR_FIELDS.items():
            defaults[field] = spec["level_descriptors"][level]
        SkillArea.objects.get_or_create(framework=framework, slug=spec["slug"], defaults=defaults)
    return framework


def _choices(spec: dict) -> list[dict]:
    if spec["type"] == "ordering":
        return [{"type": "choice", "value": {"text": text, "correct": False}} for text in spec["items"]]
    if spec["type"] == "numeric":
        return []
    return [{"type": "choice", "value": {"text": c["text"], "correct": c["correct"]}} for c in spec["choices"]]


def questions_create(framework: SkillFramework) -> int:
    """Create the question bank (each with a first revision) once; return how many were added."""
    areas = {area.slug: area for area in SkillArea.objects.filter(framework=framework)}
    existing = set(Question.objects.values_list("reference", flat=True))
    added = 0
    for spec in QUESTIONS:
        if spec["key"] in existing:
            continue
        question = Question(
            reference=spec["key"],
            area=areas[spec["area"]],
            level=spec["level"],
            question_type=spec["type"],
            prompt=spec["prompt"],
            choices=_choices(spec),
            partial_credit=bool(spec.get("partial_credit")),
            numeric_answer=Decimal(str(spec["answer"])) if spec["type"] == "numeric" else None,
            numeric_tolerance=Decimal(str(spec.get("tolerance", 0))),
            unit=spec.get("unit", ""),
            explanation=spec["explanation"],
        )
        question.full_clean()
        question.save()
        question.save_revision()
        added += 1
    return added


def _publish(page) -> None:
    page.save_revision().publish()


def assessment_pages_create(framework: SkillFramework) -> dict[str, AssessmentPage]:
    """Create the skills check and self-assessment under home, and a knowledge check in module 1."""
    home = HomePage.objects.first()
    pages = {}
    skills_check = AssessmentPage.objects.filter(slug="skills-check").first()
    if skills_check is None:
        skills_check = AssessmentPage(
            title="Data and digital skills check",
            slug="skills-check",
            kind=AssessmentPage.Kind.SKILLS_CHECK,
            framework=framework,
            show_in_menus=True,
            intro=(
                "<p>Eighteen questions, three in each of the six skill areas, from everyday tasks to "
                "trickier cases. It takes about 20 minutes. Your result places you at a level in each "
                "area and suggests lessons to take next.</p>"
            ),
            selection=AssessmentPage.Selection.RANDOM,
            questions_per_area_level=1,
            shuffle=False,
            feedback_policy=AssessmentPage.Feedback.AFTER_SUBMISSION,
            search_description="A short check that places you at a level in each data and digital skill area.",
        )
        home.add_child(instance=skills_check)
        _publish(skills_check)
    pages["skills_check"] = skills_check

    self_assessment = AssessmentPage.objects.filter(slug="self-assessment").first()
    if self_assessment is None:
        areas = {area.slug: area.id for area in SkillArea.objects.filter(framework=framework)}
        self_assessment = AssessmentPage(
            title="Rate your own skills",
            slug="self-assessment",
            kind=AssessmentPage.Kind.SELF_ASSESSMENT,
            framework=framework,
            intro="<p>Twelve statements, two per skill area. It takes about five minutes.</p>",
            statements=[
                {"type": "statement", "value": {"area": areas[s["area"]], "text": s["statement"]}}
                for s in SELF_ASSESSMENT
            ],
            search_description="Rate how confident you feel in each skill area.",
        )
        home.add_child(instance=self_assessment)
        _publish(self_assessment)
    pages["self_assessment"] = self_assessment

    course = CoursePage.objects.filter(slug="data-essentials").first()
    module = ModulePage.objects.child_of(course).order_by("path").first() if course else None
    if module is not None:
        check = AssessmentPage.objects.child_of(module).filter(slug="knowledge-check").first()
        if check is None:
            ids = list(
                Question.objects.filter(area__slug="reading-and-interpreting-data", level__lte=2)
                .order_by("level", "reference")
                .values_list("id", flat=True)[:5]
            )
            check = AssessmentPage(
                title="Module 1 knowledge check",
                slug="knowledge-check",
                kind=AssessmentPage.Kind.KNOWLEDGE_CHECK,
                framework=framework,
                intro="<p>Five questions on reading tables, averages and percentages.</p>",
                selection=AssessmentPage.Selection.FIXED,
                questions=[{"type": "question", "value": qid} for qid in ids],
                pass_mark=80,
                feedback_policy=AssessmentPage.Feedback.AFTER_EACH,
                search_description="Check what you learned in module 1.",
            )
            module.add_child(instance=check)
            _publish(check)
        pages["knowledge_check"] = check
    return pages


LEVEL_WEIGHTS_BY_SENIORITY = {
    "junior": [0.25, 0.45, 0.25, 0.05],
    "middle": [0.1, 0.35, 0.4, 0.15],
    "senior": [0.05, 0.2, 0.45, 0.3],
}


def _seniority(band: str) -> str:
    digits = "".join(ch for ch in band if ch.isdigit())
    number = int(digits) if digits else 5
    if band.startswith("Band"):
        return "junior" if number <= 4 else "middle" if number <= 6 else "senior"
    return "junior" if number <= 5 else "middle" if number <= 8 else "senior"


def assessed_result(rng, staff_id: int, area: SkillArea, level: int, moment, months: int) -> SkillResult:
    """Return an unsaved demo result from a skills check, with a score that fits the level and its expiry."""
    return SkillResult(
        staff_id=staff_id,
        area=area,
        level=level,
        source=SkillResult.Source.ASSESSED,
        score=Decimal(min(100, 30 + 22 * level + rng.randrange(0, 10))),
        assessed_at=moment,
        expires_at=expires_at_for(moment, months),
    )


def skill_history_create(framework: SkillFramework) -> int:
    """Give synthetic staff 0-3 skills-check sittings over the past 18 months (some now expired)."""
    staff = list(StaffMember.objects.exclude(employee_number__startswith="DEMO").order_by("organisation_id", "id"))
    if SkillResult.objects.filter(staff__in=staff, attempt__isnull=True, source="assessed").exists():
        return 0
    areas = list(SkillArea.objects.filter(framework=framework).order_by("sort_order"))
    months = expiry_months_by_area(area.id for area in areas)
    rng = random.Random(SEED)
    start = HISTORY_END - timedelta(days=30 * HISTORY_MONTHS)
    rows = []
    for member in staff:
        sittings = rng.choices([0, 1, 2, 3], weights=[0.25, 0.4, 0.25, 0.1])[0]
        weights = LEVEL_WEIGHTS_BY_SENIORITY[_seniority(member.band)]
        base = {area.id: rng.choices([0, 1, 2, 3], weights=weights)[0] for area in areas}
        moments = sorted(start + timedelta(days=rng.randrange(0, 30 * HISTORY_MONTHS)) for _ in range(sittings))
        for number, moment in enumerate(moments):
            for area in areas:
                level = min(3, base[area.id] + (1 if number and rng.random() < 0.35 else 0))
                base[area.id] = level
                rows.append(assessed_result(rng, member.id, area, level, moment, months[area.id]))
            if rng.random() < 0.3:
                for area in areas:
                    rows.append(
                        SkillResult(
                            staff=member,
                            area=area,
                            level=max(1, min(4, base[area.id] + rng.choice([-1, 0, 1, 1]))),
                            source=SkillResult.Source.SELF_RATED,
                            assessed_at=moment - timedelta(days=1),
                            expires_at=expires_at_for(moment - timedelta(days=1), months[area.id]),
                        )
                    )
    SkillResult.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def assessments_seed(framework: SkillFramework) -> dict:
    """Create the assessment demo content and skills history for a framework; return a summary."""
    questions_create(framework)
    pages = assessment_pages_create(framework)
    demo_skill_tags_create(framework)
    skill_history_create(framework)
    return {"framework": framework, "pages": pages, "questions": Question.objects.count()}
