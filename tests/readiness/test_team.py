"""The line manager's "My team" page: reports' courses, due dates, levels against targets, privacy, query counts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import SkillArea, SkillResult
from learning.models import Enrolment, LessonProgress, Team
from learning.selectors import lesson_list_for_course
from readiness import team, team_rows
from readiness.models import Cohort, CohortMembership, CohortTarget
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory, course_with_lessons
from tests.factories.assessments import SkillAreaFactory

URL = "/learning/team/"
TODAY = date(2025, 6, 16)


def text(response) -> str:
    """Return the page's visible text with tags dropped and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook", slug="northbrook")


@pytest.fixture
def teams(org):
    return {
        "ward": Team.objects.create(organisation=org, name="Ward 7"),
        "community": Team.objects.create(organisation=org, name="Community nursing"),
    }


@pytest.fixture
def manager(org, teams):
    return StaffMemberFactory(organisation=org, first_name="Morgan", last_name="Reid", team=teams["ward"])


def report(manager, first: str, last: str, team=None, **kwargs):
    return StaffMemberFactory(
        organisation=manager.organisation, line_manager=manager, first_name=first, last_name=last, team=team, **kwargs
    )


def result(staff, area, level, *, source="assessed", days_ago=30, expires_in_days=700):
    now = timezone.now()
    return SkillResult.objects.create(
        staff=staff,
        area=area,
        level=level,
        source=source,
        assessed_at=now - timedelta(days=days_ago),
        expires_at=now + timedelta(days=expires_in_days),
    )


def cohort_with_target(org, slug: str, area_slug: str, level: int, members, left_on=None):
    cohort = Cohort.objects.create(organisation=org, name=slug.title(), slug=slug)
    CohortTarget.objects.create(cohort=cohort, skill_area=SkillArea.objects.get(slug=area_slug), level=level)
    for member in members:
        CohortMembership.objects.create(cohort=cohort, staff=member, joined_on=date(2024, 1, 1), left_on=left_on)
    return cohort


def overview_for(staff, **filters):
    return team.team_overview_for_user(staff.user, filters=team.TeamFilters(**filters))


def row_for(overview, name):
    return next(row for row in overview.rows if row.person.name == name)


def cell_for(row, area):
    return next(cell for cell in row.levels if cell.area.id == area.id)


# --- pure rules ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "completed", "overdue", "due_soon"),
    [
        (TODAY - timedelta(days=1), False, True, False),
        (TODAY, False, False, True),  # due today is not yet overdue
        (TODAY + timedelta(days=30), False, False, True),
        (TODAY + timedelta(days=31), False, False, False),
        (TODAY - timedelta(days=10), True, False, False),  # finished late is not overdue
        (None, False, False, False),
    ],
)
def test_overdue_and_due_soon_rules(due, completed, overdue, due_soon):
    assert team.is_overdue(due, completed=completed, today=TODAY) is overdue
    assert team.is_due_soon(due, completed=completed, today=TODAY) is due_soon


def test_course_status_rules():
    assert team.course_status(completed=False, started=False) == team_rows.NOT_STARTED
    assert team.course_status(completed=False, started=True) == team_rows.IN_PROGRESS
    assert team.course_status(completed=True, started=False) == team_rows.COMPLETED


def test_highest_cohort_target_wins_and_default_applies_elsewhere():
    targets = team.highest_targets([(1, "data", 2), (1, "data", 3), (1, None, None), (2, "ai", 1)])
    assert targets == {1: {"data": 3}, 2: {"ai": 1}}
    assert team_rows.target_level("data", 1, targets[1]) == 3
    assert team_rows.target_level("ai", 2, targets[1]) == 2
    assert team_rows.target_level("data", 4, {"data": 1}) == 1  # a cohort's target replaces the default


def test_latest_level_is_the_first_row_per_person_and_area():
    assert team.latest_levels([(1, 10, 3), (1, 10, 1), (1, 11, 2), (2, 10, 0)]) == {
        (1, 10): 3,
        (1, 11): 2,
        (2, 10): 0,
    }


