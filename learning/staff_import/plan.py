"""Compare valid rows with the organisation's records: what to create, update, mark as leaving or leave alone.

``existing_fetch`` reads the organisation's staff (with their sign-in accounts) and teams in two queries,
however many rows there are; ``plan_build`` is pure. Rules:
- Only columns present in the file are compared. A blank cell in a column that is present either clears
  the field (``BLANK_CLEARS``) or keeps what is stored (``BLANK_KEEPS``, the default: a partial extract
  often leaves cells empty that the HR system does hold); ``blanks_filler`` fills such cells from the
  record before the rows are checked, so every later step sees the values that will be stored.
- A leaver is someone whose leave date is on or before ``today``; they become one in this import when
  they are new, were not a leaver before, or still have an active sign-in. A returner was a leaver and no
  longer is (their leave date was cleared or moved into the future).
- Staff missing from the file are NOT leavers, unless ``missing_are_leavers`` is set: then everyone on
  record who is not in the file (by employee number, counting rows with errors as present) and is not
  already a leaver gets today as their leave date.
- Anonymised records are never updated; rows matching them are listed and left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from learning.staff_import.cells import date_display
from learning.staff_import.columns import (
    BAND,
    COLUMNS_BY_KEY,
    EMAIL,
    FIRST_NAME,
    JOB_ROLE,
    LAST_NAME,
    LEAVE_DATE,
    LINE_MANAGER,
    START_DATE,
    TEAM,
    TEAM_SEPARATOR,
)
from learning.staff_import.validate import CleanRow
from learning.staffing import has_left_by

ACCOUNT_LABEL = "Sign-in account"
BLANK_KEEPS = "keep"
BLANK_CLEARS = "clear"
BLANK_CHOICES = {
    BLANK_KEEPS: "A blank cell keeps what is stored",
    BLANK_CLEARS: "A blank cell clears the value",
}
BLANK_HELP = {
    BLANK_KEEPS: "Blank cells left the stored value as it was.",
    BLANK_CLEARS: "Blank cells clear the stored value (shown as “(blank)” in the changes).",
}
# CleanRow attribute -> (column key, the stored value as a CleanRow holds it) for the cells a blank may keep
_FILLABLE = (EMAIL, TEAM, JOB_ROLE, BAND, LINE_MANAGER, START_DATE, LEAVE_DATE)
TEXT_FIELDS = (FIRST_NAME, LAST_NAME, JOB_ROLE, BAND)
TeamKey = tuple[str, ...]
STAFF_FIELDS = (
    "id",
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "team_id",
    "job_role",
    "band",
    "line_manager_id",
    "start_date",
    "leave_date",
)


@dataclass(frozen=True)
class ExistingStaff:
    """A staff record on file, as read for comparison."""

    id: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    team_id: int | None
    job_role: str
    band: str
    line_manager_id: int | None
    start_date: date | None
    leave_date: date | None
    anonymised: bool
    user_id: int | None
    user_active: bool | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Existing:
    """The organisation's staff by employee number and its teams by path (names folded to lower case)."""

    staff: dict[str, ExistingStaff]
    teams: dict[TeamKey, int]
    team_paths: dict[int, tuple[str, ...]]

    def __post_init__(self) -> None:
        self.numbers_by_id = {member.id: number for number, member in self.staff.items()}

    def managers(self) -> dict[str, str]:
        """Return employee number -> their line manager's employee number ("" for none)."""
        return {n: self.numbers_by_id.get(m.line_manager_id, "") for n, m in self.staff.items()}

    def emails(self) -> dict[str, str]:
        """Return email (lower case) -> employee number, for records with an email."""
        return {m.email.lower(): n for n, m in self.staff.items() if m.email}


def team_key(path: Iterable[str]) -> TeamKey:
    """Return the key teams are matched by: names folded to lower case, so "HOUSING" finds "Housing"."""
    return tuple(name.casefold() for name in path)


