"""Load the readiness worked example (tests/fixtures) into the database as a real cohort."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from django.utils import timezone

from assessments.models import SkillArea, SkillResult
from readiness.models import Cohort, CohortMembership, CohortTarget
from tests.factories.assessments import SkillFrameworkFactory
from tests.factories.learning import OrganisationFactory, StaffMemberFactory, TeamFactory
from tests.fixtures import fixture_path

EXAMPLE_PATH = fixture_path("readiness_worked_example.json")


def worked_example() -> dict:
    return json.loads(EXAMPLE_PATH.read_text())


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_worked_example(organisation=None) -> tuple[Cohort, dict]:
    """Create the example's teams, people (employee numbers = their ids), cohort, spells and results.

    Returns the cohort and {person id: StaffMember}. Results are stamped at noon, local time, on their day.
    """
    example = worked_example()
    organisation = organisation or OrganisationFactory()
    framework = SkillFrameworkFactory()
    areas = {
        slug: SkillArea.objects.get_or_create(
            framework=framework,
            slug=slug,
            defaults={"name": slug.replace("-", " ").capitalize(), "expiry_months": months, "sort_order": order},
        )[0]
        for order, (slug, months) in enumerate(example["expiry_months"].items())
    }
    teams = {}
    people = {}
    for spec in example["people"]:
        team = teams.get(spec["team"]) or teams.setdefault(
            spec["team"], TeamFactory(organisation=organisation, name=spec["team"])
        )
        people[spec["id"]] = StaffMemberFactory(
            organisation=organisation, team=team, employee_number=spec["id"], first_name="Person", last_name=spec["id"]
        )
    cohort = Cohort.objects.create(organisation=organisation, name="Worked example", slug=example["cohort"]["slug"])
    for slug, level in example["cohort"]["targets"].items():
        CohortTarget.objects.create(cohort=cohort, skill_area=areas[slug], level=level)
    for spec in example["people"]:
        CohortMembership.objects.create(
            cohort=cohort, staff=people[spec["id"]], joined_on=_day(spec["joined_on"]), left_on=_day(spec["left_on"])
        )
    for spec in example["results"]:
        area = areas[spec["skill_area"]]
        moment = timezone.make_aware(datetime.combine(_day(spec["assessed_on"]), time(12)))
        SkillResult.objects.create(
            staff=people[spec["person"]],
            area=area,
            level=spec["level"],
            source=spec["source"],
            assessed_at=moment,
        )
    return cohort, people
