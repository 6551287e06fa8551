"""Turn raw rows into clean rows and errors. Pure: no ORM; what the database holds comes in as plain maps.

Checks each cell (cells.py), then the rows together: duplicate employee numbers and emails (naming both
lines), emails already used by another staff member, line managers that exist in the file or the records,
nobody managing themselves, and no loops of line managers. A row whose line manager's row has errors is an
error too (when the manager is not already on record), so "import only the valid rows" never imports a
row that points at a skipped one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from learning.staff_import import cells
from learning.staff_import.columns import (
    BAND,
    COLUMNS_BY_KEY,
    EMAIL,
    EMPLOYEE_NUMBER,
    FIRST_NAME,
    JOB_ROLE,
    LAST_NAME,
    LEAVE_DATE,
    LINE_MANAGER,
    START_DATE,
    TEAM,
)
from learning.staff_import.read import PROGRESS_EVERY, RawRow

LEAVE_BEFORE_START = "the leave date {leave} is before the start date {start}."
NUMBER_DUPLICATE = "employee number ‘{value}’ is also on {others}. Each employee number may appear only once."
EMAIL_DUPLICATE = "‘{value}’ is also the email on {others}. Each person needs their own email address."
EMAIL_TAKEN = "‘{value}’ is already the email of staff member {number}, and this file does not change theirs."
MANAGER_SELF = "‘{value}’ is this row's own employee number: nobody can be their own line manager."
MANAGER_UNKNOWN = (
    "there is no staff member with employee number ‘{value}’ in this file or in the organisation's records."
)
MANAGER_ROW_INVALID = (
    "the line manager ‘{value}’ (line {other}) has errors, so this row cannot be imported until that line is fixed."
)
MANAGER_LOOP = "line managers go round in a circle: {chain}. Someone in the circle needs a different line manager."
EXTRA_CELLS = (
    "this row has {count} filled cell(s) to the right of the last heading. A value may contain a comma without "
    "quotation marks around it, which moves the cells after it along."
)
LOOP_SHOWN = 8  # people named in a loop message before "…"
_ABSENT = object()
_COLUMN_ORDER = {key: index for index, key in enumerate(COLUMNS_BY_KEY)}


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file, in a cell (``column``, the heading as written) or the row as a whole."""

    line: int
    column: str | None
    message: str
    key: str | None = None  # field key, for sorting and tests

    def __str__(self) -> str:
        where = f"Line {self.line}, column ‘{self.column}’" if self.column else f"Line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class CleanRow:
    """A valid row: text trimmed, email in lower case, the team as a path of names, dates as dates."""

    line: int
    employee_number: str
    first_name: str
    last_name: str
    email: str = ""
    team_path: tuple[str, ...] = ()
    job_role: str = ""
    band: str = ""
    line_manager: str = ""
    start_date: date | None = None
    leave_date: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Validation:
    """Valid rows in file order, every error in line order, and every employee number the file holds."""

    rows: list[CleanRow]
    errors: list[RowError]
    numbers_in_file: set[str] = field(default_factory=set)

    @property
    def invalid_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})


