"""The admin upload: who may use it, the check-then-confirm flow, and that the confirm step trusts nothing sent back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from learning import visibility
from learning.models import AuditLogEntry, PendingImport, StaffMember
from learning.staff_import import admin_views, pending, read, report
from learning.staff_import.cells import DATE_NOT_REAL
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, people, person, xlsx_bytes

UPLOAD = "learning_staff_import:upload"
CONFIRM = "learning_staff_import:confirm"


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook Borough Council", email_domains=DOMAIN)


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Riverside NHS Trust")


@pytest.fixture
def hr_user(org):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=admin_views.HR_GROUP))
    mfa_activate(user)  # HR must use a second factor
    StaffMemberFactory(organisation=org, user=user, employee_number="HR001", email="")
    return user


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def upload(client, org, rows=None, *, data=None, name="staff.csv", **fields):
    data = csv_bytes(rows) if data is None else data
    payload = {"organisation": org.pk, "file": SimpleUploadedFile(name, data), **fields}
    return client.post(reverse(UPLOAD), payload)


def token_of(response) -> str:
    return response.context["token"]


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_admin_users_outside_hr_are_forbidden(client, org):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 403 and admin_views.FORBIDDEN in response.content.decode()
    assert client.post(reverse(CONFIRM), {"token": "x"}).status_code == 403
    assert "Import staff records" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_hr_sees_the_menu_item_and_only_their_own_organisations(hr_client, hr_user, org, other_org):
    assert "Import staff records" in hr_client.get(reverse("wagtailadmin_home")).content.decode()
    response = hr_client.get(reverse(UPLOAD))
    assert response.status_code == 200
    assert list(response.context["form"].fields["organisation"].queryset) == [org]
    assert list(visibility.people_organisations(hr_user)) == [org]


def test_superusers_may_import_into_any_organisation(client, org, other_org):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    assert set(visibility.people_organisations(admin)) == {org, other_org}
    client.force_login(admin)
    assert upload(client, other_org, [person(1, email="")]).status_code == 200


def test_hr_without_a_staff_record_is_told_why_there_is_nothing_to_choose(client, db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=admin_views.HR_GROUP))
    mfa_activate(user)
    client.force_login(user)
    assert escape(admin_views.NO_ORGANISATIONS) in client.get(reverse(UPLOAD)).content.decode()


def test_hr_cannot_upload_into_another_organisation(hr_client, other_org):
    response = upload(hr_client, other_org, [person(1)])
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() and "There is a problem" in response.content.decode()
    assert not StaffMember.objects.filter(organisation=other_org).exists()


def test_upload_shows_what_would_change_and_writes_nothing(hr_client, org):
    response = upload(hr_client, org, people(3))
    page = response.content.decode()
    assert response.status_code == 200
    assert report.CHECKED in page
    assert '<th scope="row">New staff records</th><td>3</td>' in page
    assert 'value="import"' in page and "Import only the valid rows" not in page
    assert StaffMember.objects.filter(organisation=org).count() == 1  # the HR user's own record
    assert not AuditLogEntry.objects.exists()


def test_confirming_imports_the_file_kept_on_the_server(hr_client, hr_user, org):
    StaffMemberFactory(organisation=org, employee_number="GONE1", user=None)
    rows = [*people(3), person(0, employee_number="HR001", email="")]
    token = token_of(upload(hr_client, org, rows, missing_are_leavers="on"))
    response = hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT})
    page = response.content.decode()
    assert response.status_code == 200 and report.IMPORTED in page
    assert StaffMember.objects.filter(organisation=org, employee_number__startswith="E").count() == 3
    assert StaffMember.objects.get(employee_number="GONE1").leave_date is not None  # missing, and asked for
    assert AuditLogEntry.objects.get().actor == hr_user
    again = hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT}, follow=True)
    assert admin_views.UPLOAD_EXPIRED in again.content.decode()
    assert AuditLogEntry.objects.count() == 1


def test_xlsx_upload(hr_client, org):
    token = token_of(upload(hr_client, org, data=xlsx_bytes(people(2)), name="staff.xlsx"))
    hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT})
    assert StaffMember.objects.filter(employee_number__in=["E001", "E002"]).count() == 2


def test_errors_are_listed_by_line_and_column_and_only_valid_rows_can_be_imported(hr_client, org):
    response = upload(hr_client, org, [person(1), person(2, start_date="31/02/2024"), person(3)])
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f"<td>3</td><td>Start date</td><td>{escape(DATE_NOT_REAL.format(value='31/02/2024'))}</td>" in page
    assert '<th scope="col">Line</th><th scope="col">Column</th><th scope="col">Problem</th>' in page
    assert 'value="valid-only"' in page and 'value="import"' not in page
    token = token_of(response)
    refused = hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT})
    assert refused.status_code == 400
    assert report.ERRORS_REFUSED.format(count=1, total=3, have="has") in refused.content.decode()
    assert not StaffMember.objects.filter(employee_number__startswith="E").exists()
    done = hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_VALID_ONLY})
    assert "These lines had errors and were not imported: 3." in done.content.decode()
    imported = StaffMember.objects.filter(employee_number__startswith="E").values_list("employee_number", flat=True)
    assert set(imported) == {"E001", "E003"}


def test_a_malformed_file_is_explained_and_cannot_be_confirmed(hr_client, org):
    response = upload(hr_client, org, data=b"\x00\x01binary", name="staff.csv")
    page = response.content.decode()
    assert response.status_code == 400
    assert escape(read.BINARY_FILE) in page
    assert response.context["token"] is None and "Import only" not in page


def test_a_refused_file_answers_400_and_says_what_it_looks_like(hr_client, org):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10"
    response = upload(hr_client, org, data=png, name="staff.csv")
    assert response.status_code == 400
    page = response.content.decode()
    assert escape("‘staff.csv’ looks like a PNG image, not a CSV file.") in page
    assert "UTF-16" not in page and response.context["token"] is None


def test_a_file_over_the_limit_is_refused_by_the_form(hr_client, org, monkeypatch):
    monkeypatch.setattr(admin_views, "MAX_FILE_BYTES", 10)
    response = upload(hr_client, org, people(2))
    assert response.status_code == 400 and "the largest file we accept is 20 MB" in response.content.decode()


def test_someone_elses_token_is_not_accepted(client, hr_client, org):
    token = token_of(upload(hr_client, org, people(2)))
    other = UserFactory()
    other.groups.add(Group.objects.get(name=admin_views.HR_GROUP))
    mfa_activate(other)
    StaffMemberFactory(organisation=org, user=other)
    client.force_login(other)
    response = client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT}, follow=True)
    assert admin_views.UPLOAD_EXPIRED in response.content.decode()
    assert not StaffMember.objects.filter(employee_number="E001").exists()


def test_a_made_up_token_is_not_accepted(hr_client, org):
    response = hr_client.post(reverse(CONFIRM), {"token": "made-up", "action": "import"}, follow=True)
    assert admin_views.UPLOAD_EXPIRED in response.content.decode()


def test_confirming_checks_the_file_again_against_the_records_as_they_are_now(hr_client, org):
    token = token_of(upload(hr_client, org, [person(1)]))
    StaffMemberFactory(organisation=org, employee_number="X999", email="person1@northbrook.example")
    response = hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT})
    assert response.status_code == 400
    assert "already the email of staff member X999" in response.content.decode()
    assert not StaffMember.objects.filter(employee_number="E001").exists()


def test_the_checked_file_is_kept_once_in_the_database_and_removed_after_importing(hr_client, hr_user, org):
    token = token_of(upload(hr_client, org, people(2)))
    kept = PendingImport.objects.get()
    assert (kept.token, kept.user, kept.organisation, bytes(kept.data)) == (token, hr_user, org, csv_bytes(people(2)))
    hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT})
    assert not PendingImport.objects.exists()


def test_an_upload_older_than_an_hour_cannot_be_confirmed_and_is_purged_by_the_next_upload(hr_client, org):
    token = token_of(upload(hr_client, org, people(2)))
    an_hour_ago = timezone.now() - timedelta(seconds=pending.PENDING_SECONDS + 1)
    PendingImport.objects.filter(token=token).update(created_at=an_hour_ago)
    response = hr_client.post(reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT}, follow=True)
    assert admin_views.UPLOAD_EXPIRED in response.content.decode()
    assert not StaffMember.objects.filter(employee_number="E001").exists()
    fresh = token_of(upload(hr_client, org, people(1)))
    assert list(PendingImport.objects.values_list("token", flat=True)) == [fresh]


def test_an_upload_is_claimed_once(hr_user, org):
    token = pending.pending_store(
        user=hr_user, organisation=org, filename="staff.csv", data=b"x", missing_are_leavers=False
    )
    first = pending.pending_claim(token=token, user=hr_user)
    assert first is not None and first.data == b"x"
    assert pending.pending_claim(token=token, user=hr_user) is None
    pending.pending_return(first)
    assert pending.pending_claim(token=token, user=hr_user).filename == "staff.csv"


def test_upload_page_labels_its_fields_and_describes_the_columns(hr_client):
    page = hr_client.get(reverse(UPLOAD)).content.decode()
    assert '<label class="w-field__label" for="id_file"' in page
    assert 'for="id_organisation"' in page
    assert '<th scope="row">Line manager employee number</th>' in page
