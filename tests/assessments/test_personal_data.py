"""A learner downloads their own learning record, and nobody else's, as JSON or CSV."""

import csv
import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import personal_data
from assessments.models import Attempt, SkillResult
from assessments.personal_data_views import AUDIT_SUBJECT, NO_STAFF_RECORD
from learning.models import AuditLogEntry, Enrolment, LessonProgress
from learning.selectors import lesson_list_for_course
from tests.factories import StaffMemberFactory, UserFactory, course_with_lessons

JSON_URL = reverse("assessments:my_record_json")
CSV_URL = reverse("assessments:my_record_csv")
PAGE_URL = reverse("assessments:my_record")
TABLES = ["enrolments", "lesson_progress", "attempts", "scorm_attempts", "skill_results"]


def _history(staff, course, lessons, assessment, area, *, lessons_done=2):
    now = timezone.now()
    Enrolment.objects.create(
        staff=staff, course=course, source="cohort", due_date=date(2026, 6, 30), enrolled_at=now - timedelta(days=9)
    )
    for lesson in lessons[:lessons_done]:
        LessonProgress.objects.create(
            staff=staff, lesson=lesson, course=course, first_viewed_at=now - timedelta(days=8), completed_at=now
        )
    attempt = Attempt.objects.create(
        staff=staff,
        assessment=assessment,
        status="submitted",
        started_at=now - timedelta(hours=1),
        submitted_at=now,
        score=Decimal("80.00"),
        passed=True,
    )
    SkillResult.objects.create(
        staff=staff,
        area=area,
        level=2,
        source="assessed",
        score=Decimal("80.00"),
        assessed_at=now,
        expires_at=now + timedelta(days=730),
        attempt=attempt,
    )


@pytest.fixture
def learner(db, course, lessons, skills_check, area):
    staff = StaffMemberFactory(first_name="Jo", last_name="Learner", email="jo@trust.example")
    _history(staff, course, lessons, skills_check, area)
    return staff


@pytest.fixture
def other_learner(db, skills_check, dp_area):
    """Someone else, with a course and results of their own that must never reach the learner."""
    staff = StaffMemberFactory(first_name="Sam", last_name="Someone-Else", email="sam@trust.example")
    course = course_with_lessons(modules=1, lessons_per_module=2, slug="their-course")
    course.title = "Their private course"
    course.save_revision().publish()
    _history(staff, course, lesson_list_for_course(course), skills_check, dp_area, lessons_done=1)
    return staff


def _csv_sections(text: str) -> dict[str, list[dict]]:
    """Parse the sectioned CSV into {section: [row dicts]}."""
    sections, name, header = {}, None, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            name, header = None, None
        elif name is None:
            name = row[0]
            sections[name] = []
        elif header is None:
            header = row
            sections[name + ":header"] = header
        else:
            sections[name].append(dict(zip(header, row, strict=True)))
    return sections


# --- the record ----------------------------------------------------------------------------------


def test_record_holds_the_staff_details_and_every_table(learner, course, lessons):
    record = personal_data.learning_record_for_staff(learner)
    assert set(record) == {"generated_at", "staff", *TABLES, "responses", "audit"}
    assert record["staff"]["first_name"] == "Jo"
    assert record["staff"]["email"] == "jo@trust.example"
    assert record["staff"]["organisation"] == learner.organisation.name
    [enrolment] = record["enrolments"]
    assert enrolment["course"] == course.title
    assert enrolment["source"] == "Cohort"
    assert enrolment["due_date"] == date(2026, 6, 30)
    assert enrolment["completed_at"] is None
    assert [row["lesson"] for row in record["lesson_progress"]] == [lessons[0].title, lessons[1].title]
    assert all(row["course"] == course.title for row in record["lesson_progress"])
    [attempt] = record["attempts"]
    assert (attempt["assessment"], attempt["status"], attempt["score"], attempt["passed"]) == (
        "Skills check",
        "Submitted",
        Decimal("80.00"),
        True,
    )
    [result] = record["skill_results"]
    assert (result["area"], result["level"], result["source"]) == ("Reading data", 2, "Assessed")
    assert result["expires_at"] > result["assessed_at"]
    for table, (_model, columns, _ordering) in personal_data.TABLES.items():
        assert all(list(row) == list(columns) for row in record[table])


def test_record_for_someone_with_no_history_has_empty_tables(db):
    record = personal_data.learning_record_for_staff(StaffMemberFactory())
    assert all(record[table] == [] for table in TABLES)
    assert personal_data.learning_record_row_count(record) == 0


def test_record_is_read_in_a_fixed_number_of_queries(learner, course, skills_check, area):
    with CaptureQueriesContext(connection) as small:
        personal_data.learning_record_for_staff(learner)
    bigger = course_with_lessons(modules=3, lessons_per_module=4, slug="bigger")
    _history(learner, bigger, lesson_list_for_course(bigger), skills_check, area, lessons_done=12)
    with CaptureQueriesContext(connection) as large:
        record = personal_data.learning_record_for_staff(learner)
    assert len(record["lesson_progress"]) == 14
    assert (
        len(small.captured_queries) == len(large.captured_queries) == 8
    )  # one query per table; no answers: no question versions read


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("Plain title", "Plain title"),
        ("", ""),
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (Decimal("-1.50"), "-1.50"),
        (3, "3"),
        (date(2026, 1, 2), "2026-01-02"),
    ],
)
def test_csv_cells_are_plain_text_with_formulas_neutralised(value, cell):
    assert personal_data.csv_cell(value) == cell


