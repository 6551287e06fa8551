"""The staff import service: read, validate and plan a file, then write the plan in one transaction.

Writes are in bulk: teams level by level (bulk_create), new records and sign-in accounts with one
prepared INSERT per table (bulk.py; new records in waves, managers before their reports, so every new
record is inserted with its line manager and never updated afterwards), changed records with bulk_update
grouped by the fields that change. Unchanged rows cost no write at all, so importing the same file again changes nothing
and only reads. Imports into one organisation are serialised by locking its row (PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from time import perf_counter

from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.events import staff_records_changed_send
from learning.models import AuditLogEntry, Organisation, StaffMember, Team
from learning.staff_import import accounts, bulk
from learning.staff_import.cells import email_domains_parse
from learning.staff_import.columns import EMAIL, LEAVE_DATE, TEAM
from learning.staff_import.plan import (
    BLANK_KEEPS,
    Existing,
    Plan,
    blanks_filler,
    existing_fetch,
    is_leaver,
    plan_build,
    team_key,
)
from learning.staff_import.read import FileRejected, file_read, workbook_sheet_names
from learning.staff_import.report import ImportReport
from learning.staff_import.validate import CleanRow, rows_validate
from learning.team_history import TeamChange, team_spells_move, team_spells_open

WRITE_CHUNK = 5_000  # new records per insert between progress reports
Progress = Callable[[str, int, int | None], None]


def staff_import(
    *,
    organisation: Organisation,
    data: bytes,
    filename: str,
    actor=None,
    dry_run: bool = False,
    valid_only: bool = False,
    missing_are_leavers: bool = False,
    blanks: str = BLANK_KEEPS,
    sheet: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import staff records from a CSV or XLSX file into ``organisation`` and return what happened.

    Nothing is written when the file or any row is invalid, unless ``valid_only`` is set: then the valid
    rows are imported and the report lists the skipped lines. ``blanks`` says whether a blank cell keeps the
    stored value (``plan.BLANK_KEEPS``, the default) or clears it; ``sheet`` names the worksheet of a workbook
    to read (the first by default). A dry run builds the same plan through the same steps and writes nothing.
    """
    started = perf_counter()
    today = today or timezone.localdate()
    report = ImportReport(
        organisation=organisation.name,
        filename=filename,
        dry_run=dry_run,
        valid_only=valid_only,
        missing_are_leavers=missing_are_leavers,
        blanks=blanks,
    )
    try:
        read = file_read(data, filename, sheet=sheet, progress=progress)
    except FileRejected as exc:
        report.file_errors = exc.messages
        report.sheets = workbook_sheet_names(data) if filename.lower().endswith(".xlsx") else []
        report.sheet = sheet or (report.sheets[0] if report.sheets else None)
        return report
    report.rows_read = len(read.rows)
    report.file_format, report.encoding, report.sheet = read.file_format, read.encoding, read.sheet
    report.sheets = read.sheets
    report.ignored_headings = read.ignored_headings
    try:
        with nullcontext() if dry_run else transaction.atomic():
            if not dry_run:
                list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
            existing = existing_fetch(organisation.pk)
            fill = blanks_filler(existing, read.headings.keys(), blanks)
            validation = rows_validate(
                read.rows,
                headings=read.headings,
                email_domains=email_domains_parse(organisation.email_domains),
                existing_managers=existing.managers(),
                existing_emails=existing.emails(),
                progress=progress,
                blank_fill=fill,
            )
            if fill is not None:
                report.blank_cells_kept = fill.cells_kept
            plan = plan_build(
                validation.rows,
                existing,
                columns=read.headings.keys(),
                today=today,
                missing_are_leavers=missing_are_leavers,
                numbers_in_file=validation.numbers_in_file,
            )
            _report_fill(report, validation.errors, plan)
            if not dry_run and not report.refused:
                report.accounts = _plan_write(plan, existing, organisation, today, read.headings.keys(), progress)
                AuditLogEntry.objects.create(
                    actor=actor,
                    organisation=organisation,
                    action=AuditLogEntry.Action.IMPORT,
                    subject=filename[:200],
                    row_count=report.valid_rows,
                    detail=report.detail(),
                )
                if report.creates or report.updates or report.leavers or report.returners:
                    # Staff records changed: cohort rules are re-applied so membership follows them.
                    staff_records_changed_send(organisation=organisation, today=today)
                report.applied = True
    except IntegrityError:
        report.write_failed, report.applied, report.accounts = True, False, None
    report.seconds = perf_counter() - started
    return report


