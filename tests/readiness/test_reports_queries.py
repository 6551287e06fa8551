"""Reporting SQL: both shapes of the per-area level counts agree with each other and with the pure engine."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import SkillArea, SkillResult
from cms.calendar import end_of_local_day
from readiness import engine as readiness
from readiness.models import Cohort, CohortMembership, CohortTarget
from readiness.reports import queries, service
from readiness.reports.queries import Members
from tests.factories.assessments import SkillFrameworkFactory
from tests.factories.learning import OrganisationFactory, StaffMemberFactory, TeamFactory
from tests.factories.readiness import load_worked_example, worked_example

pytestmark = pytest.mark.django_db

EXAMPLE = worked_example()
AS_OF = date(2026, 6, 30)
AREAS = {"prop-sharing": 24, "prop-charts": 24, "prop-privacy": 12}  # slug -> expiry months
TEAMS = ("North", "South")


def _counts(cohort: Cohort, day: date, strategy: str) -> list[tuple]:
    areas = service.cohort_areas(cohort)
    rows = queries.level_counts(
        Members.of_cohort(cohort.id, day), {a.id: a.target for a in areas}, end_of_local_day(day), strategy=strategy
    )
    return sorted((team or 0, area or 0, level, count) for team, area, level, count in rows)


@pytest.mark.parametrize("section", ["baseline", "as_of"])
def test_both_shapes_count_the_worked_example_alike(section):
    cohort, _ = load_worked_example()
    day = date.fromisoformat(EXAMPLE["expected"][section]["as_of"])
    window = _counts(cohort, day, queries.WINDOW)
    lookup = _counts(cohort, day, queries.LOOKUP)
    members = sum(count for _, area, level, count in window if area == 0 and level == queries.MEMBERS)
    assert members == EXAMPLE["expected"][section]["members"]
    assert window == lookup


def test_an_unknown_shape_is_refused():
    cohort, _ = load_worked_example()
    with pytest.raises(ValueError, match="Unknown strategy"):
        _counts(cohort, AS_OF, "guess")


def test_each_database_has_a_preferred_shape():
    assert queries.preferred_strategy() in queries.STRATEGIES


# --- the SQL path against the pure engine on generated data ------------------------------------------------------

person = st.fixed_dictionaries(
    {
        "team": st.sampled_from(TEAMS),
        "joined": st.integers(-400, 10),  # days from AS_OF; a spell starting after the day does not count
        "left": st.none() | st.integers(-200, 30),
        "leave": st.none() | st.integers(-100, 30),
    }
)
result = st.fixed_dictionaries(
    {
        "person": st.integers(0, 11),
        "area": st.sampled_from(list(AREAS)),
        "level": st.integers(0, 4),
        "source": st.sampled_from(["assessed", "observed", "self_rated"]),
        "day": st.integers(-800, 5),  # includes expired results and results recorded after the day
    }
)
targets = st.fixed_dictionaries({slug: st.integers(0, 3) for slug in AREAS}).filter(lambda t: any(t.values()))


def _moment(offset: int) -> datetime:
    return timezone.make_aware(datetime.combine(AS_OF + timedelta(days=offset), time(12)))


def _build(people: list[dict], results: list[dict], wanted: dict[str, int]):
    """Create the cohort in the database and return it with the engine's members and results frames."""
    organisation = OrganisationFactory()
    framework = SkillFrameworkFactory()
    areas = {
        slug: SkillArea.objects.create(framework=framework, slug=slug, name=slug, expiry_months=months, sort_order=i)
        for i, (slug, months) in enumerate(AREAS.items())
    }
    teams = {name: TeamFactory(organisation=organisation, name=name) for name in TEAMS}
    cohort = Cohort.objects.create(organisation=organisation, name="Generated", slug="generated")
    for slug, level in wanted.items():
        if level:  # no target row means the area is not targeted
            CohortTarget.objects.create(cohort=cohort, skill_area=areas[slug], level=level)
    staff, member_rows, result_rows = [], [], []
    for spec in people:
        leave = AS_OF + timedelta(days=spec["leave"]) if spec["leave"] is not None else None
        member = StaffMemberFactory(organisation=organisation, team=teams[spec["team"]], leave_date=leave)
        staff.append(member)
        joined = AS_OF + timedelta(days=spec["joined"])
        left = joined + timedelta(days=abs(spec["left"]) + 1) if spec["left"] is not None else None
        CohortMembership.objects.create(cohort=cohort, staff=member, joined_on=joined, left_on=left)
        member_rows.append(
            {"person": member.pk, "team": spec["team"], "joined_on": joined, "left_on": left, "left_org_on": leave}
        )
    for spec in results:
        area = areas[spec["area"]]
        moment = _moment(spec["day"])
        row = SkillResult.objects.create(
            staff=staff[spec["person"] % len(staff)],
            area=area,
            level=spec["level"],
            source=spec["source"],
            assessed_at=moment,
        )
        local = timezone.localtime(moment).replace(tzinfo=None)
        result_rows.append(
            {
                "person": row.staff_id,
                "skill_area": spec["area"],
                "level": spec["level"],
                "source": spec["source"],
                "assessed_on": local,
                "expires_on": timezone.localtime(row.expires_at).replace(tzinfo=None),
                "id": row.pk,
            }
        )
    members = pd.DataFrame(member_rows, columns=["person", "team", "joined_on", "left_on", "left_org_on"])
    frame = pd.DataFrame(
        result_rows, columns=["person", "skill_area", "level", "source", "assessed_on", "expires_on", "id"]
    )
    return cohort, members, frame


@pytest.mark.parametrize("strategy", queries.STRATEGIES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(person, min_size=1, max_size=12),
    results=st.lists(result, max_size=40),
    wanted=targets,
)
def test_the_database_report_equals_the_engine_on_generated_cohorts(monkeypatch, strategy, people, results, wanted):
    monkeypatch.setattr(queries, "preferred_strategy", lambda: strategy)
    with transaction.atomic():
        cohort, members, frame = _build(people, results, wanted)
        report = service.cohort_report(cohort, AS_OF)
        ordered = {slug: wanted[slug] for slug in AREAS}
        engine = readiness.readiness_report(members, frame, ordered, AS_OF, expiry_months=AREAS)
        mine = readiness.rounded(report.area_table)[readiness.AREA_COLUMNS]
        theirs = readiness.rounded(engine["areas"])[readiness.AREA_COLUMNS]
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), theirs.reset_index(drop=True), check_dtype=False)
        summary = readiness.rounded(report.summary).iloc[0]
        expected = readiness.rounded(engine["summary"]).iloc[0]
        assert int(summary["members"]) == int(expected["members"])
        for name in ("readiness_mean", "readiness_all"):
            assert (pd.isna(summary[name]) and pd.isna(expected[name])) or summary[name] == expected[name], name
        columns = ["team", "skill_area", "members", "ready", "suppressed"]
        got = report.teams[columns].astype(object).where(report.teams[columns].notna(), None)
        want = engine["teams"][columns].astype(object).where(engine["teams"][columns].notna(), None)
        key = ["team", "skill_area"]
        assert sorted(map(tuple, got.values.tolist())) == sorted(map(tuple, want.sort_values(key).values.tolist())), (
            "team rows"
        )
        transaction.set_rollback(True)
