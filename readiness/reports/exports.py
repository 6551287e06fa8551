"""Write readiness reports as the files of the export contract (docs/architecture.md); audit every export.

- ``export_tables`` turns a report (and its staff table) into the four contract tables: exactly the contract
  columns in their order, fractions rounded to 4 places, suppressed team rows with empty counts and readiness,
  and empty assessed_level/assessed_at for unassessed staff.
- ``readiness_export`` builds the report for a cohort or an organisation on an as-of day and writes it as one
  CSV table (UTF-8 with a byte order mark, so spreadsheet programs read it as UTF-8), exactly the contract's
  columns, or an XLSX workbook written for people (``workbook.people_workbook``): an "about" sheet explaining each
  column, then one sheet per table with area names beside their slugs, fractions shown as percentages and dates
  as dates.

Text that a spreadsheet would run as a formula is neutralised the way the learner's own record download does it
(``assessments.personal_data.csv_cell``), in both formats, so a CSV and its XLSX sheet hold the same rows.
Bad arguments raise ``ExportError`` with one of the module's messages before anything is read or recorded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.utils import timezone

from assessments.personal_data import csv_cell
from learning.audit import audit_record
from learning.models import AuditLogEntry, Organisation
from readiness import engine as readiness
from readiness.models import Cohort
from readiness.reports import drilldown, service, workbook

TABLE_COLUMNS: dict[str, list[str]] = {
    "summary": service.SUMMARY_COLUMNS,
    "areas": service.AREA_COLUMNS,
    "teams": service.TEAM_COLUMNS,
    "staff": service.STAFF_COLUMNS,
}
TABLES = tuple(TABLE_COLUMNS)  # sheet order
FORMATS = ("csv", "xlsx")
ALL_TABLES = "all"  # the command line's word for "every table" (XLSX only)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ERROR_SCOPE = "Export either a cohort or an organisation (exactly one of them)."
ERROR_UNKNOWN_TABLE = "There is no table called ‘{table}’. Choose one of: summary, areas, teams, staff."
ERROR_UNKNOWN_FORMAT = "There is no file format called ‘{file_format}’. Choose csv or xlsx."
ERROR_CSV_NEEDS_TABLE = (
    "A CSV file holds one table: choose summary, areas, teams or staff, or choose XLSX for all four tables."
)
ERROR_FUTURE_DATE = "The “as of” date {as_of} is in the future: choose today or an earlier day."

NO_SIGNED_IN_USER = "no signed-in user"

STEP_REPORT = "Working out readiness and listing staff"
STEP_WRITE = "Writing the file"
STEP_AUDIT = "Recording the export in the audit log"
STEPS = 3


class ExportError(ValueError):
    """A request for an export that cannot be made (the message says why and what to do)."""


@dataclass
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    row_count: int  # data rows over every table in the file (header rows not counted)


def export_check(*, table: str | None, file_format: str) -> tuple[str, ...]:
    """Return the tables a file of ``file_format`` with ``table`` holds, or raise ExportError.

    ``table`` None (or "all") means every table; several names separated by commas pick those tables (in the
    contract's order). Only an XLSX workbook holds more than one table.
    """
    if file_format not in FORMATS:
        raise ExportError(ERROR_UNKNOWN_FORMAT.format(file_format=file_format))
    if table in (None, "", ALL_TABLES):
        if file_format == "csv":
            raise ExportError(ERROR_CSV_NEEDS_TABLE)
        return TABLES
    names = [name.strip() for name in table.split(",")]
    for name in names:
        if name not in TABLE_COLUMNS:
            raise ExportError(ERROR_UNKNOWN_TABLE.format(table=name))
    if len(names) > 1 and file_format == "csv":
        raise ExportError(ERROR_CSV_NEEDS_TABLE)
    return tuple(name for name in TABLES if name in names)  # contract order, each once


# --- contract tables --------------------------------------------------------------------------------------------


def _contract(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``frame`` cut to table ``name``'s contract columns, fractions rounded to the contract's places."""
    return readiness.rounded(frame[TABLE_COLUMNS[name]].reset_index(drop=True))


def contract_table(name: str, report: service.Report, staff: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one contract table of ``report`` (``staff`` is the report's staff table, needed for "staff")."""
    if name == "summary":
        return _contract(report.summary, name)
    if name == "areas":
        return _contract(report.area_table, name)
    if name == "teams":
        return _contract(report.teams, name)
    if name == "staff":
        if staff is None:
            raise ValueError("The staff table needs the report's staff rows.")
        return _contract(staff, name)
    raise ExportError(ERROR_UNKNOWN_TABLE.format(table=name))


def export_tables(report: service.Report, staff: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return the four contract tables (summary, areas, teams, staff) of ``report`` in the contract's order."""
    return {name: contract_table(name, report, staff) for name in TABLES}


# --- cells and files --------------------------------------------------------------------------------------------


def _csv(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([csv_cell(value) for value in row] for row in workbook.table_rows(table))
    return buffer.getvalue().encode("utf-8-sig")


def export_filename(slug: str, as_of: date, tables: tuple[str, ...], file_format: str) -> str:
    """Return e.g. readiness-ward-managers-2026-06-30-areas.csv (or -all.xlsx for every table)."""
    which = ALL_TABLES if tuple(tables) == TABLES else "-".join(tables)
    return f"readiness-{slug}-{as_of.isoformat()}-{which}.{file_format}"


# --- the export -------------------------------------------------------------------------------------------------


def _plural(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def readiness_export(
    *,
    cohort: Cohort | None = None,
    organisation: Organisation | None = None,
    as_of: date,
    table: str | None,
    file_format: str,
    actor=None,
    via: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> ExportFile:
    """Return the readiness report of a cohort, or of an organisation against the default targets, as a file.

    ``table`` names one table (or None/"all" for every table, XLSX only). The export is written to the audit
    log of the cohort's organisation: who (``actor``; None for the command line, which ``via`` names), what,
    the format, the as-of day and the row count. Raises ExportError, recording nothing, for bad arguments.
    ``progress`` (a background job's) is told each step: ``progress(stage, steps done, steps in all)``.
    """
    step = progress or (lambda stage, done, total: None)
    if (cohort is None) == (organisation is None):
        raise ExportError(ERROR_SCOPE)
    tables = export_check(table=table, file_format=file_format)
    if as_of > timezone.localdate():
        raise ExportError(ERROR_FUTURE_DATE.format(as_of=as_of.isoformat()))

    step(STEP_REPORT, 0, STEPS)
    if cohort is not None:
        report = service.cohort_report(cohort, as_of)
        staff = drilldown.cohort_staff(cohort, report) if "staff" in tables else None
        owner, scope, slug = cohort.organisation, f"cohort {cohort.slug}", cohort.slug
        described = f"Cohort ‘{cohort.name}’ ({cohort.slug}) of {owner.name}"
    else:
        report = service.organisation_report(organisation, as_of)
        staff = drilldown.organisation_staff(organisation, report) if "staff" in tables else None
        owner, scope, slug = organisation, f"organisation {organisation.slug}", organisation.slug
        described = f"Organisation overview of {organisation.name} ({organisation.slug}) against default targets"
    step(STEP_WRITE, 1, STEPS)
    contents = {name: contract_table(name, report, staff) for name in tables}
    if file_format == "csv":
        content = _csv(contents[tables[0]])
    else:
        area_names = {area.slug: area.name for area in report.areas}
        content = workbook.people_workbook(contents, area_names=area_names, described=described, as_of=as_of)
    exported = ExportFile(
        filename=export_filename(slug, as_of, tables, file_format),
        content_type=CSV_CONTENT_TYPE if file_format == "csv" else XLSX_CONTENT_TYPE,
        content=content,
        row_count=sum(len(frame) for frame in contents.values()),
    )
    step(STEP_AUDIT, 2, STEPS)
    counts = ", ".join(f"{name} ({_plural(len(frame))})" for name, frame in contents.items())
    by = via or ("" if getattr(actor, "is_authenticated", False) else NO_SIGNED_IN_USER)
    audit_record(
        actor=actor,
        action=AuditLogEntry.Action.EXPORT,
        subject=f"Readiness report: {scope}, as of {as_of.isoformat()}",
        organisation=owner,
        row_count=exported.row_count,
        detail=(
            f"{described}. Tables: {counts}. Format: {file_format.upper()}. As of: {as_of.isoformat()}. "
            f"File: {exported.filename}." + (f" By {by}." if by else "")
        ),
        staff_ids=() if staff is None else staff["staff_id"],  # whose data left in the file
    )
    step(STEP_AUDIT, STEPS, STEPS)
    return exported
