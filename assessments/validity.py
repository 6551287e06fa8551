"""When a skill result expires, and whether it counts on a day: the one rule every screen, export and query uses.

A result counts from its local day (the Europe/London day of ``assessed_at``) and expires at the start of the
local day ``months`` calendar months later (``cms.calendar.add_months``, clamped to the month's end). The
months come from the skill area's ``expiry_months``, else the framework's ``default_expiry_months``. Every
result stores its expiry in ``SkillResult.expires_at``, so a result is valid on day d when

    local_day(assessed_at) <= d < local_day(expires_at)

which in moments is ``assessed_at < end_of_local_day(d) <= expires_at``. On its expiry day a result has
expired for everyone. Only assessed and observed results are evidence of a level (``EVIDENCE_SOURCES``);
self-ratings are shown but never counted.

The functions above the line are pure. ``valid_on``/``evidence_on`` (ORM) and ``evidence_sql`` (raw SQL) state
the same test for the database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Q

from cms.calendar import add_months, end_of_local_day, local_day, start_of_local_day

EVIDENCE_SOURCES: tuple[str, ...] = ("assessed", "observed")

ERROR_NO_MONTHS = "A result's expiry needs a number of months of 1 or more; got {months!r}."


def expiry_months(area_months: int | None, framework_months: int) -> int:
    """Return how many months a result in an area stays valid: the area's own figure, else the framework's."""
    months = framework_months if area_months is None else area_months
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValueError(ERROR_NO_MONTHS.format(months=months))
    return months


def expiry_day(assessed_at: datetime, months: int) -> date:
    """Return the local day a result recorded at ``assessed_at`` expires on (it no longer counts that day)."""
    return add_months(local_day(assessed_at), months)


def expires_at_for(assessed_at: datetime, months: int) -> datetime:
    """Return the moment to store in ``expires_at``: the start of the local expiry day."""
    return start_of_local_day(expiry_day(assessed_at, months))


def is_valid_on(assessed_at: datetime, expires_at: datetime, day: date) -> bool:
    """Return True when a result recorded at ``assessed_at`` and expiring at ``expires_at`` counts on ``day``."""
    return local_day(assessed_at) <= day < local_day(expires_at)


def counts_on(source: str, assessed_at: datetime, expires_at: datetime, day: date) -> bool:
    """Return True when a result is evidence of a level on ``day``: an evidence source and valid that day."""
    return source in EVIDENCE_SOURCES and is_valid_on(assessed_at, expires_at, day)


def last_valid_day(expires_at: datetime) -> date:
    """Return the last local day a result expiring at ``expires_at`` counts on."""
    return local_day(expires_at) - timedelta(days=1)


# --- the same test for the database ------------------------------------------------------------------------------


def valid_on(day: date, prefix: str = "") -> Q:
    """Return a Q object keeping results valid on ``day`` (``prefix`` reaches them through a relation, "results__")."""
    end = end_of_local_day(day)
    return Q(**{f"{prefix}assessed_at__lt": end, f"{prefix}expires_at__gte": end})


def evidence_on(day: date, prefix: str = "") -> Q:
    """Return a Q object keeping results that are evidence of a level on ``day`` (evidence source and valid)."""
    return Q(**{f"{prefix}source__in": EVIDENCE_SOURCES}) & valid_on(day, prefix)


def evidence_sql(alias: str) -> str:
    """Return the raw SQL test "result ``alias`` is evidence on the day" (params: ``evidence_sql_params``)."""
    return f"{alias}.source IN (%s, %s) AND {alias}.assessed_at < %s AND {alias}.expires_at >= %s"


def evidence_sql_params(end) -> list:
    """Return the params of ``evidence_sql``, given the day's end (``end_of_local_day``) as the database wants it."""
    return [*EVIDENCE_SOURCES, end, end]
