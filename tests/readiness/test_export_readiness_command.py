"""``manage.py export_readiness --cohort SLUG [--organisation SLUG] [--as-of D] --table T --format F --output PATH``."""

from __future__ import annotations

import csv
import io
import os
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from learning.models import AuditLogEntry
from readiness.management.commands import export_readiness
from readiness.models import Cohort
from readiness.reports import exports
from tests.factories import OrganisationFactory
from tests.factories.readiness import load_worked_example, worked_example

pytestmark = pytest.mark.django_db

EXAMPLE = worked_example()
AS_OF = EXAMPLE["expected"]["as_of"]["as_of"]
COHORT = EXAMPLE["cohort"]["slug"]


@pytest.fixture
def example():
    organisation = OrganisationFactory(name="Northbrook NHS Trust", slug="northbrook")
    return load_worked_example(organisation)


def command(*args) -> str:
    out = io.StringIO()
    call_command("export_readiness", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def nothing_written(folder) -> bool:
    return not AuditLogEntry.objects.exists() and not any(folder.iterdir())


def test_list_prints_each_cohort_with_its_organisation_one_per_line(example):
    cohort, _ = example
    other = OrganisationFactory(name="Eastfield Council", slug="eastfield")
    Cohort.objects.create(organisation=other, name="Data academy", slug="data-academy")
    Cohort.objects.create(organisation=other, name="Ward managers", slug=COHORT)
    lines = command("--list").splitlines()
    assert lines == [
        "data-academy\teastfield\tEastfield Council\tData academy",
        f"{COHORT}\teastfield\tEastfield Council\tWard managers",
        f"{COHORT}\tnorthbrook\tNorthbrook NHS Trust\t{cohort.name}",
    ]
    assert not AuditLogEntry.objects.exists()


def test_list_says_when_there_are_no_cohorts(db):
    assert command("--list").strip() == export_readiness.NO_COHORTS


def test_exports_one_table_as_csv_with_the_same_bytes_as_the_dashboard_and_confirms_in_one_line(example, tmp_path):
    cohort, _ = example
    path = tmp_path / "areas.csv"
    out = command("--cohort", COHORT, "--as-of", AS_OF, "--table", "areas", "--format", "csv", "--output", path)
    assert out.count("\n") == 1
    assert "Wrote 2 rows to" in out and str(path) in out and f"cohort {COHORT}" in out and AS_OF in out
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == exports.TABLE_COLUMNS["areas"]
    assert [row[2] for row in rows[1:]] == list(EXAMPLE["expected"]["as_of"]["areas"])
    assert [float(row[8]) for row in rows[1:]] == [
        a["readiness"] for a in EXAMPLE["expected"]["as_of"]["areas"].values()
    ]
    direct = exports.readiness_export(cohort=cohort, as_of=date.fromisoformat(AS_OF), table="areas", file_format="csv")
    assert path.read_bytes() == direct.content
    entry = AuditLogEntry.objects.order_by("id").first()
    assert entry.actor is None and entry.row_count == 2 and entry.organisation == cohort.organisation
    assert "command line" in entry.detail and "Format: CSV" in entry.detail
    assert [p.name for p in tmp_path.iterdir()] == ["areas.csv"]  # no temporary file left behind


def test_exports_every_table_as_xlsx_by_default(example, tmp_path):
    path = tmp_path / "readiness.xlsx"
    out = command("--cohort", COHORT, "--as-of", AS_OF, "--output", path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["about", "summary", "areas", "teams", "staff"]
    rows = sum(sheet.max_row - 1 for sheet in workbook.worksheets[1:])
    assert f"Wrote {rows} rows" in out and "summary, areas, teams, staff" in out
    assert AuditLogEntry.objects.get().row_count == rows


def test_as_of_defaults_to_today(example, tmp_path):
    path = tmp_path / "summary.csv"
    command("--cohort", COHORT, "--table", "summary", "--format", "csv", "--output", path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[1][1] == timezone.localdate().isoformat()


def test_an_existing_file_is_replaced(example, tmp_path):
    path = tmp_path / "summary.csv"
    path.write_text("old")
    command("--cohort", COHORT, "--as-of", AS_OF, "--table", "summary", "--format", "csv", "--output", path)
    assert path.read_text(encoding="utf-8-sig").startswith("cohort,as_of,members")


def test_a_slug_used_by_two_organisations_needs_organisation(example, tmp_path):
    other = OrganisationFactory(slug="eastfield")
    Cohort.objects.create(organisation=other, name="Elsewhere", slug=COHORT)
    path = tmp_path / "out.xlsx"
    with pytest.raises(CommandError, match="--organisation") as caught:
        command("--cohort", COHORT, "--as-of", AS_OF, "--output", path)
    assert "eastfield, northbrook" in str(caught.value)
    assert nothing_written(tmp_path)
    command("--cohort", COHORT, "--organisation", "northbrook", "--as-of", AS_OF, "--output", path)
    workbook = openpyxl.load_workbook(path)
    assert workbook["summary"]["C2"].value == EXAMPLE["expected"]["as_of"]["members"]
    assert AuditLogEntry.objects.get().organisation.slug == "northbrook"


def test_organisation_alone_exports_the_organisation_overview(example, tmp_path):
    path = tmp_path / "org.xlsx"
    out = command("--organisation", "northbrook", "--as-of", AS_OF, "--table", "teams", "--output", path)
    assert "organisation northbrook" in out
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["about", "teams"]
    assert {row[0] for row in workbook["teams"].iter_rows(min_row=2, values_only=True)} == {"northbrook"}
    assert "organisation northbrook" in AuditLogEntry.objects.get().subject


FUTURE = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cohort", "no-such-cohort"], "There is no cohort with the slug ‘no-such-cohort’"),
        (["--cohort", COHORT, "--organisation", "nowhere"], "There is no organisation with the slug ‘nowhere’"),
        (["--cohort", COHORT, "--as-of", "30/06/2026"], "--as-of takes a date as YYYY-MM-DD"),
        (["--cohort", COHORT, "--as-of", FUTURE], "is in the future"),
        (["--cohort", COHORT, "--format", "csv"], exports.ERROR_CSV_NEEDS_TABLE),
        (["--cohort", COHORT, "--format", "csv", "--table", "all"], exports.ERROR_CSV_NEEDS_TABLE),
        (["--cohort", COHORT, "--table", "people"], "There is no table called ‘people’"),
        (["--cohort", COHORT, "--format", "pdf"], "There is no file format called ‘pdf’"),
        ([], export_readiness.ERROR_NOTHING_TO_EXPORT),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(example, tmp_path, args, message):
    with pytest.raises(CommandError) as caught:
        command(*args, "--output", tmp_path / "out.xlsx")
    assert message in str(caught.value)
    assert nothing_written(tmp_path)


def test_a_missing_output_is_refused(example):
    with pytest.raises(CommandError, match="--output"):
        command("--cohort", COHORT)
    assert not AuditLogEntry.objects.exists()


def test_an_output_in_a_missing_folder_or_naming_a_folder_is_refused(example, tmp_path):
    with pytest.raises(CommandError, match="There is no folder"):
        command("--cohort", COHORT, "--as-of", AS_OF, "--output", tmp_path / "missing" / "out.xlsx")
    with pytest.raises(CommandError, match="is a folder"):
        command("--cohort", COHORT, "--as-of", AS_OF, "--output", tmp_path)
    assert nothing_written(tmp_path)


def test_an_unwritable_folder_is_refused(example, tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(tmp_path) else real_access(p, mode))
    with pytest.raises(CommandError, match="Cannot write to"):
        command("--cohort", COHORT, "--as-of", AS_OF, "--output", tmp_path / "out.xlsx")
    assert nothing_written(tmp_path)


def test_a_failure_while_writing_leaves_no_file_no_partial_file_and_no_audit_entry(example, tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"the previous export")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(CommandError, match="No space left on device") as caught:
        command("--cohort", COHORT, "--as-of", AS_OF, "--output", path)
    assert "neither created nor changed" in str(caught.value)
    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    assert not AuditLogEntry.objects.exists()


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temporary_one(example, tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_bytes(b"the previous export")

    def refuse(src, dst):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(CommandError, match="Permission denied"):
        command("--cohort", COHORT, "--as-of", AS_OF, "--table", "summary", "--format", "csv", "--output", path)
    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    # The audit entry was committed before the rename: an attempt stays on record rather than an export going
    # unrecorded.
    assert AuditLogEntry.objects.count() == 1
