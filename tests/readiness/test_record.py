"""A person's learning record: who may open it (every role, two organisations), what it shows, the audit entry
each view writes, and its query count."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, SkillResult
from learning.models import AuditLogEntry, Enrolment, LessonProgress, Team
from learning.roles import ADMIN_GROUP
from learning.selectors import lesson_list_for_course
from readiness.models import Cohort, CohortMembership, CohortTarget
from readiness.record import selectors, views
from readiness.record.viewed import RECORD_SUBJECT
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory, course_with_lessons
from tests.factories.assessments import (
    QuestionFactory,
    SkillAreaFactory,
    SkillFrameworkFactory,
    fixed_assessment,
    levels_for,
)
from tests.factories.learning import mfa_activate

pytestmark = pytest.mark.django_db


def record_url(staff, **params) -> str:
    from urllib.parse import urlencode

    return reverse("readiness:staff_record", args=[staff.pk]) + (f"?{urlencode(params)}" if params else "")


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


@pytest.fixture
def world():
    """Two organisations; in the first a chain head -> manager -> report -> report's report, a peer, HR."""
    home = OrganisationFactory(name="Northbrook council", slug="northbrook")
    other = OrganisationFactory(name="Southvale trust", slug="southvale")
    ward = Team.objects.create(organisation=home, name="Ward 7")
    head = StaffMemberFactory(organisation=home, first_name="Hilary", last_name="Head")
    manager = StaffMemberFactory(organisation=home, first_name="Morgan", last_name="Reid", line_manager=head)
    person = StaffMemberFactory(
        organisation=home, first_name="Priya", last_name="Shah", team=ward, line_manager=manager, band="Band 6"
    )
    indirect = StaffMemberFactory(organisation=home, first_name="Ian", last_name="Direct", line_manager=person)
    peer = StaffMemberFactory(organisation=home, first_name="Pat", last_name="Peer", line_manager=head)
    hr = StaffMemberFactory(organisation=home, first_name="Harriet", last_name="Resources")
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    other_hr = StaffMemberFactory(organisation=other, first_name="Oscar", last_name="Elsewhere")
    other_hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(other_hr.user)
    stranger = StaffMemberFactory(organisation=other, first_name="Zed", last_name="Quillon")
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    group_admin = UserFactory()
    group_admin.groups.add(Group.objects.get(name=ADMIN_GROUP))
    mfa_activate(group_admin)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "home": home,
        "other": other,
        "head": head,
        "manager": manager,
        "person": person,
        "indirect": indirect,
        "peer": peer,
        "hr": hr,
        "other_hr": other_hr,
        "stranger": stranger,
        "admin": admin,
        "group_admin": group_admin,
        "editor": editor,
    }


def user_of(world, role):
    value = world[role]
    return value.user if hasattr(value, "user") else value


# Who opens whose record -> the status. Every role against a record in their organisation and in another.
CASES = [
    ("hr", "person", 200),
    ("hr", "indirect", 200),
    ("hr", "stranger", 404),  # another organisation
    ("other_hr", "stranger", 200),
    ("other_hr", "person", 404),
    ("admin", "person", 200),
    ("admin", "stranger", 200),
    ("group_admin", "stranger", 200),
    ("manager", "person", 200),  # a direct report
    ("manager", "indirect", 200),  # further down the chain
    ("head", "indirect", 200),
    ("manager", "peer", 404),  # not a report
    ("manager", "head", 404),  # their own manager
    ("manager", "stranger", 404),
    ("person", "manager", 404),  # a report cannot open their manager's record
    ("peer", "person", 404),  # a colleague
    ("stranger", "person", 404),
    ("editor", "person", 404),  # an editor has no staff record and manages nobody
    ("indirect", "stranger", 404),
]


@pytest.mark.parametrize(("viewer", "subject", "status"), CASES)
def test_who_may_open_a_record(client, world, viewer, subject, status):
    client.force_login(user_of(world, viewer))
    response = client.get(record_url(world[subject]))
    assert response.status_code == status
    body = text(response)
    name = world[subject].full_name
    assert (name in body) == (status == 200)
    if status == 404:
        assert not AuditLogEntry.objects.exists()  # nothing recorded, nothing revealed


