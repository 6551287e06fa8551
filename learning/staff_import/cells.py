"""Check and clean single cells of a staff file. Pure: each function takes a cell and returns a value or
raises ``CellError`` with a plain-English message (the module constants, which the tests reuse)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from cms.formula import FORMULA_TEXT, formula_refusal
from learning.staff_import.columns import TEAM_NAME_MAX_LENGTH, TEAM_SEPARATOR

VALUE_REQUIRED = "this cell is empty, and every row needs a value here."
TOO_LONG = "the value is {length:,} characters long; the most this column can hold is {limit:,}."
FORMULA_CELL = FORMULA_TEXT  # the rule and its message live in cms.formula, shared with the admin forms
DATE_FORMATS = (
    "DD/MM/YYYY (for example 31/01/2024) or YYYY-MM-DD (2024-01-31), either of them optionally followed by a "
    "time (31/01/2024 09:00), or a date cell in an Excel workbook"
)
DATE_NOT_REAL = "‘{value}’ is not a real date (there is no such day). Write dates as " + DATE_FORMATS + "."
DATE_UNRECOGNISED = "‘{value}’ is not a date we recognise. Write dates as " + DATE_FORMATS + "."
EMAIL_INVALID = "‘{value}’ is not a valid email address."
EMAIL_DOMAIN = "‘{value}’ is not at one of the organisation's email domains ({domains})."
TEAM_EMPTY_PART = (
    "‘{value}’ has an empty team name next to a “>”. Write team paths like “Adult Social Care > Reablement”."
)
TEAM_NAME_TOO_LONG = "the team name ‘{name}’ is {length:,} characters long; the most a team name can have is {limit}."

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")


class _EmailValidator(EmailValidator):
    """Django's email check, with its regular expressions compiled up front (Django's are lazy proxies,
    which cost more than the match itself across 50,000 rows)."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)
    domain_regex = re.compile(EmailValidator.domain_regex.pattern, EmailValidator.domain_regex.flags)
    literal_regex = re.compile(EmailValidator.literal_regex.pattern, EmailValidator.literal_regex.flags)


_email_validator = _EmailValidator()


class CellError(ValueError):
    """A cell's value cannot be imported; the message says why, in plain words."""


def shorten(value: str, limit: int = 40) -> str:
    """Return a value short enough to quote in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def formula_check(raw: str) -> None:
    """Refuse a cell that a spreadsheet could run as a formula (the rule of ``cms.formula.formula_refusal``)."""
    if message := formula_refusal(raw):
        raise CellError(message)


def spaces_collapse(value: str) -> str:
    """Return text with runs of spaces, tabs and line breaks made single spaces, trimmed (the same object
    when nothing changes, so a clean row shares its text with the row as read)."""
    collapsed = " ".join(value.split())
    return value if collapsed == value else collapsed


def text_clean(raw: str | date, *, limit: int | None, required: bool = False) -> str:
    """Return a text cell with runs of spaces and line breaks made single spaces, checked for formulas and
    length."""
    if isinstance(raw, date):
        raw = raw.isoformat()
    formula_check(raw)
    value = spaces_collapse(raw)
    if required and not value:
        raise CellError(VALUE_REQUIRED)
    if limit is not None and len(value) > limit:
        raise CellError(TOO_LONG.format(length=len(value), limit=limit))
    return value


def date_parse(raw: str | date) -> date | None:
    """Return a date written as DD/MM/YYYY or YYYY-MM-DD (or read from an XLSX date cell); None when blank."""
    if isinstance(raw, date):
        return raw
    formula_check(raw)
    value = raw.strip()
    if not value:
        return None
    if match := _UK_DATE.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(DATE_UNRECOGNISED.format(value=shorten(value)))
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(DATE_NOT_REAL.format(value=value)) from None


def email_domains_parse(text: str) -> list[str]:
    """Return an organisation's allowed email domains (one per line, "@" optional), lower case."""
    domains = (line.strip().lstrip("@").lower() for line in (text or "").splitlines())
    return [domain for domain in domains if domain]


def email_clean(raw: str | date, *, limit: int, domains: list[str]) -> str:
    """Return an email address in lower case, checked for format and, when domains are given, its domain."""
    value = text_clean(raw, limit=limit)
    if not value:
        return ""
    value = value.lower()
    try:
        _email_validator(value)
    except ValidationError:
        raise CellError(EMAIL_INVALID.format(value=shorten(value))) from None
    if domains and value.rsplit("@", 1)[1] not in domains:
        raise CellError(EMAIL_DOMAIN.format(value=shorten(value), domains=", ".join(domains)))
    return value


def team_path_parse(raw: str | date, *, limit: int) -> tuple[str, ...]:
    """Return a team path such as "Adult Social Care > Reablement" as its names, top level first."""
    value = text_clean(raw, limit=limit)
    if not value:
        return ()
    names = tuple(part.strip() for part in value.split(TEAM_SEPARATOR))
    if not all(names):
        raise CellError(TEAM_EMPTY_PART.format(value=shorten(value)))
    for name in names:
        if len(name) > TEAM_NAME_MAX_LENGTH:
            raise CellError(TEAM_NAME_TOO_LONG.format(name=shorten(name), length=len(name), limit=TEAM_NAME_MAX_LENGTH))
        formula_check(name)
    return names


def date_display(value: date | None) -> str:
    """Return a date the way UK staff write it (31/01/2024), or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""
