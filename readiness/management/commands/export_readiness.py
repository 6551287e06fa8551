"""``manage.py export_readiness``: write a cohort's (or an organisation's) readiness report to a CSV or XLSX file."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from learning.models import Organisation
from readiness.models import Cohort
from readiness.reports import exports

VIA = "the command line (manage.py export_readiness)"

ERROR_NOTHING_TO_EXPORT = (
    "Name a cohort with --cohort SLUG (or an organisation with --organisation SLUG), or use --list."
)
ERROR_NO_OUTPUT = "Say where to write the file with --output PATH."
ERROR_NO_ORGANISATION = "There is no organisation with the slug ‘{slug}’. Known slugs: {known}."
ERROR_NO_COHORT = "There is no cohort with the slug ‘{slug}’{where}. Run with --list to see the cohorts."
ERROR_AMBIGUOUS = (
    "More than one organisation has a cohort with the slug ‘{slug}’ ({organisations}): "
    "say which with --organisation SLUG."
)
ERROR_BAD_DATE = "--as-of takes a date as YYYY-MM-DD, for example 2026-06-30; ‘{value}’ is not one."
ERROR_NO_FOLDER = "There is no folder {folder} to write the file into."
ERROR_IS_FOLDER = "{path} is a folder: give a file name, for example {path}/readiness.xlsx."
ERROR_NOT_WRITABLE = "Cannot write to {folder}: nothing was written."
ERROR_WRITE_FAILED = "Could not write {path} ({problem}): the file was neither created nor changed."
NO_COHORTS = "There are no cohorts yet."
WRITTEN = "Wrote {rows} to {path} ({what}, {tables}, as of {as_of})."


class Command(BaseCommand):
    help = (
        "Export a cohort's readiness report (the export contract's tables summary, areas, teams and staff) "
        "to a CSV file (one table) or an XLSX workbook (one sheet per table). With --organisation and no "
        "--cohort, exports the organisation overview: all staff against the default targets. Every export is "
        "written to the audit log. --list prints the cohort slugs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cohort", help="slug of the cohort to export")
        parser.add_argument(
            "--organisation", help="slug of the cohort's organisation (needed when two share a cohort slug)"
        )
        parser.add_argument("--as-of", dest="as_of", help="the day to report on, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--table",
            default=exports.ALL_TABLES,
            help="summary, areas, teams, staff, or all (XLSX only; the default)",
        )
        parser.add_argument("--format", dest="file_format", default="xlsx", help="csv or xlsx (default xlsx)")
        parser.add_argument("--output", help="the file to write; replaced if it exists")
        parser.add_argument("--list", action="store_true", help="print the cohorts: slug, organisation slug and name")

    def handle(self, *args, **options):
        if options["list"]:
            self._list()
            return
        if not options["cohort"] and not options["organisation"]:
            raise CommandError(ERROR_NOTHING_TO_EXPORT)
        if not options["output"]:
            raise CommandError(ERROR_NO_OUTPUT)
        table = options["table"]
        try:
            tables = exports.export_check(table=table, file_format=options["file_format"])
        except exports.ExportError as error:
            raise CommandError(str(error)) from None
        as_of = _as_of(options["as_of"])
        path = _output(options["output"])
        organisation = _organisation(options["organisation"]) if options["organisation"] else None
        scope = {"organisation": organisation}
        if options["cohort"]:
            scope = {"cohort": _cohort(options["cohort"], organisation)}

        temporary = None
        try:
            with transaction.atomic():  # the audit entry stays only if the file was written in full
                exported = exports.readiness_export(
                    **scope, as_of=as_of, table=table, file_format=options["file_format"], actor=None, via=VIA
                )
                temporary = _write_temporary(path, exported.content)
        except exports.ExportError as error:
            raise CommandError(str(error)) from None
        except BaseException:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise
        try:
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise CommandError(ERROR_WRITE_FAILED.format(path=path, problem=error.strerror or error)) from None
        what = f"cohort {scope['cohort'].slug}" if "cohort" in scope else f"organisation {organisation.slug}"
        rows = f"{exported.row_count:,} row" + ("" if exported.row_count == 1 else "s")
        self.stdout.write(
            self.style.SUCCESS(
                WRITTEN.format(rows=rows, path=path, what=what, tables=", ".join(tables), as_of=as_of.isoformat())
            )
        )

    def _list(self) -> None:
        cohorts = Cohort.objects.select_related("organisation").order_by("organisation__slug", "slug")
        lines = [f"{c.slug}\t{c.organisation.slug}\t{c.organisation.name}\t{c.name}" for c in cohorts]
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write(NO_COHORTS)


def _as_of(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        as_of = date.fromisoformat(value)
    except ValueError:
        raise CommandError(ERROR_BAD_DATE.format(value=value)) from None
    if as_of > timezone.localdate():
        raise CommandError(exports.ERROR_FUTURE_DATE.format(as_of=as_of.isoformat()))
    return as_of


def _output(value: str) -> Path:
    """Return the output path after checking its folder exists and can be written to."""
    path = Path(value).expanduser()
    if path.is_dir():
        raise CommandError(ERROR_IS_FOLDER.format(path=path))
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(ERROR_NO_FOLDER.format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(ERROR_NOT_WRITABLE.format(folder=folder))
    return path


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
        raise CommandError(ERROR_NO_ORGANISATION.format(slug=slug, known=known))
    return organisation


def _cohort(slug: str, organisation: Organisation | None) -> Cohort:
    cohorts = Cohort.objects.select_related("organisation").filter(slug=slug).order_by("organisation__slug")
    if organisation is not None:
        cohorts = cohorts.filter(organisation=organisation)
    found = list(cohorts[:10])
    if not found:
        where = f" in {organisation.slug}" if organisation is not None else ""
        raise CommandError(ERROR_NO_COHORT.format(slug=slug, where=where))
    if len(found) > 1:
        names = ", ".join(cohort.organisation.slug for cohort in found)
        raise CommandError(ERROR_AMBIGUOUS.format(slug=slug, organisations=names))
    return found[0]


def _write_temporary(path: Path, content: bytes) -> Path:
    """Write ``content`` to a new file beside ``path`` (readable by its owner only) and return its path.

    The caller renames it over ``path``, so a failure part-way never leaves a half-written file at ``path``.
    """
    temporary = None
    try:
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
        temporary = Path(handle.name)
        with handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise CommandError(ERROR_WRITE_FAILED.format(path=path, problem=error.strerror or error)) from None
    return temporary
