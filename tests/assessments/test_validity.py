"""When a result expires and whether it counts on a day (assessments.validity), pure and in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import validity
from cms.calendar import add_months, end_of_local_day, local_day, start_of_local_day

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC))
periods = st.integers(1, 120)
offsets = st.integers(-800, 4000).map(lambda n: timedelta(days=n))


def test_the_area_decides_else_the_framework():
    assert validity.expiry_months(12, 24) == 12
    assert validity.expiry_months(None, 36) == 36


@pytest.mark.parametrize("bad", [0, -1, None, True, 1.5])
def test_a_period_must_be_a_whole_number_of_months(bad):
    with pytest.raises(ValueError, match="months"):
        validity.expiry_months(None, bad)


@given(moments, periods)
def test_a_result_expires_at_the_start_of_the_local_day_months_later(assessed_at, months):
    expires_at = validity.expires_at_for(assessed_at, months)
    assert expires_at == start_of_local_day(add_months(local_day(assessed_at), months))
    assert local_day(expires_at) == validity.expiry_day(assessed_at, months)
    assert validity.last_valid_day(expires_at) == validity.expiry_day(assessed_at, months) - timedelta(days=1)


@given(moments, periods, offsets)
def test_valid_from_its_local_day_until_the_day_before_its_expiry_day(assessed_at, months, offset):
    expires_at = validity.expires_at_for(assessed_at, months)
    day = local_day(assessed_at) + offset
    expected = local_day(assessed_at) <= day < validity.expiry_day(assessed_at, months)
    assert validity.is_valid_on(assessed_at, expires_at, day) is expected
    # The same test in moments, as the SQL states it.
    end = end_of_local_day(day)
    assert (assessed_at < end <= expires_at) is expected


@given(moments, periods)
def test_on_its_expiry_day_a_result_has_expired_and_the_day_before_it_counts(assessed_at, months):
    expires_at = validity.expires_at_for(assessed_at, months)
    expiry = validity.expiry_day(assessed_at, months)
    assert not validity.is_valid_on(assessed_at, expires_at, expiry)
    assert validity.is_valid_on(assessed_at, expires_at, expiry - timedelta(days=1))


@pytest.mark.parametrize(
    ("assessed_at", "months", "expiry"),
    [
        # 23:30 UTC on 30 March 2026 is 00:30 BST on 31 March: the local day is the 31st, so 12 months on is
        # 31 March 2027. Adding to the UTC moment would have given 30 March, a day early.
        (datetime(2026, 3, 30, 23, 30, tzinfo=UTC), 12, date(2027, 3, 31)),
        # 23:30 UTC on 25 October 2026 is 23:30 GMT on the 25th (clocks went back that morning).
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), 12, date(2027, 10, 25)),
        # 23:30 UTC on 24 October 2026 is 00:30 BST on the 25th.
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), 1, date(2026, 11, 25)),
        # Taken on 29 February: clamped to 28 February in a year without one.
        (datetime(2024, 2, 29, 9, 0, tzinfo=UTC), 12, date(2025, 2, 28)),
        (datetime(2026, 1, 31, 12, 0, tzinfo=UTC), 1, date(2026, 2, 28)),
    ],
)
def test_expiry_days_across_summer_time_changes_and_month_ends(assessed_at, months, expiry):
    assert validity.expiry_day(assessed_at, months) == expiry
    expires_at = validity.expires_at_for(assessed_at, months)
    assert not validity.is_valid_on(assessed_at, expires_at, expiry)
    assert validity.is_valid_on(assessed_at, expires_at, expiry - timedelta(days=1))


def test_a_result_from_half_past_midnight_in_summer_counts_that_day_not_the_day_before():
    assessed_at = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)  # 00:30 BST, 15 June
    expires_at = validity.expires_at_for(assessed_at, 24)
    assert validity.is_valid_on(assessed_at, expires_at, date(2026, 6, 15))
    assert not validity.is_valid_on(assessed_at, expires_at, date(2026, 6, 14))


def test_self_ratings_never_count():
    assessed_at = datetime(2026, 1, 1, 12, tzinfo=UTC)
    expires_at = validity.expires_at_for(assessed_at, 24)
    day = date(2026, 6, 1)
    assert validity.counts_on("assessed", assessed_at, expires_at, day)
    assert validity.counts_on("observed", assessed_at, expires_at, day)
    assert not validity.counts_on("self_rated", assessed_at, expires_at, day)


@pytest.mark.django_db
def test_the_orm_and_sql_forms_agree_with_the_pure_rule_day_by_day_around_expiry():
    from django.db import connection

    from assessments.models import SkillResult
    from tests.factories.assessments import SkillAreaFactory
    from tests.factories.learning import StaffMemberFactory

    area = SkillAreaFactory(expiry_months=1)
    staff = StaffMemberFactory()
    moments = [
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 23:30 GMT, the night before the clocks go forward
        datetime(2026, 3, 29, 23, 30, tzinfo=UTC),  # 00:30 BST on 30 March
        datetime(2026, 9, 24, 23, 30, tzinfo=UTC),  # 00:30 BST on 25 September; expires in GMT
    ]
    results = [
        SkillResult.objects.create(staff=staff, area=area, level=2, source="assessed", assessed_at=moment)
        for moment in moments
    ]
    table = SkillResult._meta.db_table
    for result in results:
        expiry = validity.expiry_day(result.assessed_at, 1)
        assert result.expires_at == validity.expires_at_for(result.assessed_at, 1)  # filled on save
        for day in (
            local_day(result.assessed_at) - timedelta(days=1),
            local_day(result.assessed_at),
            expiry - timedelta(days=1),
            expiry,
        ):
            expected = validity.is_valid_on(result.assessed_at, result.expires_at, day)
            assert SkillResult.objects.filter(validity.evidence_on(day), pk=result.pk).exists() is expected
            with connection.cursor() as cursor:
                end = connection.ops.adapt_datetimefield_value(end_of_local_day(day))
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} r WHERE r.id = %s AND {validity.evidence_sql('r')}",
                    [result.pk, *validity.evidence_sql_params(end)],
                )
                assert bool(cursor.fetchone()[0]) is expected
