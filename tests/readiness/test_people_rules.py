"""The people rules hold across screens: the same person gets the same answer on My learning, My team, the cohort
pages, the staff export and the organisation overview.

- Current staff (learning.staffing): someone working their notice is current everywhere until their leave date;
  an HR user working their notice keeps the dashboard; an anonymised leaver still counts on the days they were
  employed, in the organisation overview as in the cohort pages.
- Team history (learning.team_history): a report for a day before a move groups the person under the old team.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import SkillArea
from learning.models import LessonProgress, StaffMember, Team
from learning.privacy import staff_anonymise
from learning.selectors import lesson_list_for_course
from readiness.cohorts import cohort_membership_refresh
from readiness.models import Cohort, CohortTarget
from readiness.reports import drilldown, exports, service
from tests.factories import OrganisationFactory, StaffMemberFactory, course_with_lessons
from tests.factories.learning import mfa_activate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(area):
    """An organisation with a manager, HR, a cohort of the Housing team, and a report working their notice."""
    today = timezone.localdate()
    org = OrganisationFactory(slug="northbrook")
    housing = Team.objects.create(organisation=org, name="Housing")
    care = Team.objects.create(organisation=org, name="Care")
    manager = StaffMemberFactory(organisation=org, team=housing, first_name="Mina", last_name="Manager")
    leaving = StaffMemberFactory(
        organisation=org, team=housing, line_manager=manager, first_name="Noor", last_name="Notice",
        employee_number="N-1", start_date=date(2019, 1, 7), leave_date=today + timedelta(days=14),
    )  # fmt: skip
    hr = StaffMemberFactory(organisation=org, first_name="Hana", last_name="Hr", leave_date=today + timedelta(days=5))
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    cohort = Cohort.objects.create(organisation=org, name="Housing academy", slug="housing")
    cohort.rule_teams.add(housing)
    CohortTarget.objects.create(cohort=cohort, skill_area=area, level=2)
    SkillArea.objects.filter(pk=area.pk).update(default_target_level=2)  # the organisation overview's yardstick
    cohort_membership_refresh(cohort=cohort, today=today - timedelta(days=60))
    return {"org": org, "housing": housing, "care": care, "manager": manager, "leaving": leaving, "hr": hr,
            "cohort": cohort, "today": today}  # fmt: skip


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_numbers(exported: exports.ExportFile) -> set[str]:
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    return {row["employee_number"] for row in rows}


def test_someone_working_their_notice_is_current_on_every_screen(world):
    leaving, today = world["leaving"], world["today"]
    learner = signed_in(leaving.user)

    # My learning: they have a staff record, and can complete a lesson.
    assert learner.get(reverse("learning:my_learning")).context["staff"] == leaving
    first = lesson_list_for_course(course_with_lessons(modules=1, lessons_per_module=2))[0]
    assert learner.get(first.url).status_code == 200
    assert learner.post(reverse("learning:lesson_complete", args=[first.id])).status_code == 302
    assert LessonProgress.objects.get(staff=leaving, lesson=first).completed_at is not None

    # My team: their manager sees them.
    team_page = signed_in(world["manager"].user).get(reverse("readiness:my_team"))
    assert "Noor Notice" in team_page.content.decode()

    # The cohort pages, the staff export and the organisation overview count them today.
    cohort, org = world["cohort"], world["org"]
    hr = signed_in(world["hr"].user)
    cohort_staff = hr.get(reverse("readiness_cohort_staff", args=[cohort.pk]))
    assert cohort_staff.status_code == 200 and "Noor Notice" in cohort_staff.content.decode()
    assert "N-1" in staff_numbers(
        exports.readiness_export(cohort=cohort, as_of=today, table="staff", file_format="csv")
    )
    assert "N-1" in staff_numbers(
        exports.readiness_export(organisation=org, as_of=today, table="staff", file_format="csv")
    )
    overview = hr.get(reverse("readiness_organisation", args=[org.pk]))
    assert overview.status_code == 200
    members = int(overview.context["report"].summary.iloc[0]["members"])
    assert members == StaffMember.objects.filter(organisation=org).count()  # manager, HR and Noor: all current

    # On their leave date they are gone from all of them.
    gone = today + timedelta(days=14)
    report = service.organisation_report(org, gone)
    staff = drilldown.organisation_staff(org, report)
    assert leaving.id not in set(staff["staff_id"])


def test_an_hr_user_working_their_notice_keeps_the_dashboard(world):
    org, record = world["org"], world["hr"]
    hr = signed_in(record.user)
    assert hr.get(reverse("readiness_index")).context["organisations"] == [org]
    assert hr.get(reverse("readiness_organisation", args=[org.pk])).status_code == 200
    StaffMember.objects.filter(pk=record.pk).update(leave_date=world["today"])  # the leave date has come
    gone = signed_in(record.user)
    assert gone.get(reverse("readiness_index")).context["organisations"] == []
    assert gone.get(reverse("readiness_organisation", args=[org.pk])).status_code == 404


def test_anonymising_a_leaver_does_not_change_figures_for_days_they_were_employed(world):
    """The 155 -> 154 bug: the organisation overview dropped anonymised records for every date."""
    org, cohort, today = world["org"], world["cohort"], world["today"]
    left_on = today - timedelta(days=10)
    leaver = StaffMemberFactory(organisation=org, team=world["housing"], start_date=date(2018, 3, 1))
    cohort_membership_refresh(cohort=cohort, today=today - timedelta(days=40))
    StaffMember.objects.filter(pk=leaver.pk).update(leave_date=left_on)
    cohort_membership_refresh(cohort=cohort, today=today)  # their spell closes on their leave date
    employed = today - timedelta(days=20)
    steady_hr = StaffMemberFactory(organisation=org)  # no leave date: this test is about the leaver alone
    steady_hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(steady_hr.user)
    hr = signed_in(steady_hr.user)

    def figures() -> tuple[int, int, int]:
        overview = hr.get(reverse("readiness_organisation", args=[org.pk]), {"as_of": employed.isoformat()})
        cohort_page = hr.get(reverse("readiness_cohort", args=[cohort.pk]), {"as_of": employed.isoformat()})
        staff = drilldown.organisation_staff(org, service.organisation_report(org, employed))
        return (
            int(overview.context["report"].summary.iloc[0]["members"]),
            int(cohort_page.context["report"].summary.iloc[0]["members"]),
            int(leaver.id in set(staff["staff_id"])),
        )

    before = figures()
    assert before[2] == 1
    staff_anonymise(staff=StaffMember.objects.get(pk=leaver.pk), actor=steady_hr.user)
    assert figures() == before
    after_leaving = service.organisation_report(org, today)
    assert int(after_leaving.summary.iloc[0]["members"]) == before[0] - 1


def test_a_report_before_a_move_groups_the_person_under_their_old_team(world):
    from tests.learning.test_staff_import_apply import run
    from tests.learning.test_staff_import_files import DOMAIN, person

    org, today = world["org"], world["today"]
    org.email_domains = DOMAIN
    org.save()
    moved_on = today - timedelta(days=30)
    assert run(org, [person(1, team="Housing")], today=today - timedelta(days=90)).applied
    assert run(org, [person(1, team="Care")], today=moved_on).applied  # a restructure
    mover = StaffMember.objects.get(organisation=org, employee_number="E001")
    assert mover.team == world["care"]

    def team_of(day: date) -> str:
        staff = drilldown.organisation_staff(org, service.organisation_report(org, day))
        return staff.loc[staff["staff_id"] == mover.id, "team"].iloc[0]

    def team_ids(day: date) -> set[int]:
        return set(service.organisation_report(org, day).teams["team_id"])

    assert team_of(moved_on - timedelta(days=1)) == "Housing"
    assert team_of(moved_on) == "Care"
    assert world["care"].id not in team_ids(moved_on - timedelta(days=1))  # nobody was in Care then
    assert world["care"].id in team_ids(moved_on)
