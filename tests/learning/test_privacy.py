"""Anonymising leavers: identity gone everywhere, history kept; and the retention period that triggers it."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from assessments.models import Attempt, SkillResult
from learning.models import AuditLogEntry, Enrolment, LessonProgress, StaffMember
from learning.privacy import (
    ERROR_ALREADY_ANONYMISED,
    ERROR_BAD_MONTHS,
    ERROR_NOT_A_LEAVER,
    ERROR_NOT_LEFT_YET,
    PrivacyError,
    leavers_due_for_anonymisation,
    months_before,
    staff_anonymise,
)
from tests.factories import OrganisationFactory, StaffMemberFactory, TeamFactory, UserFactory
from tests.factories.assessments import QuestionFactory, SkillAreaFactory, fixed_assessment

pytestmark = pytest.mark.django_db

User = get_user_model()
NOW = timezone.make_aware(datetime(2026, 3, 15, 12, 0))


@pytest.fixture
def leaver(course, lessons):
    """A leaver with a sign-in account, email addresses, a second factor and a full learning history."""
    org = OrganisationFactory()
    manager = StaffMemberFactory(organisation=org)
    staff = StaffMemberFactory(
        organisation=org,
        first_name="Priya",
        last_name="Zebedee-Unique",
        email="priya.zebedee@council.example",
        employee_number="E-PRIYA-77",
        team=TeamFactory(organisation=org, name="Reablement"),
        job_role="Occupational Therapist",
        band="Band 6",
        line_manager=manager,
        leave_date=date(2025, 6, 30),
        user=UserFactory(
            username="priya.zebedee@council.example", email="priya.zebedee@council.example", first_name="Priya"
        ),
    )
    staff.user.last_name = "Zebedee-Unique"
    staff.user.is_staff = True
    staff.user.save()
    staff.user.groups.add(Group.objects.get_or_create(name="HR")[0])
    EmailAddress.objects.get_or_create(user=staff.user, email=staff.user.email, defaults={"primary": True})
    EmailAddress.objects.create(user=staff.user, email="priya@home.example", verified=False, primary=False)
    Authenticator.objects.create(user=staff.user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    Enrolment.objects.create(staff=staff, course=course, completed_at=NOW - timedelta(days=400))
    for lesson in lessons[:3]:
        LessonProgress.objects.create(staff=staff, lesson=lesson, course=course, completed_at=NOW - timedelta(days=400))
    area = SkillAreaFactory()
    assessment = fixed_assessment([QuestionFactory(area=area)], framework=area.framework)
    attempt = Attempt.objects.create(staff=staff, assessment=assessment, status="submitted", score=80, passed=True)
    SkillResult.objects.create(staff=staff, area=area, level=2, source="assessed", score=80, attempt=attempt)
    return staff


def _history_counts(staff_id: int) -> dict:
    return {
        "enrolments": Enrolment.objects.filter(staff_id=staff_id).count(),
        "progress": LessonProgress.objects.filter(staff_id=staff_id).count(),
        "attempts": Attempt.objects.filter(staff_id=staff_id).count(),
        "results": SkillResult.objects.filter(staff_id=staff_id).count(),
    }


def _identity_traces(*needles: str) -> list[str]:
    """Return where any of the strings still appears in staff, user, email and audit rows."""
    found = []
    haystacks = {
        "staff": StaffMember.objects.values_list("first_name", "last_name", "email", "employee_number"),
        "user": User.objects.values_list("username", "email", "first_name", "last_name"),
        "emailaddress": EmailAddress.objects.values_list("email"),
        "audit": AuditLogEntry.objects.values_list("subject", "detail"),
    }
    for table, rows in haystacks.items():
        for row in rows:
            for value in row:
                if any(needle.lower() in (value or "").lower() for needle in needles):
                    found.append(f"{table}: {value}")
    return found


# --- anonymising ---------------------------------------------------------------------------------


def test_anonymise_removes_the_identity_from_the_staff_record(leaver):
    actor = UserFactory()
    staff_anonymise(staff=leaver, actor=actor, now=NOW)
    leaver.refresh_from_db()
    assert (leaver.first_name, leaver.last_name, leaver.email) == ("Former", "staff member", "")
    assert leaver.employee_number == f"ANON-{leaver.id}"
    assert leaver.anonymised_at == NOW
    assert leaver.user is None


def test_anonymise_closes_and_scrubs_the_sign_in_account(leaver, client):
    user = leaver.user
    staff_anonymise(staff=leaver, actor=None, now=NOW)
    user.refresh_from_db()
    assert not user.is_active
    assert not user.is_staff and not user.is_superuser
    assert user.username == user.email == f"anonymised-{leaver.id}@invalid"
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not client.login(username="priya.zebedee@council.example", password="correct-horse-battery")


def test_no_trace_of_the_old_identity_is_left_anywhere(leaver):
    staff_anonymise(staff=leaver, actor=UserFactory(), now=NOW)
    assert _identity_traces("Priya", "Zebedee", "E-PRIYA-77", "priya@home") == []


def test_anonymise_keeps_the_learning_history_and_the_fields_figures_need(leaver):
    before = _history_counts(leaver.id)
    kept = (leaver.team_id, leaver.job_role, leaver.band, leaver.line_manager_id, leaver.leave_date)
    staff_anonymise(staff=leaver, actor=None, now=NOW)
    leaver.refresh_from_db()
    assert _history_counts(leaver.id) == before
    assert all(before.values())
    assert (leaver.team_id, leaver.job_role, leaver.band, leaver.line_manager_id, leaver.leave_date) == kept
    assert StaffMember.objects.count() == 2  # nothing deleted


def test_anonymise_writes_an_audit_entry_that_does_not_name_the_person(leaver):
    actor = UserFactory()
    staff_anonymise(staff=leaver, actor=actor, now=NOW)
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.ANONYMISE)
    assert entry.actor == actor
    assert entry.organisation == leaver.organisation
    assert entry.row_count == 1
    assert f"ANON-{leaver.id}" in entry.subject
    assert "Priya" not in entry.subject + entry.detail


def test_a_current_staff_member_cannot_be_anonymised(db):
    staff = StaffMemberFactory(first_name="Current")
    with pytest.raises(PrivacyError, match=ERROR_NOT_A_LEAVER):
        staff_anonymise(staff=staff, actor=None, now=NOW)
    staff.refresh_from_db()
    assert staff.first_name == "Current" and staff.anonymised_at is None and staff.user.is_active
    assert not AuditLogEntry.objects.exists()


def test_someone_whose_leave_date_is_still_to_come_cannot_be_anonymised(db):
    staff = StaffMemberFactory(first_name="Leaving", leave_date=NOW.date() + timedelta(days=1))
    with pytest.raises(PrivacyError, match=ERROR_NOT_LEFT_YET):
        staff_anonymise(staff=staff, actor=None, now=NOW)
    staff.refresh_from_db()
    assert staff.first_name == "Leaving" and staff.anonymised_at is None


def test_anonymising_twice_is_refused_and_changes_nothing(leaver):
    staff_anonymise(staff=leaver, actor=None, now=NOW)
    later = NOW + timedelta(days=3)
    with pytest.raises(PrivacyError, match=ERROR_ALREADY_ANONYMISED):
        staff_anonymise(staff=leaver, actor=None, now=later)
    leaver.refresh_from_db()
    assert leaver.anonymised_at == NOW
    assert AuditLogEntry.objects.filter(action="anonymise").count() == 1


def test_anonymising_is_irreversible_even_if_the_caller_holds_a_stale_copy(leaver):
    stale = StaffMember.objects.get(id=leaver.id)
    staff_anonymise(staff=leaver, actor=None, now=NOW)
    with pytest.raises(PrivacyError, match=ERROR_ALREADY_ANONYMISED):
        staff_anonymise(staff=stale, actor=None, now=NOW)
    assert StaffMember.objects.get(id=leaver.id).first_name == "Former"


def test_the_callers_instance_is_updated_in_place(leaver):
    staff_anonymise(staff=leaver, actor=None, now=NOW)
    assert leaver.first_name == "Former" and leaver.user is None and leaver.anonymised_at == NOW


def test_account_stays_open_while_the_person_has_a_current_record_elsewhere(leaver):
    other_job = StaffMemberFactory(user=leaver.user, organisation=OrganisationFactory())
    staff_anonymise(staff=leaver, actor=None, now=NOW)
    other_job.user.refresh_from_db()
    assert other_job.user.is_active
    assert other_job.user.email == "priya.zebedee@council.example"
    leaver.refresh_from_db()
    assert leaver.user is None and leaver.first_name == "Former"


# --- retention selection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 24, date(2024, 3, 15)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2025, 2, 28), 12, date(2024, 2, 28)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 1, 10), 1, date(2025, 12, 10)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_leavers_are_due_only_once_more_than_the_period_has_passed(db):
    today = date(2026, 3, 15)
    org = OrganisationFactory()
    day_over = StaffMemberFactory(organisation=org, leave_date=date(2024, 3, 14))
    long_gone = StaffMemberFactory(organisation=org, leave_date=date(2020, 1, 1))
    StaffMemberFactory(organisation=org, leave_date=date(2024, 3, 15))  # exactly 24 months: not yet
    StaffMemberFactory(organisation=org, leave_date=date(2024, 3, 16))
    StaffMemberFactory(organisation=org, leave_date=None)
    StaffMemberFactory(organisation=org, leave_date=date(2027, 1, 1))
    StaffMemberFactory(organisation=org, leave_date=date(2019, 1, 1), anonymised_at=NOW)
    due = leavers_due_for_anonymisation(today=today, months=24)
    assert set(due) == {day_over, long_gone}
    assert set(leavers_due_for_anonymisation(today=date(2026, 3, 16), months=24)) == {
        day_over,
        long_gone,
        StaffMember.objects.get(leave_date=date(2024, 3, 15)),
    }


def test_leavers_due_can_be_limited_to_one_organisation(db):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    ours = StaffMemberFactory(organisation=mine, leave_date=date(2020, 1, 1))
    StaffMemberFactory(organisation=theirs, leave_date=date(2020, 1, 1))
    assert list(leavers_due_for_anonymisation(today=date(2026, 3, 15), months=24, organisation=mine)) == [ours]
    assert leavers_due_for_anonymisation(today=date(2026, 3, 15), months=24).count() == 2


@pytest.mark.parametrize("months", [0, -3, "12", 1.5, None, True])
def test_a_bad_retention_period_is_refused(db, months):
    with pytest.raises(PrivacyError, match=ERROR_BAD_MONTHS):
        leavers_due_for_anonymisation(today=date(2026, 3, 15), months=months)


# --- the apply_retention command -------------------------------------------------------------------


@pytest.fixture
def retention_staff(db):
    """Leavers either side of a 24-month retention period counted from the real today."""
    today = timezone.localdate()
    cutoff = months_before(today, 24)
    org, other = OrganisationFactory(slug="county"), OrganisationFactory(slug="trust")
    return {
        "due": StaffMemberFactory(organisation=org, leave_date=cutoff - timedelta(days=1), first_name="Due"),
        "other_org_due": StaffMemberFactory(organisation=other, leave_date=cutoff - timedelta(days=30)),
        "not_yet": StaffMemberFactory(organisation=org, leave_date=cutoff, first_name="NotYet"),
        "current": StaffMemberFactory(organisation=org, first_name="Current"),
    }


def _run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _anonymised_ids() -> set[int]:
    return set(StaffMember.objects.filter(anonymised_at__isnull=False).values_list("id", flat=True))


def test_dry_run_lists_who_would_be_anonymised_and_changes_nothing(retention_staff):
    output = _run("--dry-run")
    assert "Would anonymise" in output
    assert retention_staff["due"].employee_number in output
    assert retention_staff["other_org_due"].employee_number in output
    assert retention_staff["not_yet"].employee_number not in output
    assert "Dry run, nothing changed" in output
    assert _anonymised_ids() == set()
    assert not AuditLogEntry.objects.exists()


def test_retention_anonymises_only_leavers_past_the_period(retention_staff):
    output = _run()
    assert _anonymised_ids() == {retention_staff["due"].id, retention_staff["other_org_due"].id}
    assert "Anonymised 2 leavers" in output
    entries = AuditLogEntry.objects.filter(action="anonymise")
    assert entries.count() == 2 and all(entry.actor is None for entry in entries)


def test_retention_can_be_limited_to_one_organisation(retention_staff):
    _run("--organisation", "county")
    assert _anonymised_ids() == {retention_staff["due"].id}


def test_a_shorter_period_on_the_command_line_reaches_more_leavers(retention_staff):
    _run("--months", "1")
    assert retention_staff["not_yet"].id in _anonymised_ids()
    assert retention_staff["current"].id not in _anonymised_ids()


@override_settings(UPSKILL_RETENTION_MONTHS=1)
def test_the_period_defaults_to_the_setting(retention_staff):
    _run()
    assert retention_staff["not_yet"].id in _anonymised_ids()


@pytest.mark.parametrize(
    "args",
    [
        ("--months", "0"),
        ("--months", "-5"),
        ("--months", "abc"),
        ("--months", "999999"),
        ("--organisation", "no-such-org"),
        ("--surprise",),
    ],
)
def test_bad_arguments_are_refused_and_change_nothing(retention_staff, args):
    with pytest.raises(CommandError):
        _run(*args)
    assert _anonymised_ids() == set()
    assert not AuditLogEntry.objects.exists()


@override_settings(UPSKILL_RETENTION_MONTHS="soon")
def test_a_bad_setting_is_refused_and_changes_nothing(retention_staff):
    with pytest.raises(CommandError, match="UPSKILL_RETENTION_MONTHS"):
        _run()
    assert _anonymised_ids() == set()


def test_retention_can_be_run_again_safely(retention_staff):
    _run()
    output = _run()
    assert "Anonymised 0 leavers" in output
    assert AuditLogEntry.objects.filter(action="anonymise").count() == 2


def test_unknown_organisation_message_names_the_slug(retention_staff):
    with pytest.raises(CommandError, match="no-such-org"):
        _run("--organisation", "no-such-org")


def test_a_clash_with_the_anonymous_employee_number_is_refused_cleanly(leaver):
    StaffMemberFactory(organisation=leaver.organisation, employee_number=f"ANON-{leaver.id}")
    with pytest.raises(PrivacyError, match="nothing was changed"):
        staff_anonymise(staff=leaver, actor=None, now=NOW)
    leaver.refresh_from_db()
    assert leaver.first_name == "Priya" and leaver.user.is_active
    assert not AuditLogEntry.objects.exists()
