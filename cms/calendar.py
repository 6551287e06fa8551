"""The product's calendar: every "day" is a calendar day in Europe/London, whatever the server's clock says.

Pure functions on plain values (no models, no request, no clock): a moment is an aware ``datetime``, a day is a
``date``. Every app uses these, so a result submitted at 00:30 British Summer Time belongs to that day
everywhere: on screens, in exports and in the figures.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE_NAME = "Europe/London"
LOCAL_ZONE = ZoneInfo(LOCAL_ZONE_NAME)

ERROR_NAIVE = "A moment must carry its time zone (an aware datetime); got a naive one."


def local_day(moment: datetime) -> date:
    """Return the Europe/London calendar day that ``moment`` (an aware datetime) falls on."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(ERROR_NAIVE)
    return moment.astimezone(LOCAL_ZONE).date()


def start_of_local_day(day: date) -> datetime:
    """Return the first moment of ``day`` in Europe/London, as an aware datetime in UTC."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_ZONE).astimezone(UTC)


def end_of_local_day(day: date) -> datetime:
    """Return the first moment after ``day`` (the start of the next local day): "during d" means "< this"."""
    return start_of_local_day(day + timedelta(days=1))


def local_today(now: datetime) -> date:
    """Return today's local day for the clock reading ``now`` (callers pass ``timezone.now()``)."""
    return local_day(now)


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by whole calendar months (negative goes back), clamped to the month's last day.

    31 January plus one month is 28 February (29 in a leap year); 31 March minus one month is 28/29 February.
    Raises ValueError when the result falls outside years 1 to 9999.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month_zero = divmod(index, 12)
    month = month_zero + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def local_moment(moment: datetime) -> datetime:
    """Return ``moment`` as Europe/London wall-clock time with its offset (+00:00 in winter, +01:00 in summer)."""
    local_day(moment)  # refuses a naive moment
    return moment.astimezone(LOCAL_ZONE)


def local_date_text(moment: datetime | None) -> str:
    """Return the local day of ``moment`` as ISO text (YYYY-MM-DD), or "" when there is no moment."""
    return "" if moment is None else local_day(moment).isoformat()