# --- the downloads -------------------------------------------------------------------------------


def test_json_download_is_an_attachment_that_is_not_cached(client, learner, course):
    client.force_login(learner.user)
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="learning-record-')
    assert response["Content-Disposition"].endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["enrolments"][0]["course"] == course.title
    assert data["attempts"][0]["score"] == "80.00"
    assert data["attempts"][0]["passed"] is True
    assert data["skill_results"][0]["level"] == 2
    assessed_at = datetime.fromisoformat(data["skill_results"][0]["assessed_at"])
    assert assessed_at.utcoffset() == timezone.localtime(assessed_at).utcoffset()  # UK time, with its offset


def test_csv_download_has_one_section_per_table(client, learner, course, lessons):
    client.force_login(learner.user)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    assert "no-store" in response["Cache-Control"]
    sections = _csv_sections(response.content.decode("utf-8-sig"))
    assert sections["enrolments:header"] == [
        "course",
        "source",
        "due_date",
        "enrolled_at",
        "started_at",
        "completed_at",
    ]
    assert sections["lesson_progress:header"] == ["course", "lesson", "first_viewed_at", "completed_at"]
    assert sections["attempts:header"] == ["assessment", "started_at", "submitted_at", "status", "score", "passed"]
    assert sections["skill_results:header"] == ["area", "level", "source", "score", "assessed_at", "expires_at"]
    assert sections["staff"] == [
        {
            "organisation": learner.organisation.name,
            "employee_number": learner.employee_number,
            "first_name": "Jo",
            "last_name": "Learner",
            "email": "jo@trust.example",
            "team": "",
            "job_role": learner.job_role,
            "band": learner.band,
            "start_date": "",
            "leave_date": "",
        }
    ]
    assert sections["enrolments"][0]["course"] == course.title
    assert sections["enrolments"][0]["due_date"] == "2026-06-30"
    assert [row["lesson"] for row in sections["lesson_progress"]] == [lessons[0].title, lessons[1].title]
    assert sections["attempts"][0]["passed"] == "yes"
    assert sections["attempts"][0]["score"] == "80.00"
    assert sections["skill_results"][0]["area"] == "Reading data"


def test_csv_download_neutralises_formulas_in_titles(client, learner, course):
    course.title = '=HYPERLINK("http://evil.example","Click")'
    course.save_revision().publish()
    client.force_login(learner.user)
    sections = _csv_sections(client.get(CSV_URL).content.decode("utf-8-sig"))
    assert sections["enrolments"][0]["course"] == "'" + course.title
    assert all(row["course"].startswith("'=") for row in sections["lesson_progress"])
    data = json.loads(client.get(JSON_URL).content)
    assert data["enrolments"][0]["course"] == course.title  # JSON is not a spreadsheet: kept as it is


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_another_learners_data_never_appears(client, learner, other_learner, url):
    client.force_login(learner.user)
    body = client.get(url).content.decode("utf-8-sig")
    assert "Jo" in body
    for trace in ("Sam", "Someone-Else", "sam@trust.example", other_learner.employee_number, "Their private course"):
        assert trace not in body
    assert "Data protection" not in body  # the other learner's skill area


@pytest.mark.parametrize(("url", "fmt"), [(JSON_URL, "JSON"), (CSV_URL, "CSV")])
def test_each_download_is_written_to_the_audit_log(client, learner, url, fmt):
    client.force_login(learner.user)
    client.get(url)
    entry = AuditLogEntry.objects.get()
    assert entry.action == AuditLogEntry.Action.DOWNLOAD
    assert entry.actor == learner.user
    assert entry.organisation == learner.organisation
    assert entry.subject == AUDIT_SUBJECT
    assert entry.row_count == 1 + 2 + 1 + 1
    assert fmt in entry.detail


