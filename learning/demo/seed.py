"""Build the learning part of the demo: two organisations, staff, demo sign-ins and course progress.

Every step looks up what it would create first (by slug, email or employee number) and the
synthetic progress is generated from a fixed seed and fixed dates, so a second run changes nothing.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from learning import roles
from learning.demo.scorm import scorm_completions_fill, scorm_lesson_create, scorm_progress_create
from learning.demo.site import course_create, home_feature_course, site_pages_create
from learning.models import (
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    Organisation,
    StaffMember,
)
from learning.services import enrolment_starts_fill
from learning.staffing import current_on

DEMO_PASSWORD = "upskill-demo"
# A published, demo-only authenticator secret: HR and admin demo sign-ins need a second factor.
# `python manage.py demo_totp` prints the current code; any authenticator app can add this key.
DEMO_TOTP_SECRET = "UPSKILLDEMOTOTPKEYTWOZEROTWOSIXA"
SEED = 20261122
BASE_TIME = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

ORGANISATIONS = [
    {
        "slug": "northbrook-council",
        "name": "Northbrook Borough Council",
        "domain": "northbrook.example",
        "prefix": "NBC",
        "teams": {
            "Adult Social Care": ["Reablement", "Safeguarding", "Occupational Therapy"],
            "Housing": ["Repairs", "Tenancy Services"],
            "Environment": ["Waste and Recycling", "Parks"],
            "Corporate Services": ["Finance", "HR and Organisational Development", "Customer Contact"],
        },
        "roles": [
            ("Social Worker", "Grade 8"),
            ("Reablement Support Worker", "Grade 4"),
            ("Housing Officer", "Grade 6"),
            ("Repairs Planner", "Grade 5"),
            ("Customer Adviser", "Grade 4"),
            ("Finance Officer", "Grade 7"),
            ("Team Manager", "Grade 10"),
            ("Data Analyst", "Grade 8"),
        ],
    },
    {
        "slug": "riverside-nhs",
        "name": "Riverside Community Health NHS Trust",
        "domain": "riverside-nhs.example",
        "prefix": "RCH",
        "teams": {
            "Community Nursing": ["District Nursing North", "District Nursing South"],
            "Inpatient Services": ["Ward 1 Rehabilitation", "Ward 2 Stroke"],
            "Therapies": ["Physiotherapy", "Speech and Language Therapy"],
            "Corporate": ["Information Governance", "People Team", "Performance and Analytics"],
        },
        "roles": [
            ("Staff Nurse", "Band 5"),
            ("Healthcare Assistant", "Band 3"),
            ("Ward Manager", "Band 7"),
            ("Physiotherapist", "Band 6"),
            ("Ward Clerk", "Band 2"),
            ("Information Analyst", "Band 6"),
            ("District Nurse", "Band 6"),
            ("Administrator", "Band 4"),
        ],
    },
]

FIRST_NAMES = [
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Harry", "Imran", "Jess",
    "Kwame", "Laura", "Mohammed", "Niamh", "Owen", "Priya", "Rhys", "Sophie", "Tom", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Roberts", "Smith", "Taylor", "Williams",
]  # fmt: skip
STAFF_PER_ORGANISATION = 150


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    first_name: str
    last_name: str
    organisation: str | None
    team: str | None
    job_role: str = ""
    band: str = ""


DEMO_LOGINS = [
    DemoLogin("learner", "learner@northbrook.example", "Sam", "Okoro", "northbrook-council", "Reablement",
              "Reablement Support Worker", "Grade 4"),
    DemoLogin("line manager", "manager@northbrook.example", "Morgan", "Reid", "northbrook-council", "Reablement",
              "Team Manager", "Grade 10"),
    DemoLogin("HR", "hr@northbrook.example", "Hannah", "Rowe", "northbrook-council",
              "HR and Organisational Development", "Learning and Development Lead", "Grade 9"),
    DemoLogin("HR", "hr@riverside-nhs.example", "Harpreet", "Sandhu", "riverside-nhs", "People Team",
              "Education Lead", "Band 7"),
    DemoLogin("editor", "editor@upskill.example", "Eddie", "Cole", None, None),
    DemoLogin("reviewer", "reviewer@upskill.example", "Rhiannon", "Price", None, None),
    DemoLogin("admin", "admin@upskill.example", "Ada", "Mensah", None, None),
]  # fmt: skip


def organisations_create() -> dict[str, Organisation]:
    """Create the demo organisations with their allowed email domains."""
    result = {}
    for spec in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "email_domains": spec["domain"]}
        )
        result[spec["slug"]] = org
    return result


STAFF_FILE_HEADER = [
    "Employee number", "First name", "Last name", "Email", "Team", "Job role", "Band",
    "Line manager employee number", "Start date", "Leave date",
]  # fmt: skip
LEAVERS_PER_ORGANISATION = 3
# Records HR added by hand since the last import, so nobody has an account for them yet (an import
# creates one for every record): `seed_demo` lists them for trying sign-up and single sign-on.
NEW_STARTERS = [
    ("northbrook-council", "NBC09001", "Nia", "Starter", "nia.starter@northbrook.example"),
    ("northbrook-council", "NBC09002", "Oscar", "Newman", "oscar.newman@northbrook.example"),
    ("riverside-nhs", "RCH09001", "Rosa", "Fresh", "rosa.fresh@riverside-nhs.example"),
]


def staff_file_for(spec: dict) -> bytes:
    """Return the organisation's HR extract as CSV: demo sign-ins and synthetic staff (deterministic)."""
    rng = random.Random(f"{SEED}-{spec['slug']}")
    team_paths = [f"{parent} > {child}" for parent, children in spec["teams"].items() for child in children]
    rows = []
    demo_numbers = {}
    for number, login in enumerate(DEMO_LOGINS, start=1):
        if login.organisation != spec["slug"]:
            continue
        path = next(p for p in team_paths if p.endswith(f"> {login.team}"))
        demo_numbers[login.email] = f"DEMO{number:03d}"
        rows.append([f"DEMO{number:03d}", login.first_name, login.last_name, login.email, path, login.job_role,
                     login.band, "", "2020-04-01", ""])  # fmt: skip
    manager_for_team = {}
    if "manager@northbrook.example" in demo_numbers:
        manager_for_team["Adult Social Care > Reablement"] = demo_numbers["manager@northbrook.example"]
        for row in rows:
            if row[3] == "learner@northbrook.example":
                row[7] = demo_numbers["manager@northbrook.example"]
    for number in range(1, STAFF_PER_ORGANISATION + 1):
        role, band = rng.choice(spec["roles"])
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        employee = f"{spec['prefix']}{number:05d}"
        path = team_paths[number % len(team_paths)]
        manager = manager_for_team.setdefault(path, employee)  # the first person in each team leads it
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
        leave = date(2025, 3, 31) - timedelta(days=90 * number) if number <= LEAVERS_PER_ORGANISATION else None
        email = f"{first}.{last}.{number}@{spec['domain']}".lower()
        rows.append([employee, first, last, email, path, role, band, "" if manager == employee else manager,
                     start.isoformat(), leave.isoformat() if leave else ""])  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(STAFF_FILE_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def staff_import_all(orgs: dict[str, Organisation]) -> None:
    """Load each organisation's staff through the import service, as HR would from their HR system."""
    from learning.staff_import import staff_import

    for spec in ORGANISATIONS:
        data, org, name = staff_file_for(spec), orgs[spec["slug"]], f"{spec['slug']}.csv"
        preview = staff_import(organisation=org, data=data, filename=name, dry_run=True)
        if not (preview.creates or preview.updates or preview.leavers or preview.returners):
            continue  # already loaded: a second run changes nothing, not even the audit log
        report = staff_import(organisation=org, data=data, filename=name)
        if report.refused or report.errors:
            problems = report.file_errors or report.errors[:3]
            raise RuntimeError(f"Demo staff for {spec['slug']} did not import: {problems}")


def demo_logins_create(orgs: dict[str, Organisation]) -> dict[str, StaffMember]:
    """Give the demo sign-ins a password, their roles and (for HR and admin) a second factor."""
    User = get_user_model()
    editors = Group.objects.filter(name=roles.EDITORS_GROUP).first()
    moderators = Group.objects.filter(name=roles.MODERATORS_GROUP).first()  # Wagtail's reviewers: approve, publish
    hr_group, _ = Group.objects.get_or_create(name="HR")
    records = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(email__iexact=login.email).first()
        if user is None:
            user = User(username=login.email, email=login.email)
        if user.pk is None or not user.has_usable_password():
            user.first_name, user.last_name = login.first_name, login.last_name
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = login.role == "admin"
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=login.email, defaults={"verified": True, "primary": True})
        if login.role == "editor" and editors is not None:
            user.groups.add(editors)
        if login.role == "reviewer" and moderators is not None:
            user.groups.add(moderators)
        if login.role == "HR":
            user.groups.add(hr_group)
        if login.role in {"HR", "admin"}:
            _demo_mfa_activate(user)
        if login.organisation:
            records[login.email] = StaffMember.objects.get(organisation=orgs[login.organisation], user=user)
    return records


