"""Demo cohorts with targets, an assigned course and a year of membership history.

Each cohort is made once (looked up by organisation and slug); membership comes from the rules,
then is backdated to fixed dates so the readiness charts have history: most members joined when the
cohort started, a few joined later and a couple moved out. A second run finds the cohorts and changes
nothing. Targets name skill areas by slug (learning does not import the skills framework).

The demo learner is in none of the cohorts with a course, so their "My learning" starts empty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from assessments.selectors import areas_by_slug
from cms.calendar import local_day
from learning.models import CoursePage, Enrolment, LessonPage, LessonProgress, Organisation, StaffMember, Team
from learning.services import enrolment_starts_fill
from readiness.cohorts import cohort_membership_refresh
from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget

SEED = 20261122
DIGITAL = "digital-working-and-collaboration"
INFORMATION = "finding-judging-and-managing-information"
READING = "reading-and-interpreting-data"
COMMUNICATING = "communicating-and-deciding-with-data"
PROTECTION = "data-protection-security-and-ethics"
AI = "using-ai-responsibly"
DEFAULT_TARGETS = {DIGITAL: 2, INFORMATION: 2, READING: 1, COMMUNICATING: 1, PROTECTION: 2, AI: 1}


@dataclass(frozen=True)
class DemoCohort:
    organisation: str
    slug: str
    name: str
    description: str
    started: date
    targets: dict[str, int]
    teams: tuple[str, ...] = ()
    job_roles: tuple[str, ...] = ()
    due: date | None = None  # the demo course's due date, if the cohort is assigned it
    later: tuple[tuple[date, float], ...] = ()  # (joined on, share of members) for people who joined later
    picked: tuple[tuple[str, date], ...] = ()  # hand-picked (employee number, joined on)
    moved_out: tuple[tuple[str, date], ...] = ()  # (employee number, left on): closed spells from the start date
    colour_bands: tuple[int, int] = (80, 60)
    extra: dict = field(default_factory=dict)


DEMO_COHORTS = [
    DemoCohort(
        organisation="northbrook-council",
        slug="asc-data-academy",
        name="Adult social care data academy",
        description=(
            "First intake of the adult social care data academy: the safeguarding and occupational therapy "
            "teams, plus two reablement pilots. Everyone takes Data essentials and a skills check at the "
            "start and again after a year. Reablement joins in the second intake."
        ),
        started=date(2025, 9, 1),
        teams=("Safeguarding", "Occupational Therapy"),
        targets={READING: 2, COMMUNICATING: 2, PROTECTION: 2, DIGITAL: 1},
        due=date(2026, 9, 30),
        later=((date(2026, 1, 12), 0.08), (date(2026, 5, 11), 0.06)),
        picked=(("NBC00010", date(2026, 3, 2)), ("NBC00020", date(2026, 3, 2))),
        moved_out=(("NBC00013", date(2026, 4, 30)), ("NBC00016", date(2026, 6, 30))),
    ),
    DemoCohort(
        organisation="northbrook-council",
        slug="team-managers",
        name="Team managers",
        description="Every team manager: higher targets, because they sign off decisions made with data.",
        started=date(2025, 10, 6),
        job_roles=("Team Manager",),
        targets={DIGITAL: 2, INFORMATION: 2, READING: 2, COMMUNICATING: 3, PROTECTION: 3, AI: 2},
        due=date(2027, 1, 29),
        later=((date(2026, 2, 2), 0.1),),
    ),
    DemoCohort(
        organisation="northbrook-council",
        slug="all-staff-essential-digital-skills",
        name="All staff: essential digital skills",
        description="Everyone in the council, measured against the default targets (Working in digital "
        "working, information and data protection; Awareness elsewhere). Green from 75% in the first year.",
        started=date(2025, 9, 1),
        teams=("Adult Social Care", "Housing", "Environment", "Corporate Services"),
        targets=DEFAULT_TARGETS,
        later=((date(2026, 4, 6), 0.05),),
        colour_bands=(75, 50),
    ),
    DemoCohort(
        organisation="riverside-nhs",
        slug="ward-managers",
        name="Ward managers",
        description="Ward managers across the trust, ahead of the new e-rostering and patient-flow dashboards.",
        started=date(2025, 11, 3),
        job_roles=("Ward Manager",),
        targets={DIGITAL: 3, INFORMATION: 2, READING: 2, COMMUNICATING: 2, PROTECTION: 3, AI: 1},
        due=date(2026, 10, 30),
        later=((date(2026, 3, 2), 0.1),),
    ),
]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _cohort_create(spec: DemoCohort, organisation: Organisation, course: CoursePage) -> Cohort | None:
    """Create one cohort with its rules, targets and course, unless it exists (then return None)."""
    if Cohort.objects.filter(organisation=organisation, slug=spec.slug).exists():
        return None
    green, amber = spec.colour_bands
    cohort = Cohort.objects.create(
        organisation=organisation,
        slug=spec.slug,
        name=spec.name,
        description=spec.description,
        rule_job_roles="\n".join(spec.job_roles),
        green_from=green,
        amber_from=amber,
    )
    if spec.teams:
        cohort.rule_teams.set(Team.objects.filter(organisation=organisation, name__in=spec.teams))
    if spec.picked:
        numbers = [number for number, _ in spec.picked]
        cohort.hand_picked.set(StaffMember.objects.filter(organisation=organisation, employee_number__in=numbers))
    areas = areas_by_slug()
    CohortTarget.objects.bulk_create(
        [CohortTarget(cohort=cohort, skill_area=areas[slug], level=level) for slug, level in spec.targets.items()]
    )
    if spec.due:
        CohortCourse.objects.create(cohort=cohort, course=course, due_date=spec.due)
    return cohort


def _history_backdate(spec: DemoCohort, cohort: Cohort, course: CoursePage, enrolled_after: datetime) -> None:
    """Give the spells the rules just opened fixed join dates, add the people who moved out, date the enrolments."""
    rng = random.Random(f"{SEED}-{spec.slug}")
    spells = list(CohortMembership.objects.filter(cohort=cohort).select_related("staff").order_by("staff_id"))
    picked = dict(spec.picked)
    joined: dict[int, date] = {}
    for spell in spells:
        day = picked.get(spell.staff.employee_number, spec.started)
        if spell.staff.employee_number not in picked:
            roll = rng.random()
            for later_day, share in spec.later:
                if roll < share:
                    day = later_day
                    break
                roll -= share
        joined[spell.staff_id] = day
    for day in sorted(set(joined.values())):
        ids = [staff_id for staff_id, when in joined.items() if when == day]
        CohortMembership.objects.filter(cohort=cohort, staff_id__in=ids).update(joined_on=day)
        Enrolment.objects.filter(
            course=course, staff_id__in=ids, source=Enrolment.Source.COHORT, enrolled_at__gte=enrolled_after
        ).update(enrolled_at=_at(day))
    movers = StaffMember.objects.filter(
        organisation_id=cohort.organisation_id, employee_number__in=[number for number, _ in spec.moved_out]
    )
    left_on = dict(spec.moved_out)
    CohortMembership.objects.bulk_create(
        [
            CohortMembership(
                cohort=cohort, staff=person, joined_on=spec.started, left_on=left_on[person.employee_number]
            )
            for person in movers.order_by("employee_number")
            if person.id not in joined
        ]
    )
    if spec.due:
        _cohort_progress(spec, course, enrolled_after)


def _cohort_progress(spec: DemoCohort, course: CoursePage, enrolled_after: datetime) -> None:
    """Give the people this cohort enrolled some progress: most finish by the due date, some late, some not."""
    rng = random.Random(f"{SEED}-{spec.slug}-progress")
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path").values_list("id", flat=True))
    enrolments = list(
        Enrolment.objects.filter(
            course=course, source=Enrolment.Source.COHORT, due_date=spec.due, enrolled_at__lt=enrolled_after
        )
        .filter(staff__cohort_memberships__cohort__slug=spec.slug)
        .exclude(staff__lesson_progress__course=course)
        .order_by("staff_id")
        .distinct()
    )
    rows, finished = [], []
    today = timezone.localdate()
    for enrolment in enrolments:
        roll = rng.random()
        if roll < 0.25:
            continue  # not started
        done = len(lessons) if roll > 0.55 else rng.randrange(1, len(lessons))
        moment = enrolment.enrolled_at + timedelta(days=rng.randrange(7, 60))
        for index, lesson_id in enumerate(lessons[: done + 1]):
            moment += timedelta(days=rng.randrange(1, 12), minutes=rng.randrange(5, 40))
            if local_day(moment) >= today:
                break
            completed = moment if index < done else None
            rows.append(
                LessonProgress(
                    staff_id=enrolment.staff_id, lesson_id=lesson_id, course=course, first_viewed_at=moment,
                    completed_at=completed,
                )
            )  # fmt: skip
        else:
            if done == len(lessons):
                enrolment.completed_at = moment
                finished.append(enrolment)
    LessonProgress.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    Enrolment.objects.bulk_update(finished, ["completed_at"])
    enrolment_starts_fill(staff_ids=sorted({enrolment.staff_id for enrolment in enrolments}))


def cohorts_create(orgs: dict[str, Organisation], course: CoursePage) -> list[Cohort]:
    """Create the demo cohorts (once) and return every demo cohort."""
    for spec in DEMO_COHORTS:
        organisation = orgs[spec.organisation]
        started_at = timezone.now() - timedelta(seconds=1)
        cohort = _cohort_create(spec, organisation, course)
        if cohort is None:
            continue
        cohort_membership_refresh(cohort=cohort)
        _history_backdate(spec, cohort, course, started_at)
    return list(
        Cohort.objects.filter(
            organisation__in=orgs.values(), slug__in=[spec.slug for spec in DEMO_COHORTS]
        ).select_related("organisation")
    )
