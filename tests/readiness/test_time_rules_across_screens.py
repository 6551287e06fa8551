"""One result, every screen: the expiry day and the local calendar day give the same answer everywhere.

The screens are My skills (the learner), My team (their line manager), the cohort pages and the organisation
overview (HR), the staff export, and the learner's own record download. Each case is a single stored result;
the test reads it back through each screen and expects one answer.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from assessments import selectors, validity
from assessments.models import SkillResult
from cms.calendar import end_of_local_day, local_day, start_of_local_day
from readiness import team
from readiness.models import Cohort, CohortMembership, CohortTarget
from readiness.reports import drilldown, exports, service
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.factories.assessments import SkillAreaFactory, SkillFrameworkFactory

pytestmark = pytest.mark.django_db

FRAMEWORK_MONTHS = 36


@pytest.fixture
def world():
    """A learner and their manager in one organisation; a cohort targeting one area; the area has no own period."""
    org = OrganisationFactory(name="Northbrook", slug="northbrook")
    framework = SkillFrameworkFactory(default_expiry_months=FRAMEWORK_MONTHS)
    area = SkillAreaFactory(framework=framework, expiry_months=None, default_target_level=1, slug="sharing-data")
    manager = StaffMemberFactory(organisation=org, first_name="Morgan", last_name="Reid", start_date=date(2020, 1, 1))
    learner = StaffMemberFactory(
        organisation=org, first_name="Lee", last_name="Learner", line_manager=manager, start_date=date(2020, 1, 1)
    )
    cohort = Cohort.objects.create(organisation=org, name="Everyone", slug="everyone")
    CohortTarget.objects.create(cohort=cohort, skill_area=area, level=1)
    CohortMembership.objects.create(cohort=cohort, staff=learner, joined_on=date(2020, 1, 1))
    return {"org": org, "area": area, "manager": manager, "learner": learner, "cohort": cohort}


def level_everywhere(world, day: date) -> dict[str, int | None]:
    """Return the learner's level in the area on ``day`` as each screen that shows one reads it."""
    learner, area, cohort, org = world["learner"], world["area"], world["cohort"], world["org"]
    found: dict[str, int | None] = {}
    cohort_report = service.cohort_report(cohort, day)
    cohort_staff = drilldown.cohort_staff(cohort, cohort_report)
    found["cohort staff page"] = _level_in(cohort_staff, learner)
    assessed = int(cohort_report.area_table.set_index("skill_area").loc[area.slug, "assessed"])
    found["cohort overview (assessed count)"] = assessed
    org_report = service.organisation_report(org, day)
    found["organisation overview (assessed count)"] = int(
        org_report.area_table.set_index("skill_area").loc[area.slug, "assessed"]
    )
    found["organisation staff page"] = _level_in(drilldown.organisation_staff(org, org_report), learner)
    row = _export_row(world, day)
    found["staff export"] = int(row["assessed_level"]) if row["assessed_level"] else None
    return found


def level_today_for_people(world) -> dict[str, int | None]:
    """Return the learner's level today on the learner's and the manager's screens."""
    learner, area, manager = world["learner"], world["area"], world["manager"]
    profile = {item.area.id: item for item in selectors.skill_profile_for_staff(learner)}
    overview = team.team_overview_for_user(manager.user, filters=team.TeamFilters())
    row = next(row for row in overview.rows if row.person.id == learner.id)
    cell = next(cell for cell in row.levels if cell.area.id == area.id)
    return {"my skills": profile[area.id].assessed_level, "my team": cell.level}


def _level_in(staff_table, learner) -> int | None:
    rows = staff_table[staff_table["staff_id"] == learner.id]
    value = rows["assessed_level"].iloc[0]
    return None if pd.isna(value) else int(value)