def _demo_mfa_activate(user) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def demo_totp_code(at: float | None = None) -> str:
    """Return the demo authenticator's current six-digit code."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(at or time.time()) // 30))


def progress_create(course: CoursePage, staff: list[StaffMember]) -> None:
    """Give synthetic staff deterministic, realistic enrolments and lesson progress."""
    # The written lessons only: the SCORM lesson's records come from its own package (learning/demo/scorm.py).
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .exact_type(LessonPage)
        .order_by("path")
        .values_list("id", flat=True)
    )
    rng = random.Random(f"{SEED}-progress")
    enrolments, progress_rows = [], []
    for member in staff:
        roll = rng.random()
        if roll < 0.3:
            continue  # not enrolled yet
        enrolled_at = BASE_TIME + timedelta(days=rng.randrange(0, 90), hours=rng.randrange(0, 8))
        done = len(lessons) if roll > 0.75 else rng.randrange(0, len(lessons))
        due = (enrolled_at + timedelta(days=rng.choice([30, 60, 90]))).date() if rng.random() < 0.6 else None
        moment = enrolled_at
        for index, lesson_id in enumerate(lessons[: done + 1]):
            moment = moment + timedelta(days=rng.randrange(0, 5), minutes=rng.randrange(5, 40))
            completed = moment if index < done else None
            progress_rows.append(
                LessonProgress(
                    staff=member, lesson_id=lesson_id, course=course, first_viewed_at=moment, completed_at=completed
                )
            )
        enrolments.append(
            Enrolment(
                staff=member,
                course=course,
                source=Enrolment.Source.SELF,
                due_date=due,
                enrolled_at=enrolled_at,
                completed_at=moment if done == len(lessons) else None,
            )
        )
    Enrolment.objects.bulk_create(enrolments, ignore_conflicts=True)
    LessonProgress.objects.bulk_create(progress_rows, ignore_conflicts=True, batch_size=500)
    enrolment_starts_fill(staff_ids=[member.id for member in staff])


def new_starters_create(orgs: dict[str, Organisation]) -> None:
    """Add the demo's new starters: staff records (no team yet) without a sign-in account."""
    start = date(2026, 11, 2)
    for slug, number, first_name, last_name, email in NEW_STARTERS:
        StaffMember.objects.get_or_create(
            organisation=orgs[slug],
            employee_number=number,
            defaults={"first_name": first_name, "last_name": last_name, "email": email, "start_date": start},
        )


