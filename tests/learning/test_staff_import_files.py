"""Builders of staff-records files (CSV and XLSX) for the import tests, and tests that they build what they say."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl

HEADINGS = [
    "Employee number",
    "First name",
    "Last name",
    "Email",
    "Team",
    "Job role",
    "Band",
    "Line manager employee number",
    "Start date",
    "Leave date",
]
DOMAIN = "northbrook.example"


def person(number: int, **changes) -> dict:
    """Return one row as a dict keyed by heading, with sensible values that ``changes`` override.

    Keyword names are the headings in snake case: ``line_manager="E001"``, ``leave_date="01/01/2025"``.
    """
    values = {
        "employee_number": f"E{number:03d}",
        "first_name": "Alex",
        "last_name": f"Person{number}",
        "email": f"person{number}@{DOMAIN}",
        "team": "Adult Social Care > Reablement",
        "job_role": "Reablement Support Worker",
        "band": "Grade 4",
        "line_manager_employee_number": "",
        "start_date": "01/04/2020",
        "leave_date": "",
    }
    aliases = {"line_manager": "line_manager_employee_number"}
    for key, value in changes.items():
        values[aliases.get(key, key)] = value
    return dict(zip(HEADINGS, values.values(), strict=True))


def people(count: int, **changes) -> list[dict]:
    """Return ``count`` rows, E001 managing everyone else."""
    rows = [person(1, **changes)]
    rows += [person(n, line_manager="E001", **changes) for n in range(2, count + 1)]
    return rows


def csv_bytes(rows: list[dict | list], headings: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    """Return a CSV file of the rows under the headings (dict rows are read by heading)."""
    headings = HEADINGS if headings is None else headings
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([row.get(heading, "") for heading in headings] if isinstance(row, dict) else row)
    return out.getvalue().encode(encoding)


def xlsx_bytes(
    rows: list[dict | list], headings: list[str] | None = None, start_row: int = 1, title: str = "Staff"
) -> bytes:
    """Return an Excel workbook with the headings on ``start_row`` and the rows below them."""
    headings = HEADINGS if headings is None else headings
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for offset, values in enumerate([headings, *rows]):
        if isinstance(values, dict):
            values = [values.get(heading, "") for heading in headings]
        for column, value in enumerate(values, 1):
            if value not in ("", None):
                sheet.cell(row=start_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_person_gives_every_heading_and_applies_changes():
    row = person(7, leave_date="01/01/2025", line_manager="E001")
    assert list(row) == HEADINGS
    assert row["Employee number"] == "E007"
    assert row["Leave date"] == "01/01/2025"
    assert row["Line manager employee number"] == "E001"


def test_csv_bytes_writes_headings_then_rows():
    text = csv_bytes([person(1)]).decode()
    lines = text.splitlines()
    assert lines[0].startswith("Employee number,First name")
    assert lines[1].startswith("E001,Alex,Person1,person1@northbrook.example")


def test_xlsx_bytes_writes_headings_on_the_start_row():
    data = xlsx_bytes([person(1, start_date=date(2020, 4, 1))], start_row=3)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.cell(row=3, column=1).value == "Employee number"
    assert sheet.cell(row=4, column=1).value == "E001"
    assert sheet.cell(row=4, column=9).value.date() == date(2020, 4, 1)
