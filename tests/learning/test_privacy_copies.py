"""Anonymising a leaver removes their identity from every copy: Wagtail's log, sessions, accounts, the audit log.

The person is imported, edited and enrolled in the admin, exported in a readiness report and viewed (by HR
and by themselves) before HR anonymises them; then the whole database is dumped and read, table by table.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from learning.models import StaffMember
from learning.privacy import staff_anonymise
from learning.privacy_copies import identity_of
from learning.staff_import import staff_import
from readiness.cohorts import cohort_membership_refresh
from readiness.models import Cohort, CohortTarget
from readiness.reports.exports import readiness_export
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory, course_with_lessons
from tests.factories.assessments import SkillAreaFactory
from tests.factories.learning import mfa_activate
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, person

FIRST, LAST, NUMBER = "Femiquartz", "Khanovich", "FQK90210"
EMAIL = f"femiquartz.khanovich@{DOMAIN}"
IDENTITY = [FIRST, LAST, NUMBER, EMAIL, EMAIL.split("@")[0]]
FORM_FIELDS = [
    "organisation", "employee_number", "first_name", "last_name", "email", "team", "job_role", "band",
    "line_manager", "start_date", "leave_date",
]  # fmt: skip


def database_text() -> dict[str, str]:
    """Return everything the database holds, as text: a full ``dumpdata``, every row of every table, and the
    contents of the stored sessions (which are kept encoded)."""
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump, format="json", indent=None)
    found = {"dumpdata": dump.getvalue()}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found[table] = "\n".join(repr(row) for row in cursor.fetchall())
    found["sessions, decoded"] = "\n".join(repr(session.get_decoded()) for session in Session.objects.all())
    return found


def copies_of(values: list[str]) -> dict[str, list[str]]:
    """Return, for each value still held anywhere in the database, the tables holding it (case-insensitive)."""
    text = database_text()
    return {
        value: [where for where, held in text.items() if value.lower() in held.lower()]
        for value in values
        if any(value.lower() in held.lower() for held in text.values())
    }


def edit_form(staff: StaffMember, **changes) -> dict:
    data = {}
    for name in FORM_FIELDS:
        if name in changes:
            value = changes[name]
        elif name in {"organisation", "team", "line_manager"}:
            value = getattr(staff, f"{name}_id")
        else:
            value = getattr(staff, name)
        data[name] = "" if value is None else value.isoformat() if isinstance(value, date) else value
    return data


@pytest.fixture
def leaver_with_history(db):
    """Return (HR client, staff record) for someone imported, edited, enrolled, exported and viewed."""
    org = OrganisationFactory(name="Northbrook Borough Council", slug="northbrook", email_domains=DOMAIN)
    hr = UserFactory()
    hr.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr)
    StaffMemberFactory(organisation=org, user=hr)
    row = person(1, employee_number=NUMBER, first_name=FIRST, last_name=LAST, email=EMAIL)
    imported = staff_import(organisation=org, data=csv_bytes([row]), filename="northbrook-staff.csv", actor=hr)
    assert imported.applied
    staff = StaffMember.objects.select_related("user").get(employee_number=NUMBER)
    assert staff.user is not None and staff.user.email == EMAIL

    cohort = Cohort.objects.create(organisation=org, name="Everyone", slug="everyone")
    cohort.hand_picked.add(staff)
    CohortTarget.objects.create(cohort=cohort, skill_area=SkillAreaFactory(), level=2)
    cohort_membership_refresh(cohort=cohort)
    exported = readiness_export(cohort=cohort, as_of=timezone.localdate(), table="staff", file_format="csv", actor=hr)
    assert LAST in exported.content.decode("utf-8-sig")

    learner = Client()
    learner.force_login(staff.user)
    assert learner.get(reverse("assessments:my_record")).status_code == 200
    assert FIRST in learner.get(reverse("assessments:my_record_json")).content.decode()

    hr_client = Client()
    hr_client.force_login(hr)
    assert hr_client.get(reverse("staffmember:edit", args=[staff.pk])).status_code == 200
    left = timezone.localdate() - timedelta(days=30)
    response = hr_client.post(reverse("staffmember:edit", args=[staff.pk]), edit_form(staff, leave_date=left))
    assert response.status_code == 302
    course = course_with_lessons(modules=1, lessons_per_module=1)
    enrolment = {"staff": staff.pk, "course": course.pk, "source": "manager", "due_date": "", "completed_at": ""}
    response = hr_client.post(reverse("enrolment:add"), enrolment)
    assert response.status_code == 302, response.content.decode()[:2000]
    log(staff.user, "wagtail.edit", user=hr)  # as Wagtail's user screens do when an account is edited

    assert set(copies_of(IDENTITY)) == set(IDENTITY)  # the copies this test is about exist before anonymising
    assert ModelLogEntry.objects.filter(label__icontains=LAST).count() == 3
    return hr_client, staff


def test_anonymising_leaves_no_copy_of_the_name_email_or_employee_number(leaver_with_history):
    hr_client, staff = leaver_with_history
    response = hr_client.post(reverse("privacy_leavers:anonymise", args=[staff.pk]))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.anonymised_at is not None

    assert copies_of(IDENTITY) == {}


def test_anonymising_ends_the_persons_sessions_and_keeps_the_history_readable(leaver_with_history):
    hr_client, staff = leaver_with_history
    user_id = str(staff.user_id)
    assert any(s.get_decoded().get("_auth_user_id") == user_id for s in Session.objects.all())
    hr_client.post(reverse("privacy_leavers:anonymise", args=[staff.pk]))

    assert not any(s.get_decoded().get("_auth_user_id") == user_id for s in Session.objects.all())
    labels = set(ModelLogEntry.objects.for_instance(staff).values_list("label", flat=True))
    assert labels == {f"Former staff member (ANON-{staff.pk})"}
    hr_client.get(reverse("privacy_leavers:index"))  # shows (and so drops) the messages of the edits above
    history = hr_client.get(reverse("staffmember:history", args=[staff.pk])).content.decode()
    assert f"ANON-{staff.pk}" in history and LAST not in history


def test_anonymising_leaves_other_peoples_history_alone(db):
    org = OrganisationFactory()
    leaver = StaffMemberFactory(
        organisation=org, first_name=FIRST, last_name=LAST, employee_number=NUMBER, leave_date=date(2025, 1, 31)
    )
    namesake = StaffMemberFactory(organisation=org, first_name=FIRST, last_name="Otherperson")
    log(leaver, "wagtail.edit")
    log(namesake, "wagtail.edit", data={"note": f"Mentored by {LAST} ({NUMBER})"})
    staff_anonymise(staff=leaver, actor=None)

    assert ModelLogEntry.objects.for_instance(leaver).get().label == f"Former staff member (ANON-{leaver.pk})"
    kept = ModelLogEntry.objects.for_instance(namesake).get()
    assert kept.label == str(namesake) and FIRST in kept.label  # a namesake keeps their name
    assert kept.data == {"note": f"Mentored by {LAST} ({NUMBER})"}  # a name alone does not say who was meant


def test_an_account_kept_for_another_current_record_keeps_its_history_and_sessions(db):
    user = UserFactory(username=EMAIL, email=EMAIL)
    leaver = StaffMemberFactory(
        user=user, first_name=FIRST, last_name=LAST, employee_number=NUMBER, leave_date=date(2025, 1, 31)
    )
    StaffMemberFactory(user=user, first_name=FIRST, last_name=LAST)  # still works for another organisation
    log(user, "wagtail.edit")
    Client().force_login(user)
    staff_anonymise(staff=leaver, actor=None)

    assert ModelLogEntry.objects.for_instance(user).get().label == EMAIL
    assert any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())


def _identity():
    before = {"first_name": "Jo", "last_name": "Ng", "email": "jo.ng@example.org", "employee_number": "E7"}
    after = StaffMember(id=7, first_name="Former", last_name="staff member", email="", employee_number="ANON-7")
    return identity_of(before=before, after=after, old_logins=("jo.ng@example.org",), new_login="anonymised-7@invalid")


def test_a_copy_is_rewritten_whole_words_only():
    identity = _identity()
    label = identity.apply("Jo Ng (E7) on Joinery basics", about_them=True)
    assert label == "Former staff member (ANON-7) on Joinery basics"
    assert identity.apply({"by": ["JO.NG@example.org", "E70"]}, about_them=True) == {
        "by": ["anonymised-7@invalid", "E70"]
    }


def test_a_lone_first_or_last_name_is_replaced_only_in_copies_about_their_records():
    identity = _identity()
    assert identity.apply("Jo asked Sam", about_them=True) == "Former asked Sam"
    assert identity.apply("Jo asked Sam", about_them=False) == "Jo asked Sam"
    assert identity.apply("Mentored by Jo Ng", about_them=False) == "Mentored by Former staff member"


def test_anonymising_discards_the_organisations_unconfirmed_uploads(leaver_with_history):
    """A checked upload waiting for confirmation holds the raw file, names included; it goes too."""
    from learning.models import PendingImport
    from learning.staff_import.pending import pending_store

    hr_client, staff = leaver_with_history
    hr = hr_client.session["_auth_user_id"]
    row = person(1, employee_number=NUMBER, first_name=FIRST, last_name=LAST, email=EMAIL)
    pending_store(user=get_user_model().objects.get(pk=hr), organisation=staff.organisation,
                  filename="again.csv", data=csv_bytes([row]), missing_are_leavers=False)  # fmt: skip
    assert PendingImport.objects.filter(organisation=staff.organisation).exists()
    hr_client.post(reverse("privacy_leavers:anonymise", args=[staff.pk]))
    assert not PendingImport.objects.filter(organisation=staff.organisation).exists()
