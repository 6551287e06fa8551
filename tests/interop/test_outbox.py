"""Statements are written to the outbox in the transaction of the event, once, for each active endpoint of the
learner's organisation; with no endpoint nothing is written."""

import pytest
from django.db import transaction

from assessments import services as assessment_services
from assessments.pages import AssessmentPage
from interop.models import LrsEndpoint, OutboxStatement
from learning import services
from learning.models import Enrolment
from tests.assessments.test_services import answer_all
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.factories.assessments import QuestionFactory, fixed_assessment
from tests.interop.conftest import complete_course

pytestmark = pytest.mark.django_db


def verbs(endpoint):
    return [
        (row.verb, row.payload["object"]["definition"]["type"].rsplit("/", 1)[-1])
        for row in OutboxStatement.objects.filter(endpoint=endpoint).order_by("id")
    ]


def test_no_endpoint_no_statement(staff, course):
    complete_course(staff, course)
    assert not OutboxStatement.objects.exists()


def test_a_course_gives_one_statement_per_lesson_then_the_course(staff, course, endpoint):
    result = complete_course(staff, course)
    assert result.course_completed
    assert verbs(endpoint) == [("completed", "lesson")] * 6 + [("completed", "course")]
    rows = list(OutboxStatement.objects.order_by("id"))
    assert {row.status for row in rows} == {"pending"} and {row.attempts for row in rows} == {0}
    registration = str(Enrolment.objects.get(staff=staff, course=course).opaque_id)
    assert {row.payload["context"]["registration"] for row in rows} == {registration}
    course_id = f"http://testserver/xapi/activities/pages/{course.id}/"
    assert rows[-1].payload["object"]["id"] == course_id
    assert {row.payload["context"]["contextActivities"]["parent"][0]["id"] for row in rows[:-1]} == {course_id}


def test_the_actor_is_an_opaque_stable_account_never_email_or_id(staff, course, endpoint):
    staff.email = staff.user.email = "alex.person@council.example.gov.uk"
    staff.save()
    staff.user.save()
    complete_course(staff, course)
    name = str(staff.opaque_id)
    for row in OutboxStatement.objects.all():
        assert row.payload["actor"]["account"] == {"homePage": "http://testserver/", "name": name}
        text = str(row.payload)
        assert "alex.person" not in text and "@" not in text
    assert name != str(staff.id) and len(name) == 36
    staff.refresh_from_db()
    assert str(staff.opaque_id) == name  # saving the record kept it


def test_completing_again_writes_nothing_more(staff, course, lessons, endpoint):
    ids = [lesson.id for lesson in lessons]
    services.lesson_complete(staff=staff, lesson=lessons[0], course=course, ordered_lesson_ids=ids)
    services.lesson_complete(staff=staff, lesson=lessons[0], course=course, ordered_lesson_ids=ids)
    assert OutboxStatement.objects.count() == 1


def test_a_rolled_back_completion_leaves_no_statement(staff, course, lessons, endpoint):
    ids = [lesson.id for lesson in lessons]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.lesson_complete(staff=staff, lesson=lessons[0], course=course, ordered_lesson_ids=ids)
        assert OutboxStatement.objects.count() == 1  # written inside the event's transaction
        raise RuntimeError("the request failed after the completion")
    assert not OutboxStatement.objects.exists()


def test_each_active_endpoint_of_the_organisation_gets_each_statement(staff, course, lessons, endpoint):
    second = LrsEndpoint.objects.create(
        organisation=staff.organisation, name="Regional LRS", url="http://127.0.0.1:9/x/", key="a", secret="b"
    )
    LrsEndpoint.objects.create(
        organisation=staff.organisation, name="Old LRS", url="http://127.0.0.1:9/y/", key="a", secret="b", active=False
    )
    elsewhere = LrsEndpoint.objects.create(
        organisation=OrganisationFactory(), name="Their LRS", url="http://127.0.0.1:9/z/", key="a", secret="b"
    )
    ids = [lesson.id for lesson in lessons]
    services.lesson_complete(staff=staff, lesson=lessons[0], course=course, ordered_lesson_ids=ids)
    assert sorted(OutboxStatement.objects.values_list("endpoint__name", flat=True)) == ["Main LRS", "Regional LRS"]
    first, other = (OutboxStatement.objects.get(endpoint=e) for e in (endpoint, second))
    assert first.statement_id == other.statement_id and first.payload == other.payload
    assert not OutboxStatement.objects.filter(endpoint=elsewhere).exists()


def test_a_statement_is_unique_per_endpoint_in_the_database(staff, course, lessons, endpoint):
    from django.db import IntegrityError

    ids = [lesson.id for lesson in lessons]
    services.lesson_complete(staff=staff, lesson=lessons[0], course=course, ordered_lesson_ids=ids)
    row = OutboxStatement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxStatement.objects.create(endpoint=endpoint, statement_id=row.statement_id, verb="x", payload={})


def test_two_people_have_two_accounts_and_registrations(course, lessons, endpoint, staff):
    other = StaffMemberFactory(organisation=staff.organisation)
    ids = [lesson.id for lesson in lessons]
    for person in (staff, other):
        services.lesson_complete(staff=person, lesson=lessons[0], course=course, ordered_lesson_ids=ids)
    payloads = [row.payload for row in OutboxStatement.objects.all()]
    assert len({p["actor"]["account"]["name"] for p in payloads}) == 2
    assert len({p["context"]["registration"] for p in payloads}) == 2
    assert {p["context"]["registration"] for p in payloads} == {str(e.opaque_id) for e in Enrolment.objects.all()}


