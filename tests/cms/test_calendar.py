"""The product calendar (cms.calendar): Europe/London days, their boundaries and month arithmetic."""

from __future__ import annotations

import calendar as std_calendar
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from cms.calendar import (
    ERROR_NAIVE,
    LOCAL_ZONE,
    LOCAL_ZONE_NAME,
    add_months,
    end_of_local_day,
    local_date_text,
    local_day,
    start_of_local_day,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC))
month_counts = st.integers(-240, 240)


def test_the_site_runs_on_the_calendar_zone():
    assert settings.TIME_ZONE == LOCAL_ZONE_NAME
    assert settings.USE_TZ


def test_half_past_midnight_in_summer_time_is_that_day_not_the_utc_day_before():
    moment = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)  # 00:30 BST on 15 June
    assert local_day(moment) == date(2026, 6, 15)
    assert local_date_text(moment) == "2026-06-15"
    assert local_date_text(None) == ""


def test_in_winter_the_local_day_is_the_utc_day():
    assert local_day(datetime(2026, 12, 14, 23, 30, tzinfo=UTC)) == date(2026, 12, 14)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        local_day(datetime(2026, 6, 15, 0, 30))
    assert "naive" in ERROR_NAIVE


@pytest.mark.parametrize(
    ("day", "start_utc", "hours"),
    [
        (date(2026, 3, 29), datetime(2026, 3, 29, 0, 0, tzinfo=UTC), 23),  # clocks go forward: a 23-hour day
        (date(2026, 10, 25), datetime(2026, 10, 24, 23, 0, tzinfo=UTC), 25),  # clocks go back: a 25-hour day
        (date(2026, 7, 1), datetime(2026, 6, 30, 23, 0, tzinfo=UTC), 24),
    ],
)
def test_day_boundaries_follow_british_summer_time(day, start_utc, hours):
    assert start_of_local_day(day) == start_utc
    assert end_of_local_day(day) - start_of_local_day(day) == timedelta(hours=hours)


@given(days)
def test_a_day_starts_at_local_midnight_and_ends_where_the_next_begins(day):
    start = start_of_local_day(day)
    assert start.astimezone(LOCAL_ZONE).time().isoformat() == "00:00:00"
    assert local_day(start) == day
    assert local_day(end_of_local_day(day) - timedelta(microseconds=1)) == day
    assert end_of_local_day(day) == start_of_local_day(day + timedelta(days=1))


@given(moments)
def test_every_moment_lies_within_its_local_day(moment):
    day = local_day(moment)
    assert start_of_local_day(day) <= moment < end_of_local_day(day)


@given(days, month_counts)
def test_adding_months_moves_the_month_and_clamps_the_day(day, months):
    shifted = add_months(day, months)
    assert (shifted.year * 12 + shifted.month) - (day.year * 12 + day.month) == months
    last = std_calendar.monthrange(shifted.year, shifted.month)[1]
    assert shifted.day == min(day.day, last)


@given(days, month_counts)
def test_adding_and_taking_away_returns_to_the_day_when_nothing_was_clamped(day, months):
    shifted = add_months(day, months)
    if shifted.day == day.day:
        assert add_months(shifted, -months) == day
    assert add_months(day, 0) == day


def test_month_arithmetic_examples():
    examples = {
        (date(2026, 1, 31), 1): date(2026, 2, 28),
        (date(2024, 1, 31), 1): date(2024, 2, 29),
        (date(2024, 2, 29), 12): date(2025, 2, 28),
        (date(2026, 11, 22), 24): date(2028, 11, 22),
        (date(2026, 11, 22), 2): date(2027, 1, 22),
        (date(2026, 3, 31), -1): date(2026, 2, 28),
        (date(2026, 1, 15), -13): date(2024, 12, 15),
    }
    assert {key: add_months(*key) for key in examples} == examples


def test_month_arithmetic_outside_the_calendar_is_refused():
    with pytest.raises(ValueError):
        add_months(date(2, 1, 1), -24)
