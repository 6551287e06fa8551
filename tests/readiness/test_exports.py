"""Readiness exports: the export contract's columns, the worked example's figures, CSV and XLSX, the audit log."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning.models import AuditLogEntry
from readiness.models import CohortMembership
from readiness.reports import drilldown, exports, service
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories.learning import TeamFactory
from tests.factories.readiness import load_worked_example, worked_example

pytestmark = pytest.mark.django_db

EXAMPLE = worked_example()
SECTIONS = ("baseline", "as_of")
# Written out from the export contract in docs/architecture.md (not read from the code): a change to the lists fails.
CONTRACT = {
    "summary": ["cohort", "as_of", "members", "readiness_mean", "readiness_all", "enrolments", "completed", "overdue"],
    "areas": [
        "cohort",
        "as_of",
        "skill_area",
        "target_level",
        "members",
        "assessed",
        "ready",
        "coverage",
        "readiness",
        "readiness_assessed",
        "readiness_upper",
        "mean_gap",
    ],
    "teams": ["cohort", "as_of", "team", "skill_area", "members", "ready", "readiness", "suppressed"],
    "staff": [
        "cohort",
        "as_of",
        "employee_number",
        "name",
        "team",
        "job_role",
        "band",
        "skill_area",
        "target_level",
        "assessed_level",
        "ready",
        "assessed_at",
    ],
}
# The XLSX is written for people: the same columns with the area's name after its slug, after an "about" sheet.
SHEETS = {
    name: [c for column in columns for c in ((column, "skill_area_name") if column == "skill_area" else (column,))]
    for name, columns in CONTRACT.items()
}
FRACTION_COLUMNS = {"coverage", "readiness", "readiness_assessed", "readiness_upper", "readiness_mean", "readiness_all"}
AREA_FIGURES = ["members", "assessed", "ready", "coverage", "readiness", "readiness_assessed", "readiness_upper"]


@pytest.fixture
def example():
    return load_worked_example()


def day(section: str) -> date:
    return date.fromisoformat(EXAMPLE["expected"][section]["as_of"])


def tables_for(cohort, section: str) -> dict:
    report = service.cohort_report(cohort, day(section))
    return exports.export_tables(report, drilldown.cohort_staff(cohort, report))


def export(cohort, section="as_of", table=None, file_format="xlsx", actor=None) -> exports.ExportFile:
    return exports.readiness_export(
        cohort=cohort, as_of=day(section), table=table, file_format=file_format, actor=actor
    )


def csv_rows(exported: exports.ExportFile) -> list[list[str]]:
    assert exported.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark, for spreadsheet programs
    return list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))


def as_csv_text(value) -> str:
    """Return an XLSX cell value as the CSV writes it (dates ISO, missing empty)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


# --- contract tables --------------------------------------------------------------------------------------------


def test_the_four_tables_have_exactly_the_contract_columns_in_order(example):
    cohort, _ = example
    tables = tables_for(cohort, "as_of")
    assert list(tables) == ["summary", "areas", "teams", "staff"]
    for name, columns in CONTRACT.items():
        assert list(tables[name].columns) == columns, name
    # The service's tables carry extra columns for the screens; the exports drop them.
    report = service.cohort_report(cohort, day("as_of"))
    assert "team_id" in report.teams.columns and "staff_id" in drilldown.cohort_staff(cohort, report).columns


@pytest.mark.parametrize("section", SECTIONS)
def test_summary_and_areas_hold_the_worked_example_figures_rounded_to_four_places(example, section):
    cohort, _ = example
    expected = EXAMPLE["expected"][section]
    tables = tables_for(cohort, section)
    summary = tables["summary"].iloc[0]
    assert (summary["cohort"], summary["as_of"]) == ("worked-example", day(section))
    assert summary["members"] == expected["members"]
    assert summary["readiness_mean"] == expected["readiness_mean"]
    assert summary["readiness_all"] == expected["readiness_all"]
    assert (summary["enrolments"], summary["completed"], summary["overdue"]) == (0, 0, 0)
    areas = tables["areas"].set_index("skill_area")
    assert list(areas.index) == list(expected["areas"])
    for slug, figures in expected["areas"].items():
        assert areas.loc[slug, "target_level"] == figures["target_level"]
        for name in [*AREA_FIGURES, "mean_gap"]:
            if name in figures:
                assert areas.loc[slug, name] == figures[name], (section, slug, name)