# --- content ------------------------------------------------------------------------------------------------------


def test_manager_sees_direct_and_indirect_reports_with_courses(client, manager, teams):
    course = course_with_lessons(modules=1, lessons_per_module=3, slug="data-basics")
    lessons = lesson_list_for_course(course)
    sam = report(manager, "Sam", "Okoro", teams["ward"], job_role="Support Worker")
    lead = report(manager, "Lee", "Adams", teams["community"], job_role="Team Lead")
    indirect = report(lead, "Ivy", "Brown", teams["community"], job_role="Nurse")
    today = timezone.localdate()
    Enrolment.objects.create(staff=sam, course=course, due_date=today + timedelta(days=10))
    LessonProgress.objects.create(staff=sam, lesson=lessons[0], course=course, completed_at=timezone.now())
    Enrolment.objects.create(staff=indirect, course=course, due_date=today - timedelta(days=3))
    Enrolment.objects.create(staff=lead, course=course, completed_at=timezone.now())

    client.force_login(manager.user)
    response = client.get(URL)
    assert response.status_code == 200
    body = text(response)
    for expected in ["Sam Okoro", "Ward 7, Support Worker", "Ivy Brown", "Community nursing, Nurse", "Lee Adams"]:
        assert expected in body
    assert "Morgan Reid" not in body  # the manager is not their own report
    assert "3 people report to you" in body

    overview = overview_for(manager)
    assert [row.person.name for row in overview.rows] == ["Lee Adams", "Ivy Brown", "Sam Okoro"]
    sam_course = row_for(overview, "Sam Okoro").courses[0]
    assert (sam_course.title, sam_course.percent, sam_course.status) == (course.title, 33, team_rows.IN_PROGRESS)
    assert sam_course.due_soon and not sam_course.overdue
    ivy_course = row_for(overview, "Ivy Brown").courses[0]
    assert (ivy_course.percent, ivy_course.status, ivy_course.overdue) == (0, team_rows.NOT_STARTED, True)
    lee_course = row_for(overview, "Lee Adams").courses[0]
    assert (lee_course.percent, lee_course.status, lee_course.overdue) == (100, team_rows.COMPLETED, False)


def test_summary_lists_overdue_and_due_soon_at_the_top(client, manager, teams):
    course = course_with_lessons(modules=1, lessons_per_module=2, slug="security")
    other = course_with_lessons(modules=1, lessons_per_module=2, slug="ai-basics")
    today = timezone.localdate()
    late = report(manager, "Ola", "Late", teams["ward"])
    soon = report(manager, "Sue", "Soon", teams["ward"])
    later = report(manager, "Lou", "Later", teams["ward"])
    done = report(manager, "Dee", "Done", teams["ward"])
    Enrolment.objects.create(staff=late, course=course, due_date=today - timedelta(days=1))
    Enrolment.objects.create(staff=late, course=other, due_date=today)
    Enrolment.objects.create(staff=soon, course=course, due_date=today + timedelta(days=30))
    Enrolment.objects.create(staff=later, course=course, due_date=today + timedelta(days=31))
    Enrolment.objects.create(staff=done, course=course, due_date=today - timedelta(days=5), completed_at=timezone.now())

    overview = overview_for(manager)
    assert [(i.person.name, i.course) for i in overview.overdue] == [("Ola Late", course.title)]
    assert [(i.person.name, i.course) for i in overview.due_soon] == [
        ("Ola Late", other.title),
        ("Sue Soon", course.title),
    ]
    assert overview.overdue_people == 1

    client.force_login(manager.user)
    body = text(client.get(URL))
    summary = body[body.index("Due and overdue") : body.index("Your team")]
    assert "1 overdue course, for 1 person" in summary
    assert "2 courses due in the next 30 days" in summary
    assert "Lou Later" not in summary and "Dee Done" not in summary
    # overdue is said in words, not only by colour
    assert re.search(r"Ola Late .*Overdue", summary)


