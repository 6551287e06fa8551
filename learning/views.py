"""Learner views: read the request, call a selector or service, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from learning import selectors, services, structure
from learning.models import CoursePage, LessonPage

LESSON_SAVED = "“{title}” is marked as complete."
COMPLETED_BY_CONTENT = "This lesson is marked complete by its content when you finish it, not by hand."


@login_required
def my_learning(request):
    """Show the learner's courses in progress and completed."""
    staff = selectors.staff_get_for_user(request.user)
    rows = selectors.enrolment_list_for_staff(staff) if staff else []
    in_progress = [row for row in rows if not row.enrolment.completed_at]
    completed = [row for row in rows if row.enrolment.completed_at]
    catalogue = CoursePage.objects.live().public().exclude(id__in=[r.enrolment.course_id for r in rows])
    return render(
        request,
        "learning/my_learning.html",
        {"staff": staff, "in_progress": in_progress, "completed": completed, "catalogue": catalogue[:6]},
    )


def _forbidden_without_staff(request):
    return HttpResponseForbidden(
        render(request, "learning/no_staff_record.html", {"message": services.NO_STAFF_RECORD}).content
    )


@login_required
@require_POST
def course_enrol(request, course_id: int):
    """Enrol the learner on a course and send them to its first lesson."""
    course = get_object_or_404(CoursePage.objects.live().public(), id=course_id)
    staff = selectors.staff_get_for_user(request.user)
    if staff is None:
        return _forbidden_without_staff(request)
    services.enrolment_create(staff=staff, course=course)
    messages.success(request, f"You are enrolled on {course.title}.")
    return redirect(course.get_url(request))


@login_required
@require_POST
def lesson_complete(request, lesson_id: int):
    """Record the lesson as complete and continue to the next lesson (or the course page when done)."""
    lesson = get_object_or_404(
        LessonPage.objects.live().only("id", "path", "depth", "url_path", "title", "content_type"), id=lesson_id
    )
    if not lesson.specific_class.completed_by_learner:  # a SCORM lesson: its package says when it is done
        return HttpResponseBadRequest(COMPLETED_BY_CONTENT, content_type="text/plain; charset=utf-8")
    staff = selectors.staff_get_for_user(request.user)
    if staff is None:
        return _forbidden_without_staff(request)
    course, lessons = selectors.course_and_lessons_for_lesson(lesson)
    if course is None:
        raise Http404("This lesson is not part of a course.")
    result = services.lesson_complete(
        staff=staff, lesson=lesson, course=course, ordered_lesson_ids=[item.id for item in lessons]
    )
    if result.course_completed and result.next_lesson_id is None:
        messages.success(request, f"You have completed {course.title}.")
        return redirect(course.get_url())
    check = selectors.check_after_lesson(lesson)
    if check is not None:  # the module's knowledge check comes next in the outline
        return redirect(structure.to_page(check).get_url())
    next_lesson = next((item for item in lessons if item.id == result.next_lesson_id), None)
    messages.success(request, LESSON_SAVED.format(title=lesson.title))
    return redirect((next_lesson or course).get_url())
