"""Write readiness tables as a workbook for people: an "about" sheet first, area names beside their slugs,
fractions shown as percentages and dates as dates.

The sheets keep the export contract's columns in their order (the CSV files keep exactly those columns); the
workbook adds one column, ``skill_area_name``, right after ``skill_area``. A fraction stays the contract's number
(0.7417) and is only shown as a percentage (74.2%), so sums and charts in a spreadsheet still work. Text that a
spreadsheet would run as a formula is neutralised (``csv_cell``), and every cell is a value, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments.personal_data import csv_cell

ABOUT_SHEET = "about"
AREA_NAME_COLUMN = "skill_area_name"
FRACTIONS = {"coverage", "readiness", "readiness_assessed", "readiness_upper", "readiness_mean", "readiness_all"}
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
GAP_FORMAT = "0.00"
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
WIDTH_SAMPLE_ROWS = 2000  # column widths are judged from the first rows, so a large sheet is not read twice

SHEET_NOTES = {
    "summary": "One row: the whole group's headline figures.",
    "areas": "One row per skill area with a target: how many members are assessed and ready.",
    "teams": "One row per team and skill area. Teams of fewer than 5 members show no figures (suppressed is 1).",
    "staff": "One row per member and skill area with a target: their assessed level against the target.",
}
COLUMN_NOTES = {
    "cohort": "The cohort's short name (for the organisation overview, the organisation's).",
    "as_of": "The day the figures are for: members, results and due dates as they stood at the end of that day.",
    "members": "Members on that day (current staff in the cohort).",
    "readiness_mean": "Readiness averaged over the targeted skill areas: the headline figure.",
    "readiness_all": "Share of members at or above the target in every targeted skill area.",
    "enrolments": "Enrolments of members on the cohort's assigned courses.",
    "completed": "Of those enrolments, how many are completed.",
    "overdue": "Of those enrolments, how many are past their due date and not completed.",
    "skill_area": "The skill area's short name (slug), as the CSV files and other software read it.",
    AREA_NAME_COLUMN: "The skill area's name, as people read it (this workbook only; not in the CSV files).",
    "target_level": "The level members should reach in this area (1 Awareness, 2 Working, 3 Practitioner, 4 Champion).",
    "assessed": "Members with a valid assessed level in this area on that day.",
    "ready": "Members at or above the target (on the staff sheet: 1 ready, 0 not ready).",
    "coverage": "Share of members assessed.",
    "readiness": "Share of members at or above the target; anyone not assessed counts as not ready.",
    "readiness_assessed": "Share of the assessed members who are at or above the target.",
    "readiness_upper": "Readiness if everyone not yet assessed turned out ready: the most it could be.",
    "mean_gap": "Average number of levels the assessed members are below the target (0 when at or above it).",
    "team": "The team (as Directorate / Team) the member was in on that day.",
    "suppressed": "1 when the team has fewer than 5 members, so its figures are left empty to protect privacy.",
    "employee_number": "The member's employee number in the HR system.",
    "name": "The member's name.",
    "job_role": "The member's job role.",
    "band": "The member's band or grade.",
    "assessed_level": "The member's latest valid assessed level in this area on that day; empty when not assessed.",
    "assessed_at": "The day that level was assessed; empty when not assessed.",
}
TABLE_COLUMN_NOTES = {
    ("teams", "members"): "Members of this team on that day.",
    ("teams", "ready"): "Members of this team at or above the target in this area.",
    ("teams", "readiness"): "Share of this team's members at or above the target; not assessed counts as not ready.",
}


def table_rows(table: pd.DataFrame) -> list[list]:
    """Return the table's rows as plain Python values: None for missing, formula-like text neutralised."""
    values = table.astype(object)
    values = values.where(values.notna(), None)
    rows = values.values.tolist()
    text = [i for i, column in enumerate(table.columns) if values[column].map(lambda v: isinstance(v, str)).any()]
    if text:
        for row in rows:
            for i in text:
                if isinstance(row[i], str):
                    row[i] = csv_cell(row[i])
    return rows


def with_area_names(table: pd.DataFrame, area_names: Mapping[str, str]) -> pd.DataFrame:
    """Return ``table`` with ``skill_area_name`` right after ``skill_area`` (unchanged without that column)."""
    if "skill_area" not in table.columns:
        return table
    named = table.copy()
    names = named["skill_area"].map(lambda slug: area_names.get(slug, slug) if isinstance(slug, str) else slug)
    named.insert(list(named.columns).index("skill_area") + 1, AREA_NAME_COLUMN, names)
    return named


def column_note(table: str, column: str) -> str:
    return TABLE_COLUMN_NOTES.get((table, column)) or COLUMN_NOTES.get(column, "")


def _width(header: str, rows: list[list], i: int, shown_as_percent: bool) -> float:
    if shown_as_percent:
        longest = len("100.0%")
    else:
        longest = max((len(csv_cell(row[i])) for row in rows[:WIDTH_SAMPLE_ROWS]), default=0)
    return float(min(max(len(header), longest, MIN_COLUMN_WIDTH) + 2, MAX_COLUMN_WIDTH))


def _formatted(sheet, value, number_format: str):
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _about(workbook: Workbook, tables: Mapping[str, pd.DataFrame], *, described: str, as_of: date) -> None:
    sheet = workbook.create_sheet(title=ABOUT_SHEET)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABC", (14, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width

    def line(*values, font=None):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=csv_cell(value) if isinstance(value, str) else value)
            cell.alignment = wrap
            if font is not None:
                cell.font = font
            cells.append(cell)
        sheet.append(cells)

    line("Readiness report", font=Font(bold=True, size=14))
    line(csv_cell(described))
    date_cell = WriteOnlyCell(sheet, value=as_of)
    date_cell.number_format = DATE_FORMAT
    sheet.append([WriteOnlyCell(sheet, value="As of"), date_cell])
    line("Percentages are fractions shown as percentages: a cell showing 74.2% holds 0.7417. Dates are dates.")
    line("The CSV downloads hold the same rows and columns, without skill_area_name, for other software.")
    sheet.append([])
    line("Sheet", "Column", "What it means", font=bold)
    for name, table in tables.items():
        line(name, "", SHEET_NOTES.get(name, ""))
        for column in table.columns:
            line(name, column, column_note(name, column))


def people_workbook(
    tables: Mapping[str, pd.DataFrame], *, area_names: Mapping[str, str], described: str, as_of: date
) -> bytes:
    """Return an XLSX workbook: the "about" sheet, then one sheet per contract table (bold, frozen header row)."""
    workbook = Workbook(write_only=True)  # streams rows: a cohort's staff sheet can be large
    named = {name: with_area_names(table, area_names) for name, table in tables.items()}
    _about(workbook, named, described=described, as_of=as_of)
    bold = Font(bold=True)
    for name, table in named.items():
        sheet = workbook.create_sheet(title=name)
        rows = table_rows(table)
        columns = list(table.columns)
        formats = {
            i: PERCENT_FORMAT if column in FRACTIONS else GAP_FORMAT
            for i, column in enumerate(columns)
            if column in FRACTIONS or column == "mean_gap"
        }
        for i, header in enumerate(columns):  # widths must be set before the first row
            width = _width(header, rows, i, formats.get(i) == PERCENT_FORMAT)
            sheet.column_dimensions[get_column_letter(i + 1)].width = width
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in columns:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            for i, number_format in formats.items():
                row[i] = _formatted(sheet, row[i], number_format)
            sheet.append(row)  # dates get the yyyy-mm-dd number format, numbers stay numbers
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