def _report_fill(report: ImportReport, errors, plan: Plan) -> None:
    report.errors = errors
    report.creates, report.updates, report.unchanged = plan.creates, plan.updates, plan.unchanged
    report.leavers, report.returners, report.anonymised = plan.leavers, plan.returners, plan.anonymised
    report.new_teams = plan.new_team_paths
    report.accounts_needed = sum(1 for row in plan.creates if row.email) + sum(
        1 for update in plan.updates if "user" in update.fields
    )


def _plan_write(
    plan: Plan, existing: Existing, organisation: Organisation, today: date, columns, progress: Progress | None
) -> accounts.AccountChanges:
    """Write the plan: teams, accounts, new records, changed records, leavers' accounts."""
    columns = set(columns)
    changes = accounts.AccountChanges()
    team_ids = _teams_create(plan.new_team_paths, existing, organisation)

    def final_leave(row: CleanRow, before: date | None) -> date | None:
        return row.leave_date if LEAVE_DATE in columns else before

    taken = {member.user_id: number for number, member in existing.staff.items() if member.user_id}
    wanted = {row.email: (row.first_name, row.last_name, not is_leaver(row.leave_date, today), row.employee_number)
              for row in plan.creates if row.email}  # fmt: skip
    moves = []
    for update in plan.updates:
        row, staff = update.row, update.staff
        active = not is_leaver(final_leave(row, staff.leave_date), today)
        if "user" in update.fields:
            wanted[row.email] = (row.first_name, row.last_name, active, row.employee_number)
        elif EMAIL in update.fields and staff.user_id and row.email:
            moves.append(accounts.EmailMove(row.employee_number, staff.user_id, staff.email, row.email,
                                            row.first_name, row.last_name, active))  # fmt: skip
    user_by_email, activity = accounts.accounts_for_emails(wanted, taken=taken, changes=changes)
    relinks = accounts.accounts_email_change(moves, organisation_id=organisation.pk, taken=taken, changes=changes)
    number_ids = {number: member.id for number, member in existing.staff.items()}
    _creates_write(plan.creates, organisation, team_ids, number_ids, user_by_email, progress)

    groups: dict[tuple[str, ...], list[StaffMember]] = defaultdict(list)
    for update in plan.updates:
        row, fields = update.row, update.fields - {"user"}
        member = StaffMember(id=update.staff.id, first_name=row.first_name, last_name=row.last_name, email=row.email,
                             job_role=row.job_role, band=row.band, start_date=row.start_date,
                             leave_date=row.leave_date)  # fmt: skip
        member.team_id = team_ids[team_key(row.team_path)] if row.team_path else None
        member.line_manager_id = number_ids[row.line_manager] if row.line_manager else None
        user_id = user_by_email.get(row.email) if "user" in update.fields else relinks.get(row.employee_number)
        if user_id is not None:
            member.user_id, fields = user_id, fields | {"user"}
            activity[user_id] = not is_leaver(final_leave(row, update.staff.leave_date), today)
        if fields:
            groups[tuple(sorted(fields))].append(member)
    for fields, members in groups.items():  # field keys are the model's field names
        StaffMember.objects.bulk_update(members, list(fields), batch_size=500)
    _team_history_write(plan, team_ids, number_ids, today)
    missing_ids = [staff.id for staff in plan.missing_leavers]
    for chunk in accounts.chunks(missing_ids):
        StaffMember.objects.filter(id__in=chunk).update(leave_date=today)
    for number, active in plan.account_active.items():
        activity.setdefault(existing.staff[number].user_id, active)
    accounts.accounts_activity_set(activity, organisation_id=organisation.pk, today=today, changes=changes)
    return changes