def _lines(lines: Iterable[int]) -> str:
    numbers = sorted(lines)
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    return "lines " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def rows_validate(
    raw_rows: list[RawRow],
    *,
    headings: Mapping[str, str],
    email_domains: list[str],
    existing_managers: Mapping[str, str],
    existing_emails: Mapping[str, str],
    progress: Callable[[str, int, int | None], None] | None = None,
    blank_fill: Callable[[CleanRow], CleanRow] | None = None,
) -> Validation:
    """Return the valid rows and all errors.

    ``existing_managers`` maps every employee number on record to their line manager's ("" for none);
    ``existing_emails`` maps emails on record to their employee number. ``blank_fill``, when given, turns a
    row's blank cells into the values stored for it (``plan.blanks_filler``) before the rows are checked
    against each other, so duplicates, managers and loops are judged on what would be stored.
    """
    errors: dict[int, list[RowError]] = defaultdict(list)
    candidates: list[CleanRow] = []
    cleaners = _cleaners(email_domains)
    # Employee numbers as written, even in rows with errors, so "missing from the file" never means "unreadable".
    numbers: set[str] = set()
    for count, raw in enumerate(raw_rows, 1):
        row_errors: list[RowError] = []
        raw_cells = raw.cells
        numbers.add(cells.spaces_collapse(str(raw_cells.get(EMPLOYEE_NUMBER, ""))))
        row = _row_clean(raw, raw_cells, headings, cleaners, row_errors, blank_fill)
        if row_errors:
            errors[raw.line].extend(row_errors)
        candidates.append(row)
        if progress and count % PROGRESS_EVERY == 0:
            progress("validate", count, len(raw_rows))

    def add(row: CleanRow, key: str | None, message: str) -> None:
        errors[row.line].append(RowError(row.line, headings.get(key) if key else None, message, key))

    _duplicates_check(candidates, "employee_number", EMPLOYEE_NUMBER, NUMBER_DUPLICATE, add)
    _duplicates_check(candidates, "email", EMAIL, EMAIL_DUPLICATE, add)
    file_rows = {row.employee_number: row for row in candidates if row.employee_number}
    while True:  # each round only adds errors; a round that adds none ends it
        valid = {row.employee_number: row for row in candidates if row.line not in errors}
        found = len(errors)
        for row in valid.values():
            owner = existing_emails.get(row.email) if row.email else None
            if owner and owner != row.employee_number and (owner not in valid or valid[owner].email == row.email):
                add(row, EMAIL, EMAIL_TAKEN.format(value=row.email, number=owner))
        _managers_check(valid, file_rows, existing_managers, add)
        if len(errors) == found:
            break
    _invalid_rows_check(candidates, errors, file_rows, existing_managers, existing_emails, add)
    all_errors = sorted(
        (error for line_errors in errors.values() for error in line_errors),
        key=lambda error: (error.line, _COLUMN_ORDER.get(error.key, 99)),
    )
    rows = [row for row in candidates if row.line not in errors]
    return Validation(rows=rows, errors=all_errors, numbers_in_file=(numbers | set(file_rows)) - {""})


def _cleaners(domains: list[str]) -> list[tuple[str, Callable[[str | date], object], object, dict | None]]:
    """Return (field key, cleaner, value when blank or wrong, memo) for every column, in column order.

    The memo remembers each distinct cell's outcome (value or error) for columns whose values repeat
    (teams, roles, dates, managers), so 100,000 rows clean a few hundred distinct values, and share them.
    """

    def text(key: str, required: bool = False) -> Callable[[str | date], str]:
        limit = COLUMNS_BY_KEY[key].max_length
        return lambda value: cells.text_clean(value, limit=limit, required=required)

    return [
        (EMPLOYEE_NUMBER, text(EMPLOYEE_NUMBER, required=True), "", None),
        (FIRST_NAME, text(FIRST_NAME, required=True), "", {}),
        (LAST_NAME, text(LAST_NAME, required=True), "", {}),
        (
            EMAIL,
            lambda value: cells.email_clean(value, limit=COLUMNS_BY_KEY[EMAIL].max_length, domains=domains),
            "",
            None,
        ),
        (TEAM, lambda value: cells.team_path_parse(value, limit=COLUMNS_BY_KEY[TEAM].max_length), (), {}),
        (JOB_ROLE, text(JOB_ROLE), "", {}),
        (BAND, text(BAND), "", {}),
        (LINE_MANAGER, text(LINE_MANAGER), "", {}),
        (START_DATE, cells.date_parse, None, {}),
        (LEAVE_DATE, cells.date_parse, None, {}),
    ]


def _row_clean(
    raw: RawRow, raw_cells: Mapping, headings: Mapping[str, str], cleaners, errors: list, blank_fill=None
) -> CleanRow:
    """Return the row's cleaned values (blank where a cell is wrong) and append each cell's error."""
    values: dict[str, object] = {}
    for key, clean, blank, memo in cleaners:
        cell = raw_cells.get(key, _ABSENT)
        if cell is _ABSENT:
            values[key] = blank
            continue
        outcome = _ABSENT if memo is None else memo.get(cell, _ABSENT)
        if outcome is _ABSENT:
            try:
                outcome = clean(cell)
            except cells.CellError as exc:
                outcome = exc
            if memo is not None:
                memo[cell] = outcome
        if isinstance(outcome, cells.CellError):
            values[key] = blank
            errors.append(RowError(raw.line, headings[key], str(outcome), key))
        else:
            values[key] = outcome
    values["team_path"] = values.pop(TEAM)
    row = CleanRow(line=raw.line, **values)
    if blank_fill is not None:
        row = blank_fill(row)
    if row.start_date and row.leave_date and row.leave_date < row.start_date:
        message = LEAVE_BEFORE_START.format(
            leave=cells.date_display(row.leave_date), start=cells.date_display(row.start_date)
        )
        errors.append(RowError(raw.line, headings[LEAVE_DATE], message, LEAVE_DATE))
    if row.line_manager and row.line_manager == row.employee_number:
        errors.append(
            RowError(raw.line, headings[LINE_MANAGER], MANAGER_SELF.format(value=row.line_manager), LINE_MANAGER)
        )
    if raw.extra_cells:
        errors.append(RowError(raw.line, None, EXTRA_CELLS.format(count=raw.extra_cells)))
    return row


