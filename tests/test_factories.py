"""Each factory builds a valid object."""

import pytest

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory_class",
    [
        factories.UserFactory,
        factories.OrganisationFactory,
        factories.TeamFactory,
        factories.StaffMemberFactory,
    ],
)
def test_model_factory_builds_a_valid_saved_object(factory_class):
    obj = factory_class()
    obj.full_clean()
    assert obj.pk is not None


@pytest.mark.django_db
def test_course_with_lessons_builds_the_requested_tree():
    course = factories.course_with_lessons(modules=3, lessons_per_module=2)
    assert course.get_children().count() == 3
    assert course.get_descendants().type(factories.LessonPageFactory._meta.model).count() == 6
    assert course.live
