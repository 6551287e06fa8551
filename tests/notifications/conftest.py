from datetime import date, datetime, time

import pytest
from django.utils import timezone

from learning.models import Enrolment


def at(day: date, hour: int = 6) -> datetime:
    """The sweep's moment on a local day."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def team_with_course(db):
    """A manager with two reports, each enrolled on a course due on 31 March 2027 by a cohort."""
    from tests.factories import OrganisationFactory, StaffMemberFactory, course_with_lessons

    organisation = OrganisationFactory(email_domains="northbrook.example")
    manager = StaffMemberFactory(organisation=organisation, first_name="Morgan", email="morgan@northbrook.example")
    reports = [
        StaffMemberFactory(
            organisation=organisation, line_manager=manager, first_name=name, email=f"{name.lower()}@northbrook.example"
        )
        for name in ("Asha", "Ben")
    ]
    course = course_with_lessons(modules=1, lessons_per_module=2)
    enrolments = [
        Enrolment.objects.create(
            staff=person, course=course, source=Enrolment.Source.COHORT, due_date=date(2027, 3, 31)
        )
        for person in reports
    ]
    return {
        "organisation": organisation,
        "manager": manager,
        "reports": reports,
        "course": course,
        "enrolments": enrolments,
    }
