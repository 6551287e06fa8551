"""Who is current staff on a day (learning.staffing): the pure rule, and its ORM and SQL forms agree with it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from learning.models import StaffMember
from learning.staffing import current_on, current_on_sql, has_left_by, is_current_on
from tests.factories import OrganisationFactory, StaffMemberFactory

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
maybe_days = st.none() | days


@given(start=maybe_days, leave=maybe_days, day=days)
def test_current_means_started_and_not_yet_at_the_leave_date(start, leave, day):
    expected = (start is None or start <= day) and (leave is None or day < leave)
    assert is_current_on(start, leave, day) is expected
    assert has_left_by(leave, day) is (leave is not None and leave <= day)


@given(leave=days, notice=st.integers(min_value=1, max_value=400), after=st.integers(min_value=0, max_value=400))
def test_someone_working_their_notice_is_current_until_the_day_before_they_leave(leave, notice, after):
    assert is_current_on(None, leave, leave - timedelta(days=notice))
    assert not is_current_on(None, leave, leave + timedelta(days=after))


@given(start=maybe_days, leave=maybe_days, first=days, last=days)
def test_current_days_form_one_unbroken_run(start, leave, first, last):
    """Whoever is current on two days is current on every day between them."""
    if first > last:
        first, last = last, first
    if is_current_on(start, leave, first) and is_current_on(start, leave, last):
        middle = first + (last - first) / 2
        assert is_current_on(start, leave, middle)


DAY = date(2026, 3, 15)
CASES = [
    (None, None),
    (date(2020, 1, 1), None),
    (DAY, None),  # starts today
    (DAY + timedelta(days=1), None),  # starts tomorrow
    (None, DAY + timedelta(days=1)),  # working their notice
    (None, DAY),  # leaves today: the leave date is the first day not employed
    (None, DAY - timedelta(days=1)),
    (date(2020, 1, 1), date(2025, 1, 1)),
]


@pytest.mark.django_db
def test_the_filter_and_the_sql_give_the_same_people_as_the_rule():
    organisation = OrganisationFactory()
    records = {
        StaffMemberFactory(organisation=organisation, user=None, start_date=start, leave_date=leave).id: (start, leave)
        for start, leave in CASES
    }
    expected = {pk for pk, (start, leave) in records.items() if is_current_on(start, leave, DAY)}
    assert set(StaffMember.objects.filter(current_on(DAY), id__in=records).values_list("id", flat=True)) == expected
    table = StaffMember._meta.db_table
    with connection.cursor() as cursor:
        day = connection.ops.adapt_datefield_value(DAY)
        cursor.execute(f"SELECT s.id FROM {table} s WHERE {current_on_sql('s')}", [day, day])
        assert {row[0] for row in cursor.fetchall()} & set(records) == expected


@pytest.mark.django_db
def test_an_anonymised_leaver_is_still_current_on_the_days_they_were_employed():
    leaver = StaffMemberFactory(user=None, start_date=date(2020, 1, 1), leave_date=DAY)
    StaffMember.objects.filter(pk=leaver.pk).update(anonymised_at="2026-09-01T10:00:00Z")
    assert StaffMember.objects.filter(current_on(DAY - timedelta(days=1)), pk=leaver.pk).exists()
    assert not StaffMember.objects.filter(current_on(DAY), pk=leaver.pk).exists()
