"""Admin screens that warn editors about learners' records before content is deleted or unpublished.

Registered in ``learning/wagtail_hooks.py``; the counts come from ``selectors.learner_record_counts``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render

from learning import selectors

COURSE_DELETE_REFUSED = (
    "{enrolled} would be deleted with it, and their completion records with them. "
    "Unpublish the course instead: it disappears from the site and every learner record is kept."
)


def course_delete_refusal(enrolled: int) -> str:
    """Return why a course (or a page holding courses) with enrolments cannot be deleted."""
    return COURSE_DELETE_REFUSED.format(enrolled=f"{enrolled} enrolment{'s' if enrolled != 1 else ''}")


def records_sentence(counts: selectors.LearnerRecordCounts) -> str:
    """Return what the editor is told about the learners with records on the page's lessons."""
    if not counts.completed and not counts.started:
        return "No learner has opened this content yet."
    completed = f"{counts.completed} learner{'s' if counts.completed != 1 else ''} completed"
    started = f"{counts.started} more started without completing"
    return (
        f"{completed} and {started} the lessons here. Their records are kept: completed courses stay completed, "
        "and learners still in progress are measured against the lessons that remain published."
    )


def delete_page_check(request, page):
    """Refuse to delete a course (or anything holding one) with enrolments; otherwise warn with the counts."""
    counts = selectors.learner_record_counts(page)
    if counts.enrolled:
        return _refused(request, page, counts.enrolled)
    if request.method == "GET" and (counts.completed or counts.started):
        messages.warning(request, records_sentence(counts))
    return None


def bulk_delete_check(request, action_type, objects, action):
    """Refuse a bulk delete of pages that include a course with enrolments, as a single delete does."""
    if action_type != "delete":
        return None
    from wagtail.models import Page

    for page in objects:
        if isinstance(page, Page):
            counts = selectors.learner_record_counts(page)
            if counts.enrolled:
                return _refused(request, page, counts.enrolled)
    return None


def _refused(request, page, enrolled: int):
    """The screen saying why the page cannot be deleted (409: the request conflicts with learners' records)."""
    return render(
        request,
        "learning/admin/delete_refused.html",
        {"page": page, "message": course_delete_refusal(enrolled)},
        status=409,
    )
