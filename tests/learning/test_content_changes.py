"""Learners' records survive content changes: deleting or unpublishing a lesson keeps every record, the editor is
told how many learners have one, and courses are completed by one rule (docs/architecture.md, "When content
changes")."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from learning import content_admin, selectors, services
from learning.models import Enrolment, LessonPage, LessonProgress
from tests.factories import LessonPageFactory, StaffMemberFactory
from tests.factories.learning import mfa_activate


def _complete(staff, course, lessons):
    ids = [lesson.id for lesson in selectors.lesson_list_for_course(course)]
    for lesson in lessons:
        services.lesson_complete(staff=staff, lesson=lesson, course=course, ordered_lesson_ids=ids)


@pytest.fixture
def moderator_client(client, db):
    user = get_user_model().objects.create_user("reviewer", "reviewer@example.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


def test_deleting_a_lesson_keeps_its_progress_rows_with_the_lesson_title(staff, course, lessons):
    other = StaffMemberFactory()
    _complete(staff, course, lessons[:2])
    services.lesson_view_record(staff_id=other.id, lesson=lessons[0], course_id=course.id)
    title = lessons[0].title
    lessons[0].delete()
    kept = LessonProgress.objects.filter(lesson__isnull=True).order_by("staff_id")
    assert [(row.staff_id, row.lesson_title, row.completed_at is not None) for row in kept] == [
        (staff.id, title, True),
        (other.id, title, False),
    ]
    assert LessonProgress.objects.filter(staff=staff).count() == 2


def test_deleting_a_module_keeps_the_progress_of_all_its_lessons(staff, course, lessons):
    _complete(staff, course, lessons[:3])  # the whole first module
    course.get_children().first().delete()
    assert LessonProgress.objects.filter(staff=staff, lesson__isnull=True, completed_at__isnull=False).count() == 3
    assert set(LessonProgress.objects.values_list("lesson_title", flat=True)) == {
        lesson.title for lesson in lessons[:3]
    }


def test_a_completed_course_stays_completed_when_a_lesson_is_deleted_or_added(staff, course, lessons):
    _complete(staff, course, lessons)
    completed_at = Enrolment.objects.get(staff=staff, course=course).completed_at
    assert completed_at is not None
    lessons[-1].delete()
    LessonPageFactory(parent=course.get_children().first(), slug="added-later")
    assert Enrolment.objects.get(staff=staff, course=course).completed_at == completed_at


def test_unpublishing_the_lesson_an_in_progress_learner_had_left_completes_their_course(
    staff, course, lessons, django_capture_on_commit_callbacks
):
    """The rule for learners in progress: only the lessons still published count."""
    _complete(staff, course, lessons[:-1])
    straggler = StaffMemberFactory()
    _complete(straggler, course, lessons[:2])
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        lessons[-1].specific.unpublish()
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None
    assert Enrolment.objects.get(staff=straggler, course=course).completed_at is None
    assert LessonProgress.objects.filter(lesson=lessons[-1]).count() == 0  # they never opened it: nothing made up


def test_deleting_the_lesson_an_in_progress_learner_had_left_completes_their_course(
    staff, course, lessons, django_capture_on_commit_callbacks
):
    _complete(staff, course, lessons[:-1])
    with django_capture_on_commit_callbacks(execute=True):
        LessonPage.objects.get(id=lessons[-1].id).delete()
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None


def test_course_progress_counts_only_published_lessons_after_an_unpublish(learner_client, staff, course, lessons):
    _complete(staff, course, lessons[:2])
    lessons[0].specific.unpublish()
    response = learner_client.get(course.url)
    assert response.context["progress"].completed == 1
    assert response.context["progress"].total == 5
    assert "1 of 5 lessons complete (20%)" in response.content.decode()
    assert not response.context["course_completed"]


def test_record_counts_for_a_lesson_a_module_and_a_course(staff, course, lessons):
    other, third = StaffMemberFactory(), StaffMemberFactory()
    _complete(staff, course, lessons[:2])
    services.lesson_view_record(staff_id=other.id, lesson=lessons[0], course_id=course.id)
    services.lesson_view_record(staff_id=third.id, lesson=lessons[4], course_id=course.id)
    assert selectors.learner_record_counts(lessons[0]) == selectors.LearnerRecordCounts(1, 1, 0)
    module = course.get_children().first()
    assert selectors.learner_record_counts(module) == selectors.LearnerRecordCounts(1, 1, 0)
    assert selectors.learner_record_counts(course) == selectors.LearnerRecordCounts(1, 2, 3)


def test_the_delete_screen_says_how_many_learners_have_records(moderator_client, staff, course, lessons):
    _complete(staff, course, lessons[:1])
    services.lesson_view_record(staff_id=StaffMemberFactory().id, lesson=lessons[0], course_id=course.id)
    response = moderator_client.get(f"/admin/pages/{lessons[0].id}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 learner completed and 1 more started without completing the lessons here" in page
    assert "Their records are kept" in page


def test_the_unpublish_screen_says_how_many_learners_have_records(moderator_client, staff, course, lessons):
    _complete(staff, course, lessons[:1])
    response = moderator_client.get(f"/admin/pages/{lessons[0].id}/unpublish/")
    assert response.status_code == 200
    assert "1 learner completed and 0 more started without completing" in response.content.decode()
    untouched = moderator_client.get(f"/admin/pages/{lessons[5].id}/unpublish/").content.decode()
    assert "No learner has opened this content yet." in untouched


def test_a_course_with_enrolments_cannot_be_deleted_only_unpublished(client, staff, course, lessons):
    """Deleting a course would take its enrolments (and completions) with it; even a platform admin may not."""
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    mfa_activate(admin)
    client.force_login(admin)
    admin_client = client
    _complete(staff, course, lessons[:1])
    response = admin_client.get(f"/admin/pages/{course.id}/delete/")
    assert response.status_code == 409
    assert content_admin.course_delete_refusal(1) in response.content.decode()
    response = admin_client.post(f"/admin/pages/{course.id}/delete/")
    assert response.status_code == 409
    assert Enrolment.objects.filter(staff=staff).count() == 1
    assert LessonProgress.objects.filter(staff=staff).count() == 1
    course.refresh_from_db()  # still there


def test_deleting_a_lesson_through_the_admin_keeps_the_records(moderator_client, staff, course, lessons):
    _complete(staff, course, lessons[:1])
    response = moderator_client.post(f"/admin/pages/{lessons[0].id}/delete/")
    assert response.status_code == 302
    assert not LessonPage.objects.filter(id=lessons[0].id).exists()
    row = LessonProgress.objects.get(staff=staff)
    assert (row.lesson_id, row.lesson_title, row.completed_at is not None) == (None, lessons[0].title, True)


def test_a_bulk_delete_including_a_course_with_enrolments_is_refused(client, staff, course, lessons):
    admin = get_user_model().objects.create_superuser("bulk", "bulk@example.org", "pw")
    mfa_activate(admin)
    client.force_login(admin)
    _complete(staff, course, lessons[:1])
    url = f"/admin/bulk/wagtailcore/page/delete/?id={course.id}&next=/admin/"
    assert client.post(url).status_code == 409
    course.refresh_from_db()
    assert Enrolment.objects.filter(staff=staff).count() == 1


def test_the_learners_own_download_names_a_deleted_lesson(staff, course, lessons):
    from assessments.personal_data import learning_record_for_staff

    _complete(staff, course, lessons[:1])
    title = lessons[0].title
    lessons[0].delete()
    rows = learning_record_for_staff(staff)["lesson_progress"]
    assert [row["lesson"] for row in rows] == [title]