def _invalid_rows_check(
    candidates: list[CleanRow],
    errors: Mapping[int, list[RowError]],
    file_rows: Mapping[str, CleanRow],
    existing_managers: Mapping[str, str],
    existing_emails: Mapping[str, str],
    add,
) -> None:
    """Add to rows that already have errors the problems that do not depend on other rows being valid.

    The rounds above check emails on record and line managers for valid rows only; a row with (say) an
    impossible date would otherwise show its unknown line manager only after the date is fixed. Here every
    row with errors also gets those two checks, so each row's problems are all reported at once.
    """
    for row in candidates:
        row_errors = errors.get(row.line)
        if not row_errors:
            continue
        keys = {error.key for error in row_errors}
        owner = existing_emails.get(row.email) if row.email else None
        if EMAIL not in keys and owner and owner != row.employee_number and owner not in file_rows:
            add(row, EMAIL, EMAIL_TAKEN.format(value=row.email, number=owner))
        manager = row.line_manager
        if LINE_MANAGER not in keys and manager and manager not in file_rows and manager not in existing_managers:
            add(row, LINE_MANAGER, MANAGER_UNKNOWN.format(value=manager))


def _duplicates_check(rows: list[CleanRow], attribute: str, key: str, message: str, add) -> None:
    """Add an error to every row sharing a non-blank value of ``attribute`` with another, naming the others."""
    first: dict[str, CleanRow] = {}
    groups: dict[str, list[CleanRow]] = {}  # only values seen more than once
    for row in rows:
        if value := getattr(row, attribute):
            earlier = first.setdefault(value, row)
            if earlier is not row:
                groups.setdefault(value, [earlier]).append(row)
    for value, group in groups.items():
        for row in group:
            others = _lines(other.line for other in group if other is not row)
            add(row, key, message.format(value=value, others=others))


def _managers_check(
    valid: Mapping[str, CleanRow], file_rows: Mapping[str, CleanRow], existing: Mapping[str, str], add
) -> None:
    """Add errors for unknown managers, managers whose rows are invalid (transitively) and manager loops."""
    graph = dict(existing)
    graph.update((number, row.line_manager) for number, row in valid.items())
    blocked: dict[str, bool] = {}  # number -> its chain of new (not on record) managers reaches an invalid row

    def is_blocked(number: str) -> bool:
        path = []
        while number not in blocked:
            row = valid.get(number)
            manager = row.line_manager if row else ""
            if not row or not manager or manager in existing or number in path:
                blocked[number] = False
                break
            if manager not in valid:
                blocked[number] = True
                break
            path.append(number)
            number = manager
        result = blocked[number]
        blocked.update((item, result) for item in path)
        return result

    for row in valid.values():
        manager = row.line_manager
        if not manager or manager in existing:
            continue
        if manager not in valid:
            if manager in file_rows:
                add(row, LINE_MANAGER, MANAGER_ROW_INVALID.format(value=manager, other=file_rows[manager].line))
            else:
                add(row, LINE_MANAGER, MANAGER_UNKNOWN.format(value=manager))
        elif is_blocked(manager):
            add(row, LINE_MANAGER, MANAGER_ROW_INVALID.format(value=manager, other=file_rows[manager].line))
    _loops_check(valid, graph, add)


def _loops_check(valid: Mapping[str, CleanRow], graph: Mapping[str, str], add) -> None:
    """Add an error to every valid row that is in a loop of line managers, naming the loop."""
    state: dict[str, int] = {}  # 1 on the current walk, 2 finished
    for start in valid:
        path: list[str] = []
        number = start
        while number and number in graph and state.get(number) is None:
            state[number] = 1
            path.append(number)
            number = graph[number]
        if number and state.get(number) == 1:
            loop = path[path.index(number) :]
            names = loop if len(loop) <= LOOP_SHOWN else [*loop[:LOOP_SHOWN], "…"]
            chain = " → ".join([*names, loop[0]])
            for member in loop:
                if member in valid:
                    add(valid[member], LINE_MANAGER, MANAGER_LOOP.format(chain=chain))
        for item in path:
            state[item] = 2