def test_overdue_only_and_team_filters(client, manager, teams):
    course = course_with_lessons(modules=1, lessons_per_module=2, slug="filters")
    today = timezone.localdate()
    late = report(manager, "Ola", "Late", teams["ward"])
    report(manager, "Ned", "Ontime", teams["ward"])
    community = report(manager, "Cal", "Community", teams["community"])
    Enrolment.objects.create(staff=late, course=course, due_date=today - timedelta(days=2))
    Enrolment.objects.create(staff=community, course=course, due_date=today + timedelta(days=90))

    assert [r.person.name for r in overview_for(manager, overdue_only=True).rows] == ["Ola Late"]
    by_team = overview_for(manager, team_id=teams["community"].id)
    assert [r.person.name for r in by_team.rows] == ["Cal Community"]
    by_team_sort = overview_for(manager, sort="team")
    assert [r.person.name for r in by_team_sort.rows] == ["Cal Community", "Ola Late", "Ned Ontime"]

    client.force_login(manager.user)
    body = text(client.get(URL, {"overdue": "1"}))
    tables = body[body.index("Course progress") :]
    assert "Ola Late" in tables and "Ned Ontime" not in tables


def test_bad_filters_show_a_message_and_everyone(client, manager, teams, org):
    report(manager, "Sam", "Okoro", teams["ward"])
    foreign_team = Team.objects.create(organisation=OrganisationFactory(), name="Elsewhere")
    client.force_login(manager.user)
    for query in ({"team": "ward"}, {"team": str(foreign_team.id)}, {"team": "9" * 40}):
        response = client.get(URL, query)
        assert response.status_code == 200
        body = text(response)
        assert team.ERROR_UNKNOWN_TEAM in body
        assert "Sam Okoro" in body and "Elsewhere" not in body
    body = text(client.get(URL, {"sort": "salary", "page": "many"}))
    assert team.ERROR_UNKNOWN_SORT in body and "Sam Okoro" in body


# --- levels against targets ---------------------------------------------------------------------------------------


@pytest.fixture
def areas(framework):
    return {
        "data": SkillAreaFactory(framework=framework, slug="reading-data", name="Reading data", default_target_level=1),
        "security": SkillAreaFactory(
            framework=framework, slug="security", name="Data protection", default_target_level=2, sort_order=2
        ),
    }


def test_levels_against_default_targets(client, manager, areas):
    sam = report(manager, "Sam", "Okoro")
    result(sam, areas["data"], 2)
    result(sam, areas["security"], 1)

    row = row_for(overview_for(manager), "Sam Okoro")
    data, security = cell_for(row, areas["data"]), cell_for(row, areas["security"])
    assert (data.level, data.target, data.below_target, data.meets_target) == (2, 1, False, True)
    assert (security.level, security.target, security.below_target) == (1, 2, True)
    assert (security.level_name, security.target_name) == ("1 – Awareness", "2 – Working")

    client.force_login(manager.user)
    body = text(client.get(URL))
    levels = body[body.index("Skill levels against targets") :]
    assert "1 – Awareness Target: 2 – Working Below target" in levels  # in words, not only by colour
    assert re.search(r"2 – Working Target: 1 – Awareness (?!Below target)", levels)


def test_cohort_target_overrides_the_default_and_the_highest_cohort_wins(manager, areas, org):
    sam = report(manager, "Sam", "Okoro")
    ali = report(manager, "Ali", "Khan")
    former = report(manager, "Fay", "Former")
    for person in (sam, ali, former):
        result(person, areas["data"], 2)
    cohort_with_target(org, "ward-managers", "reading-data", 3, [sam])
    cohort_with_target(org, "data-academy", "reading-data", 4, [sam])
    cohort_with_target(org, "awareness-only", "security", 1, [ali])
    cohort_with_target(org, "left-cohort", "reading-data", 4, [former], left_on=timezone.localdate())

    overview = overview_for(manager)
    sam_data = cell_for(row_for(overview, "Sam Okoro"), areas["data"])
    assert (sam_data.target, sam_data.below_target) == (4, True)
    assert cell_for(row_for(overview, "Sam Okoro"), areas["security"]).target == 2  # no cohort target: default
    assert cell_for(row_for(overview, "Ali Khan"), areas["security"]).target == 1  # lower than the default
    former_data = cell_for(row_for(overview, "Fay Former"), areas["data"])
    assert (former_data.target, former_data.meets_target) == (1, True)  # the spell ended today


