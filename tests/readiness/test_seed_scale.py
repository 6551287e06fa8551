"""seed_scale: the volumes asked for, a realistic shape, cohorts that agree with their rules, all or nothing."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from assessments.models import SkillArea, SkillResult
from assessments.selectors import expiry_months_by_area
from assessments.validity import expires_at_for
from bench.readiness_sql import areas_rows
from learning.models import Enrolment, LessonPage, LessonProgress, Organisation, StaffMember, Team
from readiness.cohorts import cohort_memberships_refresh_all
from readiness.demo import scale
from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget
from readiness.reports import service

pytestmark = pytest.mark.django_db

STAFF = 200
END = date(2026, 11, 1)


def seed(*extra: str) -> str:
    out = StringIO()
    call_command("seed_scale", "--staff", str(STAFF), "--end", END.isoformat(), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated():
    output = seed()
    return Organisation.objects.get(slug="scale-trust"), output


def fingerprint(org) -> tuple:
    def rows(queryset, *fields):  # anonymised records are numbered by their (new) id
        anon = [
            tuple("ANON" if str(v).startswith("ANON-") else v for v in row) for row in queryset.values_list(*fields)
        ]
        return sorted(anon, key=repr)

    return (
        scale.scale_counts(org),
        rows(
            StaffMember.objects.filter(organisation=org),
            *("employee_number", "first_name", "team__name", "job_role", "band", "start_date", "leave_date"),
        ),
        rows(SkillResult.objects.filter(staff__organisation=org), "staff__employee_number", "level", "assessed_at"),
        rows(LessonProgress.objects.filter(staff__organisation=org), "staff__employee_number", "completed_at"),
        rows(CohortMembership.objects.filter(cohort__organisation=org), "cohort__slug", "joined_on", "left_on"),
    )


def test_generates_the_asked_volumes_in_a_team_tree(generated):
    org, output = generated
    counts = scale.scale_counts(org)
    assert counts["staff"] == STAFF
    assert counts["skill_results"] == 6 * STAFF
    assert counts["lesson_progress"] == 20 * STAFF
    assert counts["cohorts"] == 20
    directorates = Team.objects.filter(organisation=org, parent__isnull=True)
    assert directorates.count() == 10
    assert Team.objects.filter(organisation=org, parent__in=directorates).count() == counts["teams"] - 10
    assert not Team.objects.filter(organisation=org, parent__parent__isnull=False).exists()  # two levels
    assert "skill results 1,200" in output and "lesson progress 4,000" in output
    staff = StaffMember.objects.filter(organisation=org)
    assert staff.filter(line_manager__isnull=True).count() == 10  # the directors
    assert staff.values("job_role").distinct().count() >= 8
    assert staff.values("band").distinct().count() >= 5


def test_skill_results_mix_sources_over_two_years_and_expire_as_the_services_set_them(generated):
    org, _ = generated
    results = SkillResult.objects.filter(staff__organisation=org).select_related("area")
    sources = dict(results.values_list("source").annotate(n=Count("id")))
    assert set(sources) == {"assessed", "observed", "self_rated"}
    assert sources["assessed"] > sources["self_rated"] > 0 and sources["observed"] > 0
    assert results.values("area").distinct().count() == 6
    months = expiry_months_by_area(SkillArea.objects.values_list("id", flat=True))
    for result in results:
        assert result.expires_at == expires_at_for(result.assessed_at, months[result.area_id])
    end = datetime.combine(END, datetime.max.time(), tzinfo=UTC)
    assert not results.filter(assessed_at__gt=end).exists()
    assert not results.filter(assessed_at__lt=end - timedelta(days=731)).exists()
    assert not results.filter(level__gt=3, source="assessed").exists()  # Champion is by observed sign-off only
    # some results were recorded before a person left, none after
    assert not results.filter(staff__leave_date__isnull=False, assessed_at__date__gt=F("staff__leave_date")).exists()


def test_staff_include_starters_leavers_and_anonymised_records(generated):
    org, _ = generated
    staff = StaffMember.objects.filter(organisation=org)
    assert staff.filter(leave_date__lte=END).exists()
    assert staff.filter(start_date__gt=END - timedelta(days=730)).exists()
    for record in staff.filter(anonymised_at__isnull=False):
        assert record.employee_number == f"ANON-{record.id}" and record.first_name == "Former"
        assert record.leave_date < END


def test_progress_belongs_to_enrolments_and_completed_enrolments_have_every_lesson(generated):
    org, _ = generated
    enrolled = set(Enrolment.objects.filter(staff__organisation=org).values_list("staff_id", "course_id"))
    progress = LessonProgress.objects.filter(staff__organisation=org)
    assert set(progress.values_list("staff_id", "course_id")) <= enrolled
    assert not progress.filter(completed_at__lt=F("first_viewed_at")).exists()
    complete = Enrolment.objects.filter(staff__organisation=org, completed_at__isnull=False)
    assert complete.exists() and Enrolment.objects.filter(staff__organisation=org, completed_at__isnull=True).exists()
    lessons = {course: LessonPage.objects.descendant_of(course).count() for course in {e.course for e in complete[:20]}}
    for enrolment in complete[:20]:
        done = progress.filter(staff=enrolment.staff, course=enrolment.course, completed_at__isnull=False).count()
        assert done == lessons[enrolment.course]
    sources = set(Enrolment.objects.filter(staff__organisation=org).values_list("source", flat=True))
    assert sources == {"cohort", "self", "manager"}


def test_cohorts_have_targets_courses_and_dated_members_that_their_rules_agree_with(generated):
    org, _ = generated
    cohorts = Cohort.objects.filter(organisation=org)
    for cohort in cohorts:
        assert CohortTarget.objects.filter(cohort=cohort).count() == 6
        assert CohortCourse.objects.filter(cohort=cohort).exists()
    spells = CohortMembership.objects.filter(cohort__organisation=org)
    assert spells.filter(left_on__isnull=False).exists()
    assert not spells.filter(joined_on__gt=END).exists()
    assert spells.values("joined_on").distinct().count() > 20  # spread, not one day
    sizes = dict(
        spells.filter(Q(left_on__isnull=True) | Q(left_on__gt=END)).values_list("cohort__slug").annotate(n=Count("id"))
    )
    assert sizes[scale.data.BIG_COHORT] == max(sizes.values())
    assert 0 < sizes[scale.data.MID_COHORT] < sizes[scale.data.BIG_COHORT]
    # open spells are exactly what the rules pick on the end date, and every member is on the cohort's courses
    changes = cohort_memberships_refresh_all(organisation=org, today=END)
    assert all((c.joined, c.left, c.enrolled) == (0, 0, 0) for c in changes.values()), changes


def test_the_benchmark_sql_aggregate_equals_the_report_service(generated):
    org, _ = generated
    cohort = Cohort.objects.get(organisation=org, slug=scale.data.BIG_COHORT)
    for kind, owner, report in (
        ("organisation", org, service.organisation_report(org, END)),
        ("cohort", cohort, service.cohort_report(cohort, END)),
    ):
        expected = report.area_table.to_dict("records")
        got = areas_rows(kind, owner.id, END)
        assert [row["skill_area"] for row in got] == [row["skill_area"] for row in expected]
        for mine, theirs in zip(got, expected, strict=True):
            for name, value in mine.items():
                if isinstance(value, float):
                    assert round(value, 4) == round(float(theirs[name]), 4), (kind, name)
                else:
                    assert value == theirs[name], (kind, name)


def test_running_again_refuses_and_replace_regenerates_the_same_data(generated):
    org, _ = generated
    before = fingerprint(org)
    with pytest.raises(CommandError, match="already exists"):
        seed()
    assert fingerprint(Organisation.objects.get(slug="scale-trust")) == before
    seed("--replace")
    again = Organisation.objects.get(slug="scale-trust")
    assert again.id != org.id
    assert fingerprint(again) == before
    assert Organisation.objects.filter(slug="scale-trust").count() == 1


def test_refuses_to_replace_an_organisation_it_did_not_generate():
    Organisation.objects.create(name="Real trust", slug="scale-trust", email_domains="real.example")
    with pytest.raises(CommandError, match="not generated by seed_scale"):
        seed("--replace")
    assert StaffMember.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--staff", "lots"], "--staff must be a whole number"),
        (["--staff", "5"], "from 100 to 500,000"),
        (["--staff", "-200"], "from 100 to 500,000"),
        (["--seed", "x"], "--seed must be a whole number"),
        (["--end", "2026-13-01"], "--end must be a date"),
        (["--organisation", "not a slug"], "only letters, numbers"),
    ],
)
def test_bad_arguments_give_a_clear_error_and_write_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_scale", *args, stdout=StringIO())
    assert not Organisation.objects.exists()
    assert not StaffMember.objects.exists()


def test_a_failure_part_way_leaves_nothing_behind(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
        yield  # pragma: no cover

    monkeypatch.setattr(scale, "_results", broken)  # after staff, cohorts, enrolments and progress are written
    with pytest.raises(RuntimeError, match="disk full"):
        seed()
    assert not Organisation.objects.filter(slug="scale-trust").exists()
    assert not StaffMember.objects.exists()
    assert not LessonProgress.objects.exists() and not Enrolment.objects.exists()
    assert not CohortMembership.objects.exists()