def _export_row(world, day: date) -> dict[str, str]:
    exported = exports.readiness_export(cohort=world["cohort"], as_of=day, table="staff", file_format="csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    return next(row for row in rows if row["employee_number"] == world["learner"].employee_number)


def old_result(world, *, level: int, source: str, expires_at: datetime) -> SkillResult:
    """Store a result taken 400 days ago with the given stored expiry."""
    return SkillResult.objects.create(
        staff=world["learner"],
        area=world["area"],
        level=level,
        source=source,
        assessed_at=timezone.now() - timedelta(days=400),
        expires_at=expires_at,
    )


def _counted(found: dict[str, int | None]) -> dict[str, bool]:
    """Return, per screen, whether it counts the result (a level, or an assessed count of one)."""
    return {screen: bool(value) if "count" in screen else value is not None for screen, value in found.items()}


@pytest.mark.parametrize(
    "expiry_time",
    [
        lambda today: start_of_local_day(today),  # as every result is stored now
        lambda today: end_of_local_day(today) - timedelta(minutes=1),  # a stored moment later today
    ],
    ids=["stored at the start of the day", "stored later in the day"],
)
def test_on_its_expiry_day_a_result_has_expired_on_every_screen_and_counted_the_day_before(world, expiry_time):
    today = local_day(timezone.now())
    old_result(world, level=2, source="assessed", expires_at=expiry_time(today))  # today is the expiry day
    assert set(_counted(level_everywhere(world, today)).values()) == {False}
    assert level_today_for_people(world) == {"my skills": None, "my team": None}
    yesterday = level_everywhere(world, today - timedelta(days=1))
    assert set(_counted(yesterday).values()) == {True}
    assert yesterday["staff export"] == yesterday["cohort staff page"] == 2


def test_the_day_before_its_expiry_day_a_result_counts_for_the_learner_and_the_manager(world):
    today = local_day(timezone.now())
    old_result(world, level=3, source="observed", expires_at=end_of_local_day(today))  # tomorrow is the expiry day
    assert level_today_for_people(world) == {"my skills": 3, "my team": 3}
    assert set(_counted(level_everywhere(world, today)).values()) == {True}


def _last_summer_day(today: date) -> date:
    """Return 15 June of the latest year whose 15 June is before ``today``: a day in British Summer Time."""
    year = today.year if today > date(today.year, 6, 15) else today.year - 1
    return date(year, 6, 15)


def test_a_result_from_half_past_midnight_in_summer_time_is_dated_and_counted_on_that_local_day(world, client):
    day = _last_summer_day(local_day(timezone.now()))
    moment = datetime(day.year, 6, 14, 23, 30, tzinfo=UTC)  # 00:30 BST on 15 June
    result = SkillResult.objects.create(
        staff=world["learner"], area=world["area"], level=2, source="assessed", assessed_at=moment
    )
    # Stored by the rule: the framework's 36 months from the local day, not from the UTC one.
    assert result.expires_at == start_of_local_day(date(day.year + 3, 6, 15))

    on_the_day = level_everywhere(world, day)
    assert set(_counted(on_the_day).values()) == {True}
    assert _export_row(world, day)["assessed_at"] == day.isoformat()  # not the UTC day before
    assert set(_counted(level_everywhere(world, day - timedelta(days=1))).values()) == {False}
    assert level_today_for_people(world) == {"my skills": 2, "my team": 2}

    client.force_login(world["learner"].user)
    my_skills = client.get(reverse("assessments:my_skills")).content.decode()
    assert "15 Jun " + str(day.year) in my_skills
    record = client.get(reverse("assessments:my_record_csv")).content.decode("utf-8-sig")
    assert f"{day.isoformat()}T00:30:00+01:00" in record


def test_a_result_cannot_be_stored_without_its_expiry(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillResult.objects.bulk_create(
            [SkillResult(staff=world["learner"], area=world["area"], level=1, source="assessed")]
        )


def test_every_write_path_stores_the_expiry_by_the_one_rule(world):
    area, learner = world["area"], world["learner"]
    moment = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # 23:30 GMT on 28 March, the night before BST
    result = SkillResult.objects.create(staff=learner, area=area, level=1, source="self_rated", assessed_at=moment)
    assert result.expires_at == validity.expires_at_for(moment, FRAMEWORK_MONTHS)
    area.expiry_months = 12
    area.save()
    assert selectors.expiry_months_by_area([area.id]) == {area.id: 12}
    assert selectors.result_expires_at(area.id, moment) == start_of_local_day(date(2027, 3, 28))