def test_download_queries_do_not_grow_with_the_record(client, learner, skills_check, area):
    client.force_login(learner.user)
    client.get(JSON_URL)  # warm up session and site caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(JSON_URL).status_code == 200
    bigger = course_with_lessons(modules=4, lessons_per_module=5, slug="bigger")
    _history(learner, bigger, lesson_list_for_course(bigger), skills_check, area, lessons_done=20)
    with CaptureQueriesContext(connection) as large:
        response = client.get(CSV_URL)
    assert response.status_code == 200
    assert len(_csv_sections(response.content.decode("utf-8-sig"))["lesson_progress"]) == 22
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.parametrize("url", [PAGE_URL, JSON_URL, CSV_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("url", [PAGE_URL, JSON_URL, CSV_URL])
def test_a_user_without_a_staff_record_gets_a_clear_page(client, db, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 404
    assert NO_STAFF_RECORD in response.content.decode()
    assert "Content-Disposition" not in response
    assert not AuditLogEntry.objects.exists()


def test_downloads_only_answer_get(client, learner):
    client.force_login(learner.user)
    assert client.post(JSON_URL).status_code == 405
    assert not AuditLogEntry.objects.exists()


def test_the_page_explains_the_record_and_links_to_both_downloads(client, learner):
    client.force_login(learner.user)
    response = client.get(PAGE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="{JSON_URL}"' in body
    assert f'href="{CSV_URL}"' in body
    assert "one section per table" in body
    assert not AuditLogEntry.objects.exists()  # reading the page is not a download


def test_my_skills_links_to_the_record(client, learner):
    client.force_login(learner.user)
    body = client.get(reverse("assessments:my_skills")).content.decode()
    assert f'href="{PAGE_URL}"' in body
    assert "Download my learning record" in body


# --- answers and the audit entries about the person ------------------------------------------------


def _answered_attempt(staff, assessment, *, submit: bool):
    from assessments import services
    from assessments.selectors import versions_for_attempt
    from tests.assessments.test_services import right_answer

    attempt = services.attempt_start(staff=staff, assessment=assessment)
    versions = versions_for_attempt(attempt)
    services.response_save(attempt=attempt, position=1, data=right_answer(versions[0]))
    if submit:
        services.attempt_submit(attempt=attempt)
    return attempt, versions


def test_the_record_holds_each_answer_as_the_question_was_shown(db, skills_check):
    staff = StaffMemberFactory()
    attempt, versions = _answered_attempt(staff, skills_check, submit=True)
    from assessments.models import Question

    # The bank may change afterwards: the record keeps the question as it was shown.
    Question.objects.filter(id=versions[0].question_id).update(prompt="Rewritten later")
    record = personal_data.learning_record_for_staff(staff)
    first = record["responses"][0]
    assert list(first) == list(personal_data.RESPONSE_COLUMNS)
    assert first["assessment"] == "Skills check"
    assert first["position"] == 1
    assert first["question"] == versions[0].prompt != "Rewritten later"
    assert first["answer"] not in ("", "No answer")
    assert first["credit"] == Decimal("1")
    assert len(record["responses"]) == 1  # questions left unanswered have no response


def test_an_open_attempt_gives_no_hint_of_correctness(db, skills_check):
    staff = StaffMemberFactory()
    _answered_attempt(staff, skills_check, submit=False)
    [row] = personal_data.learning_record_for_staff(staff)["responses"]
    assert row["credit"] is None


def test_the_record_lists_who_viewed_or_exported_the_persons_data(db):
    from learning.audit import audit_record

    staff = StaffMemberFactory()
    someone_else = StaffMemberFactory(organisation=staff.organisation)
    viewer = UserFactory(first_name="Hana", last_name="Reviewer")
    audit_record(actor=viewer, action="view", subject="Learning record of staff record 1", staff_ids=[staff.pk])
    audit_record(actor=None, action="export", subject="Readiness report", staff_ids=[staff.pk, someone_else.pk])
    audit_record(actor=viewer, action="view", subject="Not about them", staff_ids=[someone_else.pk])
    audit_record(actor=viewer, action="view", subject="Names nobody")
    rows = personal_data.learning_record_for_staff(staff)["audit"]
    assert [(row["action"], row["by"], row["subject"]) for row in rows] == [
        ("Viewed", "Hana Reviewer", "Learning record of staff record 1"),
        ("Exported", personal_data.SYSTEM_ACTOR, "Readiness report"),
    ]
    assert list(rows[0]) == list(personal_data.AUDIT_COLUMNS)


def test_the_csv_has_answer_and_audit_sections_and_lists_earlier_downloads(client, learner, skills_check):
    _answered_attempt(learner, skills_check, submit=True)
    client.force_login(learner.user)
    client.get(JSON_URL)
    sections = _csv_sections(client.get(CSV_URL).content.decode("utf-8-sig"))
    assert sections["responses:header"] == list(personal_data.RESPONSE_COLUMNS)
    assert sections["responses"][0]["credit"] == "1.0000"
    assert sections["audit:header"] == list(personal_data.AUDIT_COLUMNS)
    [earlier] = sections["audit"]
    assert earlier["action"] == "Downloaded own record" and earlier["subject"] == AUDIT_SUBJECT


def test_answers_and_audit_entries_are_read_in_a_fixed_number_of_queries(db, skills_check):
    staff = StaffMemberFactory()
    _answered_attempt(staff, skills_check, submit=True)
    with CaptureQueriesContext(connection) as one:
        personal_data.learning_record_for_staff(staff)
    _answered_attempt(staff, skills_check, submit=True)
    from learning.audit import audit_record

    for _ in range(3):
        audit_record(actor=UserFactory(), action="view", subject="Record", staff_ids=[staff.pk])
    with CaptureQueriesContext(connection) as more:
        record = personal_data.learning_record_for_staff(staff)
    assert len(record["audit"]) == 3 and len(record["responses"]) > 1
    assert len(one.captured_queries) == len(more.captured_queries) == 9  # one query per table (SCORM attempts too)
