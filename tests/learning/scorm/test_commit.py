"""The commit endpoint: batched values onto the learner's own attempt, completion and skill results."""

import json

import pytest
from django.test import Client

from learning.models import Enrolment, LessonProgress, ScormAttempt
from learning.scorm import services
from learning.scorm import views as scorm_views
from tests.factories import StaffMemberFactory
from tests.factories.scorm import package_store
from tests.learning.scorm.packages import GOLF_12, revised

pytestmark = pytest.mark.django_db


def commit(client, lesson, values, *, item=None, version=None, **extra):
    body = {
        "version": version or lesson.package_version_id,
        "item": item or lesson.package_version.launchable_items[0]["identifier"],
        "values": values,
        **extra,
    }
    return client.post(f"/learning/scorm/{lesson.id}/commit/", json.dumps(body), content_type="application/json")


def test_a_12_commit_writes_the_learners_attempt(learner_client, staff, lesson_12):
    response = commit(
        learner_client,
        lesson_12,
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": "page-2",
            "cmi.suspend_data": "q1=a",
            "cmi.core.session_time": "0000:01:30",
        },
        session="launch-1",
    )
    assert response.status_code == 200, response.content
    assert response.json()["completion"] == "incomplete"
    attempt = ScormAttempt.objects.get(staff=staff)
    assert (attempt.location, attempt.suspend_data, attempt.total_seconds) == ("page-2", "q1=a", 90)
    assert attempt.completed_at is None
    assert not LessonProgress.objects.filter(staff=staff, lesson_id=lesson_12.id, completed_at__isnull=False).exists()


def test_session_time_counts_once_per_launch_and_adds_up_across_launches(learner_client, staff, lesson_12):
    for seconds in ("10", "40"):  # the same launch commits twice: its session time is its running total
        commit(learner_client, lesson_12, {"cmi.core.session_time": f"0000:00:{seconds}"}, session="a")
    commit(learner_client, lesson_12, {"cmi.core.session_time": "0000:00:20"}, session="b")
    assert ScormAttempt.objects.get(staff=staff).total_seconds == 60


def test_passed_completes_the_lesson_through_the_lesson_service(learner_client, staff, lesson_12):
    response = commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"})
    assert response.json()["lesson_completed"] is True
    progress = LessonProgress.objects.get(staff=staff, lesson_id=lesson_12.id)
    assert progress.completed_at is not None
    attempt = ScormAttempt.objects.get(staff=staff)
    assert (attempt.completion_status, attempt.success_status, attempt.score_scaled) == ("completed", "passed", 0.9)


def test_failed_does_not_complete_the_lesson(learner_client, staff, lesson_2004):
    commit(learner_client, lesson_2004, {"cmi.completion_status": "completed", "cmi.success_status": "failed"})
    assert not LessonProgress.objects.filter(staff=staff, lesson_id=lesson_2004.id, completed_at__isnull=False)


def test_the_scorm_lesson_counts_toward_course_completion_like_any_lesson(learner_client, staff, course, lesson_2004):
    from learning.models import LessonPage
    from learning.selectors import course_and_lessons_for_lesson
    from learning.services import lesson_complete

    course_page, lessons = course_and_lessons_for_lesson(lesson_2004)
    assert lesson_2004.id in [lesson.id for lesson in lessons]  # part of the course outline
    ids = [lesson.id for lesson in lessons]
    for lesson in LessonPage.objects.filter(id__in=ids[:-1]):
        lesson_complete(staff=staff, lesson=lesson, course=course_page, ordered_lesson_ids=ids)
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is None
    response = commit(learner_client, lesson_2004, {"cmi.completion_status": "completed"})
    assert response.json()["course_completed"] is True
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None


