"""Admin screens for reviewing a whole course at once (``learning/course_review.py`` does the work).

"Submit course for review" and "Approve whole course" are offered in each course's page actions, and the admin
home shows reviewers every course with pages waiting for them. Registered in ``learning/wagtail_hooks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import Page, WorkflowState

from learning import course_review, roles
from learning.models import CoursePage

SUBMITTED = "{count} pages of “{course}” were submitted for review."
APPROVED = "{count} pages of “{course}” were approved and published."


@dataclass(frozen=True)
class _Action:
    """One whole-course action: what it shows before, what it does on POST and what it says after."""

    name: str
    plan: Callable
    run: Callable
    done: str
    empty: str


_ACTIONS = {
    "submit": _Action(
        "submit",
        course_review.course_submit_plan,
        lambda course, request: course_review.course_submit(course=course, user=request.user),
        SUBMITTED,
        course_review.NOTHING_TO_SUBMIT,
    ),
    "approve": _Action(
        "approve",
        course_review.course_approve_plan,
        lambda course, request: course_review.course_approve(
            course=course, user=request.user, comment=request.POST.get("comment", "")
        ),
        APPROVED,
        course_review.NOTHING_TO_APPROVE,
    ),
}


def _review_view(request, course_id: int, action: _Action):
    """Show the pages the action would touch; on POST, act on them and go back to the course's pages."""
    course = get_object_or_404(CoursePage, id=course_id)
    if action.name == "submit" and not course.permissions_for_user(request.user).can_edit():
        raise PermissionDenied  # approving needs no check here: the plan holds only tasks the user may approve
    if request.method == "POST":
        plan = action.run(course, request)
        if plan.pages:
            messages.success(request, action.done.format(count=len(plan.pages), course=course.title))
        else:
            messages.warning(request, action.empty)
        return redirect("wagtailadmin_explore", course.id)
    plan = action.plan(course=course, user=request.user)
    return TemplateResponse(
        request,
        "learning/admin/course_review.html",
        {"course": course, "plan": plan, "action": action.name, "empty": action.empty},
    )


def submit_view(request, course_id: int):
    return _review_view(request, course_id, _ACTIONS["submit"])


def approve_view(request, course_id: int):
    return _review_view(request, course_id, _ACTIONS["approve"])


def admin_urls():
    return [
        path("course-review/<int:course_id>/submit/", submit_view, name="learning_course_submit"),
        path("course-review/<int:course_id>/approve/", approve_view, name="learning_course_approve"),
    ]


def header_buttons(page, user, view_name=None, next_url=None):
    """Offer the whole-course actions on a course page's actions menu."""
    if not isinstance(page.specific_deferred, CoursePage):
        return
    yield Button(
        "Submit course for review",
        reverse("learning_course_submit", args=[page.id]),
        icon_name="resubmit",
        priority=12,
    )
    if not roles.may_approve_content(user):
        return
    yield Button(
        "Approve whole course",
        reverse("learning_course_approve", args=[page.id]),
        icon_name="check",
        priority=13,
    )


def courses_in_review() -> list[tuple[CoursePage, int]]:
    """Return each course with pages in a review still running, and how many, in catalogue order."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = WorkflowState.objects.filter(
        base_content_type=page_type, status=WorkflowState.STATUS_IN_PROGRESS
    ).values_list("object_id", flat=True)
    paths = list(Page.objects.filter(id__in=[int(i) for i in ids]).values_list("path", flat=True))
    if not paths:
        return []
    result = []
    for course in CoursePage.objects.order_by("path"):
        waiting = sum(1 for p in paths if p.startswith(course.path))
        if waiting:
            result.append((course, waiting))
    return result


class CoursesInReviewPanel(Component):
    """The admin home's list of courses with pages waiting for review, with the one-step approval."""

    name = "courses_in_review"
    template_name = "learning/admin/courses_in_review_panel.html"
    order = 210  # just above Wagtail's own "Awaiting your review"

    def __init__(self, courses):
        self.courses = courses

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["courses"] = self.courses
        return context


def homepage_panels(request, panels) -> None:
    """Add the courses-in-review panel to the admin home for people who can act on content."""
    user = request.user
    if not (user.is_superuser or user.groups.filter(name__in=[roles.MODERATORS_GROUP, roles.EDITORS_GROUP]).exists()):
        return
    courses = courses_in_review()
    if courses:
        panels.append(CoursesInReviewPanel(courses))
