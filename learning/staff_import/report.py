"""What an import did, or would do: counts, the rows behind them, errors, and the outcome in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.staff_import.accounts import AccountChanges
from learning.staff_import.cells import date_display
from learning.staff_import.plan import BLANK_CHOICES, BLANK_KEEPS, Person, Update
from learning.staff_import.validate import CleanRow, RowError

FILE_REFUSED = "The file cannot be imported, so nothing was written."
ERRORS_REFUSED = (
    "Nothing was imported, because {count:,} of {total:,} rows {have} errors. Fix them and import the file "
    "again, or choose to import only the valid rows."
)
ERRORS_WOULD_REFUSE = (
    "{count:,} of {total:,} rows {have} errors. Importing this file would change nothing until they are fixed, "
    "unless you choose to import only the valid rows."
)
NOTHING_VALID = "Nothing was imported, because no row in the file is valid."
WRITE_FAILED = (
    "Nothing was imported, because the records changed while the file was being imported (another import "
    "may have been running). Try again."
)
CHECKED = "Checked: nothing has been written yet."
IMPORTED = "Imported."
IMPORTED_VALID_ONLY = "Imported the valid rows and skipped {count:,} {rows} with errors: {lines}."
ANONYMISED_LEFT_ALONE = "Rows for anonymised staff records were left alone ({lines})."
SUMMARY = "Summary of {filename}"
SUMMARY_REFUSED = "Summary of {filename}: nothing was written"
SUMMARY_VALID_ONLY = "Summary of {filename}: what importing only the valid rows would do"
BLANKS_KEPT = "{choice}: {count:,} blank {cells} kept the stored value."
BLANKS_NONE_KEPT = "{choice}: no blank cell in this file has a stored value to keep."
BLANKS_CLEAR = "{choice}: blank cells in the file's columns clear what is stored (shown as “(blank)” below)."
SHEET_READ = "Read the worksheet ‘{sheet}’."
SHEET_OTHERS = "The workbook also has {others}: choose one below to check it instead."


@dataclass
class ImportReport:
    """The result of ``staff_import``: for a dry run, what a real import would do."""

    organisation: str
    filename: str
    dry_run: bool = False
    valid_only: bool = False
    missing_are_leavers: bool = False
    blanks: str = BLANK_KEEPS
    blank_cells_kept: int = 0
    file_errors: list[str] = field(default_factory=list)
    rows_read: int = 0
    file_format: str = ""
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    ignored_headings: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    creates: list[CleanRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[Person] = field(default_factory=list)
    returners: list[Person] = field(default_factory=list)
    anonymised: list[CleanRow] = field(default_factory=list)
    new_teams: list[tuple[str, ...]] = field(default_factory=list)
    accounts_needed: int = 0
    accounts: AccountChanges | None = None
    write_failed: bool = False
    applied: bool = False
    seconds: float = 0.0

    @property
    def error_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})

    @property
    def error_lines_text(self) -> str:
        return lines_text(self.error_lines)

    @property
    def valid_rows(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged + len(self.anonymised)

    @property
    def refused(self) -> bool:
        """Return whether a real import is (or would be) refused, writing nothing."""
        if self.file_errors or self.write_failed:
            return True
        if self.errors and not self.valid_only:
            return True
        return self.valid_only and self.valid_rows == 0

    @property
    def skipped_lines(self) -> list[int]:
        """Return the lines left out by "import only the valid rows" (none when the import is refused)."""
        return self.error_lines if self.valid_only and not self.refused else []

    @property
    def warnings(self) -> list[str]:
        notes = list(self.accounts.warnings) if self.accounts else []
        if self.anonymised:
            lines = [row.line for row in self.anonymised]
            notes.append(
                ANONYMISED_LEFT_ALONE.format(lines=("line " if len(lines) == 1 else "lines ") + lines_text(lines))
            )
        return notes

    @property
    def outcome(self) -> str:
        """Return one sentence saying what happened."""
        if self.write_failed:
            return WRITE_FAILED
        if self.file_errors:
            return FILE_REFUSED
        if self.valid_only and self.valid_rows == 0:
            return NOTHING_VALID
        if self.errors and not self.valid_only:
            template = ERRORS_WOULD_REFUSE if self.dry_run else ERRORS_REFUSED
            count = len(self.error_lines)
            return template.format(count=count, total=self.rows_read, have="has" if count == 1 else "have")
        if self.dry_run:
            return CHECKED
        if self.skipped_lines:
            count = len(self.skipped_lines)
            rows = "row" if count == 1 else "rows"
            return IMPORTED_VALID_ONLY.format(count=count, rows=rows, lines=lines_text(self.skipped_lines))
        return IMPORTED

    @property
    def blanks_text(self) -> str:
        """Return what blank cells did (or would do), for the preview and the result."""
        choice = BLANK_CHOICES[self.blanks]
        if self.blanks != BLANK_KEEPS:
            return BLANKS_CLEAR.format(choice=choice)
        if not self.blank_cells_kept:
            return BLANKS_NONE_KEPT.format(choice=choice)
        cells = "cell" if self.blank_cells_kept == 1 else "cells"
        return BLANKS_KEPT.format(choice=choice, count=self.blank_cells_kept, cells=cells)

    @property
    def sheet_text(self) -> str:
        """Return which worksheet was read and what else the workbook holds (empty for a CSV file)."""
        if not self.sheet:
            return ""
        others = [name for name in self.sheets if name != self.sheet]
        text = SHEET_READ.format(sheet=self.sheet)
        if others:
            named = [f"‘{name}’" for name in others]
            listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            text += " " + SHEET_OTHERS.format(others=listed)
        return text

    @property
    def written_nothing(self) -> bool:
        """Return whether this report is of a real import that was refused (nothing was written)."""
        return self.refused and not self.dry_run

    @property
    def summary_caption(self) -> str:
        if self.written_nothing:
            return SUMMARY_REFUSED.format(filename=self.filename)
        if self.dry_run and self.errors and not self.valid_only:
            return SUMMARY_VALID_ONLY.format(filename=self.filename)
        return SUMMARY.format(filename=self.filename)

    def counts(self) -> list[tuple[str, int]]:
        """Return (label, number) pairs for the summary; a refused import counts only what it read."""
        if self.written_nothing:
            return [
                ("Rows read", self.rows_read),
                ("Rows with errors", len(self.error_lines)),
                ("Records written", 0),
            ]
        pairs = [
            ("Rows read", self.rows_read),
            ("New staff records", len(self.creates)),
            ("Updated records", len(self.updates)),
            ("Unchanged records", self.unchanged),
            ("Leavers", len(self.leavers)),
            ("Returners", len(self.returners)),
            ("New teams", len(self.new_teams)),
            ("Rows with errors", len(self.error_lines)),
        ]
        if self.accounts is not None:
            pairs += [
                ("Sign-in accounts created", self.accounts.created),
                ("Existing sign-in accounts linked", self.accounts.linked),
                ("Sign-in accounts renamed", self.accounts.renamed),
                ("Sign-in accounts deactivated", self.accounts.deactivated),
                ("Sign-in accounts reactivated", self.accounts.reactivated),
            ]
        else:
            pairs.append(("Sign-in accounts to create or link", self.accounts_needed))
        return pairs

    def detail(self) -> str:
        """Return a one-line summary for the audit log."""
        return "; ".join(f"{label.lower()} {number}" for label, number in self.counts()) + (
            f"; skipped lines {lines_text(self.skipped_lines)}" if self.skipped_lines else ""
        )


def lines_text(lines: list[int], limit: int = 200) -> str:
    """Return line numbers as "4, 9 and 12" (at most ``limit`` of them, then how many more)."""
    shown = [str(line) for line in lines[:limit]]
    more = len(lines) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more:,} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def report_lines(report: ImportReport, limit: int = 50) -> list[str]:
    """Return the report as lines of text for the terminal: counts, then errors, then the first changes."""
    mode = " (dry run: nothing written)" if report.dry_run else ""
    lines = [f"Staff import of {report.filename} into {report.organisation}{mode}", report.outcome]
    for message in report.file_errors:
        lines.append(f"  {message}")
    if report.file_errors:
        return lines
    source = report.file_format + (f", {report.encoding}" if report.encoding else "")
    source += f", sheet ‘{report.sheet}’" if report.sheet else ""
    lines.append(f"Read {report.rows_read:,} rows ({source}) in {report.seconds:.1f} s.")
    if len(report.sheets) > 1:
        lines.append("Worksheets in the workbook: " + ", ".join(f"‘{name}’" for name in report.sheets) + " (--sheet)")
    if report.ignored_headings:
        lines.append("Columns ignored: " + ", ".join(f"‘{heading}’" for heading in report.ignored_headings))
    lines.append(report.blanks_text)
    lines.append(report.summary_caption + ":")
    lines += [f"  {label}: {number:,}" for label, number in report.counts()]
    if report.errors:
        lines.append(f"Errors ({len(report.errors):,}):")
        lines += [f"  {error}" for error in report.errors]
    if report.skipped_lines:
        lines.append(f"Skipped lines: {lines_text(report.skipped_lines, limit=len(report.skipped_lines))}")
    if report.written_nothing:
        return lines
    for title, items, show in (
        ("New staff records", report.creates, lambda row: f"line {row.line}: {row.employee_number} {row.full_name}"),
        ("Updated records", report.updates, _update_text),
        ("Leavers", report.leavers, _person_text),
        ("Returners", report.returners, _person_text),
        ("New teams", report.new_teams, lambda path: " > ".join(path)),
    ):
        if items:
            more = f" (first {limit})" if len(items) > limit else ""
            lines.append(f"{title}{more}:")
            lines += [f"  {show(item)}" for item in items[:limit]]
    lines += [f"Warning: {warning}" for warning in report.warnings]
    return lines


def _update_text(update: Update) -> str:
    changes = "; ".join(f"{change.label}: {change.old} → {change.new}" for change in update.changes)
    return f"line {update.row.line}: {update.row.employee_number} {update.row.full_name}: {changes}"


def _person_text(person: Person) -> str:
    where = f"line {person.line}: " if person.line else "not in the file: "
    when = f", leave date {date_display(person.leave_date)}" if person.leave_date else ""
    return f"{where}{person.employee_number} {person.name}{when}"