def test_a_multi_item_package_is_complete_once_every_item_was_opened(learner_client, staff, lesson_multi):
    items = [item["identifier"] for item in lesson_multi.package_version.launchable_items]
    for identifier in items[:-1]:
        assert (
            commit(learner_client, lesson_multi, {}, item=identifier, visited=True).json()["lesson_completed"] is False
        )
    assert commit(learner_client, lesson_multi, {}, item=items[-1], visited=True).json()["lesson_completed"] is True
    assert ScormAttempt.objects.get(staff=staff).completion_status == "completed"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", scorm_views.NOT_JSON),
        (json.dumps({"item": "item_1"}), scorm_views.NOT_JSON),
        (json.dumps({"version": "x", "item": "item_1", "values": {}}), scorm_views.NOT_JSON),
        (json.dumps({"version": 999999, "item": "item_1", "values": {}}), services.WRONG_VERSION),
        (json.dumps({"version": None, "item": "nope", "values": {}}), scorm_views.NOT_JSON),
    ],
)
def test_malformed_commits_are_refused_and_write_nothing(learner_client, staff, lesson_12, body, message):
    response = learner_client.post(f"/learning/scorm/{lesson_12.id}/commit/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert not ScormAttempt.objects.exists()


def test_a_bad_value_refuses_the_whole_batch_and_keeps_the_stored_state(learner_client, staff, lesson_12):
    commit(learner_client, lesson_12, {"cmi.core.lesson_location": "kept"})
    response = commit(learner_client, lesson_12, {"cmi.core.lesson_location": "moved", "cmi.core.lesson_status": "x"})
    assert response.status_code == 400
    assert "cmi.core.lesson_status cannot be “x”" in response.json()["error"]
    attempt = ScormAttempt.objects.get(staff=staff)
    assert (attempt.location, attempt.commits) == ("kept", 1)


def test_an_unknown_item_is_refused(learner_client, lesson_12):
    response = commit(learner_client, lesson_12, {}, item="someone_elses")
    assert response.status_code == 400
    assert response.json()["error"] == services.UNKNOWN_ITEM.format(item="someone_elses")


def test_another_packages_version_is_refused(learner_client, lesson_12):
    other = package_store(GOLF_12)
    response = commit(learner_client, lesson_12, {}, version=other.id)
    assert response.json()["error"] == services.WRONG_VERSION
    assert not ScormAttempt.objects.exists()


def test_the_commit_needs_the_csrf_token(staff, lesson_12):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.user)
    response = commit(client, lesson_12, {"cmi.core.lesson_status": "passed"})
    assert response.status_code == 403
    assert not ScormAttempt.objects.exists()
    page = client.get(lesson_12.url)
    token = page.cookies["csrftoken"].value
    response = client.post(
        f"/learning/scorm/{lesson_12.id}/commit/",
        json.dumps({"version": lesson_12.package_version_id, "item": "item_1", "values": {}}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_the_commit_needs_a_signed_in_learner(client, lesson_12):
    response = commit(client, lesson_12, {"cmi.core.lesson_status": "passed"})
    assert response.status_code == 302
    assert not ScormAttempt.objects.exists()


def test_each_learner_writes_only_their_own_attempt(learner_client, staff, lesson_12):
    other = StaffMemberFactory()
    commit(learner_client, lesson_12, {"cmi.core.lesson_location": "mine"})
    assert list(ScormAttempt.objects.values_list("staff_id", flat=True)) == [staff.id]
    other_client = Client()
    other_client.force_login(other.user)
    commit(other_client, lesson_12, {"cmi.core.lesson_location": "theirs"})
    assert ScormAttempt.objects.get(staff=staff).location == "mine"
    assert ScormAttempt.objects.get(staff=other).location == "theirs"


def test_a_new_version_starts_a_new_attempt_and_keeps_the_old_one_readable(learner_client, staff, lesson_12):
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "30"})
    old_version = lesson_12.package_version
    lesson_12.package_version = package_store(revised(GOLF_12), package=old_version.package)
    lesson_12.save_revision().publish()
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "incomplete"})
    attempts = dict(ScormAttempt.objects.filter(staff=staff).values_list("version__number", "success_status"))
    assert attempts == {1: "failed", 2: "unknown"}
    page = learner_client.get(lesson_12.url).content.decode()
    assert "Version 1: Completed, failed, score 30%" in page