def existing_fetch(organisation_id: int) -> Existing:
    """Read the organisation's staff and teams in two queries."""
    from learning.models import StaffMember, Team

    staff = {}
    rows = StaffMember.objects.filter(organisation_id=organisation_id).values_list(
        *STAFF_FIELDS, "anonymised_at", "user_id", "user__is_active"
    )
    for *values, anonymised_at, user_id, user_active in rows.order_by().iterator(chunk_size=5000):
        member = ExistingStaff(*values, anonymised_at is not None, user_id, user_active)
        staff[member.employee_number] = member
    nodes = {pk: (parent, name) for pk, parent, name in Team.objects.filter(organisation_id=organisation_id)
             .order_by().values_list("id", "parent_id", "name")}  # fmt: skip
    team_paths: dict[int, tuple[str, ...]] = {}
    for pk in nodes:
        path: list[str] = []
        node: int | None = pk
        while node is not None and len(path) <= len(nodes):
            parent, name = nodes[node]
            path.insert(0, name)
            node = parent
        team_paths[pk] = tuple(path)
    teams = {team_key(path): pk for pk, path in sorted(team_paths.items())}
    return Existing(staff=staff, teams=teams, team_paths=team_paths)


@dataclass
class BlankFill:
    """Fills the blank cells of rows for records on file with the stored values; counts what it kept."""

    existing: Existing
    columns: frozenset[str]
    cells_kept: int = 0
    rows_kept: int = 0

    def __call__(self, row: CleanRow) -> CleanRow:
        staff = self.existing.staff.get(row.employee_number)
        if staff is None or staff.anonymised:
            return row
        stored = {
            EMAIL: ("email", staff.email.lower()),
            TEAM: ("team_path", self.existing.team_paths.get(staff.team_id, ()) if staff.team_id else ()),
            JOB_ROLE: ("job_role", staff.job_role),
            BAND: ("band", staff.band),
            LINE_MANAGER: ("line_manager", self.existing.numbers_by_id.get(staff.line_manager_id, "")),
            START_DATE: ("start_date", staff.start_date),
            LEAVE_DATE: ("leave_date", staff.leave_date),
        }
        filled = {}
        for key in _FILLABLE:
            attribute, value = stored[key]
            if key in self.columns and getattr(row, attribute) in ("", (), None) and value not in ("", (), None):
                filled[attribute] = value
        if not filled:
            return row
        self.cells_kept += len(filled)
        self.rows_kept += 1
        return replace(row, **filled)


def blanks_filler(existing: Existing, columns: Iterable[str], blanks: str) -> Callable[[CleanRow], CleanRow] | None:
    """Return what fills blank cells from the records when ``blanks`` keeps them, else None (blanks clear)."""
    if blanks == BLANK_CLEARS:
        return None
    return BlankFill(existing, frozenset(columns))


