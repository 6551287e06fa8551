"""Saving a staff record in the admin re-applies its organisation's cohort rules to that person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from learning.models import StaffMember, Team
from learning.privacy import staff_anonymise
from readiness.cohorts import cohort_membership_refresh
from readiness.models import Cohort, CohortMembership
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate

EARLIER = date(2026, 1, 5)
FORM_FIELDS = [
    "organisation", "employee_number", "first_name", "last_name", "email", "team", "job_role", "band",
    "line_manager", "start_date", "leave_date",
]  # fmt: skip


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook")


@pytest.fixture
def teams(org):
    asc = Team.objects.create(organisation=org, name="Adult Social Care")
    return {
        "asc": asc,
        "reablement": Team.objects.create(organisation=org, name="Reablement", parent=asc),
        "housing": Team.objects.create(organisation=org, name="Housing"),
    }


@pytest.fixture
def academy(org, teams):
    cohort = Cohort.objects.create(organisation=org, name="ASC data academy", slug="asc-academy")
    cohort.rule_teams.add(teams["asc"])
    return cohort


@pytest.fixture
def hr_client(client, org):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=org, user=user, employee_number="HR001")
    client.force_login(user)
    return client


def form_data(staff: StaffMember, **changes) -> dict:
    data = {}
    for name in FORM_FIELDS:
        value = changes.get(name, getattr(staff, f"{name}_id", None) if name in {"organisation", "team", "line_manager"}
                            else getattr(staff, name))  # fmt: skip
        data[name] = "" if value is None else value.isoformat() if isinstance(value, date) else value
    return data


def spells(cohort, staff):
    return list(CohortMembership.objects.filter(cohort=cohort, staff=staff).values_list("joined_on", "left_on"))


def test_moving_someone_into_a_team_under_the_rule_opens_a_spell_today(hr_client, org, teams, academy):
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    response = hr_client.post(
        reverse("staffmember:edit", args=[person.pk]), form_data(person, team=teams["reablement"].pk)
    )
    assert response.status_code == 302
    assert spells(academy, person) == [(timezone.localdate(), None)]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Joined cohort: ASC data academy." in m for m in messages)


def test_moving_someone_out_of_the_team_closes_their_spell(hr_client, org, teams, academy):
    person = StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort_membership_refresh(cohort=academy, today=EARLIER)
    response = hr_client.post(
        reverse("staffmember:edit", args=[person.pk]), form_data(person, team=teams["housing"].pk)
    )
    assert response.status_code == 302
    assert spells(academy, person) == [(EARLIER, timezone.localdate())]
    assert any("Left cohort: ASC data academy." in str(m) for m in response.wsgi_request._messages)


def test_a_leave_date_in_the_past_closes_the_spell(hr_client, org, teams, academy):
    person = StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort_membership_refresh(cohort=academy, today=EARLIER)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = hr_client.post(reverse("staffmember:edit", args=[person.pk]), form_data(person, leave_date=yesterday))
    assert response.status_code == 302
    assert spells(academy, person) == [(EARLIER, yesterday)]  # they stopped counting on their leave date


def test_a_leave_date_still_to_come_keeps_the_spell_open(hr_client, org, teams, academy):
    person = StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort_membership_refresh(cohort=academy, today=EARLIER)
    later = timezone.localdate() + timedelta(days=30)
    hr_client.post(reverse("staffmember:edit", args=[person.pk]), form_data(person, leave_date=later))
    assert spells(academy, person) == [(EARLIER, None)]


def test_an_edit_rechecks_only_the_person_saved(hr_client, org, teams, academy):
    """Everyone else waits for the next import or cohort save: a single edit stays cheap at 50,000 staff."""
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    bystander = StaffMemberFactory(organisation=org, team=teams["housing"])
    StaffMember.objects.filter(pk=bystander.pk).update(team=teams["reablement"])  # changed behind the admin's back
    hr_client.post(reverse("staffmember:edit", args=[person.pk]), form_data(person, team=teams["reablement"].pk))
    assert spells(academy, person) == [(timezone.localdate(), None)]
    assert spells(academy, bystander) == []


def test_an_invalid_edit_changes_no_membership(hr_client, org, teams, academy):
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    response = hr_client.post(
        reverse("staffmember:edit", args=[person.pk]),
        form_data(person, team=teams["reablement"].pk, start_date="not a date"),
    )
    assert response.status_code == 400  # a refused form is not a success
    assert spells(academy, person) == []
    person.refresh_from_db()
    assert person.team == teams["housing"]


def test_a_new_staff_record_joins_matching_cohorts(client, org, teams, academy):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client.force_login(admin)
    data = dict.fromkeys(FORM_FIELDS, "") | {
        "organisation": org.pk,
        "employee_number": "NEW1",
        "first_name": "Nia",
        "last_name": "Lowe",
        "team": teams["reablement"].pk,
    }
    response = client.post(reverse("staffmember:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = StaffMember.objects.get(employee_number="NEW1")
    assert spells(academy, person) == [(timezone.localdate(), None)]


def test_moving_someone_to_another_organisation_closes_their_spell_in_the_first(client, org, teams, academy):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client.force_login(admin)
    other = OrganisationFactory()
    person = StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort_membership_refresh(cohort=academy, today=EARLIER)
    response = client.post(
        reverse("staffmember:edit", args=[person.pk]), form_data(person, organisation=other.pk, team="")
    )
    assert response.status_code == 302
    assert spells(academy, person) == [(EARLIER, timezone.localdate())]


def test_anonymising_a_leaver_closes_any_spell_still_open(org, teams, academy):
    person = StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort_membership_refresh(cohort=academy, today=EARLIER)
    StaffMember.objects.filter(pk=person.pk).update(leave_date=EARLIER + timedelta(days=10))  # no refresh since
    person.refresh_from_db()
    staff_anonymise(staff=person, actor=None)
    assert spells(academy, person) == [(EARLIER, EARLIER + timedelta(days=10))]  # closed on the leave date


def test_a_team_change_in_the_admin_starts_a_new_team_spell_today(client, org, teams):
    from learning.team_history import Spell, spells_for

    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client.force_login(admin)
    data = dict.fromkeys(FORM_FIELDS, "") | {"organisation": org.pk, "employee_number": "N1"}
    data["team"] = teams["housing"].pk
    assert client.post(reverse("staffmember:add"), data).status_code == 302
    person = StaffMember.objects.get(organisation=org, employee_number="N1")
    assert spells_for([person.id])[person.id] == [Spell(teams["housing"].id, date(2000, 1, 1))]
    client.post(reverse("staffmember:edit", args=[person.pk]), form_data(person, team=teams["reablement"].pk))
    today = timezone.localdate()
    moved = [Spell(teams["housing"].id, date(2000, 1, 1), today), Spell(teams["reablement"].id, today)]
    assert spells_for([person.id])[person.id] == moved
    client.post(reverse("staffmember:edit", args=[person.pk]), form_data(person, team=teams["reablement"].pk, band="B"))
    assert spells_for([person.id])[person.id] == moved  # other changes leave the history alone
