"""Walk every URL pattern of the project for every role: no errors, and no other organisation's people data.

The URLs come from the URLconf itself, so a new URL cannot escape this test. Every numeric part of a
URL is filled with FOREIGN_ID, which is the primary key of each sensitive object belonging to another
organisation (its staff record, user, enrolment, attempt, skill result, award, team and the organisation itself):
a guessed id must lead nowhere, and no page may show that person's details. Wagtail's own screens are walked
too, with log entries written for the other organisation's records first, and every listing or report that
can download a spreadsheet is also fetched as CSV and as XLSX (whose sheets are unzipped and read).
"""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from assessments.models import Attempt, SkillResult
from credentials.issuing import award_issue
from credentials.models import Achievement, Award
from learning.models import Enrolment, Organisation, StaffMember, Team
from notifications.models import BackgroundJob, Message, ReminderSchedule
from readiness.models import Cohort, CohortTarget
from tests.factories import StaffMemberFactory, UserFactory, course_with_lessons
from tests.factories.assessments import QuestionFactory, SkillAreaFactory, fixed_assessment
from tests.factories.learning import mfa_activate

FOREIGN_ID = 4242
SECRETS = ["Quillfeather", "SECRET-4242", "zq.private@orgb.example", "Xyloquorn", "Secret ward"]
SKIP = [
    r"^__debug__",
    r"^admin/logout/",  # signs the walker out; covered elsewhere
    r"^accounts/logout/",
    r"^admin/failwhale/",  # Wagtail's deliberate error page, for testing error reporting
]


def _sample(value_type: str) -> str:
    return {"uuid": "00000000-0000-0000-0000-000000000000"}.get(value_type, str(FOREIGN_ID))


def _fill_route(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: _sample(m.group(1) or "str"), route)


def _fill_regex(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>[^)]*\)\)?", str(FOREIGN_ID), text)
    text = re.sub(r"[()?*+\\]|\[[^\]]*\]", "", text)
    return text


def all_urls() -> list[str]:
    urls = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            pattern = entry.pattern
            raw = str(pattern)
            part = _fill_route(raw) if "RoutePattern" in type(pattern).__name__ else _fill_regex(raw)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + part)
            elif isinstance(entry, URLPattern):
                urls.append(prefix + part)

    walk(get_resolver().url_patterns)
    return sorted({"/" + u.lstrip("/") for u in urls if not any(re.search(s, u.lstrip("/")) for s in SKIP)})


def _exports(url: str) -> bool:
    try:
        view = resolve(url).func
    except Resolver404:
        return False
    view_class = getattr(view, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, SpreadsheetExportMixin)


def all_urls_with_exports() -> list[str]:
    """Return every URL, plus its ``?export=csv`` and ``?export=xlsx`` forms where the view can export."""
    urls = []
    for url in all_urls():
        urls.append(url)
        if _exports(url):
            urls += [f"{url}?export=csv", f"{url}?export=xlsx"]
    return urls