def unclaimed_staff(per_organisation: int = 3) -> list[StaffMember]:
    """Return a few current staff records without an account, per organisation, to try sign-up and SSO."""
    found = []
    for organisation in Organisation.objects.order_by("name"):
        records = StaffMember.objects.filter(
            current_on(timezone.localdate()), organisation=organisation, user__isnull=True
        )
        found += list(records.exclude(email="").order_by("employee_number")[:per_organisation])
    return found


@transaction.atomic
def learning_seed() -> dict:
    """Create the site, the course, organisations, staff, demo sign-ins and learning progress; return them."""
    home, catalogue = site_pages_create()
    course = course_create(catalogue)
    home_feature_course(home, course)
    orgs = organisations_create()
    staff_import_all(orgs)
    demo_logins_create(orgs)
    new_starter_numbers = [number for _, number, *_ in NEW_STARTERS]
    synthetic = (
        StaffMember.objects.exclude(employee_number__startswith="DEMO")
        .exclude(employee_number__in=new_starter_numbers)
        .order_by("organisation_id", "id")
    )
    progress_create(course, list(synthetic))
    scorm_lesson = scorm_lesson_create(course)
    scorm_completions_fill(lesson=scorm_lesson, course=course)
    learner = StaffMember.objects.get(user__email="learner@northbrook.example")
    scorm_progress_create(lesson=scorm_lesson, learner=learner, now=BASE_TIME + timedelta(days=150))
    return {"course": course, "orgs": orgs, "logins": DEMO_LOGINS}