@pytest.mark.parametrize("section", SECTIONS)
def test_team_rows_match_the_worked_example_and_small_teams_are_suppressed(example, section):
    cohort, _ = example
    rows = csv_rows(export(cohort, section, table="teams", file_format="csv"))
    assert rows[0] == CONTRACT["teams"]
    expected = [
        [
            "worked-example",
            day(section).isoformat(),
            team["team"],
            team["skill_area"],
            "" if team["members"] is None else str(team["members"]),
            "" if team["ready"] is None else str(team["ready"]),
            "" if team["readiness"] is None else str(team["readiness"]),
            str(team["suppressed"]),
        ]
        for team in EXAMPLE["expected"][section]["teams"]
    ]
    assert rows[1:] == expected


def test_the_baseline_has_a_suppressed_team_with_no_counts_and_no_readiness(example):
    cohort, _ = example
    teams = tables_for(cohort, "baseline")["teams"]
    hidden = teams[teams["suppressed"] == 1]
    assert list(hidden["team"]) == ["Ward 2", "Ward 2"]
    assert hidden[["members", "ready", "readiness"]].isna().all().all()
    assert (teams.loc[teams["suppressed"] == 0, "members"] >= 5).all()


@pytest.mark.parametrize("section", SECTIONS)
def test_staff_rows_carry_each_members_level_with_empty_cells_when_unassessed(example, section):
    cohort, _ = example
    expected = EXAMPLE["expected"][section]
    rows = csv_rows(export(cohort, section, table="staff", file_format="csv"))
    assert rows[0] == CONTRACT["staff"]
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == len(expected["member_ids"]) * len(expected["areas"])
    assert sorted({row["employee_number"] for row in body}) == sorted(expected["member_ids"])
    for row in body:
        level = expected["areas"][row["skill_area"]]["levels"][row["employee_number"]]
        target = expected["areas"][row["skill_area"]]["target_level"]
        assert row["cohort"] == "worked-example" and row["as_of"] == day(section).isoformat()
        assert row["name"] == f"Person {row['employee_number']}"
        assert row["team"] in ("Ward 1", "Ward 2")
        assert (row["job_role"], row["band"]) == ("Staff Nurse", "Band 5")
        assert row["target_level"] == str(target)
        assert row["assessed_level"] == ("" if level is None else str(level))
        assert row["ready"] == ("1" if level is not None and level >= target else "0")
        if level is None:
            assert row["assessed_at"] == ""
        else:
            assert date.fromisoformat(row["assessed_at"]) <= day(section)


def test_each_csv_holds_the_same_rows_as_the_engine_tables(example):
    cohort, _ = example
    tables = tables_for(cohort, "as_of")
    for name, table in tables.items():
        rows = csv_rows(export(cohort, table=name, file_format="csv"))
        assert rows[0] == CONTRACT[name]
        assert len(rows) - 1 == len(table), name


# --- XLSX ---------------------------------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_table_in_order_with_the_same_rows_as_the_csv_files(example):
    cohort, _ = example
    exported = export(cohort)
    assert exported.content_type == exports.XLSX_CONTENT_TYPE
    assert exported.filename == f"readiness-worked-example-{day('as_of').isoformat()}-all.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == ["about", "summary", "areas", "teams", "staff"]
    total = 0
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0]) == SHEETS[name]
        named = "skill_area_name" in SHEETS[name]
        if named:  # beside the slug, the area's name; the rest is the CSV's table
            slug, name_at = SHEETS[name].index("skill_area"), SHEETS[name].index("skill_area_name")
            areas = {area.slug: area.name for area in service.cohort_areas(cohort)}
            assert all(row[name_at] == areas[row[slug]] for row in values[1:])
            values = [row[:name_at] + row[name_at + 1 :] for row in values]
        rows = csv_rows(export(cohort, table=name, file_format="csv"))
        assert [as_csv_text(v) for v in values[0]] == rows[0] == CONTRACT[name]
        assert len(values) == len(rows), name
        for cells, texts in zip(values[1:], rows[1:], strict=True):
            for value, text in zip(cells, texts, strict=True):
                if isinstance(value, int | float):  # numbers are stored as numbers
                    assert float(text) == value, (name, cells, texts)
                else:
                    assert as_csv_text(value) == text, (name, cells, texts)
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= len("worked-example")
        total += len(values) - 1
    assert exported.row_count == total


