"""The staff import service: what it writes, what it refuses, and that importing again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from learning.models import AuditLogEntry, StaffMember, Team
from learning.staff_import import accounts, report, staff_import
from learning.staff_import.cells import DATE_NOT_REAL
from learning.staff_import.plan import BLANK_CLEARS, existing_fetch, plan_build
from learning.staff_import.read import file_read
from learning.staff_import.validate import rows_validate
from tests.factories import OrganisationFactory, StaffMemberFactory, TeamFactory, UserFactory
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, people, person, xlsx_bytes

TODAY = date(2026, 6, 1)
User = get_user_model()


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook Borough Council", slug="northbrook", email_domains=DOMAIN)


def run(org, rows, *, headings=None, filename="staff.csv", **options):
    data = xlsx_bytes(rows, headings) if filename.endswith(".xlsx") else csv_bytes(rows, headings)
    return staff_import(organisation=org, data=data, filename=filename, today=options.pop("today", TODAY), **options)


def staff(org, number: str) -> StaffMember:
    return StaffMember.objects.select_related("user", "team__parent", "line_manager").get(
        organisation=org, employee_number=number
    )


def snapshot() -> dict:
    """Return every row the import can touch, to compare before and after."""
    return {
        "staff": list(StaffMember.objects.order_by("id").values()),
        "teams": list(Team.objects.order_by("id").values()),
        "users": list(User.objects.order_by("id").values()),
        "addresses": list(EmailAddress.objects.order_by("id").values()),
    }


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


@pytest.mark.parametrize("filename", ["staff.csv", "staff.xlsx"])
def test_good_file_creates_records_teams_managers_and_sign_ins(org, filename):
    rows = [
        person(1, team="Adult Social Care", job_role="Head of Service", band="Grade 10"),
        person(2, line_manager="E001", start_date=date(2021, 5, 3) if filename.endswith("xlsx") else "03/05/2021"),
        person(3, line_manager="E002", team="Adult Social Care > Reablement > Night Team"),
    ]
    result = run(org, rows, filename=filename)
    assert result.applied and not result.errors
    assert [row.employee_number for row in result.creates] == ["E001", "E002", "E003"]
    second = staff(org, "E002")
    assert (second.first_name, second.last_name, second.email) == ("Alex", "Person2", "person2@northbrook.example")
    assert second.line_manager == staff(org, "E001")
    assert second.start_date == date(2021, 5, 3)
    assert (second.team.name, second.team.parent.name, second.team.parent.parent) == (
        "Reablement",
        "Adult Social Care",
        None,
    )
    assert staff(org, "E003").team.parent == second.team
    assert Team.objects.filter(organisation=org).count() == 3
    user = second.user
    assert (user.username, user.email, user.is_active) == ("person2@northbrook.example",) * 2 + (True,)
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("person2@northbrook.example", True, True)
    assert result.accounts.created == 3


def test_importing_the_same_file_again_changes_nothing(org):
    data = csv_bytes(people(20, leave_date="") + [person(21, leave_date="01/01/2026", line_manager="E001")])
    first = staff_import(organisation=org, data=data, filename="staff.csv", today=TODAY)
    assert first.applied and len(first.creates) == 21 and len(first.leavers) == 1
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        again = staff_import(organisation=org, data=data, filename="staff.csv", today=TODAY)
    assert again.applied
    assert (len(again.creates), len(again.updates), again.unchanged, len(again.leavers)) == (0, 0, 21, 0)
    assert again.accounts.created == again.accounts.deactivated == 0
    assert snapshot() == before
    assert not [sql for sql in writes(queries) if sql.startswith("UPDATE")]
    assert [sql for sql in writes(queries) if "learning_auditlogentry" not in sql] == []


def test_reimport_queries_do_not_grow_with_the_number_of_rows(org, db):
    other = OrganisationFactory(email_domains=DOMAIN)
    counts = []
    for organisation, count in ((org, 10), (other, 200)):
        data = csv_bytes(people(count))
        staff_import(organisation=organisation, data=data, filename="staff.csv", today=TODAY)
        with CaptureQueriesContext(connection) as queries:
            staff_import(organisation=organisation, data=data, filename="staff.csv", today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_plan_step_queries_do_not_grow_with_the_number_of_records(org, db):
    other = OrganisationFactory(email_domains=DOMAIN)
    counts = []
    for organisation, count in ((org, 10), (other, 200)):
        run(organisation, people(count))
        result = file_read(csv_bytes(people(count, band="Grade 5")), "staff.csv")
        with CaptureQueriesContext(connection) as queries:
            existing = existing_fetch(organisation.pk)
            validation = rows_validate(
                result.rows,
                headings=result.headings,
                email_domains=[DOMAIN],
                existing_managers=existing.managers(),
                existing_emails=existing.emails(),
            )
            plan = plan_build(validation.rows, existing, columns=result.headings, today=TODAY)
        assert len(plan.updates) == count
        counts.append(len(queries))
    assert counts == [2, 2]


def test_dry_run_writes_nothing(org):
    before = snapshot()
    result = run(org, people(5), dry_run=True)
    assert result.dry_run and not result.applied and len(result.creates) == 5 and result.accounts_needed == 5
    assert result.outcome == report.CHECKED
    assert snapshot() == before
    assert not AuditLogEntry.objects.exists()


def test_one_invalid_row_stops_the_whole_import(org):
    result = run(org, [person(1), person(2, start_date="31/02/2024"), person(3)])
    assert result.refused and not result.applied
    assert [str(error) for error in result.errors] == [
        "Line 3, column ‘Start date’: " + DATE_NOT_REAL.format(value="31/02/2024")
    ]
    assert result.outcome == report.ERRORS_REFUSED.format(count=1, total=3, have="has")
    assert not StaffMember.objects.exists() and not Team.objects.exists() and not User.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_import_only_the_valid_rows_reports_exactly_which_were_skipped(org):
    rows = [person(1), person(2, email="nope"), person(3, line_manager="E002"), person(4, line_manager="E001")]
    result = run(org, rows, valid_only=True)
    assert result.applied and not result.refused
    assert result.skipped_lines == [3, 4]
    assert result.outcome == report.IMPORTED_VALID_ONLY.format(count=2, rows="rows", lines="3 and 4")
    assert set(StaffMember.objects.values_list("employee_number", flat=True)) == {"E001", "E004"}
    entry = AuditLogEntry.objects.get()
    assert "skipped lines 3 and 4" in entry.detail and entry.row_count == 2


def test_import_only_the_valid_rows_with_none_valid_writes_nothing(org):
    result = run(org, [person(1, email="bad"), person(2, email="worse")], valid_only=True)
    assert result.refused and result.outcome == report.NOTHING_VALID
    assert not StaffMember.objects.exists() and not AuditLogEntry.objects.exists()


def test_manager_loop_and_duplicates_stop_the_import(org):
    rows = [person(1, line_manager="E002"), person(2, line_manager="E001"), person(3), person(3)]
    result = run(org, rows)
    assert result.refused and result.error_lines == [2, 3, 4, 5]
    assert not StaffMember.objects.exists()


def test_changed_rows_are_updated_and_their_changes_listed(org):
    run(org, people(3))
    before = {m.employee_number: m for m in StaffMember.objects.all()}
    rows = people(3)
    rows[1] = person(2, band="Grade 5", team="Housing > Repairs", line_manager="E003", last_name="Smith")
    with CaptureQueriesContext(connection) as queries:
        result = run(org, rows)
    assert [update.row.employee_number for update in result.updates] == ["E002"]
    assert [(c.label, c.old, c.new) for c in result.updates[0].changes] == [
        ("Last name", "Person2", "Smith"),
        ("Team", "Adult Social Care > Reablement", "Housing > Repairs"),
        ("Band", "Grade 4", "Grade 5"),
        ("Line manager employee number", "E001", "E003"),
    ]
    changed = staff(org, "E002")
    assert (changed.last_name, changed.band, changed.team.name, changed.line_manager.employee_number) == (
        "Smith",
        "Grade 5",
        "Repairs",
        "E003",
    )
    assert staff(org, "E003").band == before["E003"].band
    updates = [sql for sql in writes(queries) if sql.startswith("UPDATE")]
    # One bulk update of the records, and the team change closes E002's old team spell (learning.team_history).
    assert len(updates) == 2 and "learning_staffmember" in updates[0] and "learning_teamspell" in updates[1]


def test_columns_missing_from_the_file_are_left_alone_and_blank_cells_clear_when_chosen(org):
    run(org, [person(1), person(2, line_manager="E001")])
    headings = ["Employee number", "First name", "Last name", "Email", "Line manager employee number"]
    result = run(org, [person(1), person(2, line_manager="")], headings=headings, blanks=BLANK_CLEARS)
    assert [[c.key for c in u.changes] for u in result.updates] == [["line_manager"]]
    second = staff(org, "E002")
    assert second.line_manager is None
    assert (second.band, second.job_role, second.team.name) == ("Grade 4", "Reablement Support Worker", "Reablement")
    assert second.start_date == date(2020, 4, 1)


def test_teams_are_reused_whatever_the_capitals(org):
    housing = TeamFactory(organisation=org, name="Housing")
    TeamFactory(organisation=org, name="Repairs", parent=housing)
    result = run(org, [person(1, team="HOUSING > repairs"), person(2, team="housing > Lettings")])
    assert result.new_teams == [("housing", "Lettings")]
    assert staff(org, "E001").team.name == "Repairs"
    assert staff(org, "E002").team.parent == housing
    assert Team.objects.filter(organisation=org).count() == 3
    assert run(org, [person(3, team="Housing > Lettings")]).new_teams == []


def test_leavers_cannot_sign_in_and_their_records_are_kept(org):
    run(org, people(2))
    result = run(org, [person(1), person(2, line_manager="E001", leave_date="31/05/2026")])
    assert [(p.employee_number, p.leave_date) for p in result.leavers] == [("E002", date(2026, 5, 31))]
    leaver = staff(org, "E002")
    assert leaver.leave_date == date(2026, 5, 31) and not leaver.user.is_active
    assert leaver.first_name == "Alex" and leaver.line_manager.employee_number == "E001"
    assert result.accounts.deactivated == 1
    assert staff(org, "E001").user.is_active


def test_a_signed_in_leaver_is_signed_out_on_their_next_request(org, client):
    run(org, people(2))
    client.force_login(staff(org, "E002").user)
    assert client.get("/learning/").status_code == 200
    run(org, [person(1), person(2, line_manager="E001", leave_date="31/05/2026")])
    response = client.get("/learning/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_future_leave_date_is_recorded_but_they_can_sign_in_until_then(org):
    rows = [person(1, leave_date="30/06/2026")]
    assert run(org, rows).leavers == []
    assert staff(org, "E001").user.is_active
    later = run(org, rows, today=date(2026, 7, 1))
    assert [p.employee_number for p in later.leavers] == ["E001"] and later.updates == []
    assert not staff(org, "E001").user.is_active


def test_a_returning_leaver_is_reactivated(org):
    run(org, [person(1, leave_date="01/01/2026")])
    assert not staff(org, "E001").user.is_active
    result = run(org, [person(1, leave_date="")], blanks=BLANK_CLEARS)
    assert [p.employee_number for p in result.returners] == ["E001"]
    assert result.accounts.reactivated == 1
    returner = staff(org, "E001")
    assert returner.leave_date is None and returner.user.is_active


def test_staff_missing_from_the_file_are_not_leavers_by_default(org):
    run(org, people(3))
    result = run(org, [person(1)])
    assert result.leavers == [] and result.unchanged == 1
    assert StaffMember.objects.filter(leave_date__isnull=True).count() == 3


def test_staff_missing_from_the_file_are_leavers_when_asked(org):
    run(org, people(3))
    result = run(org, [person(1), person(2, line_manager="E001", start_date="bad")], missing_are_leavers=True,
                 valid_only=True)  # fmt: skip
    assert [(p.employee_number, p.line) for p in result.leavers] == [("E003", None)]
    gone = staff(org, "E003")
    assert gone.leave_date == TODAY and not gone.user.is_active
    assert staff(org, "E002").leave_date is None, "a row with errors still counts as present"


def test_an_existing_user_with_the_email_is_linked_not_duplicated(org):
    user = UserFactory(username="someone", email="person1@northbrook.example")
    result = run(org, [person(1)])
    assert staff(org, "E001").user == user
    assert result.accounts.linked == 1 and result.accounts.created == 0
    assert EmailAddress.objects.filter(user=user, email="person1@northbrook.example", verified=True).exists()
    assert User.objects.count() == 1


def test_a_record_without_a_sign_in_gets_one(org):
    StaffMemberFactory(organisation=org, employee_number="E001", user=None, first_name="Alex", last_name="Person1",
                       job_role="Reablement Support Worker", band="Grade 4")  # fmt: skip
    result = run(org, [person(1, team="")])
    assert [(c.label, c.new) for c in result.updates[0].changes] == [
        ("Email", "person1@northbrook.example"),
        ("Start date", "01/04/2020"),
        ("Sign-in account", "person1@northbrook.example"),
    ]
    assert staff(org, "E001").user.username == "person1@northbrook.example"


def test_an_email_change_renames_the_sign_in(org):
    run(org, [person(1)])
    user_id = staff(org, "E001").user_id
    result = run(org, [person(1, email="alex.new@northbrook.example")])
    user = User.objects.get(pk=user_id)
    assert staff(org, "E001").user_id == user_id
    assert (user.username, user.email) == ("alex.new@northbrook.example",) * 2
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary")) == [
        ("alex.new@northbrook.example", True)
    ]
    assert result.accounts.renamed == 1


def test_a_leaver_who_still_works_for_another_organisation_can_still_sign_in(org):
    run(org, [person(1)])
    user = staff(org, "E001").user
    StaffMemberFactory(user=user)
    run(org, [person(1, leave_date="01/05/2026")])
    user.refresh_from_db()
    assert user.is_active


def test_other_organisations_records_are_untouched(org):
    other = OrganisationFactory(email_domains="")
    theirs = StaffMemberFactory(organisation=other, employee_number="E001", first_name="Other")
    run(org, [person(1, email="")], missing_are_leavers=True)
    theirs.refresh_from_db()
    assert theirs.first_name == "Other" and theirs.leave_date is None
    assert StaffMember.objects.filter(employee_number="E001").count() == 2


def test_anonymised_records_are_left_alone(org):
    from django.utils import timezone

    StaffMemberFactory(organisation=org, employee_number="E001", first_name="Anonymised", user=None,
                       anonymised_at=timezone.now())  # fmt: skip
    result = run(org, [person(1)])
    assert result.anonymised and "anonymised" in result.warnings[0]
    assert staff(org, "E001").first_name == "Anonymised"


def test_each_real_import_is_audited(org):
    actor = UserFactory()
    run(org, people(3), actor=actor)
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.subject, entry.row_count, entry.actor, entry.organisation) == (
        AuditLogEntry.Action.IMPORT,
        "staff.csv",
        3,
        actor,
        org,
    )
    assert "new staff records 3" in entry.detail


def test_a_failure_while_writing_leaves_nothing_behind(org, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(accounts, "accounts_email_change", fail)
    result = run(org, [person(1, team="Brand New Team")])
    assert result.write_failed and result.refused and not result.applied
    assert result.outcome == report.WRITE_FAILED
    assert not Team.objects.exists() and not User.objects.exists() and not StaffMember.objects.exists()


def test_writing_reports_progress(org):
    calls = []
    run(org, people(3), progress=lambda *args: calls.append(args))
    assert ("write", 3, 3) in calls and ("read", 3, 3) in calls


def test_file_problems_are_reported_not_raised(org):
    result = staff_import(organisation=org, data=b"", filename="staff.csv")
    assert result.refused and result.file_errors and result.outcome == report.FILE_REFUSED
