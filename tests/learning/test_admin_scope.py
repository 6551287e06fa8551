"""Wagtail's own admin screens keep each organisation's people to its own HR: site history (and its CSV and
XLSX downloads), its filters, and the organisation filter of the People and Cohort listings."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from learning.models import StaffMember
from readiness.models import Cohort
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate

SITE_HISTORY = "/admin/reports/site-history/"


def hr_user(organisation):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=organisation, user=user)
    return user


@pytest.fixture
def world(db):
    northbrook = OrganisationFactory(name="Northbrook Council")
    riverside = OrganisationFactory(name="Riverside Hospital")
    riverside_hr = hr_user(riverside)
    kwame = StaffMemberFactory(
        organisation=riverside, first_name="Kwame", last_name="Bakerfield", employee_number="RCH00001"
    )
    log(kwame, "wagtail.edit", user=riverside_hr)
    log(Cohort.objects.create(organisation=riverside, name="Riverside ward sisters", slug="sisters"), "wagtail.edit")
    ada = StaffMemberFactory(
        organisation=northbrook, first_name="Ada", last_name="Northwood", employee_number="NBC00007"
    )
    northbrook_hr = hr_user(northbrook)
    log(ada, "wagtail.edit", user=northbrook_hr)
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    return {"northbrook_hr": northbrook_hr, "riverside_hr": riverside_hr, "admin": admin}


def shown(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return "".join(workbook.read(name).decode() for name in workbook.namelist())
    return body.decode()


@pytest.mark.parametrize("suffix", ["", "?export=csv", "?export=xlsx", "results/"])
def test_site_history_shows_hr_only_their_own_organisations_records(client, world, suffix):
    client.force_login(world["northbrook_hr"])
    body = shown(client, SITE_HISTORY + suffix)
    assert "Northwood" in body and "NBC00007" in body
    assert "Bakerfield" not in body and "RCH00001" not in body and "Riverside ward sisters" not in body
    assert world["riverside_hr"].username not in body  # nor, in the user filter, who edited them


@pytest.mark.parametrize("suffix", ["", "?export=csv", "?export=xlsx"])
def test_site_history_shows_platform_admins_every_organisation(client, world, suffix):
    client.force_login(world["admin"])
    body = shown(client, SITE_HISTORY + suffix)
    assert "Northwood" in body and "Bakerfield" in body and "Riverside ward sisters" in body


def test_log_entries_of_a_deleted_record_are_for_platform_admins_only(world):
    from learning.admin_scope import log_entries_in_scope

    entries = ModelLogEntry.objects.filter(label__contains="Northwood")
    StaffMemberFactory._meta.model.objects.filter(last_name="Northwood").delete()
    assert not log_entries_in_scope(entries, world["northbrook_hr"]).exists()
    assert log_entries_in_scope(entries, world["admin"]).exists()


def test_site_history_query_count_does_not_grow_with_entries(client, world, django_assert_max_num_queries):
    client.force_login(world["northbrook_hr"])
    client.get(SITE_HISTORY)  # warm the per-process caches (content types, log actions)
    with django_assert_max_num_queries(40) as first:
        client.get(SITE_HISTORY)
    staff = StaffMemberFactory._meta.model.objects.get(last_name="Northwood")
    for _ in range(10):
        log(staff, "wagtail.edit", user=world["northbrook_hr"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(SITE_HISTORY)


@pytest.mark.parametrize("listing", ["/admin/staffmember/", "/admin/cohort/", "/admin/team/"])
def test_organisation_filter_lists_only_the_requesters_organisations(client, world, listing):
    client.force_login(world["northbrook_hr"])
    body = shown(client, listing)
    assert "Northbrook Council" in body and "Riverside Hospital" not in body
    client.force_login(world["admin"])
    body = shown(client, listing)
    assert "Northbrook Council" in body and "Riverside Hospital" in body


def test_usage_of_a_record_does_not_name_another_organisations_records(client, world):
    """Only a platform admin can point one organisation's record at another's; HR still see no name there."""
    ada = StaffMember.objects.get(last_name="Northwood")
    usage = reverse("staffmember:usage", args=[ada.pk])  # (loading the admin URLs starts the reference index)
    kwame = StaffMember.objects.get(last_name="Bakerfield")
    kwame.line_manager = ada
    kwame.save()  # as a platform admin's edit would
    client.force_login(world["northbrook_hr"])
    body = shown(client, usage)
    assert "Bakerfield" not in body and "RCH00001" not in body
    assert "Private staff member" in body