def test_a_knowledge_check_failed_then_passed_completes_the_course(staff, course, area, endpoint):
    module = course.get_children().first()
    check = fixed_assessment(
        [QuestionFactory(area=area) for _ in range(2)],
        parent=module,
        title="Check your understanding",
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
    assert verbs(endpoint) == [("completed", "lesson")] * 6 + [
        ("failed", "assessment"),
        ("passed", "assessment"),
        ("completed", "course"),
    ]
    failed_row, passed_row = OutboxStatement.objects.filter(verb__in=["failed", "passed"]).order_by("id")
    assert failed_row.payload["result"]["score"] == {"scaled": 0.0, "raw": 0, "min": 0, "max": 2}
    assert passed_row.payload["result"]["score"] == {"scaled": 1.0, "raw": 2, "min": 0, "max": 2}
    assert passed_row.payload["result"]["success"] is True
    assert passed_row.payload["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/{course.id}/")


def test_a_skills_check_gives_a_statement_per_level_reached(staff, skills_check, endpoint, area):
    attempt = assessment_services.attempt_start(staff=staff, assessment=skills_check)
    answer_all(attempt)
    assessment_services.attempt_submit(attempt=attempt)
    rows = list(OutboxStatement.objects.filter(endpoint=endpoint))
    assert rows and {row.verb for row in rows} == {"mastered"}
    names = {row.payload["object"]["definition"]["name"]["en-GB"] for row in rows}
    assert "Reading data level 3" in names
    assert all(row.payload["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/{skills_check.id}/")
               for row in rows)  # fmt: skip


def test_the_scorm_hook_writes_completed_and_passed_once(staff, course, lessons, endpoint):
    from django.utils import timezone

    from learning.events import scorm_result_send

    for _ in range(2):  # the runtime commits the same result twice: written once
        with transaction.atomic():
            scorm_result_send(
                staff=staff, lesson=lessons[0], course=course, now=timezone.now(), completed=True, passed=True,
                score_raw=8, score_min=0, score_max=10, attempt_key="attempt-1",
            )  # fmt: skip
    rows = list(OutboxStatement.objects.order_by("id"))
    assert [row.verb for row in rows] == ["completed", "passed"]
    assert rows[1].payload["result"]["score"] == {"scaled": 0.8, "raw": 8, "min": 0, "max": 10}


def test_writing_is_one_query_with_or_without_an_endpoint(staff, course, lessons, endpoint, django_assert_num_queries):
    """A learner's statement costs one query whether their organisation has an active endpoint or not: having an
    LRS adds rows, not round trips; the registration is set in by the database (none without an enrolment)."""
    from django.utils import timezone

    from interop import statements as xapi
    from interop.outbox import actor_for, actor_if_sending, page_activity, statements_write

    def built(lesson):
        return xapi.lesson_completed(
            actor=actor_for(staff), base_url="http://testserver/", lesson_id=lesson.id, lesson_title=lesson.title,
            course=page_activity(course.id, xapi.COURSE, course.title), registration=None, at=timezone.now(),
        )  # fmt: skip

    with django_assert_num_queries(1):
        assert (
            statements_write(staff_id=staff.id, course_id=course.id, statements=[built(lessons[0])], now=timezone.now())
            == 1
        )
    assert "registration" not in OutboxStatement.objects.get().payload["context"]  # not enrolled
    enrolment = Enrolment.objects.create(staff=staff, course=course)
    with django_assert_num_queries(1):
        two = [built(lesson) for lesson in lessons[1:3]]
        assert statements_write(staff_id=staff.id, course_id=course.id, statements=two, now=timezone.now()) == 2
    rows = OutboxStatement.objects.filter(statement_id__in=[b["id"] for b in two])
    assert {row.payload["context"]["registration"] for row in rows} == {str(enrolment.opaque_id)}
    assert {row.payload["actor"]["account"]["name"] for row in rows} == {str(staff.opaque_id)}
    with django_assert_num_queries(1):
        assert actor_if_sending(staff.id).name == str(staff.opaque_id)
    endpoint.active = False
    endpoint.save()
    with django_assert_num_queries(1):
        assert (
            statements_write(staff_id=staff.id, course_id=course.id, statements=[built(lessons[3])], now=timezone.now())
            == 0
        )
    with django_assert_num_queries(1):
        assert actor_if_sending(staff.id) is None


def test_records_made_in_bulk_each_get_their_own_ids(course):
    from learning.models import StaffMember
    from learning.staff_import.bulk import rows_insert

    organisation = OrganisationFactory()
    rows_insert(StaffMember, [{"organisation_id": organisation.id, "employee_number": f"E{n}"} for n in range(3)])
    people = list(StaffMember.objects.filter(organisation=organisation))
    Enrolment.objects.bulk_create([Enrolment(staff=person, course=course) for person in people])
    assert len({person.opaque_id for person in people}) == 3
    assert len(set(Enrolment.objects.values_list("opaque_id", flat=True))) == 3