def response_text(response) -> str:
    """Return what a response shows: its body, a streamed body, or the XML inside an XLSX download."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = getattr(response, "content", b"")
    if body[:2] == b"PK":  # a zip: an XLSX workbook
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return "".join(workbook.read(name).decode(errors="ignore") for name in workbook.namelist())
    return body.decode(errors="ignore")


@pytest.fixture
def world(db):
    home_org = Organisation.objects.create(name="Home council", slug="home")
    other = Organisation.objects.create(id=FOREIGN_ID, name="Xyloquorn trust", slug="other")
    team = Team.objects.create(id=FOREIGN_ID, organisation=other, name="Secret ward")
    secret_user = UserFactory(id=FOREIGN_ID, username="zq.private@orgb.example", email="zq.private@orgb.example")
    secret = StaffMember.objects.create(
        id=FOREIGN_ID, organisation=other, user=secret_user, employee_number="SECRET-4242",
        first_name="Zebediah", last_name="Quillfeather", email="zq.private@orgb.example", team=team,
        leave_date=date(2026, 1, 31),
    )  # fmt: skip
    course = course_with_lessons(modules=1, lessons_per_module=2)
    Enrolment.objects.create(id=FOREIGN_ID, staff=secret, course=course)
    area = SkillAreaFactory()
    check = fixed_assessment([QuestionFactory(area=area)])
    attempt = Attempt.objects.create(id=FOREIGN_ID, staff=secret, assessment=check, items=[])
    SkillResult.objects.create(id=FOREIGN_ID, staff=secret, area=area, level=2, source="assessed", attempt=attempt)
    cohort = Cohort.objects.create(id=FOREIGN_ID, organisation=other, name="Quillfeather's cohort", slug="secret")
    cohort.hand_picked.add(secret)
    CohortTarget.objects.create(cohort=cohort, skill_area=area, level=2)
    Message.objects.create(
        id=FOREIGN_ID, key="secret", kind=Message.Kind.ASSIGNED, organisation=other, recipient=secret,
        to_email="zq.private@orgb.example", subject="Quillfeather's course", body="Hello Quillfeather",
    )  # fmt: skip
    ReminderSchedule.objects.create(id=FOREIGN_ID, cohort=cohort, first_reminder_days=30)
    BackgroundJob.objects.create(
        id=_sample("uuid"), kind=BackgroundJob.Kind.STAFF_IMPORT, organisation=other, requested_by=secret_user,
        status=BackgroundJob.Status.DONE, outcome="Imported Quillfeather", result_html="<p>Quillfeather</p>",
        file_name="secret.xlsx", content_type="text/plain", content=b"Quillfeather",
        expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    # An Open Badge of the other organisation's person: its public pages need its unguessable id, never 4242.
    achievement = Achievement.objects.create(
        id=FOREIGN_ID, kind="course", course=course, name="Badge", description="Done", criteria="Do it"
    )
    award = award_issue(staff=secret, achievement=achievement, evidence_at=timezone.now())
    Award.objects.filter(pk=award.pk).update(id=FOREIGN_ID)
    award = Award.objects.get(pk=FOREIGN_ID)
    # Wagtail's log of edits to the other organisation's records, by that organisation's own user.
    for instance in (secret, cohort, team, other, award):
        log(instance, "wagtail.edit", user=secret_user)

    learner = StaffMemberFactory(organisation=home_org)
    manager = StaffMemberFactory(organisation=home_org)
    learner.line_manager = manager
    learner.save()
    hr = StaffMemberFactory(organisation=home_org)
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    return {"learner": learner.user, "manager": manager.user, "hr": hr.user, "editor": editor, "admin": admin}


ROLES = ["anonymous", "learner", "manager", "hr", "editor", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world[role])
    problems = []
    for url in all_urls_with_exports():
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        if role == "admin":
            continue
        body = response_text(response)
        leaked = [s for s in SECRETS if s in body]
        if leaked:
            problems.append(f"{url}: shows {leaked} (status {response.status_code})")
    assert not problems, "\n".join(problems)


def test_walker_finds_the_project_urls(db):
    urls = all_urls()
    assert "/learning/" in urls
    assert f"/learning/attempts/{FOREIGN_ID}/result/" in urls
    assert any(u.startswith("/admin/") for u in urls)
    assert len(urls) > 100
    exports = all_urls_with_exports()
    assert f"/admin/sent-messages/inspect/{FOREIGN_ID}/" in urls
    assert f"/admin/reminder-schedules/edit/{FOREIGN_ID}/" in urls
    assert f"/admin/award/inspect/{FOREIGN_ID}/" in urls and f"/admin/award/edit/{FOREIGN_ID}/" in urls
    assert "/credentials/00000000-0000-0000-0000-000000000000/" in urls  # the verification page, a uuid
    for wagtail_screen in ("/admin/reports/site-history/", "/admin/staffmember/", "/admin/cohort/"):
        assert f"{wagtail_screen}?export=csv" in exports and f"{wagtail_screen}?export=xlsx" in exports


def test_hr_sees_their_own_organisation_and_gets_404_for_another(world):
    client = Client()
    client.force_login(world["hr"])
    own = StaffMember.objects.get(user=world["learner"])
    listing = client.get("/admin/staffmember/").content.decode()
    assert own.last_name in listing and "Quillfeather" not in listing
    assert client.get(f"/admin/staffmember/edit/{own.pk}/").status_code == 200
    assert client.get(f"/admin/staffmember/edit/{FOREIGN_ID}/").status_code == 404
    assert client.post(f"/admin/staffmember/delete/{FOREIGN_ID}/").status_code == 404
    assert StaffMember.objects.filter(pk=FOREIGN_ID).exists()


def test_learners_cannot_open_the_admin(world):
    client = Client()
    client.force_login(world["learner"])
    response = client.get("/admin/staffmember/")
    assert response.status_code in (302, 403)
