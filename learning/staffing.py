"""Who is current staff on a day: the one rule, as a pure function, an ORM filter and a SQL fragment.

A staff record is current on day ``d`` when it has started (no start date, or a start date on or before ``d``)
and has not left (no leave date, or a leave date after ``d``). The leave date is the first day the person is no
longer staff: the HR file, the importer (``plan.is_leaver``), cohorts and My team have always read it that way.
So someone working their notice (a leave date still to come) is current until the day before it, and can learn,
manage and report like anyone else until then.

Anonymising removes an identity, not employment: an anonymised leaver is still current on the days they were
employed, so figures for past dates do not move. (A record can only be anonymised once its leave date has
passed, so it is never current on or after the day it was anonymised.)
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q


def is_current_on(start_date: date | None, leave_date: date | None, day: date) -> bool:
    """Return True when a record with these dates is current staff on ``day``."""
    return (start_date is None or start_date <= day) and not has_left_by(leave_date, day)


def has_left_by(leave_date: date | None, day: date) -> bool:
    """Return True when the person is no longer staff on ``day``: their leave date has come (it is the first day
    they are not staff)."""
    return leave_date is not None and leave_date <= day


def current_on(day: date, *, prefix: str = "") -> Q:
    """Return the filter for records current on ``day``; ``prefix`` reaches them through a relation
    (``"line_manager__"``, ``"staff__"``)."""
    started = Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})
    return started & (Q(**{f"{prefix}leave_date__isnull": True}) | Q(**{f"{prefix}leave_date__gt": day}))


def left_by(day: date, *, prefix: str = "") -> Q:
    """Return the filter for records whose person has left by ``day`` (leave date on or before it)."""
    return Q(**{f"{prefix}leave_date__lte": day})


def current_on_sql(alias: str) -> str:
    """Return the SQL condition for the staff table aliased ``alias`` being current on a day given twice as
    parameters (start, then leave): the same rule as ``is_current_on``, for hand-written report statements."""
    return (
        f"({alias}.start_date IS NULL OR {alias}.start_date <= %s) "
        f"AND ({alias}.leave_date IS NULL OR {alias}.leave_date > %s)"
    )
