import pytest

from learning.models import ModulePage
from tests.factories.scorm import scorm_lesson_in
from tests.learning.scorm.packages import GOLF_12, GOLF_2004_BASIC, GOLF_2004_MULTI


@pytest.fixture
def module(course):
    return ModulePage.objects.child_of(course).order_by("path").last()


@pytest.fixture
def lesson_12(module):
    return scorm_lesson_in(module, GOLF_12, slug="golf-12")


@pytest.fixture
def lesson_2004(module):
    return scorm_lesson_in(module, GOLF_2004_BASIC, slug="golf-2004")


@pytest.fixture
def lesson_multi(module):
    return scorm_lesson_in(module, GOLF_2004_MULTI, slug="golf-multi")


@pytest.fixture
def own_storage(settings, tmp_path):
    """Store packages in a folder of the test's own, so ``stored.stored_files`` lists only the files it wrote."""
    settings.STORAGES = {
        **settings.STORAGES,
        "scorm": {**settings.STORAGES["scorm"], "OPTIONS": {"location": tmp_path}},
    }
