import pytest
from django.db import connection

from tests.mailserver import smtp_server  # noqa: F401 (a fixture: a real SMTP server on loopback)


@pytest.fixture
def course(db):
    """A published course of two modules with three lessons each."""
    from tests.factories import course_with_lessons

    return course_with_lessons(modules=2, lessons_per_module=3)


@pytest.fixture
def lessons(course):
    from learning.selectors import lesson_list_for_course

    return lesson_list_for_course(course)


@pytest.fixture
def staff(db):
    from tests.factories import StaffMemberFactory

    return StaffMemberFactory()


@pytest.fixture
def learner_client(client, staff):
    client.force_login(staff.user)
    return client


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (database rows are rolled back; the cache is not)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
