"""What happens to learners' records when editors change course content (connected in ``LearningConfig.ready``).

Records are never deleted with content: a deleted lesson's progress rows keep its title and lose only the link
(``services.lesson_progress_archive``), and a course whose lessons or checks are unpublished or deleted has its
in-progress learners' completion looked at again once the change is saved (``services.course_completions_refresh``).
The rule itself is in docs/architecture.md ("When content changes").
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from learning import services
from learning.models import CoursePage, LessonPage


def course_containing(page: Page) -> CoursePage | None:
    """Return the course the page sits in (not the page itself), or None."""
    prefixes = [page.path[: depth * Page.steplen] for depth in range(1, page.depth)]
    return CoursePage.objects.filter(path__in=prefixes).first() if prefixes else None


def _refresh_after_commit(page: Page) -> None:
    course = course_containing(page)
    if course is not None:
        transaction.on_commit(lambda: services.course_completions_refresh(course=course))


def lesson_pre_delete(sender, instance, **kwargs) -> None:
    """Keep the title of a lesson about to be deleted on its progress rows."""
    if isinstance(instance, LessonPage):
        services.lesson_progress_archive(lesson=instance)


def page_unpublished(sender, instance, **kwargs) -> None:
    """Look again at course completion when something inside a course is unpublished."""
    _refresh_after_commit(instance)


def page_deleted(sender, instance, **kwargs) -> None:
    """Look again at course completion when a lesson or check inside a course is deleted."""
    if isinstance(instance, Page) and type(instance) is not Page:
        _refresh_after_commit(instance)
