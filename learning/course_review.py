"""Submit a whole course for review, and approve it, in one step (writes).

Editors keep Wagtail's workflow: their changes go live once a reviewer (Wagtail's "Moderators" group, such as
the demo's learning and development lead) approves them. A new course is a course page, its modules and their
lessons and checks; one approval per page would be a dozen clicks, so these functions act on the course and
every page under it at once, each through Wagtail's own workflow (the same states, history, log entries and
emails as the page editor's "Submit for moderation" and the reviewer's "Approve").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Page, WorkflowState

NOTHING_TO_SUBMIT = "Nothing in this course has changes waiting: every page is published as it stands."
NOTHING_TO_APPROVE = "Nothing in this course is waiting for your approval."


@dataclass
class CourseReviewPlan:
    """The pages of a course an action will touch, and those it leaves (with the reason)."""

    pages: list[Page] = field(default_factory=list)
    skipped: list[tuple[Page, str]] = field(default_factory=list)


def _course_pages(course: Page) -> list[Page]:
    """Return the course and every page under it, in tree order, as their specific types."""
    return [page.specific for page in Page.objects.filter(path__startswith=course.path).order_by("path")]


def _awaiting_publication(page: Page) -> bool:
    return not page.live or page.has_unpublished_changes


def course_submit_plan(*, course: Page, user) -> CourseReviewPlan:
    """Return the pages of the course the user would submit for review: drafts and changed pages with no review
    already running that the user may submit."""
    plan = CourseReviewPlan()
    for page in _course_pages(course):
        if not _awaiting_publication(page):
            continue
        state = page.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            plan.skipped.append((page, "already waiting for review"))
        elif page.get_workflow() is None:
            plan.skipped.append((page, "no review workflow: publish it directly"))
        elif not page.permissions_for_user(user).can_submit_for_moderation():
            plan.skipped.append((page, "you may not submit it"))
        else:
            plan.pages.append(page)
    return plan


def course_submit(*, course: Page, user) -> CourseReviewPlan:
    """Submit the course and every page under it that has changes waiting for review, in one transaction."""
    plan = course_submit_plan(course=course, user=user)
    with transaction.atomic():
        for page in plan.pages:
            if page.get_latest_revision() is None:
                page.save_revision(user=user, log_action=True)
            state = page.current_workflow_state
            if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                state.resume(user)
            else:
                page.get_workflow().start(page, user)
    return plan


def course_approve_plan(*, course: Page, user) -> CourseReviewPlan:
    """Return the pages of the course whose current review task the user may approve."""
    plan = CourseReviewPlan()
    for page in _course_pages(course):
        state = page.current_workflow_state
        if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
            continue
        task_state = state.current_task_state
        task = task_state.task.specific if task_state else None
        actions = {name for name, _, _ in task.get_actions(page, user)} if task else set()
        if "approve" in actions:
            plan.pages.append(page)
        else:
            plan.skipped.append((page, f"waiting for {task.name if task else 'review'}, which you cannot approve"))
    return plan


def course_approve(*, course: Page, user, comment: str = "") -> CourseReviewPlan:
    """Approve the current review task of every page of the course the user may approve, course first, so each
    page's approved revision is published as when approved one by one."""
    plan = course_approve_plan(course=course, user=user)
    with transaction.atomic():
        for page in plan.pages:
            task_state = page.current_workflow_state.current_task_state
            task_state.task.specific.on_action(task_state, user, "approve", comment=comment)
    return plan
