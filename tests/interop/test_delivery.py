"""Statements reach a real LRS (Ralph on loopback) exactly once, validate against Ralph's xAPI models, and wait
through an outage; refused statements are marked failed with the LRS's reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from assessments.pages import AssessmentPage
from interop import delivery, tasks
from interop.models import LrsEndpoint, OutboxStatement
from learning.pages import LessonPage
from tests.assessments.test_services import answer_all
from tests.factories.assessments import QuestionFactory, fixed_assessment
from tests.interop.conftest import complete_course
from tests.lrs import ralph_validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs_endpoint(staff, ralph):
    return LrsEndpoint.objects.create(
        organisation=staff.organisation, name="Ralph", url=ralph.url, key=ralph.key, secret=ralph.secret
    )


def the_whole_programme(staff, course, area, skills_check):
    """Lessons and a course completed, a knowledge check failed then passed, skill levels reached."""
    module = course.get_children().first()
    check = fixed_assessment(
        [QuestionFactory(area=area) for _ in range(2)],
        parent=module,
        kind=AssessmentPage.Kind.KNOWLEDGE_CHECK,
        pass_mark=100,
        required_for_module=True,
    )
    complete_course(staff, course)
    failed = assessment_services.attempt_start(staff=staff, assessment=check)
    assessment_services.attempt_submit(attempt=failed)
    passing = assessment_services.attempt_start(staff=staff, assessment=check)
    answer_all(passing)
    assessment_services.attempt_submit(attempt=passing)
    skills = assessment_services.attempt_start(staff=staff, assessment=skills_check)
    answer_all(skills)
    assessment_services.attempt_submit(attempt=skills)


def test_every_kind_of_statement_validates_against_ralphs_models(staff, course, area, skills_check, endpoint):
    from learning.events import scorm_result_send

    the_whole_programme(staff, course, area, skills_check)
    lesson = LessonPage.objects.descendant_of(course).first()
    scorm_result_send(
        staff=staff, lesson=lesson, course=course, now=timezone.now(), completed=True, passed=False,
        score_raw=3, score_min=0, score_max=10, attempt_key="a",
    )  # fmt: skip
    payloads = [row.payload for row in OutboxStatement.objects.order_by("id")]
    assert {p["verb"]["display"]["en-US"] for p in payloads} == {"completed", "passed", "failed", "mastered"}
    assert ralph_validate(payloads) == []
    broken = dict(payloads[0], verb={"id": "not an iri"}, extra="field")
    assert len(ralph_validate([broken])) == 1  # the check can fail


def test_statements_reach_the_lrs_once_and_read_back_the_same(staff, course, area, skills_check, ralph, lrs_endpoint):
    the_whole_programme(staff, course, area, skills_check)
    written = {str(row.statement_id): row.payload for row in OutboxStatement.objects.all()}
    result = delivery.statements_deliver(batch_size=4)
    assert result.sent == len(written) and result.retrying == result.failed == 0
    assert result.batches == -(-len(written) // 4)
    stored = ralph.statements()
    assert sorted(s["id"] for s in stored) == sorted(written)
    for statement in stored:
        mine = written[statement["id"]]
        assert statement["actor"] == mine["actor"] and statement["verb"] == mine["verb"]
        assert statement["object"] == mine["object"] and statement.get("result") == mine.get("result")
        assert statement["context"] == mine["context"]
    assert set(OutboxStatement.objects.values_list("status", "attempts")) == {("sent", 1)}
    assert delivery.statements_deliver().sent == 0  # nothing is sent twice
    assert sorted(ralph.stored_ids()) == sorted(written)  # Ralph's own files hold each one once


def test_a_stopped_lrs_loses_nothing(staff, course, ralph, lrs_endpoint):
    complete_course(staff, course)
    ralph.stop()
    now = timezone.now()
    down = delivery.statements_deliver(now=now, batch_size=3)
    assert down.sent == 0 and down.retrying == 3  # the first batch fails; the rest are left for later
    failed_rows = OutboxStatement.objects.filter(attempts=1)
    assert failed_rows.count() == 3 and all("Connection refused" in row.last_error for row in failed_rows)
    assert set(OutboxStatement.objects.values_list("status", flat=True)) == {"pending"}
    assert min(r.next_attempt_at for r in failed_rows) >= now + timedelta(minutes=1)
    ralph.start()
    waiting = delivery.statements_deliver(now=now + timedelta(seconds=30))
    assert waiting.sent == 4  # the batch that failed waits for its back-off; the others go now
    back = delivery.statements_deliver(now=now + timedelta(minutes=2))
    assert back.sent == 3
    assert set(OutboxStatement.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(s["id"] for s in ralph.statements()) == sorted(
        str(i) for i in OutboxStatement.objects.values_list("statement_id", flat=True)
    )


def test_wrong_credentials_wait_and_a_refused_statement_fails_alone(staff, course, lessons, ralph, lrs_endpoint):
    complete_course(staff, course)
    lrs_endpoint.secret = "not-the-secret"
    lrs_endpoint.save()
    result = delivery.statements_deliver()
    assert result.retrying == 7 and "HTTP 401" in OutboxStatement.objects.first().last_error
    lrs_endpoint.secret = ralph.secret
    lrs_endpoint.save()
    bad = OutboxStatement.objects.order_by("id")[2]
    bad.payload = {key: value for key, value in bad.payload.items() if key != "actor"}  # no one did it: refused
    bad.save()
    result = delivery.statements_deliver(now=timezone.now() + timedelta(minutes=2))
    assert (result.sent, result.failed) == (6, 1)
    bad.refresh_from_db()
    assert bad.status == "failed" and bad.last_error.startswith(("HTTP 400", "HTTP 422"))
    assert len(ralph.statements()) == 6


def test_the_background_task_delivers(staff, course, lessons, ralph, lrs_endpoint):
    complete_course(staff, course)
    assert tasks.statements_deliver.call()["sent"] == 7
    assert len(ralph.statements()) == 7


def test_an_inactive_endpoint_keeps_its_statements_waiting(staff, course, ralph, lrs_endpoint):
    complete_course(staff, course)
    LrsEndpoint.objects.update(active=False)
    assert delivery.statements_deliver().sent == 0
    assert OutboxStatement.objects.filter(status="pending").count() == 7
    assert ralph.statements() == []


def test_a_batch_sent_again_after_a_lost_commit_is_stored_once(staff, course, ralph, lrs_endpoint):
    """A worker killed after the LRS took a batch and before its commit leaves the rows waiting: the next delivery
    sends them again with the same statement ids, and the LRS keeps one of each (xAPI: same id, same statement)."""
    complete_course(staff, course)
    rows = list(OutboxStatement.objects.order_by("id")[:4])
    delivery.lrs_post(lrs_endpoint, [row.payload for row in rows])  # the killed worker's POST, never marked
    assert len(ralph.statements()) == 4
    result = delivery.statements_deliver()
    assert (result.sent, result.failed, result.retrying) == (7, 0, 0)
    assert sorted(ralph.stored_ids()) == sorted(
        str(i) for i in OutboxStatement.objects.values_list("statement_id", flat=True)
    )


def test_completing_a_lesson_on_the_site_writes_its_statement(learner_client, staff, lessons, endpoint):
    response = learner_client.post(f"/learning/lessons/{lessons[0].id}/complete/")
    assert response.status_code == 302
    row = OutboxStatement.objects.get()
    assert row.verb == "completed" and row.payload["object"]["id"].endswith(f"/pages/{lessons[0].id}/")
