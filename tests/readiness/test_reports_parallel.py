"""Report statements run side by side only where a second connection sees the same rows, and give the same answer."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import override_settings

from cms.calendar import end_of_local_day
from learning.models import Enrolment, Organisation
from readiness.models import CohortCourse
from readiness.reports import parallel, service
from tests.factories.learning import course_with_lessons
from tests.factories.readiness import load_worked_example, worked_example

EXAMPLE = worked_example()
AS_OF = date.fromisoformat(EXAMPLE["expected"]["as_of"]["as_of"])


# Tests outside a transaction restore the database as it was (serialized_rollback), like the browser tests, so
# that the rows migrations create (content types, groups) are neither lost nor made twice for the tests after.
OUTSIDE_A_TRANSACTION = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def shared_database():
    """Skip where a second connection cannot see the test database (SQLite's in-memory one is private)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database is private to one connection, so nothing runs apart")


def _threads():
    seen: dict = {}

    def call(value):
        def run():
            seen[value] = threading.current_thread().name
            return value

        return run

    return seen, call


@pytest.mark.django_db
def test_inside_a_transaction_everything_runs_here_one_after_the_other():
    seen, call = _threads()
    assert connection.in_atomic_block
    assert parallel.together(call(1), call(2), call(3)) == [1, 2, 3]
    assert set(seen.values()) == {threading.current_thread().name}


@OUTSIDE_A_TRANSACTION
def test_outside_a_transaction_the_others_run_on_their_own_connections(shared_database):
    seen, call = _threads()
    assert parallel.can_run_apart()
    counted = parallel.together(call("here"), lambda: Organisation.objects.count(), call("there"))
    assert counted[0] == "here" and counted[2] == "there"
    assert counted[1] == Organisation.objects.count()
    assert seen == {"here": threading.current_thread().name, "there": "report-query"}


@OUTSIDE_A_TRANSACTION
def test_an_error_on_a_helper_thread_is_raised_to_the_caller(shared_database):
    def broken():
        raise LookupError("no such thing")

    with pytest.raises(LookupError, match="no such thing"):
        parallel.together(lambda: 1, broken)


@OUTSIDE_A_TRANSACTION
def test_the_setting_turns_it_off():
    seen, call = _threads()
    with override_settings(UPSKILL_PARALLEL_REPORT_QUERIES=False):
        assert not parallel.can_run_apart()
        parallel.together(call(1), call(2))
    assert set(seen.values()) == {threading.current_thread().name}


@OUTSIDE_A_TRANSACTION
def test_a_cohort_report_is_the_same_whether_its_statements_run_apart_or_not(shared_database):
    cohort, people = load_worked_example()
    course = course_with_lessons(modules=1, lessons_per_module=1)
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=AS_OF - timedelta(days=5))
    enrolled_at = end_of_local_day(AS_OF) - timedelta(days=40)
    for pid in ("A", "B", "G", "H", "I"):
        Enrolment.objects.create(staff=people[pid], course=course, enrolled_at=enrolled_at, due_date=AS_OF)
    assert parallel.can_run_apart()
    apart = service.cohort_report(cohort, AS_OF)
    with override_settings(UPSKILL_PARALLEL_REPORT_QUERIES=False):
        together = service.cohort_report(cohort, AS_OF)
    for name in ("summary", "area_table", "teams", "completion", "completion_teams"):
        assert getattr(apart, name).equals(getattr(together, name)), name
    assert int(apart.completion["enrolled"].sum()) == 5
