"""A whole course is submitted for review and approved in one step, through Wagtail's own workflow."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings
from wagtail.models import Page, WorkflowState

from learning import course_review, course_review_admin
from learning.models import CoursePage, LessonPage, ModulePage
from tests.factories.learning import CourseIndexPageFactory, site_home


def _user(name, group):
    user = get_user_model().objects.create_user(name, f"{name}@upskill.example", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return _user("editor", "Editors")


@pytest.fixture
def reviewer(db):
    return _user("reviewer", "Moderators")


@pytest.fixture
def draft_course(db, editor):
    """A new course as an editor builds it: a course, two modules and three lessons, none published."""
    home = site_home()
    catalogue = CourseIndexPageFactory(parent=home, slug="courses")
    course = catalogue.add_child(
        instance=CoursePage(title="Spreadsheets", slug="spreadsheets", summary="S", live=False)
    )
    course.save_revision(user=editor)
    for m in range(2):
        module = course.add_child(instance=ModulePage(title=f"Module {m + 1}", slug=f"m{m + 1}", live=False))
        module.save_revision(user=editor)
        for n in range(1 + m):
            lesson = module.add_child(
                instance=LessonPage(title=f"Lesson {m + 1}.{n + 1}", slug=f"l{m + 1}{n + 1}", live=False, body=[])
            )
            lesson.save_revision(user=editor)
    return course


def _in_review(course):
    ids = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).values_list("object_id", flat=True)
    return set(
        Page.objects.filter(id__in=[int(i) for i in ids], path__startswith=course.path).values_list("title", flat=True)
    )


def test_an_editor_submits_a_whole_course_and_a_reviewer_approves_it_in_one_step(draft_course, editor, reviewer):
    plan = course_review.course_submit(course=draft_course, user=editor)
    assert len(plan.pages) == 6
    assert _in_review(draft_course) == {
        "Spreadsheets",
        "Module 1",
        "Module 2",
        "Lesson 1.1",
        "Lesson 2.1",
        "Lesson 2.2",
    }
    assert course_review.course_submit_plan(course=draft_course, user=editor).pages == []  # submitting twice: nothing
    assert course_review.course_approve_plan(course=draft_course, user=editor).pages == []  # editors cannot approve
    approved = course_review.course_approve(course=draft_course, user=reviewer, comment="Looks good")
    assert len(approved.pages) == 6
    assert not Page.objects.filter(path__startswith=draft_course.path, live=False).exists()
    assert _in_review(draft_course) == set()


def test_only_changed_pages_are_submitted(draft_course, editor, reviewer):
    course_review.course_submit(course=draft_course, user=editor)
    course_review.course_approve(course=draft_course, user=reviewer)
    lesson = LessonPage.objects.get(title="Lesson 2.2")
    lesson.title = "Lesson 2.2, revised"
    lesson.save_revision(user=editor)
    plan = course_review.course_submit(course=draft_course, user=editor)
    assert [page.id for page in plan.pages] == [lesson.id]
    assert LessonPage.objects.get(id=lesson.id).title == "Lesson 2.2"  # live content unchanged until approved
    course_review.course_approve(course=draft_course, user=reviewer)
    assert LessonPage.objects.get(id=lesson.id).title == "Lesson 2.2, revised"


@override_settings(WAGTAILADMIN_BASE_URL="https://learning.example.org")
def test_moderation_emails_link_to_the_configured_address(
    draft_course, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        course_review.course_submit(course=draft_course, user=editor)
    to_reviewer = [message for message in mail.outbox if reviewer.email in message.to]
    assert to_reviewer, "the reviewer is told that pages wait for review"
    body = to_reviewer[0].body
    assert "https://learning.example.org/admin/pages/" in body
    assert "127.0.0.1" not in body


def test_the_admin_screens_submit_and_approve_the_course(client, draft_course, editor, reviewer):
    client.force_login(editor)
    url = f"/admin/course-review/{draft_course.id}/submit/"
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Submit 6 pages for review" in preview.content.decode()
    assert client.post(url).status_code == 302
    assert len(_in_review(draft_course)) == 6
    assert (
        "Nothing in this course is waiting for your approval."
        in client.get(f"/admin/course-review/{draft_course.id}/approve/").content.decode()
    )
    client.force_login(reviewer)
    home = client.get("/admin/").content.decode()
    assert "Courses waiting for review" in home and f"/admin/course-review/{draft_course.id}/approve/" in home
    assert client.post(f"/admin/course-review/{draft_course.id}/approve/").status_code == 302
    assert _in_review(draft_course) == set()
    assert Page.objects.get(id=draft_course.id).live
    assert course_review_admin.courses_in_review() == []


def test_a_course_page_offers_the_whole_course_actions(client, draft_course, editor):
    client.force_login(editor)
    page = client.get(f"/admin/pages/{draft_course.id}/").content.decode()
    assert "Submit course for review" in page and f"/admin/course-review/{draft_course.id}/submit/" in page
    assert "Approve whole course" not in page  # editors cannot approve, so the action is not offered


def test_a_reviewer_is_offered_the_whole_course_approval(client, draft_course, reviewer):
    client.force_login(reviewer)
    page = client.get(f"/admin/pages/{draft_course.id}/").content.decode()
    assert "Approve whole course" in page and f"/admin/course-review/{draft_course.id}/approve/" in page
