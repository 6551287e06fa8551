"""The columns of a staff-records file: field keys, plain-English labels, accepted headings, length limits.

Pure: no Django imports. Headings are matched after ``header_key`` folds case and drops spaces,
underscores, hyphens and punctuation, so "Employee Number", "employee_number" and "EMPLOYEE-NUMBER"
are the same heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One field of a staff record as it appears in an import file."""

    key: str
    label: str  # the heading we suggest, and the name used in messages when the file's own is unknown
    required: bool = False
    max_length: int | None = None


EMPLOYEE_NUMBER = "employee_number"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
EMAIL = "email"
TEAM = "team"
JOB_ROLE = "job_role"
BAND = "band"
LINE_MANAGER = "line_manager"
START_DATE = "start_date"
LEAVE_DATE = "leave_date"

# Limits match the model fields (StaffMember, Team.name, User.username for emails); team paths are capped
# as a whole so that a runaway cell is caught before it is split.
COLUMNS: tuple[Column, ...] = (
    Column(EMPLOYEE_NUMBER, "Employee number", required=True, max_length=40),
    Column(FIRST_NAME, "First name", required=True, max_length=150),
    Column(LAST_NAME, "Last name", required=True, max_length=150),
    Column(EMAIL, "Email", required=True, max_length=150),
    Column(TEAM, "Team", max_length=1000),
    Column(JOB_ROLE, "Job role", max_length=150),
    Column(BAND, "Band", max_length=40),
    Column(LINE_MANAGER, "Line manager employee number", max_length=40),
    Column(START_DATE, "Start date"),
    Column(LEAVE_DATE, "Leave date"),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)
TEAM_NAME_MAX_LENGTH = 200  # Team.name
TEAM_SEPARATOR = ">"

# Every accepted heading for each column, written as a person would type it. Matching ignores case, spaces,
# underscores and punctuation (see header_key), so each spelling here covers its variants.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    EMPLOYEE_NUMBER: (
        "Employee number",
        "Employee no",
        "Emp no",
        "Emp number",
        "Employee ID",
        "Staff number",
        "Staff ID",
        "Payroll number",
        "Person number",
    ),
    FIRST_NAME: ("First name", "Forename", "Forenames", "Given name"),
    LAST_NAME: ("Last name", "Surname", "Family name"),
    EMAIL: ("Email", "Email address", "Work email", "Work email address"),
    TEAM: ("Team", "Team path", "Department", "Organisation unit", "Org unit"),
    JOB_ROLE: ("Job role", "Job title", "Role", "Position", "Position title"),
    BAND: ("Band", "Grade", "Pay band", "Band/grade"),
    LINE_MANAGER: (
        "Line manager employee number",
        "Line manager's employee number",
        "Line manager emp no",
        "Line manager number",
        "Line manager",
        "Manager employee number",
        "Manager emp no",
        "Manager number",
        "Manager",
    ),
    START_DATE: ("Start date", "Date started", "Hire date", "Start"),
    LEAVE_DATE: ("Leave date", "Leaving date", "Date left", "End date", "Termination date"),
}

_NOT_ALPHANUMERIC = re.compile(r"[\W_]+", re.UNICODE)


def header_key(text: str) -> str:
    """Return a heading folded for matching: lower case, letters and digits only ("Emp_No." -> "empno")."""
    return _NOT_ALPHANUMERIC.sub("", str(text)).casefold()


ALIAS_TO_KEY: dict[str, str] = {header_key(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases}


def column_for_header(text: str) -> str | None:
    """Return the field key a heading stands for, or None when it is not one we import."""
    return ALIAS_TO_KEY.get(header_key(text))


def accepted_headings(key: str) -> str:
    """Return the accepted headings of a column for a message: "‘Email’, ‘Email address’ or ‘Work email’"."""
    quoted = [f"‘{alias}’" for alias in HEADER_ALIASES[key]]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
