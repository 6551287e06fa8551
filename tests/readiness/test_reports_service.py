"""Readiness reports read from the database: the worked example end to end, query counts, edge cases."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import SkillResult
from cms.calendar import end_of_local_day
from learning import services as learning_services
from learning.models import Enrolment, LessonProgress
from learning.pages import LessonPage
from readiness import engine as readiness
from readiness.models import CohortCourse, CohortMembership
from readiness.reports import drilldown, service
from tests.factories.learning import StaffMemberFactory, TeamFactory, course_with_lessons
from tests.factories.readiness import load_worked_example, worked_example

pytestmark = pytest.mark.django_db

EXAMPLE = worked_example()
SECTIONS = ("baseline", "as_of")


@pytest.fixture
def example():
    return load_worked_example()


def day(section: str) -> date:
    return date.fromisoformat(EXAMPLE["expected"][section]["as_of"])


@pytest.mark.parametrize("section", SECTIONS)
def test_area_table_reproduces_the_worked_example(example, section):
    cohort, _ = example
    expected = EXAMPLE["expected"][section]
    report = service.cohort_report(cohort, day(section))
    areas = readiness.rounded(report.area_table).set_index("skill_area")
    assert list(areas.index) == list(expected["areas"])  # framework order of the targeted areas
    for slug, figures in expected["areas"].items():
        for name, value in figures.items():
            if name != "levels":
                assert areas.loc[slug, name] == value, (section, slug, name)
        assert areas.loc[slug, "cohort"] == "worked-example"
        assert areas.loc[slug, "as_of"] == day(section)


@pytest.mark.parametrize("section", SECTIONS)
def test_summary_and_team_rows_reproduce_the_worked_example_with_suppression(example, section):
    cohort, _ = example
    expected = EXAMPLE["expected"][section]
    report = service.cohort_report(cohort, day(section))
    summary = readiness.rounded(report.summary).iloc[0]
    assert summary["members"] == expected["members"]
    assert summary["readiness_mean"] == expected["readiness_mean"]
    assert summary["readiness_all"] == expected["readiness_all"]
    teams = readiness.rounded(report.teams)
    got = [
        {
            "team": row.team,
            "skill_area": row.skill_area,
            "members": None if pd_na(row.members) else int(row.members),
            "ready": None if pd_na(row.ready) else int(row.ready),
            "readiness": None if pd_na(row.readiness) else row.readiness,
            "suppressed": int(row.suppressed),
        }
        for row in teams.itertuples()
    ]
    assert got == expected["teams"]


def pd_na(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


@pytest.mark.parametrize("section", SECTIONS)
def test_staff_rows_carry_each_members_level_as_in_the_worked_example(example, section):
    cohort, _ = example
    expected = EXAMPLE["expected"][section]
    report = service.cohort_report(cohort, day(section))
    staff = drilldown.cohort_staff(cohort, report)
    assert sorted(set(staff["employee_number"])) == sorted(expected["member_ids"])
    for row in staff.itertuples():
        level = expected["areas"][row.skill_area]["levels"][row.employee_number]
        assert (None if pd_na(row.assessed_level) else int(row.assessed_level)) == level
        assert row.ready == int(level is not None and level >= row.target_level)
        assert (row.assessed_at is None) == (level is None)
    assert list(staff.columns[: len(service.STAFF_COLUMNS)]) == service.STAFF_COLUMNS


def test_learning_gain_reproduces_the_worked_example(example):
    cohort, _ = example
    expected = EXAMPLE["expected"]["learning_gain"]
    gain = drilldown.cohort_learning_gain(
        cohort, date.fromisoformat(expected["baseline"]), date.fromisoformat(expected["as_of"])
    )
    gain = readiness.rounded(gain).set_index("skill_area")
    for slug, figures in expected["areas"].items():
        assert gain.loc[slug, "people"] == len(figures["paired"])
        assert gain.loc[slug, "mean_level_change"] == figures["mean_level_change"]
        assert gain.loc[slug, "not_ready_at_baseline"] == len(figures["not_ready_at_baseline"])
        assert gain.loc[slug, "conversion"] == figures["conversion"]


def test_a_self_rating_and_a_result_recorded_after_the_day_change_nothing(example):
    cohort, people = example
    before = service.cohort_report(cohort, day("as_of")).area_table
    area = SkillResult.objects.filter(staff=people["J"]).first().area
    for source, moment_day in (("self_rated", day("as_of")), ("assessed", day("as_of") + timedelta(days=1))):
        SkillResult.objects.create(
            staff=people["J"],
            area=area,
            level=4,
            source=source,
            assessed_at=end_of_local_day(moment_day) - timedelta(hours=1),
            expires_at=end_of_local_day(moment_day) + timedelta(days=400),
        )
    after = service.cohort_report(cohort, day("as_of")).area_table
    assert after.equals(before)


def test_a_member_who_left_the_organisation_is_not_counted(example):
    cohort, people = example
    people["A"].leave_date = day("as_of")
    people["A"].save()
    report = service.cohort_report(cohort, day("as_of"))
    assert report.summary.loc[0, "members"] == EXAMPLE["expected"]["as_of"]["members"] - 1


def test_query_count_does_not_grow_with_the_cohort(example, django_assert_num_queries):
    cohort, people = example
    as_of = day("as_of")
    with CaptureQueriesContext(connection) as small:
        drilldown.cohort_staff(cohort, service.cohort_report(cohort, as_of))
    team = TeamFactory(organisation=cohort.organisation, name="Ward 3")
    for _ in range(40):
        staff = StaffMemberFactory(organisation=cohort.organisation, team=team)
        CohortMembership.objects.create(cohort=cohort, staff=staff, joined_on=date(2026, 1, 1))
    with CaptureQueriesContext(connection) as large:
        report = service.cohort_report(cohort, as_of)
        staff = drilldown.cohort_staff(cohort, report)
    assert report.summary.loc[0, "members"] == 51
    assert staff["staff_id"].nunique() == 51
    assert len(large.captured_queries) == len(small.captured_queries)


def test_completion_counts_enrolled_started_completed_and_overdue_per_course(example):
    cohort, people = example
    course = course_with_lessons(modules=1, lessons_per_module=2)
    as_of = day("as_of")
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=as_of - timedelta(days=10))
    enrolled_at = end_of_local_day(as_of) - timedelta(days=60)
    for pid, completed in (("A", True), ("B", False), ("C", False)):
        Enrolment.objects.create(
            staff=people[pid],
            course=course,
            enrolled_at=enrolled_at,
            due_date=as_of - timedelta(days=10),
            completed_at=enrolled_at + timedelta(days=1) if completed else None,
        )
    lesson = LessonPage.objects.descendant_of(course).first()

    LessonProgress.objects.create(staff=people["B"], lesson=lesson, course=course, first_viewed_at=enrolled_at)
    assert learning_services.enrolment_starts_fill(staff_ids=[people["B"].id]) == 1
    report = service.cohort_report(cohort, as_of)
    row = report.completion.iloc[0]
    assert (row.course, row.enrolled, row.started, row.completed, row.overdue) == (course.title, 3, 2, 1, 2)
    assert tuple(report.summary.loc[0, ["enrolments", "completed", "overdue"]]) == (3, 1, 2)
    # Before the due date nothing is overdue.
    early = service.cohort_report(cohort, as_of - timedelta(days=20))
    assert early.completion.iloc[0].overdue == 0


def _assigned_course(cohort, people, as_of, plan):
    """Assign a two-lesson course due ten days before ``as_of`` and enrol people: plan maps id -> state."""
    course = course_with_lessons(modules=1, lessons_per_module=2)
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=as_of - timedelta(days=10))
    enrolled_at = end_of_local_day(as_of) - timedelta(days=60)
    for pid, state in plan.items():
        Enrolment.objects.create(
            staff=people[pid],
            course=course,
            enrolled_at=enrolled_at,
            due_date=as_of - timedelta(days=10),
            started_at=enrolled_at if state != "new" else None,
            completed_at=enrolled_at + timedelta(days=1) if state == "done" else None,
        )
    return course


def test_completion_per_team_adds_up_the_courses_and_hides_small_teams(example):
    cohort, people = example
    as_of = day("as_of")
    plan = {"A": "done", "B": "started", "C": "new", "G": "done", "H": "new"}
    _assigned_course(cohort, people, as_of, plan)
    report = service.cohort_report(cohort, as_of)
    teams = report.completion_teams.set_index("team")
    assert list(report.completion_teams.columns) == service.TEAM_COMPLETION_COLUMNS
    assert list(teams.index) == ["Ward 1", "Ward 2"]  # the heatmap's order
    team_of = {p["id"]: p["team"] for p in EXAMPLE["people"]}
    for team in ("Ward 1", "Ward 2"):
        mine = [state for pid, state in plan.items() if team_of[pid] == team]
        row = teams.loc[team]
        assert row.enrolled == len(mine)
        assert row.started == sum(state != "new" for state in mine)
        assert row.completed == mine.count("done")
        assert row.overdue == len(mine) - mine.count("done")  # the due date has passed
        assert row.suppressed == 0
    assert teams["enrolled"].sum() == report.summary.loc[0, "enrolments"]
    # At the baseline Ward 2 has fewer than 5 members: its row keeps the team but shows no counts.
    early = service.cohort_report(cohort, day("baseline")).completion_teams.set_index("team")
    assert early.loc["Ward 2", "suppressed"] == 1
    assert early.loc["Ward 2", ["members", "enrolled", "started", "completed", "overdue"]].isna().all()
    assert early.loc["Ward 1", "suppressed"] == 0


def test_trend_has_one_point_per_month_and_ends_on_the_day(example):
    cohort, _ = example
    trend = drilldown.cohort_trend(cohort, day("as_of"), months=6)
    assert sorted(set(trend["as_of"]))[-1] == day("as_of")
    assert trend["as_of"].nunique() == 6
    last = readiness.rounded(trend[trend["as_of"] == day("as_of")]).set_index("skill_area")
    for slug, figures in EXAMPLE["expected"]["as_of"]["areas"].items():
        assert last.loc[slug, "readiness"] == figures["readiness"]
