"""Cohorts of the generated scale organisation: rules, targets, courses and dated membership spells.

Open spells are exactly the people each cohort's rules (or hand-picked list) select on the end date, so
``cohort_membership_refresh`` on that date changes nothing; closed spells are leavers (closed on their leave
date) and a few people who fitted once and have since moved on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from assessments.models import SkillArea
from cms.calendar import add_months
from learning.models import Team
from learning.staff_import.bulk import rows_insert
from readiness.demo import scale_data as data
from readiness.demo.scale_people import Person
from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget


def _matches(spec: dict, person: Person, end: date) -> bool:
    """Return whether ``person`` fits the cohort's rules (ignoring whether they have left)."""
    rules = False
    if spec.get("teams"):
        rules = True
        if data.DIRECTORATES[person.directorate][0] not in spec["teams"]:
            return False
    if spec.get("roles"):
        rules = True
        if person.job_role not in spec["roles"]:
            return False
    if spec.get("bands"):
        rules = True
        if person.band not in spec["bands"]:
            return False
    if spec.get("started_within_days"):
        rules = True
        if person.start_date is None or person.start_date < end - timedelta(days=spec["started_within_days"]):
            return False
    if spec.get("started_before_year"):
        rules = True
        if person.start_date is None or person.start_date > date(spec["started_before_year"] - 1, 12, 31):
            return False
    return rules


def cohorts_create(rng, organisation, people: list[Person], directorates: list[Team], courses: dict, end: date):
    """Create the cohorts with rules, targets and courses, and their membership spells.

    Return the number of spells and, per staff id, the (course slug, due date, joined on) of cohort courses.
    """
    directorate_ids = {team.name: team.id for team in directorates}
    areas = {area.slug: area for area in SkillArea.objects.filter(framework__slug="data-and-digital")}
    enrol_for: dict[int, list[tuple[str, date, date]]] = {}
    spells: list[dict] = []
    for spec in data.COHORTS:
        opened = add_months(end, -spec["months"])
        cohort = Cohort.objects.create(
            organisation=organisation,
            name=spec["name"],
            slug=spec["slug"],
            description=f"Generated cohort of the scale organisation, set up on {opened:%d %B %Y}.",
            rule_job_roles="\n".join(spec.get("roles", [])),
            rule_bands="\n".join(spec.get("bands", [])),
            rule_started_from=end - timedelta(days=spec["started_within_days"])
            if spec.get("started_within_days")
            else None,
            rule_started_to=date(spec["started_before_year"] - 1, 12, 31) if spec.get("started_before_year") else None,
            created_at=datetime.combine(opened, datetime.min.time(), tzinfo=UTC),
        )
        cohort.rule_teams.set([directorate_ids[name] for name in spec.get("teams", [])])
        CohortTarget.objects.bulk_create(
            CohortTarget(cohort=cohort, skill_area=areas[area], level=level)
            for area, level in zip(data.AREA_ORDER, spec["targets"], strict=True)
        )
        assigned = [(slug, end + timedelta(days=days)) for slug, days in spec["courses"]]
        CohortCourse.objects.bulk_create(
            CohortCourse(cohort=cohort, course_id=courses[slug].id, due_date=due) for slug, due in assigned
        )
        if spec.get("hand_picked"):
            chosen = rng.sample(people, max(5, round(len(people) * spec["hand_picked"])))
            picked = {p.id for p in chosen}
            through = Cohort.hand_picked.through
            through.objects.bulk_create(through(cohort_id=cohort.id, staffmember_id=pk) for pk in sorted(picked))
        else:
            picked = set()
        fitting = [person.id in picked or _matches(spec, person, end) for person in people]
        moved = 0.05 * sum(fitting) / len(people)  # a few people who fitted once but have since moved on
        for person, fits in zip(people, fitting, strict=True):
            spell = _spell(rng, person, fits, opened, end, moved)
            if spell is None:
                continue
            joined, left = spell
            spells.append({"cohort_id": cohort.id, "staff_id": person.id, "joined_on": joined, "left_on": left})
            for slug, due in assigned:
                enrol_for.setdefault(person.id, []).append((slug, due, joined))
    rows_insert(CohortMembership, spells)
    return len(spells), enrol_for


def _spell(rng, person: Person, fits: bool, opened: date, end: date, moved: float) -> tuple[date, date | None] | None:
    """Return (joined_on, left_on) for a person and a cohort, or None when they were never in it."""
    if fits:
        joined = opened
        if person.start_date and person.start_date > opened:
            joined = min(end, person.start_date + timedelta(days=rng.randrange(0, 10)))
        if person.current_on(end):
            return joined, None  # what the rules select on the end date
        if person.leave_date and person.leave_date >= joined:
            return joined, person.leave_date  # left the organisation
        return None
    if person.current_on(end) and rng.random() < moved and (end - opened).days > 60:
        joined = opened + timedelta(days=rng.randrange(0, (end - opened).days - 60))
        return joined, joined + timedelta(days=rng.randrange(30, 60))  # moved away from the cohort
    return None