def test_expired_results_and_self_ratings_do_not_count(client, manager, areas):
    expired = report(manager, "Eve", "Expired")
    result(expired, areas["data"], 3, days_ago=800, expires_in_days=-1)
    rated = report(manager, "Sid", "Selfrated")
    result(rated, areas["data"], 4, source="self_rated")
    newer_rating = report(manager, "Nia", "Newer")
    result(newer_rating, areas["data"], 1, days_ago=60)
    result(newer_rating, areas["data"], 4, source="self_rated", days_ago=1)
    observed = report(manager, "Oli", "Observed")
    result(observed, areas["data"], 1, days_ago=90)
    result(observed, areas["data"], 3, source="observed", days_ago=10)

    overview = overview_for(manager)
    assert cell_for(row_for(overview, "Eve Expired"), areas["data"]).level is None
    assert cell_for(row_for(overview, "Sid Selfrated"), areas["data"]).level is None
    assert cell_for(row_for(overview, "Nia Newer"), areas["data"]).level == 1
    assert cell_for(row_for(overview, "Oli Observed"), areas["data"]).level == 3

    client.force_login(manager.user)
    body = text(client.get(URL))
    assert re.search(r"Eve Expired Not assessed Target: 1 – Awareness", body)


# --- who is shown -------------------------------------------------------------------------------------------------


def test_leavers_and_anonymised_records_are_left_out(manager):
    today = timezone.localdate()
    report(manager, "Cur", "Rent")
    report(manager, "Lea", "Ving", leave_date=today + timedelta(days=14))  # working their notice
    report(manager, "Gone", "Yesterday", leave_date=today - timedelta(days=1))
    report(manager, "Gone", "Today", leave_date=today)
    # Only a leaver can be anonymised (learning.privacy), so an anonymised record always has a leave date passed.
    report(manager, "Anon", "Ymised", leave_date=today - timedelta(days=400), anonymised_at=timezone.now())
    names = [row.person.name for row in overview_for(manager).rows]
    assert names == ["Cur Rent", "Lea Ving"]


def test_a_manager_sees_only_their_own_reports(client, manager, org):
    mine = report(manager, "Sam", "Okoro")
    other_manager = StaffMemberFactory(organisation=org, first_name="Pat", last_name="Other")
    report(other_manager, "Xan", "Notmine")
    elsewhere = StaffMemberFactory(user=manager.user, first_name="Morgan", last_name="Reid")  # another organisation
    report(elsewhere, "Zed", "Elsewhere")
    client.force_login(manager.user)
    body = text(client.get(URL))
    assert "Sam Okoro" in body and "Zed Elsewhere" in body  # reports in each organisation they manage in
    assert "Xan Notmine" not in body and "Pat Other" not in body
    assert str(mine.employee_number) not in body

    client.force_login(other_manager.user)
    body = text(client.get(URL))
    assert "Xan Notmine" in body and "Sam Okoro" not in body and "Zed Elsewhere" not in body