def test_xlsx_stores_numbers_and_dates_as_such_and_leaves_missing_cells_empty(example):
    cohort, _ = example
    workbook = openpyxl.load_workbook(io.BytesIO(export(cohort, "baseline").content))
    summary = list(workbook["summary"].iter_rows(min_row=2, values_only=True))[0]
    assert isinstance(summary[1], datetime) and summary[1].date() == day("baseline")
    assert workbook["summary"]["B2"].number_format == "yyyy-mm-dd"
    assert summary[2] == EXAMPLE["expected"]["baseline"]["members"]
    assert summary[3] == EXAMPLE["expected"]["baseline"]["readiness_mean"]
    teams = [row for row in workbook["teams"].iter_rows(min_row=2, values_only=True) if row[8] == 1]
    assert teams and all(row[5:8] == (None, None, None) for row in teams)
    staff = list(workbook["staff"].iter_rows(min_row=2, values_only=True))
    unassessed = [row for row in staff if row[10] is None]
    assert unassessed and all(row[12] is None and row[11] == 0 for row in unassessed)
    assert all(isinstance(row[12], datetime) for row in staff if row[10] is not None)
    assert all(workbook["staff"].cell(row=n, column=13).number_format == "yyyy-mm-dd" for n in range(2, 5))


def test_xlsx_shows_fractions_as_percentages_and_keeps_the_fraction(example):
    cohort, _ = example
    workbook = openpyxl.load_workbook(io.BytesIO(export(cohort).content))
    expected = EXAMPLE["expected"]["as_of"]
    seen = set()
    for name in ("summary", "areas", "teams"):
        sheet = workbook[name]
        header = [cell.value for cell in sheet[1]]
        for column, title in enumerate(header, start=1):
            if title not in FRACTION_COLUMNS:
                continue
            for n in range(2, sheet.max_row + 1):
                cell = sheet.cell(row=n, column=column)
                if cell.value is not None:
                    assert cell.number_format == "0.0%", (name, title)
                    assert 0 <= cell.value <= 1.0001  # still the fraction: 74.2% holds 0.7417
                    seen.add(title)
    assert seen == FRACTION_COLUMNS
    summary = dict(
        zip(SHEETS["summary"], next(workbook["summary"].iter_rows(min_row=2, values_only=True)), strict=True)
    )
    assert summary["readiness_mean"] == expected["readiness_mean"]


def test_xlsx_opens_with_a_sheet_explaining_every_column(example):
    cohort, _ = example
    workbook = openpyxl.load_workbook(io.BytesIO(export(cohort).content))
    about = workbook.worksheets[0]
    assert about.title == "about"
    lines = list(about.iter_rows(values_only=True))
    assert cohort.name in " ".join(str(v) for row in lines for v in row if v)
    explained = {(row[0], row[1]): row[2] for row in lines if row and len(row) >= 3 and row[1]}
    for name, columns in SHEETS.items():
        for column in columns:
            assert explained.get((name, column)), f"{name}.{column} is not explained"
    one = openpyxl.load_workbook(io.BytesIO(export(cohort, table="teams").content))
    assert {row[0] for row in one["about"].iter_rows(min_row=8, values_only=True) if row and row[0]} == {"teams"}


def test_an_xlsx_of_one_table_has_just_that_sheet(example):
    cohort, _ = example
    exported = export(cohort, table="areas")
    assert exported.filename.endswith("-areas.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == ["about", "areas"]
    assert exported.row_count == len(EXAMPLE["expected"]["as_of"]["areas"])


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_in_both_formats(example):
    cohort, people = example
    team = people["A"].team
    team.name = '=HYPERLINK("http://x","y")'
    team.save()
    people["B"].job_role = "+44 20 7946 0000"
    people["B"].save()
    rows = csv_rows(export(cohort, table="staff", file_format="csv"))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x","y")' in cells and "'+44 20 7946 0000" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    workbook = openpyxl.load_workbook(io.BytesIO(export(cohort).content))
    for sheet in workbook:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    staff_cells = {cell for row in workbook["staff"].iter_rows(values_only=True) for cell in row}
    assert '\'=HYPERLINK("http://x","y")' in staff_cells


# --- audit log ----------------------------------------------------------------------------------------------------


def test_every_export_is_recorded_in_the_audit_log_with_its_row_count(example):
    cohort, _ = example
    user = UserFactory()
    exported = export(cohort, table="areas", file_format="csv", actor=user)
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.organisation) == ("export", user, cohort.organisation)
    assert entry.row_count == exported.row_count == 2
    assert "cohort worked-example" in entry.subject
    for fragment in ("areas (2 rows)", "Format: CSV", f"As of: {day('as_of').isoformat()}", exported.filename):
        assert fragment in entry.detail
    assert "no signed-in user" not in entry.detail
    export(cohort, actor=None)
    latest = AuditLogEntry.objects.order_by("-id").first()
    assert latest.actor is None and "no signed-in user" in latest.detail
    assert latest.row_count == sum(len(t) for t in tables_for(cohort, "as_of").values())
    assert "summary (1 row), areas (2 rows), teams (4 rows), staff (22 rows)" in latest.detail


