"""Several workers issuing at once on PostgreSQL: each award once, each status-list index once."""

from __future__ import annotations

import pytest
from django.db import connection

from credentials.issuing import awards_issue_due
from credentials.models import Award
from tests.credentials.issued import course_achievement, course_complete
from tests.factories import StaffMemberFactory, course_with_lessons
from tests.learning.test_concurrency import _run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _needs_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL: set DATABASE_URL (CI runs them)")


def test_simultaneous_issuing_runs_issue_each_award_once_with_distinct_indices():
    course = course_with_lessons(modules=1, lessons_per_module=1)
    achievement = course_achievement(course)
    first = StaffMemberFactory()
    people = [first, *(StaffMemberFactory(organisation=first.organisation) for _ in range(3))]
    for person in people:
        course_complete(person, course)

    _run_together([awards_issue_due] * 6)

    awards = Award.objects.filter(achievement=achievement)
    assert sorted(awards.values_list("staff_id", flat=True)) == sorted(person.id for person in people)
    assert sorted(awards.values_list("status_index", flat=True)) == [0, 1, 2, 3]
