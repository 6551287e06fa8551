"""What the staff import tells HR: every error at once, blank cells, worksheets, refusals, plurals, defaults."""

# ruff: noqa: F811 (the fixtures of test_staff_import_admin are imported and used by name)

from __future__ import annotations

import io
from datetime import date

import openpyxl
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from learning.models import StaffMember
from learning.staff_import import admin_views, cells, report, validate
from learning.staff_import.plan import BLANK_CHOICES, BLANK_CLEARS, BLANK_KEEPS
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.learning.test_staff_import_admin import CONFIRM, UPLOAD, hr_client, hr_user, org, token_of, upload  # noqa: F401
from tests.learning.test_staff_import_apply import TODAY, run, staff
from tests.learning.test_staff_import_files import HEADINGS, person

RECHECK = "learning_staff_import:recheck"


def workbook(sheets: dict[str, list[dict]]) -> bytes:
    """Return a workbook with one worksheet per entry, each with the headings and its rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(HEADINGS)
        for row in rows:
            sheet.append([row.get(heading) or None for heading in HEADINGS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- every error of every row, by line and column ---------------------------------------------------------------


def test_a_row_with_a_bad_date_and_an_unknown_manager_shows_both_errors(org):
    result = run(org, [person(1), person(2, start_date="31/02/2024", line_manager="E999")])
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (3, "Line manager employee number", validate.MANAGER_UNKNOWN.format(value="E999")),
        (3, "Start date", cells.DATE_NOT_REAL.format(value="31/02/2024")),
    ]


def test_a_row_with_a_bad_date_and_an_email_on_someone_elses_record_shows_both(org):
    StaffMemberFactory(organisation=org, employee_number="X1", email="taken@northbrook.example")
    result = run(org, [person(1, email="taken@northbrook.example", leave_date="2024-13-01")])
    assert {(e.column, e.message) for e in result.errors} == {
        ("Email", validate.EMAIL_TAKEN.format(value="taken@northbrook.example", number="X1")),
        ("Leave date", cells.DATE_NOT_REAL.format(value="2024-13-01")),
    }


def test_the_date_messages_name_every_accepted_format():
    for message in (cells.DATE_NOT_REAL, cells.DATE_UNRECOGNISED):
        assert all(fmt in message for fmt in ("DD/MM/YYYY", "YYYY-MM-DD", "time", "Excel"))
    for written in ("31/01/2024", "2024-01-31", "31/01/2024 09:00", "2024-01-31T09:00:00"):
        assert cells.date_parse(written) == date(2024, 1, 31)


# --- blank cells ----------------------------------------------------------------------------------------------


def test_blank_cells_keep_what_is_stored_by_default_and_clear_when_chosen(org):
    run(org, [person(1), person(2, line_manager="E001", band="Grade 5", leave_date="31/12/2030")])
    blanks = [person(1), person(2, line_manager="", band="", leave_date="")]
    kept = run(org, blanks)
    assert kept.blanks == BLANK_KEEPS and kept.updates == [] and kept.blank_cells_kept == 3
    assert kept.blanks_text == report.BLANKS_KEPT.format(choice=BLANK_CHOICES[BLANK_KEEPS], count=3, cells="cells")
    second = staff(org, "E002")
    assert (second.band, second.line_manager.employee_number, second.leave_date) == (
        "Grade 5",
        "E001",
        date(2030, 12, 31),
    )
    cleared = run(org, blanks, blanks=BLANK_CLEARS)
    assert sorted(c.key for c in cleared.updates[0].changes) == ["band", "leave_date", "line_manager"]
    second = staff(org, "E002")
    assert (second.band, second.line_manager, second.leave_date) == ("", None, None)


def test_a_kept_line_manager_still_counts_when_checking_for_loops(org):
    run(org, [person(1), person(2, line_manager="E001")])
    # E002's blank cell keeps E001 as their manager, so E001 -> E002 -> E001 is a loop
    result = run(org, [person(1, line_manager="E002"), person(2, line_manager="")])
    assert result.refused
    assert [(e.line, e.message) for e in result.errors] == [
        (2, validate.MANAGER_LOOP.format(chain="E001 → E002 → E001")),
        (3, validate.MANAGER_LOOP.format(chain="E001 → E002 → E001")),
    ]
    assert staff(org, "E001").line_manager is None


def test_the_preview_shows_the_blank_cell_choice_and_it_can_be_changed(hr_client, org):
    StaffMemberFactory(organisation=org, employee_number="E002", email="person2@northbrook.example", band="Grade 7")
    response = upload(hr_client, org, [person(2, band="")])
    page = response.content.decode()
    assert escape(response.context["report"].blanks_text) in page
    assert response.context["report"].blank_cells_kept == 1
    assert response.context["recheck"]["blanks"].value() == BLANK_KEEPS
    token = token_of(response)
    again = hr_client.post(reverse(RECHECK), {"token": token, "blanks": BLANK_CLEARS})
    assert again.status_code == 200
    assert again.context["report"].blanks == BLANK_CLEARS
    assert escape(report.BLANKS_CLEAR.format(choice=BLANK_CHOICES[BLANK_CLEARS])) in again.content.decode()
    hr_client.post(reverse(CONFIRM), {"token": again.context["token"], "action": admin_views.ACTION_IMPORT})
    assert StaffMember.objects.get(employee_number="E002").band == ""
    # the first token was replaced by the second: it imports nothing
    assert (
        admin_views.UPLOAD_EXPIRED
        in hr_client.post(
            reverse(CONFIRM), {"token": token, "action": admin_views.ACTION_IMPORT}, follow=True
        ).content.decode()
    )


# --- worksheets ---------------------------------------------------------------------------------------------


def test_a_workbook_with_several_sheets_says_which_it_read_and_hr_can_choose(hr_client, org):
    data = workbook({"Notes": [], "Staff": [person(1)], "Leavers": [person(2)]})
    response = upload(hr_client, org, data=data, name="extract.xlsx")
    page = response.content.decode()
    assert escape(report.SHEET_READ.format(sheet="Notes")) in page
    assert escape("The workbook also has ‘Staff’ and ‘Leavers’") in page
    assert response.context["report"].file_errors  # the first sheet holds only headings
    again = hr_client.post(reverse(RECHECK), {"token": token_of(response), "blanks": BLANK_KEEPS, "sheet": "Staff"})
    assert again.status_code == 200
    assert escape(report.SHEET_READ.format(sheet="Staff")) in again.content.decode()
    assert [row.employee_number for row in again.context["report"].creates] == ["E001"]
    hr_client.post(reverse(CONFIRM), {"token": again.context["token"], "action": admin_views.ACTION_IMPORT})
    assert list(StaffMember.objects.filter(organisation=org, employee_number__startswith="E").values_list(
        "employee_number", flat=True
    )) == ["E001"]  # fmt: skip


def test_a_sheet_that_is_not_in_the_workbook_is_refused_by_name(org):
    data = workbook({"Staff": [person(1)]})
    from learning.staff_import import staff_import

    result = staff_import(organisation=org, data=data, filename="x.xlsx", sheet="Nope", dry_run=True, today=TODAY)
    assert result.file_errors == ["The workbook has no worksheet called ‘Nope’. Its worksheets are: ‘Staff’."]


def test_the_command_reads_the_sheet_it_is_given(org, tmp_path):
    path = tmp_path / "extract.xlsx"
    path.write_bytes(workbook({"Notes": [], "Staff": [person(1)]}))
    out = io.StringIO()
    call_command("import_staff", str(path), "--organisation", org.slug, "--sheet", "Staff", stdout=out)
    assert "sheet ‘Staff’" in out.getvalue() and "Worksheets in the workbook: ‘Notes’, ‘Staff’" in out.getvalue()
    assert StaffMember.objects.filter(organisation=org, employee_number="E001").exists()


# --- refusals, plurals and defaults --------------------------------------------------------------------------


def test_a_refused_import_does_not_count_records_it_did_not_write(hr_client, org):
    response = upload(hr_client, org, [person(1), person(2, start_date="31/02/2024")])
    assert report.SUMMARY_VALID_ONLY.format(filename="staff.csv") in response.content.decode()
    refused = hr_client.post(reverse(CONFIRM), {"token": token_of(response), "action": admin_views.ACTION_IMPORT})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert report.SUMMARY_REFUSED.format(filename="staff.csv") in page
    assert '<th scope="row">Records written</th><td>0</td>' in page
    assert "New staff records" not in page
    assert refused.context["report"].counts() == [("Rows read", 2), ("Rows with errors", 1), ("Records written", 0)]


def test_one_anonymised_row_is_one_line(org):
    from learning.privacy import staff_anonymise

    run(org, [person(1, leave_date="01/01/2026")])
    staff_anonymise(staff=staff(org, "E001"), actor=None)
    number = StaffMember.objects.get(organisation=org).employee_number
    result = run(org, [person(1, employee_number=number, leave_date="01/01/2026")])
    assert report.ANONYMISED_LEFT_ALONE.format(lines="line 2") in result.warnings


def test_hr_with_one_organisation_gets_it_chosen_with_no_empty_option(hr_client, org):
    page = hr_client.get(reverse(UPLOAD)).content.decode()
    assert "---------" not in page and admin_views.ORGANISATION_CHOOSE not in page
    assert f'<option value="{org.pk}" selected>' in page


def test_several_organisations_start_with_a_plain_prompt(client, org):
    from tests.factories import UserFactory
    from tests.factories.learning import mfa_activate

    OrganisationFactory(name="Riverside")
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client.force_login(admin)
    page = client.get(reverse(UPLOAD)).content.decode()
    assert "---------" not in page and admin_views.ORGANISATION_CHOOSE in page


def test_a_dry_run_plans_exactly_what_the_real_run_does(org):
    run(org, [person(1), person(2, line_manager="E001", band="Grade 5"), person(3, line_manager="E001")])
    rows = [person(1), person(2, line_manager="", band="Grade 6"), person(4, team="Housing > Repairs")]

    def plan(result):
        return (
            [row.employee_number for row in result.creates],
            [(u.row.employee_number, [(c.key, c.old, c.new) for c in u.changes]) for u in result.updates],
            [p.employee_number for p in result.leavers],
            result.new_teams,
            result.blank_cells_kept,
        )

    dry = run(org, rows, dry_run=True, missing_are_leavers=True)
    real = run(org, rows, missing_are_leavers=True)
    assert real.applied and plan(dry) == plan(real)
    assert plan(real)[2] == ["E003"]