def test_a_manager_who_left_sees_no_team(client, manager):
    report(manager, "Sam", "Okoro")
    manager.leave_date = timezone.localdate() - timedelta(days=1)
    manager.save()
    client.force_login(manager.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Sam Okoro" not in text(response)


def test_people_with_no_reports_get_an_explanation(client, staff):
    client.force_login(staff.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Nobody reports to you at the moment" in text(response)

    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "not linked to a current staff record" in text(response)


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_team_link_shows_only_for_people_with_reports(client, manager, staff):
    report(manager, "Sam", "Okoro")
    client.force_login(manager.user)
    assert 'href="/learning/team/">My team</a>' in client.get(reverse("learning:my_learning")).content.decode()
    client.force_login(staff.user)
    assert "My team" not in client.get(reverse("learning:my_learning")).content.decode()


def test_tables_have_captions_and_header_scopes(client, manager, areas):
    course = course_with_lessons(modules=1, lessons_per_module=2, slug="markup")
    sam = report(manager, "Sam", "Okoro")
    Enrolment.objects.create(staff=sam, course=course)
    report(manager, "Ned", "Noenrolment")
    client.force_login(manager.user)
    html = client.get(URL).content.decode()
    for caption in ("Course progress", "Skill levels against targets"):
        assert re.search(rf'<caption class="govuk-table__caption[^"]*"[^>]*>{caption}</caption>', html)
    assert '<th scope="rowgroup" rowspan="1"' in html
    assert '<th scope="col" class="govuk-table__header">Reading data</th>' in html
    assert "Not enrolled on any courses" in html


# --- scale --------------------------------------------------------------------------------------------------------


def _team_of(org, manager, size: int, course, areas) -> None:
    """Give the manager ``size`` reports: a third direct, the rest under the direct ones, all with records."""
    leads = [report(manager, "Lead", f"L{n}") for n in range(max(1, size // 3))]
    people = list(leads)
    for n in range(size - len(leads)):
        people.append(report(leads[n % len(leads)], "Member", f"M{n}"))
    cohort = cohort_with_target(org, f"cohort-{size}", "reading-data", 3, [])
    lesson = lesson_list_for_course(course)[0]
    for person in people:
        Enrolment.objects.create(staff=person, course=course, due_date=timezone.localdate())
        LessonProgress.objects.create(staff=person, lesson=lesson, course=course)
        result(person, areas["data"], 2)
        result(person, areas["security"], 1, source="self_rated")
        CohortMembership.objects.create(cohort=cohort, staff=person, joined_on=date(2024, 1, 1))


EXPECTED_SELECTOR_QUERIES = 13  # records, reports (3 tree levels), people, due, courses (3), areas, levels,
#                                 targets, level names


def test_query_count_does_not_grow_with_the_number_of_reports(client, org, teams, areas, django_assert_num_queries):
    course = course_with_lessons(modules=2, lessons_per_module=3, slug="scale")
    small_manager = StaffMemberFactory(organisation=org, first_name="Small", last_name="Manager")
    large_manager = StaffMemberFactory(organisation=org, first_name="Large", last_name="Manager")
    _team_of(org, small_manager, 3, course, areas)
    _team_of(org, large_manager, 30, course, areas)

    with django_assert_num_queries(EXPECTED_SELECTOR_QUERIES):
        small = overview_for(small_manager)
    with django_assert_num_queries(EXPECTED_SELECTOR_QUERIES):
        large = overview_for(large_manager)
    assert (small.people_total, len(small.rows)) == (3, 3)
    assert (large.people_total, len(large.rows)) == (30, team.PAGE_SIZE)
    assert all(cell_for(row, areas["data"]).target == 3 for row in large.rows)

    counts = []
    for manager in (small_manager, large_manager):
        client.force_login(manager.user)
        client.get(URL)  # the navigation's "has reports" answer is cached after the first page
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_large_teams_are_split_into_pages(client, org, manager):
    for n in range(team.PAGE_SIZE + 5):
        report(manager, "Person", f"P{n:02d}")
    client.force_login(manager.user)
    first = text(client.get(URL))
    assert f"Showing 1 to {team.PAGE_SIZE} of {team.PAGE_SIZE + 5} people" in first
    second = client.get(URL, {"page": "2"})
    assert f"Showing {team.PAGE_SIZE + 1} to {team.PAGE_SIZE + 5}" in text(second)
    assert 'aria-current="page">2</a>' in second.content.decode()
