import pytest

from tests.lrs import RalphLRS, lrs_required_or_skip


@pytest.fixture
def endpoint(staff):
    """An active LRS endpoint of the learner's organisation (nothing listens at its address)."""
    from interop.models import LrsEndpoint

    return LrsEndpoint.objects.create(
        organisation=staff.organisation, name="Main LRS", url="http://127.0.0.1:9/xAPI/", key="k", secret="s"
    )


@pytest.fixture
def ralph(tmp_path):
    """A running Ralph LRS on a free loopback port (stopped at the end)."""
    lrs_required_or_skip()
    server = RalphLRS(tmp_path / "ralph")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def complete_course(staff, course):
    """Complete every lesson of the course in order, as the lesson page does."""
    from learning import selectors, services

    lessons = selectors.lesson_list_for_course(course)
    ids = [lesson.id for lesson in lessons]
    result = None
    for lesson in lessons:
        result = services.lesson_complete(staff=staff, lesson=lesson, course=course, ordered_lesson_ids=ids)
    return result