def test_a_missing_record_and_a_forbidden_one_look_the_same(client, world):
    client.force_login(world["manager"].user)
    forbidden = client.get(record_url(world["stranger"]))
    missing = client.get(reverse("readiness:staff_record", args=[987654]))
    assert forbidden.status_code == missing.status_code == 404

    def plain(response, pk):
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        return body.replace(f"/learning/people/{pk}/", "/learning/people/ID/")

    assert plain(forbidden, world["stranger"].pk) == plain(missing, 987654)


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get(record_url(world["person"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_hr_who_has_left_and_a_manager_who_has_left_see_nothing(client, world):
    yesterday = timezone.localdate() - timedelta(days=1)
    for role in ("hr", "manager"):
        world[role].leave_date = yesterday
        world[role].save()
        client.force_login(world[role].user)
        assert client.get(record_url(world["person"])).status_code == 404


def test_a_person_may_open_their_own_record_and_that_is_not_audited(client, world):
    client.force_login(world["person"].user)
    assert client.get(record_url(world["person"])).status_code == 200
    assert not AuditLogEntry.objects.exists()


def test_only_get_is_answered(client, world):
    client.force_login(world["hr"].user)
    assert client.post(record_url(world["person"])).status_code == 405
    assert not AuditLogEntry.objects.exists()


# --- the audit entry ---------------------------------------------------------------------------------------


def test_each_view_writes_one_viewed_entry_naming_the_person(client, world):
    client.force_login(world["hr"].user)
    before = timezone.now()
    client.get(record_url(world["person"]))
    client.get(record_url(world["person"]))
    entries = list(AuditLogEntry.objects.order_by("id"))
    assert len(entries) == 2
    entry = entries[0]
    assert entry.action == AuditLogEntry.Action.VIEW
    assert entry.actor == world["hr"].user
    assert entry.organisation == world["home"]
    assert entry.subject == RECORD_SUBJECT.format(pk=world["person"].pk)
    assert entry.created_at >= before
    assert list(entry.staff.all()) == [world["person"]]
    assert "Shah" not in entry.subject + entry.detail  # the log keeps ids, not names


def test_a_manager_view_is_audited_too(client, world):
    client.force_login(world["manager"].user)
    client.get(record_url(world["indirect"]))
    entry = AuditLogEntry.objects.get()
    assert entry.actor == world["manager"].user and list(entry.staff.all()) == [world["indirect"]]


# --- what the record shows ------------------------------------------------------------------------------


@pytest.fixture
def history(world):
    """Give the person courses (one overdue, one completed), results, a self-rating, attempts and a cohort."""
    person = world["person"]
    today = timezone.localdate()
    now = timezone.now()
    framework = SkillFrameworkFactory()
    levels_for(framework)
    reading = SkillAreaFactory(framework=framework, slug="reading-data", name="Reading data", default_target_level=1)
    privacy = SkillAreaFactory(
        framework=framework, slug="data-protection", name="Data protection", default_target_level=2
    )
    ai = SkillAreaFactory(framework=framework, slug="using-ai", name="Using AI", default_target_level=0)
    overdue_course = course_with_lessons(modules=1, lessons_per_module=2, slug="spreadsheets")
    done_course = course_with_lessons(modules=1, lessons_per_module=1, slug="privacy-basics")
    Enrolment.objects.create(staff=person, course=overdue_course, due_date=today - timedelta(days=3))
    first = lesson_list_for_course(overdue_course)[0]
    LessonProgress.objects.create(staff=person, lesson=first, course=overdue_course, completed_at=now)
    Enrolment.objects.create(
        staff=person, course=done_course, due_date=today + timedelta(days=30), completed_at=now - timedelta(days=2)
    )
    old = SkillResult.objects.create(
        staff=person, area=reading, level=1, source="assessed", assessed_at=now - timedelta(days=900)
    )
    current = SkillResult.objects.create(
        staff=person, area=reading, level=2, source="assessed", assessed_at=now - timedelta(days=10), score=Decimal(75)
    )
    SkillResult.objects.create(staff=person, area=reading, level=3, source="self_rated", assessed_at=now)
    cohort = Cohort.objects.create(organisation=world["home"], name="Ward leaders", slug="ward-leaders")
    CohortTarget.objects.create(cohort=cohort, skill_area=reading, level=3)
    CohortMembership.objects.create(cohort=cohort, staff=person, joined_on=today - timedelta(days=40))
    gone = Cohort.objects.create(organisation=world["home"], name="Former cohort", slug="former")
    CohortTarget.objects.create(cohort=gone, skill_area=reading, level=4)
    CohortMembership.objects.create(
        cohort=gone, staff=person, joined_on=today - timedelta(days=90), left_on=today - timedelta(days=5)
    )
    check = fixed_assessment([QuestionFactory(area=reading)], framework=framework, title="Data skills check")
    Attempt.objects.create(
        staff=person,
        assessment=check,
        status="submitted",
        started_at=now - timedelta(days=10, minutes=20),
        submitted_at=now - timedelta(days=10),
        score=Decimal("75.00"),
        passed=True,
    )
    return {
        "reading": reading,
        "privacy": privacy,
        "ai": ai,
        "overdue_course": overdue_course,
        "done_course": done_course,
        "old": old,
        "current": current,
    }


def test_the_record_shows_identity_courses_levels_targets_results_and_attempts(client, world, history):
    client.force_login(world["hr"].user)
    response = client.get(record_url(world["person"]))
    assert response.status_code == 200
    record = response.context["record"]
    body = text(response)
    for fact in (
        "Priya Shah",
        world["person"].employee_number,
        "Northbrook council",
        "Ward 7",
        "Band 6",
        "Morgan Reid",
    ):
        assert fact in body
    [course] = record.courses
    assert course.title == history["overdue_course"].title and course.overdue and course.percent == 50
    assert "Overdue" in body
    [completed] = record.completed
    assert completed.title == history["done_course"].title
    assert f"{history['done_course'].title}: completed on" in body
    standings = {standing.area.slug: standing for standing in record.areas}
    reading = standings["reading-data"]
    assert reading.evidence == history["current"]  # the latest that counts today, not the self-rating
    assert reading.self_rated_name.startswith("3")
    # Today only the current cohort's target applies (the one left five days ago no longer does).
    assert [(t.source, t.level, t.status) for t in reading.targets] == [("Ward leaders", 3, selectors.BELOW)]
    assert reading.taken_on == history["current"].assessed_at.astimezone(timezone.get_current_timezone()).date()
    privacy = standings["data-protection"]
    assert [(t.source, t.level, t.status) for t in privacy.targets] == [
        (selectors.DEFAULT_TARGET_SOURCE, 2, selectors.NOT_ASSESSED)
    ]
    assert standings["using-ai"].targets == []  # no target applies
    assert record.not_ready_count == 2
    assert "Not ready: not assessed" in body and "Below target" in body
    assert [(r.level, r.counts_today, r.is_current) for r in record.results] == [
        (3, False, False),
        (2, True, True),
        (1, False, False),
    ]
    assert [r.standing for r in record.results] == ["Self-rating: never counted", "Current level", "Expired"]
    [attempt] = record.attempts
    assert attempt["assessment__title"] == "Data skills check" and attempt["passed"] is True
    assert "Data skills check" in body and "Passed" in body
    assert response["Cache-Control"] == "no-store"


def test_the_record_is_read_in_a_fixed_number_of_queries(client, world, history):
    client.force_login(world["hr"].user)
    client.get(record_url(world["person"]))  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(record_url(world["person"])).status_code == 200
    person, now = world["person"], timezone.now()
    for days in range(1, 8):
        course = course_with_lessons(modules=1, lessons_per_module=2, slug=f"more-{days}")
        Enrolment.objects.create(staff=person, course=course, due_date=timezone.localdate())
        SkillResult.objects.create(
            staff=person, area=history["privacy"], level=1, source="assessed", assessed_at=now - timedelta(days=days)
        )
    with CaptureQueriesContext(connection) as large:
        response = client.get(record_url(world["person"]))
    assert len(response.context["record"].courses) == 8
    assert len(small.captured_queries) == len(large.captured_queries)
    inserts = [q["sql"] for q in large.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 2  # the audit entry and its link to the person


def test_target_status_counts_not_assessed_as_not_ready():
    assert selectors.target_status(None, 1) == selectors.NOT_ASSESSED
    assert selectors.target_status(1, 2) == selectors.BELOW
    assert selectors.target_status(2, 2) == selectors.MET
    assert selectors.target_status(4, 2) == selectors.MET


# --- the way back --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("back", "shown"),
    [
        ("/admin/readiness/cohort/3/staff/?status=not-ready&team=4", True),
        ("/learning/team/?page=2", True),
        ("https://evil.example/phish", False),
        ("//evil.example/phish", False),
        ("javascript:alert(1)", False),
        ("/\\evil.example", False),
        ("", False),
    ],
)
def test_the_back_link_returns_only_to_a_page_of_this_site(client, world, back, shown):
    client.force_login(world["hr"].user)
    response = client.get(record_url(world["person"], back=back))
    assert response.status_code == 200
    assert (response.context["back"] == back) is shown
    if not shown:
        assert response.context["back"] is None
        assert "govuk-back-link" not in response.content.decode()


def test_a_very_long_back_address_is_dropped(client, world):
    client.force_login(world["hr"].user)
    response = client.get(record_url(world["person"], back="/" + "a" * views.BACK_MAX_LENGTH))
    assert response.status_code == 200 and response.context["back"] is None


def test_the_record_is_not_reachable_on_date_of_leaving_for_the_manager(client, world):
    """The manager's own leave date is the first day they are no longer staff: from then on, no reports."""
    manager = world["manager"]
    manager.leave_date = timezone.localdate()
    manager.save()
    client.force_login(manager.user)
    assert client.get(record_url(world["person"])).status_code == 404


def test_an_anonymised_leaver_record_opens_for_hr_without_a_name(client, world):
    person = world["person"]
    person.first_name, person.last_name, person.leave_date = "", "", date(2020, 1, 1)
    person.save()
    client.force_login(world["hr"].user)
    response = client.get(record_url(person))
    assert response.status_code == 200 and "(no name)" in text(response)


@pytest.mark.parametrize(
    ("counts_today", "self_rating", "current", "standing"),
    [
        (True, False, True, "Current level"),
        (True, False, False, "Valid, replaced by a later result"),
        (False, False, False, "Expired"),
        (False, True, False, "Self-rating: never counted"),
    ],
)
def test_each_result_says_where_it_stands_today(counts_today, self_rating, current, standing):
    row = selectors.ResultRow(
        area="Reading data",
        level=2,
        level_name="2 – Working",
        source="Assessed",
        score=None,
        taken_on=date(2026, 1, 1),
        expires_on=date(2028, 1, 1),
        counts_today=counts_today,
        is_self_rating=self_rating,
        is_current=current,
    )
    assert row.standing == standing