def is_leaver(leave_date: date | None, today: date) -> bool:
    """Return whether someone with this leave date has left by ``today`` (``learning.staffing.has_left_by``)."""
    return has_left_by(leave_date, today)


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, as shown to a person."""

    key: str
    label: str
    old: str
    new: str


@dataclass
class Update:
    """A record whose fields change, or which needs a sign-in account."""

    row: CleanRow
    staff: ExistingStaff
    changes: list[FieldChange]

    @property
    def fields(self) -> set[str]:
        return {change.key for change in self.changes}


@dataclass(frozen=True)
class Person:
    """Someone named in a list of leavers or returners."""

    employee_number: str
    name: str
    line: int | None
    leave_date: date | None


@dataclass
class Plan:
    """What an import would do."""

    creates: list[CleanRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[Person] = field(default_factory=list)
    returners: list[Person] = field(default_factory=list)
    missing_leavers: list[ExistingStaff] = field(default_factory=list)
    anonymised: list[CleanRow] = field(default_factory=list)
    new_team_paths: list[tuple[str, ...]] = field(default_factory=list)  # parents before children
    account_active: dict[str, bool] = field(default_factory=dict)  # number -> is_active to set on their user


def _shown(value: object) -> str:
    if isinstance(value, date):
        return date_display(value)
    if isinstance(value, tuple):
        return f" {TEAM_SEPARATOR} ".join(value)
    return str(value) if value not in (None, "") else "(blank)"


def plan_build(
    rows: list[CleanRow],
    existing: Existing,
    *,
    columns: Iterable[str],
    today: date,
    missing_are_leavers: bool = False,
    numbers_in_file: set[str] | None = None,
) -> Plan:
    """Return the plan for importing ``rows`` (all valid) into an organisation whose records are ``existing``."""
    columns = set(columns)
    plan = Plan()
    new_paths: dict[TeamKey, tuple[str, ...]] = {}
    for row in rows:
        for depth in range(1, len(row.team_path) + 1):
            key = team_key(row.team_path[:depth])
            if key not in existing.teams and key not in new_paths:
                new_paths[key] = row.team_path[:depth]
        staff = existing.staff.get(row.employee_number)
        if staff is None:
            plan.creates.append(row)
            if is_leaver(row.leave_date, today):
                plan.leavers.append(Person(row.employee_number, row.full_name, row.line, row.leave_date))
            continue
        if staff.anonymised:
            plan.anonymised.append(row)
            continue
        changes = _changes(row, staff, existing, columns)
        if changes:
            plan.updates.append(Update(row, staff, changes))
        else:
            plan.unchanged += 1
        leave_date = row.leave_date if LEAVE_DATE in columns else staff.leave_date
        leaving, was_leaver = is_leaver(leave_date, today), is_leaver(staff.leave_date, today)
        if leaving and (not was_leaver or staff.user_active):
            plan.leavers.append(Person(row.employee_number, row.full_name, row.line, leave_date))
        elif was_leaver and not leaving:
            plan.returners.append(Person(row.employee_number, row.full_name, row.line, leave_date))
        if staff.user_id is not None and staff.user_active != (not leaving):
            plan.account_active[row.employee_number] = not leaving
    plan.new_team_paths = sorted(new_paths.values(), key=len)
    if missing_are_leavers:
        present = numbers_in_file if numbers_in_file is not None else {row.employee_number for row in rows}
        for number, staff in existing.staff.items():
            if number in present or staff.anonymised or is_leaver(staff.leave_date, today):
                continue
            plan.missing_leavers.append(staff)
            plan.leavers.append(Person(number, staff.full_name, None, today))
            if staff.user_id is not None and staff.user_active:
                plan.account_active[number] = False
    return plan


def _changes(row: CleanRow, staff: ExistingStaff, existing: Existing, columns: set[str]) -> list[FieldChange]:
    """Return the fields of ``staff`` that ``row`` changes, in column order."""
    changes = []

    def compare(key: str, old_value: object, new_value: object, old_shown=None, new_shown=None) -> None:
        if old_value != new_value:
            old = _shown(old_value if old_shown is None else old_shown)
            new = _shown(new_value if new_shown is None else new_shown)
            changes.append(FieldChange(key, COLUMNS_BY_KEY[key].label, old, new))

    for key in (FIRST_NAME, LAST_NAME):
        compare(key, getattr(staff, key), getattr(row, key))
    if staff.email.lower() != row.email:
        compare(EMAIL, staff.email, row.email)
    if TEAM in columns:
        new_team = existing.teams.get(team_key(row.team_path), -1) if row.team_path else None
        old_path = existing.team_paths.get(staff.team_id, ()) if staff.team_id else ()
        compare(TEAM, staff.team_id, new_team, old_path, row.team_path)
    for key in (JOB_ROLE, BAND):
        if key in columns:
            compare(key, getattr(staff, key), getattr(row, key))
    if LINE_MANAGER in columns:
        manager = existing.staff.get(row.line_manager)
        new_manager = (manager.id if manager else -1) if row.line_manager else None
        old_number = existing.numbers_by_id.get(staff.line_manager_id, "")
        compare(LINE_MANAGER, staff.line_manager_id, new_manager, old_number, row.line_manager)
    for key in (START_DATE, LEAVE_DATE):
        if key in columns:
            compare(key, getattr(staff, key), getattr(row, key))
    if staff.user_id is None and row.email:
        changes.append(FieldChange("user", ACCOUNT_LABEL, "(none)", row.email))
    return changes
