import pytest
from django.db import connection

from tests.factories.assessments import (
    QuestionFactory,
    SkillAreaFactory,
    SkillFrameworkFactory,
    fixed_assessment,
    levels_for,
    multiple_question,
    numeric_question,
    ordering_question,
)
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


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(request, monkeypatch):
    """Make Client.force_login also record a used second factor for a user who has an authenticator app.

    force_login stands in for allauth's password step; this stands in for the code step the same way.
    HR and platform admins reach nothing until their session has used the second factor
    (learning/mfa_session.py), so without this every test that force_logins an HR user would first have
    to type a code. For a user with a TOTP authenticator it records in the session exactly what allauth
    records after a correct code (allauth.mfa.base.internal.flows.post_authentication); users without
    one are left as they are. Tests that pin the second-factor rule sign in through the real views
    (password, then the code) or carry the `real_second_factor` marker, which turns this off.
    """
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from allauth.mfa.base.internal.flows import post_authentication
        from allauth.mfa.models import Authenticator
        from django.http import HttpRequest

        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            return
        stand_in = HttpRequest()
        stand_in.session = self.session
        stand_in.user = user
        post_authentication(stand_in, authenticator)
        stand_in.session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


# --- the skills framework and questions (used by assessments and readiness tests) ---


@pytest.fixture
def framework(db):
    framework = SkillFrameworkFactory()
    levels_for(framework)
    return framework


@pytest.fixture
def area(framework):
    return SkillAreaFactory(framework=framework, slug="reading-and-interpreting-data", name="Reading data")


@pytest.fixture
def dp_area(framework):
    return SkillAreaFactory(framework=framework, slug="data-protection", name="Data protection", expiry_months=12)


@pytest.fixture
def mixed_questions(area, dp_area):
    """One question of each type at levels 1-3 in one area, plus one level-1 question in another."""
    return [
        QuestionFactory(area=area, level=1),
        multiple_question(area, level=2),
        numeric_question(area, level=3),
        ordering_question(dp_area, level=1),
    ]


@pytest.fixture
def skills_check(mixed_questions, framework):
    return fixed_assessment(mixed_questions, framework=framework, title="Skills check")
