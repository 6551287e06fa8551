from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.models import Organisation
from learning.staff_import import staff_import
from learning.staff_import.plan import BLANK_CHOICES, BLANK_KEEPS
from learning.staff_import.read import MAX_FILE_BYTES
from learning.staff_import.report import report_lines

NO_SUCH_FILE = "There is no file at {path}."
NOT_A_FILE = "{path} is a folder, not a file."
FILE_TOO_LARGE = "{path} is {size:.1f} MB; the largest file we accept is 20 MB. Split it into smaller files."
NO_SUCH_ORGANISATION = "There is no organisation with the slug ‘{slug}’. Known slugs: {known}."
BAD_TODAY = "--today takes a date as YYYY-MM-DD, for example 2026-04-01."
REFUSED = "Import refused: nothing was written."
WOULD_BE_REFUSED = "A real import of this file would be refused."


class Command(BaseCommand):
    help = (
        "Import staff records from an HR extract (CSV or XLSX) into one organisation. Nothing is written when "
        "any row has an error, unless --valid-only is given. Staff missing from the file are left alone unless "
        "--missing-are-leavers is given. Exits with status 1 when the import is (or, for --dry-run, would be) "
        "refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file to import")
        parser.add_argument("--organisation", required=True, help="slug of the organisation the staff belong to")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
        parser.add_argument("--valid-only", action="store_true", help="import the valid rows, skipping the rest")
        parser.add_argument(
            "--missing-are-leavers",
            action="store_true",
            help="give everyone on record who is not in the file today's date as their leave date",
        )
        parser.add_argument(
            "--blank-cells",
            choices=list(BLANK_CHOICES),
            default=BLANK_KEEPS,
            help="keep: a blank cell keeps what is stored (default, for partial extracts); clear: it clears it",
        )
        parser.add_argument("--sheet", help="the worksheet of an XLSX workbook to read (default: the first)")
        parser.add_argument("--today", help="the date to judge leavers by, YYYY-MM-DD (default: today)")
        parser.add_argument("--show", type=int, default=50, help="rows to list per kind of change (default 50)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(NO_SUCH_FILE.format(path=path))
        if not path.is_file():
            raise CommandError(NOT_A_FILE.format(path=path))
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(FILE_TOO_LARGE.format(path=path, size=path.stat().st_size / (1024 * 1024)))
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(NO_SUCH_ORGANISATION.format(slug=options["organisation"], known=known))
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(BAD_TODAY) from None

        def progress(stage: str, done: int, total: int | None) -> None:
            of = f" of {total:,}" if total else ""
            self.stderr.write(f"{stage}: {done:,}{of} rows")

        report = staff_import(
            organisation=organisation,
            data=path.read_bytes(),
            filename=path.name,
            dry_run=options["dry_run"],
            valid_only=options["valid_only"],
            missing_are_leavers=options["missing_are_leavers"],
            blanks=options["blank_cells"],
            sheet=options["sheet"],
            today=today,
            progress=progress,
        )
        for line in report_lines(report, limit=max(options["show"], 0)):
            self.stdout.write(line)
        if report.refused:
            raise CommandError(WOULD_BE_REFUSED if report.dry_run else REFUSED)
        if report.applied:
            self.stdout.write(self.style.SUCCESS(report.outcome))
