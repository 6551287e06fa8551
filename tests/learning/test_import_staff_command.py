"""``manage.py import_staff FILE --organisation SLUG [--dry-run] [--valid-only] [--missing-are-leavers]``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learning.management.commands import import_staff
from learning.models import AuditLogEntry, StaffMember
from learning.staff_import import read, report, validate
from learning.staff_import.cells import DATE_NOT_REAL
from tests.factories import OrganisationFactory
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, people, person, xlsx_bytes


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook", slug="northbrook", email_domains=DOMAIN)


def write(tmp_path, rows, name="staff.csv"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return path


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_file_and_prints_the_report(org, tmp_path):
    out, _ = command(write(tmp_path, people(3)), "--organisation", "northbrook", "--today", "2026-06-01")
    assert "New staff records: 3" in out
    assert "line 3: E002 Alex Person2" in out
    assert out.rstrip().endswith(report.IMPORTED)
    assert StaffMember.objects.filter(organisation=org).count() == 3
    assert AuditLogEntry.objects.get().actor is None


def test_imports_an_xlsx_file(org, tmp_path):
    command(write(tmp_path, people(2), "staff.xlsx"), "--organisation", "northbrook")
    assert StaffMember.objects.count() == 2


def test_dry_run_writes_nothing(org, tmp_path):
    out, _ = command(write(tmp_path, people(3)), "--organisation", "northbrook", "--dry-run")
    assert "(dry run: nothing written)" in out and report.CHECKED in out
    assert not StaffMember.objects.exists() and not AuditLogEntry.objects.exists()


def test_a_file_with_errors_is_refused_with_a_non_zero_exit(org, tmp_path):
    path = write(tmp_path, [person(1), person(2, start_date="31/02/2024")])
    with pytest.raises(CommandError, match=import_staff.REFUSED) as caught:
        command(path, "--organisation", "northbrook")
    assert caught.value.returncode == 1
    assert not StaffMember.objects.exists()


def test_dry_run_of_a_file_with_errors_lists_them_and_exits_non_zero(org, tmp_path):
    out = io.StringIO()
    path = write(tmp_path, [person(1), person(2, start_date="31/02/2024")])
    with pytest.raises(CommandError, match=import_staff.WOULD_BE_REFUSED):
        call_command("import_staff", str(path), "--organisation", "northbrook", "--dry-run", stdout=out)
    assert "Line 3, column ‘Start date’: " + DATE_NOT_REAL.format(value="31/02/2024") in out.getvalue()


def test_valid_only_imports_the_rest_and_names_the_skipped_lines(org, tmp_path):
    path = write(tmp_path, [person(1), person(2, email="bad"), person(3)])
    out, _ = command(path, "--organisation", "northbrook", "--valid-only")
    assert "Skipped lines: 3" in out
    assert report.IMPORTED_VALID_ONLY.format(count=1, rows="row", lines="3") in out
    assert set(StaffMember.objects.values_list("employee_number", flat=True)) == {"E001", "E003"}


def test_missing_are_leavers_flag(org, tmp_path):
    command(write(tmp_path, people(2)), "--organisation", "northbrook")
    out, _ = command(write(tmp_path, [person(1)]), "--organisation", "northbrook", "--missing-are-leavers")
    assert "not in the file: E002 Alex Person2" in out
    assert StaffMember.objects.get(employee_number="E002").leave_date is not None


def test_a_malformed_file_is_refused_with_its_message(org, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--organisation", "northbrook", stdout=out)
    assert read.EMPTY_FILE in out.getvalue()


def test_progress_goes_to_stderr(org, tmp_path, monkeypatch):
    monkeypatch.setattr(read, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(validate, "PROGRESS_EVERY", 2)
    out, err = command(write(tmp_path, people(5)), "--organisation", "northbrook")
    assert "read: 2 rows" in err and "validate: 4 of 5 rows" in err and "write: 5 of 5 rows" in err
    assert "read: 2 rows" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "nowhere"], import_staff.NO_SUCH_ORGANISATION.format(slug="nowhere", known="northbrook")),
        (["--organisation", "northbrook", "--today", "01/06/2026"], import_staff.BAD_TODAY),
    ],
)
def test_bad_arguments_are_refused_clearly_and_write_nothing(org, tmp_path, args, message):
    with pytest.raises(CommandError) as caught:
        command(write(tmp_path, people(2)), *args)
    assert str(caught.value) == message
    assert not StaffMember.objects.exists()


def test_a_missing_file_or_a_folder_is_refused(org, tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        command(tmp_path / "nope.csv", "--organisation", "northbrook")
    with pytest.raises(CommandError, match="is a folder, not a file"):
        command(tmp_path, "--organisation", "northbrook")


def test_organisation_is_required(org, tmp_path):
    with pytest.raises(CommandError, match="--organisation"):
        command(write(tmp_path, people(1)))