def test_a_commit_to_the_earlier_version_still_lands_on_its_own_attempt(learner_client, staff, lesson_12):
    old_version = lesson_12.package_version
    lesson_12.package_version = package_store(revised(GOLF_12), package=old_version.package)
    lesson_12.save_revision().publish()
    commit(learner_client, lesson_12, {"cmi.suspend_data": "late"}, version=old_version.id)
    assert ScormAttempt.objects.get(staff=staff, version=old_version).suspend_data == "late"


def test_a_pass_records_the_skill_levels_the_editor_set_once(learner_client, staff, lesson_12):
    from assessments.models import ScormSkillAward, SkillResult
    from tests.factories.assessments import SkillAreaFactory

    area = SkillAreaFactory()
    ScormSkillAward.objects.create(page=lesson_12, area=area, level=2)
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "incomplete"})
    assert not SkillResult.objects.exists()
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "85"})
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed"})
    result = SkillResult.objects.get()
    assert (result.staff_id, result.area_id, result.level, result.source) == (staff.id, area.id, 2, "assessed")
    assert float(result.score) == 85.0 and result.expires_at > result.assessed_at


def test_marking_a_scorm_lesson_complete_by_hand_is_refused(learner_client, staff, lesson_12):
    response = learner_client.post(f"/learning/lessons/{lesson_12.id}/complete/")
    assert response.status_code == 400
    assert not LessonProgress.objects.filter(staff=staff, lesson_id=lesson_12.id, completed_at__isnull=False)


def test_the_learners_own_record_download_includes_their_scorm_attempts(learner_client, staff, lesson_12):
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "75"})
    from django.urls import reverse

    record = learner_client.get(reverse("assessments:my_record_json"))
    rows = record.json()["scorm_attempts"]
    assert [(row["package"], row["version"], row["success"], row["score_scaled"]) for row in rows] == [
        ("Golf Explained - CP Single SCO", 1, "passed", 0.75)
    ]


def test_a_passing_commit_is_announced_for_the_record_once(learner_client, staff, lesson_12):
    """The SCORM result reaches the xAPI outbox (interop listens) in the commit's transaction, once."""
    from interop.models import LrsEndpoint, OutboxStatement

    endpoint = LrsEndpoint.objects.create(
        organisation=staff.organisation, name="Main LRS", url="http://127.0.0.1:9/xAPI/", key="k", secret="s"
    )

    def about_the_lesson():
        return [row for row in OutboxStatement.objects.filter(endpoint=endpoint)
                if row.payload["object"]["id"].endswith(f"/{lesson_12.id}/")]  # fmt: skip

    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "incomplete"})
    assert about_the_lesson() == []
    score = {"cmi.core.score.raw": "90", "cmi.core.score.min": "0", "cmi.core.score.max": "100"}
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed", **score})
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "95"})  # again
    rows = about_the_lesson()
    assert sorted(row.verb for row in rows) == ["completed", "passed"]  # the lesson's completion, then the pass
    passed = next(row for row in rows if row.verb == "passed")
    assert passed.payload["result"]["score"]["raw"] == 90


def test_a_failing_commit_is_announced_once_and_a_later_pass_too(learner_client, staff, lesson_12):
    """A fail reaches the outbox with its score when the package first says it; failing again adds nothing, a
    pass afterwards is announced, and a fail after the pass is not (the attempt has passed)."""
    from interop.models import LrsEndpoint, OutboxStatement

    endpoint = LrsEndpoint.objects.create(
        organisation=staff.organisation, name="Main LRS", url="http://127.0.0.1:9/xAPI/", key="k", secret="s"
    )

    def verbs():
        rows = OutboxStatement.objects.filter(endpoint=endpoint, verb__in=["passed", "failed"]).order_by("id")
        return [(row.verb, row.payload["result"]["score"]["raw"]) for row in rows]

    score = {"cmi.core.score.min": "0", "cmi.core.score.max": "100"}
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "40", **score})
    assert verbs() == [("failed", 40)]
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "45", **score})
    assert verbs() == [("failed", 40)]
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "85", **score})
    commit(learner_client, lesson_12, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "30", **score})
    assert verbs() == [("failed", 40), ("passed", 85)]
