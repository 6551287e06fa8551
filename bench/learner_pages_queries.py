"""The in-process half of the learner-pages suite: runs inside Django, in a subprocess of run_bench.py.

``describe`` lists the demo course's lessons in order; ``count`` counts the SQL queries of a warmed request
for each timed request, with Django's test Client and CaptureQueriesContext against the run's database,
then again after adding lessons to the course (inside a transaction that is rolled back) to show whether
the count depends on the length of the course.

    python -m bench.learner_pages_queries describe OUT.json
    python -m bench.learner_pages_queries count OUT.json --email E --plain-url U --course-url U --lesson-url U \
        --complete-path P
"""

from __future__ import annotations

from bench.inprocess import cli, request_queries, signed_in_client

COURSE_SLUG = "data-essentials"
PLAIN_SLUG = "accessibility"
EXTRA_LESSONS_PER_MODULE = 10
LONGER = ("course", "lesson", "complete")  # counted again on the longer course


def describe() -> dict:
    """Return the plain page's URL and the demo course's lessons (id, URL, title) in course order."""
    from cms.models import StandardPage
    from learning import selectors
    from learning.models import CoursePage

    course = CoursePage.objects.live().get(slug=COURSE_SLUG)
    lessons = selectors.lesson_list_for_course(course)
    return {
        "plain_url": StandardPage.objects.live().get(slug=PLAIN_SLUG).url,
        "course_url": course.url,
        "lessons": [{"id": lesson.id, "url": lesson.url, "title": lesson.title} for lesson in lessons],
    }


def course_lengthen(course, staff, extra_per_module: int) -> int:
    """Add lessons to every module of ``course`` (completed by ``staff``); return the new lesson count."""
    from django.utils import timezone

    from learning import selectors
    from learning.models import LessonPage, LessonProgress

    template = selectors.lesson_list_for_course(course)[0].specific
    body = list(template.body.raw_data)
    added = []
    for module in selectors.module_list_for_course(course):
        for number in range(1, extra_per_module + 1):
            added.append(
                module.add_child(
                    instance=LessonPage(
                        title=f"Benchmark lesson {number}",
                        slug=f"benchmark-lesson-{number}",
                        summary="Added by the benchmark to lengthen the course.",
                        body=body,
                    )
                )
            )
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [LessonProgress(staff=staff, lesson=lesson, course=course, completed_at=now) for lesson in added]
    )
    return len(selectors.lesson_list_for_course(course))


def count(email: str, plain_url: str, course_url: str, lesson_url: str, complete_path: str) -> dict:
    """Return query counts (and SQL) for the four timed requests, for the demo course and a longer one."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from learning import selectors
    from learning.models import CoursePage

    client = signed_in_client(email)
    user = get_user_model().objects.get(email=email)
    course = CoursePage.objects.live().get(slug=COURSE_SLUG)
    requests = {
        "plain": ("GET", plain_url, 200),
        "course": ("GET", course_url, 200),
        "lesson": ("GET", lesson_url, 200),
        "complete": ("POST", complete_path, 302),
    }
    result = {
        "lesson_count": len(selectors.lesson_list_for_course(course)),
        "requests": {key: request_queries(client, *spec) for key, spec in requests.items()},
    }
    with transaction.atomic():
        staff = selectors.staff_get_for_user(user)
        result["longer_lesson_count"] = course_lengthen(course, staff, EXTRA_LESSONS_PER_MODULE)
        result["longer_requests"] = {key: request_queries(client, *requests[key]) for key in LONGER}
        transaction.set_rollback(True)
    return result


if __name__ == "__main__":
    cli(
        __doc__.split("\n")[0],
        {"describe": describe, "count": count},
        {"email": str, "plain-url": str, "course-url": str, "lesson-url": str, "complete-path": str},
    )