def _team_history_write(plan: Plan, team_ids: dict, number_ids: dict[str, int], today: date) -> None:
    """Give new records their first team spell and move changed ones to their new team from ``today``
    (``learning.team_history``), so reports for earlier dates keep grouping people by the team they were in."""

    def team_of(row: CleanRow) -> int | None:
        return team_ids[team_key(row.team_path)] if row.team_path else None

    team_spells_open(records=((number_ids[row.employee_number], team_of(row), row.start_date) for row in plan.creates))
    team_spells_move(
        changes=(
            TeamChange(update.staff.id, update.staff.team_id, team_of(update.row), update.staff.start_date)
            for update in plan.updates
            if TEAM in update.fields
        ),
        day=today,
    )


def _teams_create(paths: list[tuple[str, ...]], existing: Existing, organisation: Organisation) -> dict:
    """Create the teams of new paths, parents first (one bulk insert per level); return path key -> id."""
    team_ids = dict(existing.teams)
    by_depth: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for path in paths:
        by_depth[len(path)].append(path)
    for depth in sorted(by_depth):
        level = by_depth[depth]
        teams = [
            Team(
                organisation=organisation,
                name=path[-1],
                parent_id=team_ids[team_key(path[:-1])] if depth > 1 else None,
            )
            for path in level
        ]
        Team.objects.bulk_create(teams)
        team_ids.update((team_key(path), team.pk) for path, team in zip(level, teams, strict=True))
    return team_ids


def _creates_write(
    rows: list[CleanRow],
    organisation: Organisation,
    team_ids: dict,
    number_ids: dict[str, int],
    user_by_email: dict[str, int],
    progress: Progress | None,
) -> None:
    """Insert new records in waves, managers before their reports, so each is inserted with its manager."""
    if not rows:
        return
    creating = {row.employee_number: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        if row.employee_number in depth:
            continue
        chain = [row.employee_number]
        while (manager := creating[chain[-1]].line_manager) in creating and manager not in depth:
            if len(chain) > len(creating):
                raise ValueError(f"Line managers form a loop at {manager}.")  # validation rules this out
            chain.append(manager)
        level = depth[manager] + 1 if manager in depth else 0
        for number in reversed(chain):
            depth[number] = level
            level += 1
    waves: dict[int, list[CleanRow]] = defaultdict(list)
    for row in rows:
        waves[depth[row.employee_number]].append(row)
    done, after = 0, bulk.largest_id(StaffMember)
    for level in sorted(waves):
        for chunk in accounts.chunks(waves[level], WRITE_CHUNK):
            bulk.rows_insert(StaffMember, (
                {"organisation_id": organisation.pk, "employee_number": row.employee_number,
                 "first_name": row.first_name, "last_name": row.last_name, "email": row.email,
                 "team_id": team_ids[team_key(row.team_path)] if row.team_path else None,
                 "job_role": row.job_role, "band": row.band,
                 "line_manager_id": number_ids[row.line_manager] if row.line_manager else None,
                 "start_date": row.start_date, "leave_date": row.leave_date,
                 "user_id": user_by_email.get(row.email) if row.email else None}
                for row in chunk
            ))  # fmt: skip
            done += len(chunk)
            if progress:
                progress("write", done, len(rows))
        new_ids = bulk.ids_after(StaffMember, after, "employee_number", organisation_id=organisation.pk)
        number_ids.update((row.employee_number, new_ids[row.employee_number]) for row in waves[level])
