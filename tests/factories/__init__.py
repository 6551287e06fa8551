"""factory_boy factories for the project's models and pages."""

from tests.factories.learning import (  # noqa: F401
    CourseIndexPageFactory,
    CoursePageFactory,
    EnrolmentFactory,
    HomePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    OrganisationFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
    course_with_lessons,
)