def test_a_command_line_export_says_so_in_the_audit_log(example):
    cohort, _ = example
    exports.readiness_export(
        cohort=cohort, as_of=day("as_of"), table="summary", file_format="csv", via="the command line"
    )
    entry = AuditLogEntry.objects.get()
    assert entry.actor is None and entry.detail.endswith("By the command line.")


@pytest.mark.parametrize(
    ("table", "file_format", "message"),
    [
        ("people", "xlsx", exports.ERROR_UNKNOWN_TABLE.format(table="people")),
        ("areas", "pdf", exports.ERROR_UNKNOWN_FORMAT.format(file_format="pdf")),
        (None, "csv", exports.ERROR_CSV_NEEDS_TABLE),
        ("all", "csv", exports.ERROR_CSV_NEEDS_TABLE),
    ],
)
def test_bad_table_or_format_is_refused_and_nothing_is_recorded(example, table, file_format, message):
    cohort, _ = example
    with pytest.raises(exports.ExportError) as caught:
        export(cohort, table=table, file_format=file_format)
    assert str(caught.value) == message
    assert not AuditLogEntry.objects.exists()


def test_a_future_day_or_a_missing_or_double_scope_is_refused(example):
    cohort, _ = example
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(exports.ExportError, match="in the future"):
        exports.readiness_export(cohort=cohort, as_of=tomorrow, table=None, file_format="xlsx")
    for scope in ({}, {"cohort": cohort, "organisation": cohort.organisation}):
        with pytest.raises(exports.ExportError) as caught:
            exports.readiness_export(**scope, as_of=day("as_of"), table=None, file_format="xlsx")
        assert str(caught.value) == exports.ERROR_SCOPE
    assert not AuditLogEntry.objects.exists()


# --- organisation overview ----------------------------------------------------------------------------------------


def test_an_organisation_export_covers_all_its_staff_against_default_targets(example):
    cohort, _ = example
    organisation = cohort.organisation
    as_of = day("as_of")
    exported = exports.readiness_export(organisation=organisation, as_of=as_of, table=None, file_format="xlsx")
    assert exported.filename == f"readiness-{organisation.slug}-{as_of.isoformat()}-all.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == ["about", *CONTRACT]
    report = service.organisation_report(organisation, as_of)
    tables = exports.export_tables(report, drilldown.organisation_staff(organisation, report))
    for name, columns in SHEETS.items():
        rows = list(workbook[name].iter_rows(values_only=True))
        assert list(rows[0]) == columns
        assert len(rows) - 1 == len(tables[name])
        assert {row[0] for row in rows[1:]} <= {organisation.slug}
    entry = AuditLogEntry.objects.get()
    assert entry.organisation == organisation and f"organisation {organisation.slug}" in entry.subject
    assert entry.row_count == exported.row_count


def test_only_a_staff_table_reads_the_staff_rows(example):
    cohort, _ = example
    with CaptureQueriesContext(connection) as areas_only:
        export(cohort, table="areas", file_format="csv")
    with CaptureQueriesContext(connection) as with_staff:
        export(cohort, table="staff", file_format="csv")
    assert len(areas_only.captured_queries) < len(with_staff.captured_queries)


def test_the_query_count_of_an_export_does_not_grow_with_the_cohort(example):
    cohort, _ = example
    with CaptureQueriesContext(connection) as small:
        export(cohort)
    team = TeamFactory(organisation=cohort.organisation, name="Ward 3")
    for _ in range(30):
        staff = StaffMemberFactory(organisation=cohort.organisation, team=team)
        CohortMembership.objects.create(cohort=cohort, staff=staff, joined_on=date(2026, 1, 1))
    with CaptureQueriesContext(connection) as large:
        exported = export(cohort)
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content), read_only=True)
    assert workbook["summary"]["C2"].value == EXAMPLE["expected"]["as_of"]["members"] + 30
    assert len(large.captured_queries) == len(small.captured_queries)
