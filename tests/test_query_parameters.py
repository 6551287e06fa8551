"""Bad input in any query parameter is a 400 or a normal page, never a server error.

Two passes:

- every URL of the URLconf (the authorisation walker's list), for an anonymous visitor, a learner and HR,
  with every parameter name the site reads set to one nasty value at a time. Every id in a URL (4242) is an
  object of HR's own organisation, so HR's pages really run and read their parameters;
- the pages that read parameters, with hypothesis choosing several parameters at once from valid and
  nasty values, since a view can stop at the first bad parameter and never read the next.

It runs on SQLite and PostgreSQL (PostgreSQL refuses NUL in text outright).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Attempt, SkillResult
from cms.middleware import BAD_ADDRESS
from learning.models import Enrolment, Team
from readiness.models import Cohort, CohortMembership, CohortTarget
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory, course_with_lessons
from tests.factories.assessments import QuestionFactory, fixed_assessment
from tests.factories.learning import mfa_activate
from tests.factories.readiness import load_worked_example
from tests.test_authorization import FOREIGN_ID, all_urls

pytestmark = pytest.mark.django_db

# Parameter names: the common ones, those the project's views read (grep request.GET in learning/,
# assessments/ and cms/: search q/page; readiness as_of/baseline/area/team/team_only/status/directorate/
# table/format/page; my team team/sort/overdue/page) and Wagtail's listings and filters.
PARAMETERS = [
    "q", "page", "as_of", "baseline", "area", "team", "team_only", "status", "directorate", "table", "format",
    "sort", "overdue", "ordering", "p", "export", "next", "organisation", "cohort", "band", "source", "action",
    "timestamp_after", "timestamp_before", "locale", "content_type", "user",
]  # fmt: skip

# Raw query-string values (already percent-encoded): the middleware's cases.
NUL = "a%00b"
LONE_SURROGATE = "%ED%A0%80"  # a UTF-16 surrogate written as UTF-8: not text
NOT_UTF8 = "%FF%FE"
UNREADABLE = [NUL, LONE_SURROGATE, NOT_UTF8]
# Values that decode to text: the views' cases.
LONG = "x" * 10_001
ODD_DATES = ["2026-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "-1", "2026-13-01", "1e9"]
NUMBERS = ["9223372036854775808", "9" * 5000, "-0", "1.5", "nan", "inf"]
OTHER = [LONG, "' OR 1=1 --", "<script>x</script>", '=HYPERLINK("https://evil.example")', " ", ""]
TEXT_VALUES = ODD_DATES + NUMBERS + OTHER
# One pass over every URL per value costs about 20 s: the walk uses the values most likely to break a view.
WALK_VALUES = [*UNREADABLE, LONG, "2026-02-30", "9223372036854775808"]
VALID = ["1", "2", "2026-01-15", "csv", "xlsx", "staff", "not-ready", "name", "-name"]


def _encoded(value: str) -> str:
    return value if value in UNREADABLE else quote(value, safe="")


def query_with(params: dict[str, str]) -> str:
    """Return a query string with each value percent-encoded, except the raw unreadable ones."""
    return "&".join(f"{name}={_encoded(value)}" for name, value in params.items())


@pytest.fixture
def people(db):
    """An organisation whose objects carry the walker's id (4242), its HR, a manager and a learner."""
    home = OrganisationFactory(id=FOREIGN_ID, name="Home council", slug="home")
    cohort, _members = load_worked_example(home)
    team = Team.objects.create(id=FOREIGN_ID, organisation=home, name="Ward 4242")
    manager = StaffMemberFactory(organisation=home, team=team)
    learner_user = UserFactory(id=FOREIGN_ID)
    learner = StaffMemberFactory(
        id=FOREIGN_ID,
        organisation=home,
        team=team,
        user=learner_user,
        line_manager=manager,
        start_date=date(2024, 1, 1),
    )
    course = course_with_lessons(modules=1, lessons_per_module=2)
    Enrolment.objects.create(id=FOREIGN_ID, staff=learner, course=course)
    question = QuestionFactory()
    attempt = Attempt.objects.create(id=FOREIGN_ID, staff=learner, assessment=fixed_assessment([question]), items=[])
    SkillResult.objects.create(
        id=FOREIGN_ID, staff=learner, area=question.area, level=2, source="assessed", attempt=attempt
    )
    second = Cohort.objects.create(id=FOREIGN_ID, organisation=home, name="Ward cohort", slug="ward")
    CohortTarget.objects.create(cohort=second, skill_area=cohort.targets.first().skill_area, level=2)
    CohortMembership.objects.create(cohort=second, staff=learner, joined_on=date(2024, 1, 1))
    hr = StaffMemberFactory(organisation=home)
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    return {"learner": learner.user, "manager": manager.user, "hr": hr.user, "cohort": cohort, "home": home}


def client_for(people, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(people[role])
    return client


def test_a_nul_byte_in_the_search_is_a_bad_request_not_a_server_error(db):
    response = Client(raise_request_exception=False).get("/search/?q=a%00b")
    assert response.status_code == 400
    assert response.content.decode() == BAD_ADDRESS


@pytest.mark.parametrize("raw", UNREADABLE)
def test_unreadable_bytes_in_a_path_or_a_query_are_a_bad_request(db, raw):
    client = Client(raise_request_exception=False)
    assert client.get(f"/search/?q={raw}").status_code == 400
    assert client.get(f"/search/?{raw}=1").status_code == 400
    assert client.get(f"/learning/{raw}/").status_code == 400


def test_percent_signs_and_plus_signs_that_are_text_still_work(db):
    response = Client().get("/search/?q=100%25+sure%2B%C3%A9")
    assert response.status_code == 200
    assert response.context["query"] == "100% sure+é"


@pytest.mark.parametrize("role", ["anonymous", "learner", "hr"])
def test_every_url_answers_nasty_query_values_without_a_server_error(people, role):
    client = client_for(people, role)
    problems = []
    for url in all_urls():
        for value in WALK_VALUES:
            response = client.get(f"{url}?{query_with(dict.fromkeys(PARAMETERS, value))}")
            if response.status_code >= 500:
                problems.append(f"{url} with {value[:20]!r}: {response.status_code}")
    assert not problems, "\n".join(problems)


# (role, page) for each page that reads query parameters; {cohort} and {organisation} are HR's own.
PAGES = [
    ("anonymous", "/search/"),
    ("learner", "/search/"),
    ("manager", "/learning/team/"),
    ("learner", "/learning/"),
    ("hr", "/admin/readiness/cohort/{cohort}/"),
    ("hr", "/admin/readiness/cohort/{cohort}/progress/"),
    ("hr", "/admin/readiness/cohort/{cohort}/staff/"),
    ("hr", "/admin/readiness/cohort/{cohort}/export/"),
    ("hr", "/admin/readiness/organisation/{organisation}/"),
    ("hr", "/admin/readiness/organisation/{organisation}/staff/"),
    ("hr", "/admin/readiness/organisation/{organisation}/export/"),
    ("hr", "/admin/staffmember/"),
    ("hr", "/admin/cohort/"),
    ("hr", "/admin/reports/site-history/"),
]


@pytest.mark.parametrize(("role", "page"), PAGES)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(st.sampled_from(PARAMETERS), st.sampled_from(TEXT_VALUES + VALID + UNREADABLE), max_size=6)
)
def test_pages_that_read_parameters_survive_any_mix_of_values(people, role, page, params):
    url = page.format(cohort=people["cohort"].pk, organisation=people["home"].pk)
    response = client_for(people, role).get(f"{url}?{query_with(params)}")
    assert response.status_code < 500, (url, params)
