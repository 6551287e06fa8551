"""HR's admin home: where sign-in lands them, the readiness panel (figures from the report service, a fixed number
of queries), the site header's "Admin" link and menu labels that fit."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from readiness.models import Cohort, CohortTarget
from readiness.reports import home, presenters, service
from readiness.wagtail_hooks import MENU_LABEL
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate, totp_code
from tests.factories.readiness import load_worked_example

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # UserFactory's
SIDEBAR_LABEL_ROOM = 16  # characters Wagtail's sidebar shows before cutting a label with "…"


@pytest.fixture
def example():
    return load_worked_example()


def in_group(user, name: str):
    user.groups.add(Group.objects.get(name=name))
    return user


def hr_of(organisation):
    user = in_group(UserFactory(), "HR")
    mfa_activate(user)
    StaffMemberFactory(organisation=organisation, user=user)
    return user


def more_cohorts(organisation, count: int) -> list[Cohort]:
    """Add cohorts with a target each (and nobody in them) to ``organisation``."""
    cohorts = []
    template = Cohort.objects.filter(organisation=organisation).first()
    area = CohortTarget.objects.filter(cohort=template).first().skill_area
    start = Cohort.objects.filter(organisation=organisation).count()
    for n in range(start, start + count):
        cohort = Cohort.objects.create(organisation=organisation, name=f"Zeta cohort {n:02}", slug=f"zeta-{n:02}")
        CohortTarget.objects.create(cohort=cohort, skill_area=area, level=2)
        cohorts.append(cohort)
    return cohorts


# --- where sign-in lands ----------------------------------------------------------------------------------------


@pytest.mark.real_second_factor
def test_hr_signing_in_with_password_and_code_lands_on_the_admin_home(client, example):
    cohort, _ = example
    hr = hr_of(cohort.organisation)
    client.post(reverse("account_login"), {"login": hr.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.real_second_factor
@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/learning/", "/learning/"),  # a next address on this site still wins
        ("https://evil.example/admin/", "/admin/"),  # one elsewhere is ignored
    ],
)
def test_a_safe_next_address_still_wins_over_the_admin_home(client, example, next_url, lands_on):
    cohort, _ = example
    hr = hr_of(cohort.organisation)
    login = f"{reverse('account_login')}?next={quote(next_url, safe='')}"
    client.post(login, {"login": hr.email, "password": PASSWORD, "next": next_url})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response["Location"] == lands_on


def test_a_learner_or_an_editor_still_lands_on_my_learning(client, example):
    cohort, _ = example
    for user in (
        StaffMemberFactory(organisation=cohort.organisation).user,
        in_group(StaffMemberFactory(organisation=cohort.organisation).user, "Editors"),
    ):
        client.logout()
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response["Location"] == reverse("learning:my_learning"), user


# --- the panel --------------------------------------------------------------------------------------------------


def test_the_admin_home_shows_hr_their_cohorts_headline_figures_with_links(client, example):
    cohort, _ = example
    other = OrganisationFactory(name="Elsewhere Trust")
    Cohort.objects.create(organisation=other, name="Somebody else's cohort", slug="else")
    client.force_login(hr_of(cohort.organisation))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    expected = presenters.headline(service.cohort_report(cohort, timezone.localdate()), presenters.Bands.of(cohort))
    panel = html[html.index('id="readiness') :]
    assert cohort.name in panel and "Somebody else" not in panel
    assert f'href="{reverse("readiness_cohort", args=[cohort.pk])}"' in panel
    row = panel[panel.index(cohort.name) : panel.index("</tr>", panel.index(cohort.name))]
    for figure in (expected["readiness_text"], expected["band_name"], expected["coverage_text"]):
        assert figure in row
    assert f">{expected['members']}<" in row
    assert f'href="{reverse("readiness_index")}"' in panel
    assert f'href="{reverse("readiness_organisation", args=[cohort.organisation_id])}"' in panel
    assert "Elsewhere Trust" not in panel


def test_overdue_counts_link_to_the_people_who_are_overdue(client, example):
    cohort, _ = example
    client.force_login(hr_of(cohort.organisation))
    context = home.ReadinessHomePanel({cohort.organisation_id}).get_context_data({})
    (item,) = context["cohorts"]
    expected = presenters.headline(service.cohort_report(cohort, timezone.localdate()), presenters.Bands.of(cohort))
    assert item["headline"]["overdue"] == expected["overdue"]
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    if expected["overdue"]:
        assert f"{reverse('readiness_cohort_staff', args=[cohort.pk])}?status=overdue" in html


def test_editors_and_learners_get_no_readiness_panel(client, example):
    cohort, _ = example
    editor = in_group(StaffMemberFactory(organisation=cohort.organisation).user, "Editors")
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert 'id="readiness' not in response.content.decode()


def test_the_admin_home_costs_the_same_queries_however_many_cohorts(client, example):
    """Warm figures cost a fixed number of queries; the panel shows a few cohorts and links to the rest."""
    cohort, _ = example
    client.force_login(hr_of(cohort.organisation))
    home_url = reverse("wagtailadmin_home")

    def warm_count() -> int:
        cache.clear()
        client.get(home_url)  # builds and caches the figures
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home_url).status_code == 200
        return len(queries)

    more_cohorts(cohort.organisation, home.PANEL_COHORTS - 1)  # exactly a panel's worth
    one = warm_count()
    more_cohorts(cohort.organisation, 4)
    many = warm_count()
    assert many == one, [q["sql"] for q in connection.queries[-many:]]
    html = client.get(home_url).content.decode()
    panel = html[html.index('id="readiness') :]
    assert panel.count('href="/admin/readiness/cohort/') == home.PANEL_COHORTS
    assert f"All {home.PANEL_COHORTS + 4} cohorts" in panel


def test_a_cold_admin_home_builds_at_most_the_shown_cohorts_reports(client, example, django_assert_max_num_queries):
    cohort, _ = example
    client.force_login(hr_of(cohort.organisation))
    more_cohorts(cohort.organisation, 20)
    cache.clear()
    client.get(reverse("wagtailadmin_home"))
    cache.clear()
    # The figures of six cohorts, not twenty-one: about 10 queries a report, plus the page's own.
    with django_assert_max_num_queries(120):
        client.get(reverse("wagtailadmin_home"))


# --- the site header and the menu -------------------------------------------------------------------------------


def test_the_site_header_links_to_the_admin_for_everyone_who_may_use_it(client, example):
    cohort, _ = example
    org = cohort.organisation
    admin_link = f'href="{reverse("wagtailadmin_home")}">Admin</a>'
    superuser = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(superuser)
    cases = [
        (hr_of(org), True),
        (in_group(StaffMemberFactory(organisation=org).user, "Editors"), True),
        (superuser, True),
        (StaffMemberFactory(organisation=org).user, False),
    ]
    for user, shown in cases:
        client.force_login(user)
        html = client.get(reverse("search")).content.decode()
        assert "Sign out" in html
        assert (admin_link in html) is shown, user
        if shown:
            assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_readiness_menu_label_fits_the_sidebar():
    assert len(MENU_LABEL) <= SIDEBAR_LABEL_ROOM
