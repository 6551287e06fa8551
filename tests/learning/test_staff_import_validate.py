"""Validating staff rows: pure, no database. Each error names the line and the column as headed in the file."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learning.staff_import import cells, validate
from learning.staff_import.read import RawRow, file_read
from learning.staff_import.validate import RowError, rows_validate
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, person


def check(rows, *, domains=(DOMAIN,), managers=None, emails=None, headings=None):
    """Validate rows (dicts by heading) read from a CSV file, against records described by plain maps."""
    result = file_read(csv_bytes(rows, headings=headings), "staff.csv")
    return rows_validate(
        result.rows,
        headings=result.headings,
        email_domains=list(domains),
        existing_managers=managers or {},
        existing_emails=emails or {},
    )


def messages(validation) -> list[str]:
    return [str(error) for error in validation.errors]


def only_error(rows, **kwargs) -> str:
    (error,) = check(rows, **kwargs).errors
    return str(error)


def test_a_good_row_is_cleaned():
    row = person(1, first_name="  Ann ", last_name="O'Brien", email="Ann.OBrien@Northbrook.Example",
                 team="Adult  Social Care>Reablement", leave_date="2026-03-31")  # fmt: skip
    validation = check([row])
    assert validation.errors == []
    (clean,) = validation.rows
    assert clean.line == 2
    assert (clean.first_name, clean.last_name) == ("Ann", "O'Brien")
    assert clean.email == "ann.obrien@northbrook.example"
    assert clean.team_path == ("Adult Social Care", "Reablement")
    assert clean.start_date == date(2020, 4, 1)
    assert clean.leave_date == date(2026, 3, 31)


def test_error_message_names_line_and_column_in_plain_words():
    rows = [person(n) for n in range(1, 13)] + [person(13, start_date="31/02/2024")]
    assert only_error(rows) == "Line 14, column ‘Start date’: " + cells.DATE_NOT_REAL.format(value="31/02/2024")


def test_errors_name_the_column_as_headed_in_the_file():
    headings = ["Emp No", "Forename", "Surname", "E-mail", "Hire date"]
    error = only_error([["E001", "Ann", "Able", f"a@{DOMAIN}", "2024/01/01"]], headings=headings)
    assert error == "Line 2, column ‘Hire date’: " + cells.DATE_UNRECOGNISED.format(value="2024/01/01")


@pytest.mark.parametrize(
    ("written", "expected"),
    [("01/04/2020", date(2020, 4, 1)), ("1/4/2020", date(2020, 4, 1)), ("2020-04-01", date(2020, 4, 1)),
     ("2020-04-01 00:00:00", date(2020, 4, 1)), ("29/02/2024", date(2024, 2, 29)), ("", None)],
)  # fmt: skip
def test_dates_in_uk_and_iso_forms(written, expected):
    assert cells.date_parse(written) == expected


@pytest.mark.parametrize("written", ["12/31/2024", "29/02/2023", "2024-13-01", "00/01/2024"])
def test_impossible_dates_are_not_real(written):
    with pytest.raises(cells.CellError, match="is not a real date"):
        cells.date_parse(written)


@pytest.mark.parametrize("written", ["31-01-2024", "31.01.2024", "Jan 2024", "01/01/24", "45000"])
def test_unrecognised_dates(written):
    with pytest.raises(cells.CellError) as caught:
        cells.date_parse(written)
    assert str(caught.value) == cells.DATE_UNRECOGNISED.format(value=written)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_both_written_forms_of_any_date_read_back_as_that_date(day):
    assert cells.date_parse(day.strftime("%d/%m/%Y")) == day
    assert cells.date_parse(day.isoformat()) == day
    assert cells.date_parse(day) == day


def test_leave_date_before_start_date():
    error = only_error([person(1, start_date="01/04/2020", leave_date="31/03/2020")])
    assert error == "Line 2, column ‘Leave date’: " + validate.LEAVE_BEFORE_START.format(
        leave="31/03/2020", start="01/04/2020"
    )


@pytest.mark.parametrize("heading", ["Employee number", "First name", "Last name"])
def test_required_values(heading):
    key = heading.lower().replace(" ", "_")
    assert only_error([person(1, **{key: "  "})]) == f"Line 2, column ‘{heading}’: {cells.VALUE_REQUIRED}"


def test_email_may_be_blank():
    validation = check([person(1, email="")])
    assert validation.errors == [] and validation.rows[0].email == ""


@pytest.mark.parametrize(
    ("value", "start"),
    [("=1+2", "“=”"), ("+44 20 7946 0000", "“+”"), ("@SUM(A1)", "“@”"), ("\t=cmd", "a tab"),
     ("\rcmd", "a carriage return"), ("-2+3", "“-”"), ("-cmd", "“-”"), ("-(1)", "“-”"), ("  =1", "“=”")],
)  # fmt: skip
def test_cells_a_spreadsheet_could_run_as_formulas_are_refused(value, start):
    error = only_error([person(1, job_role=value)])
    assert error == "Line 2, column ‘Job role’: " + cells.FORMULA_CELL.format(value=value.strip(), start=start)


@pytest.mark.parametrize("value", ["-", "Smith-Jones", "A&E Nurse", "Band 5 - Nurse", "- ", "O'Brien"])
def test_ordinary_values_with_dashes_or_symbols_pass(value):
    assert check([person(1, job_role=value, last_name=value.strip() or "X")]).errors == []


def test_formula_hidden_in_a_team_path_is_refused():
    assert "begins with “=”" in only_error([person(1, team="Housing > =HYPERLINK(1)")])


def test_every_column_is_checked_for_formulas():
    row = person(1, email="=a@x", band="+1", line_manager="@E1", start_date="=TODAY()", team="-A")
    columns = {error.column for error in check([row]).errors}
    assert columns == {"Email", "Band", "Line manager employee number", "Start date", "Team"}


@pytest.mark.parametrize(
    ("key", "heading", "limit"),
    [("first_name", "First name", 150), ("last_name", "Last name", 150), ("job_role", "Job role", 150),
     ("band", "Band", 40), ("employee_number", "Employee number", 40), ("team", "Team", 1000)],
)  # fmt: skip
def test_huge_cells_are_refused_with_the_limit(key, heading, limit):
    def filled(length: int) -> str:  # a team path is made of names of at most 200 characters
        return (("x" * 99 + ">") * (length // 100 + 1))[: length - 1] + "y"

    value = filled if key == "team" else lambda length: "x" * length
    assert len(value(limit)) == limit
    assert check([person(1, **{key: value(limit)})]).errors == []
    error = only_error([person(1, **{key: value(limit + 150)})])
    assert error == f"Line 2, column ‘{heading}’: " + cells.TOO_LONG.format(length=limit + 150, limit=limit)


def test_team_names_longer_than_a_team_can_hold():
    error = only_error([person(1, team="Housing > " + "y" * 201)])
    assert "the most a team name can have is 200" in error


def test_team_path_with_an_empty_part():
    error = only_error([person(1, team="Housing > > Repairs")])
    assert error == "Line 2, column ‘Team’: " + cells.TEAM_EMPTY_PART.format(value="Housing > > Repairs")


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@northbrook.example", "sp ace@northbrook.example"])
def test_invalid_email(email):
    assert only_error([person(1, email=email)]) == "Line 2, column ‘Email’: " + cells.EMAIL_INVALID.format(
        value=email.lower()
    )


def test_email_must_be_at_an_allowed_domain_when_any_are_set():
    row = person(1, email="ann@gmail.example")
    assert only_error([row], domains=["northbrook.example", "nbc.example"]) == (
        "Line 2, column ‘Email’: "
        + cells.EMAIL_DOMAIN.format(value="ann@gmail.example", domains="northbrook.example, nbc.example")
    )
    assert check([row], domains=[]).errors == []


def test_email_domains_are_read_one_per_line():
    assert cells.email_domains_parse(" Northbrook.example\n\n@nbc.example \r\n") == [
        "northbrook.example",
        "nbc.example",
    ]


def test_duplicate_employee_numbers_name_both_lines():
    rows = [person(1), person(2), person(3, employee_number="E001")]
    validation = check(rows)
    assert messages(validation) == [
        "Line 2, column ‘Employee number’: " + validate.NUMBER_DUPLICATE.format(value="E001", others="line 4"),
        "Line 4, column ‘Employee number’: " + validate.NUMBER_DUPLICATE.format(value="E001", others="line 2"),
    ]
    assert [row.line for row in validation.rows] == [3]


def test_duplicate_emails_within_the_file():
    rows = [person(1), person(2, email="PERSON1@northbrook.example"), person(3, email="person1@northbrook.example")]
    validation = check(rows)
    assert validation.invalid_lines == [2, 3, 4]
    assert str(validation.errors[0]).endswith(
        validate.EMAIL_DUPLICATE.format(value="person1@northbrook.example", others="lines 3 and 4")
    )


def test_email_already_used_by_someone_else_on_record():
    row = person(2, email="taken@northbrook.example")
    error = only_error([row], emails={"taken@northbrook.example": "E900"}, managers={"E900": ""})
    assert error == "Line 2, column ‘Email’: " + validate.EMAIL_TAKEN.format(
        value="taken@northbrook.example", number="E900"
    )


def test_email_may_move_to_someone_else_when_its_owner_changes_theirs_in_the_file():
    rows = [person(1, email="new@northbrook.example"), person(2, email="old@northbrook.example")]
    assert check(rows, emails={"old@northbrook.example": "E001"}, managers={"E001": ""}).errors == []


def test_line_manager_must_exist_in_the_file_or_on_record():
    rows = [person(1, line_manager="E900"), person(2, line_manager="E001"), person(3, line_manager="E777")]
    validation = check(rows, managers={"E777": ""})
    assert messages(validation) == [
        "Line 2, column ‘Line manager employee number’: " + validate.MANAGER_UNKNOWN.format(value="E900"),
        "Line 3, column ‘Line manager employee number’: " + validate.MANAGER_ROW_INVALID.format(value="E001", other=2),
    ]
    assert [row.employee_number for row in validation.rows] == ["E003"]


def test_nobody_manages_themselves():
    error = only_error([person(1, line_manager="E001")])
    assert error == "Line 2, column ‘Line manager employee number’: " + validate.MANAGER_SELF.format(value="E001")


def test_two_people_managing_each_other():
    validation = check([person(1, line_manager="E002"), person(2, line_manager="E001")])
    chain = "E001 → E002 → E001"
    assert messages(validation) == [
        f"Line {line}, column ‘Line manager employee number’: " + validate.MANAGER_LOOP.format(chain=chain)
        for line in (2, 3)
    ]


def test_longer_loops_are_found_and_named():
    rows = [person(1, line_manager="E002"), person(2, line_manager="E003"), person(3, line_manager="E001"),
            person(4, line_manager="E001")]  # fmt: skip
    validation = check(rows)
    assert validation.invalid_lines == [2, 3, 4, 5]
    assert "E001 → E002 → E003 → E001" in str(validation.errors[0])
    assert str(validation.errors[-1]).endswith(validate.MANAGER_ROW_INVALID.format(value="E001", other=2))


def test_loop_through_records_already_on_file():
    # E900 (on record) is managed by E001; the file makes E001 managed by E900.
    error = only_error([person(1, line_manager="E900")], managers={"E900": "E001", "E001": ""})
    assert error.endswith(validate.MANAGER_LOOP.format(chain="E001 → E900 → E001"))


def test_a_manager_on_record_can_be_used_even_when_their_row_in_the_file_has_errors():
    rows = [person(1, start_date="bad"), person(2, line_manager="E001")]
    validation = check(rows, managers={"E001": ""})
    assert validation.invalid_lines == [2]
    assert [row.employee_number for row in validation.rows] == ["E002"]


def test_reports_of_an_invalid_new_manager_are_invalid_all_the_way_down():
    rows = [person(1, email="bad"), person(2, line_manager="E001"), person(3, line_manager="E002")]
    validation = check(rows)
    assert validation.invalid_lines == [2, 3, 4]
    assert validation.rows == []


def test_cells_past_the_headings_are_an_error_for_the_row():
    row = ["E001", "Smith", " John", "Able", f"a@{DOMAIN}"]
    validation = check([row], headings=["Employee number", "First name", "Last name", "Email"])
    assert "Line 2: " + validate.EXTRA_CELLS.format(count=1) in messages(validation)
    assert validation.rows == []


def test_numbers_in_file_include_rows_with_errors():
    validation = check([person(1), person(2, start_date="nope"), person(3, employee_number="=X")])
    assert validation.numbers_in_file == {"E001", "E002", "=X"}


def test_errors_are_in_line_then_column_order():
    rows = [person(1, start_date="x", first_name=""), person(2, band="=1")]
    assert [(error.line, error.column) for error in check(rows).errors] == [
        (2, "First name"),
        (2, "Start date"),
        (3, "Band"),
    ]


def test_validation_is_pure_and_takes_raw_rows_directly():
    raw = [RawRow.from_cells(7, {"employee_number": "E1", "first_name": "A", "last_name": "B", "email": ""})]
    headings = {"employee_number": "No", "first_name": "F", "last_name": "L", "email": "E"}
    validation = rows_validate(raw, headings=headings, email_domains=[], existing_managers={}, existing_emails={})
    assert validation.rows[0].line == 7
    assert RowError(7, None, "x").__str__() == "Line 7: x"
