"""HR anonymise leavers from the admin after a confirmation step, and read the audit log of their organisation."""

from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse

from learning.audit import audit_record
from learning.models import AuditLogEntry, StaffMember
from learning.privacy import ERROR_ALREADY_ANONYMISED, ERROR_NOT_A_LEAVER
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

LEAVERS_URL = reverse("privacy_leavers:index")
AUDIT_URL = reverse("privacy_audit_log:index")


def anonymise_url(staff) -> str:
    return reverse("privacy_leavers:anonymise", args=[staff.id])


def _with_mfa(user):
    """HR and admins must have a second factor before the admin lets them in."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def _client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def org():
    return OrganisationFactory(name="County Council")


@pytest.fixture
def other_org():
    return OrganisationFactory(name="City Trust")


def _hr_user(organisation):
    staff = StaffMemberFactory(organisation=organisation, first_name="Hannah", last_name="HR")
    staff.user.groups.add(Group.objects.get(name="HR"))
    return _with_mfa(staff.user)


@pytest.fixture
def hr(org):
    return _hr_user(org)


@pytest.fixture
def other_hr(other_org):
    return _hr_user(other_org)


@pytest.fixture
def leaver(org):
    return StaffMemberFactory(organisation=org, first_name="Lee", last_name="Leaver", leave_date=date(2025, 1, 31))


@pytest.fixture
def superuser():
    user = UserFactory(is_superuser=True, is_staff=True)
    return _with_mfa(user)


# --- confirmation and anonymising -----------------------------------------------------------------


def test_get_shows_who_and_what_will_happen_and_changes_nothing(hr, leaver):
    response = _client_for(hr).get(anonymise_url(leaver))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lee Leaver" in body
    assert leaver.employee_number in body
    assert "cannot be undone" in body
    assert 'method="post"' in body
    assert "csrfmiddlewaretoken" in body
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None and leaver.first_name == "Lee"
    assert not AuditLogEntry.objects.exists()


def test_post_anonymises_and_returns_to_the_leavers_list(hr, leaver):
    user = leaver.user
    response = _client_for(hr).post(anonymise_url(leaver))
    assert response.status_code == 302
    assert response["Location"] == LEAVERS_URL
    leaver.refresh_from_db()
    user.refresh_from_db()
    assert leaver.anonymised_at is not None
    assert leaver.first_name == "Former" and leaver.employee_number == f"ANON-{leaver.id}"
    assert not user.is_active
    entry = AuditLogEntry.objects.get(action="anonymise")
    assert entry.actor == hr and entry.organisation == leaver.organisation


def test_post_without_csrf_token_is_refused(hr, leaver):
    response = _client_for(hr, enforce_csrf_checks=True).post(anonymise_url(leaver))
    assert response.status_code == 403
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None


def test_hr_of_another_organisation_gets_404_and_nothing_changes(other_hr, leaver):
    client = _client_for(other_hr)
    assert client.get(anonymise_url(leaver)).status_code == 404
    assert client.post(anonymise_url(leaver)).status_code == 404
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None and leaver.first_name == "Lee"


def test_a_made_up_id_gets_404(hr):
    response = _client_for(hr).get(reverse("privacy_leavers:anonymise", args=[999_999]))
    assert response.status_code == 404


def test_admin_user_who_is_not_hr_is_refused(leaver):
    editor = _with_mfa(UserFactory())
    editor.groups.add(Group.objects.get(name="Editors"))
    client = _client_for(editor)
    for response in (client.get(anonymise_url(leaver)), client.post(anonymise_url(leaver)), client.get(LEAVERS_URL)):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] != LEAVERS_URL
            assert "privacy" not in response["Location"]
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None


def test_a_learner_without_admin_access_is_sent_to_sign_in(leaver):
    learner = StaffMemberFactory(organisation=leaver.organisation).user
    response = _client_for(learner).post(anonymise_url(leaver))
    assert response.status_code == 302
    assert "login" in response["Location"]
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None


def test_a_current_staff_member_is_shown_why_they_cannot_be_anonymised(hr, org):
    current = StaffMemberFactory(organisation=org, first_name="Still", last_name="Here")
    client = _client_for(hr)
    page = client.get(anonymise_url(current)).content.decode()
    assert ERROR_NOT_A_LEAVER in page
    assert 'method="post"' not in page
    response = client.post(anonymise_url(current))
    assert response.status_code == 400
    assert ERROR_NOT_A_LEAVER in response.content.decode()
    current.refresh_from_db()
    assert current.first_name == "Still" and current.anonymised_at is None


def test_posting_twice_is_refused_the_second_time(hr, leaver):
    client = _client_for(hr)
    client.post(anonymise_url(leaver))
    response = client.post(anonymise_url(leaver))
    assert response.status_code == 400
    assert ERROR_ALREADY_ANONYMISED in response.content.decode()
    assert AuditLogEntry.objects.filter(action="anonymise").count() == 1


def test_superuser_can_anonymise_in_any_organisation(superuser, leaver):
    response = _client_for(superuser).post(anonymise_url(leaver))
    assert response.status_code == 302
    assert StaffMember.objects.get(id=leaver.id).anonymised_at is not None


# --- leavers list ----------------------------------------------------------------------------------


def test_leavers_list_shows_own_organisations_leavers_with_an_anonymise_link(hr, leaver, org, other_org):
    StaffMemberFactory(organisation=org, first_name="Current", last_name="Colleague")
    StaffMemberFactory(organisation=org, first_name="Future", last_name="Leaver", leave_date=date(2999, 1, 1))
    StaffMemberFactory(organisation=other_org, first_name="Other", last_name="Orgleaver", leave_date=date(2025, 1, 1))
    done = StaffMemberFactory(organisation=org, leave_date=date(2024, 1, 1))
    _client_for(hr).post(anonymise_url(done))
    response = _client_for(hr).get(LEAVERS_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lee Leaver" in body
    assert f'href="{anonymise_url(leaver)}"' in body
    for absent in ("Current Colleague", "Future Leaver", "Orgleaver", f"ANON-{done.id}"):
        assert absent not in body


def test_personal_data_menu_is_shown_to_hr_only(hr):
    editor = _with_mfa(UserFactory())
    editor.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Moderators"))
    assert LEAVERS_URL in _client_for(hr).get(reverse("wagtailadmin_home")).content.decode()
    assert LEAVERS_URL not in _client_for(editor).get(reverse("wagtailadmin_home")).content.decode()


# --- audit log -------------------------------------------------------------------------------------


@pytest.fixture
def entries(org, other_org):
    return {
        "ours": audit_record(actor=None, action="export", subject="Ours readiness export", organisation=org),
        "theirs": audit_record(actor=None, action="export", subject="Theirs readiness export", organisation=other_org),
    }


def test_hr_sees_only_their_organisations_audit_entries(hr, entries):
    response = _client_for(hr).get(AUDIT_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ours readiness export" in body
    assert "Theirs readiness export" not in body


def test_superuser_sees_every_audit_entry(superuser, entries):
    body = _client_for(superuser).get(AUDIT_URL).content.decode()
    assert "Ours readiness export" in body and "Theirs readiness export" in body


def test_audit_entry_detail_is_readable_in_own_organisation_and_404_elsewhere(hr, entries):
    client = _client_for(hr)
    ours = client.get(reverse("privacy_audit_log:inspect", args=[entries["ours"].id]))
    assert ours.status_code == 200
    assert "Ours readiness export" in ours.content.decode()
    assert client.get(reverse("privacy_audit_log:inspect", args=[entries["theirs"].id])).status_code == 404


def test_audit_log_is_read_only(superuser, entries):
    for view in ("add", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"privacy_audit_log:{view}", args=[] if view == "add" else [entries["ours"].id])
    body = _client_for(superuser).get(AUDIT_URL).content.decode()
    assert "/privacy/audit-log/new/" not in body
    assert "/privacy/audit-log/edit/" not in body
    assert _client_for(superuser).get(f"{AUDIT_URL}new/").status_code == 404
    assert AuditLogEntry.objects.count() == 2


def test_anonymising_shows_up_in_the_audit_log(hr, leaver):
    client = _client_for(hr)
    client.post(anonymise_url(leaver))
    body = client.get(AUDIT_URL).content.decode()
    assert f"Staff record ANON-{leaver.id}" in body
    assert "Lee" not in body.split("<main", 1)[-1]


def test_audit_log_is_closed_to_admin_users_without_the_permission(entries):
    editor = _with_mfa(UserFactory())
    editor.groups.add(Group.objects.get(name="Editors"))
    response = _client_for(editor).get(AUDIT_URL)
    assert response.status_code in (302, 403)
    assert "readiness export" not in response.content.decode()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_hr_downloads_their_organisations_audit_log(hr, entries, export):
    response = _client_for(hr).get(f"{AUDIT_URL}?export={export}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "xlsx":
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        content = "\n".join(",".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))
    else:
        content = content.decode("utf-8")
    assert "Ours readiness export" in content
    assert "Theirs readiness export" not in content
