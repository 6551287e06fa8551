"""HR's weekly cohort digest: the dashboard's own figures, once per HR person per cohort per week."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from notifications.delivery import messages_deliver
from notifications.digests import hr_digests_decide
from notifications.models import Message
from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget
from tests.factories import StaffMemberFactory
from tests.mailserver import bodies


def test_hr_get_one_digest_a_week_per_cohort_with_its_overdue_courses(team_with_course, smtp_server, area):
    organisation, course = team_with_course["organisation"], team_with_course["course"]
    today = timezone.localdate()
    cohort = Cohort.objects.create(organisation=organisation, name="Reablement", slug="reablement")
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=today - timedelta(days=3))
    CohortTarget.objects.create(cohort=cohort, skill_area=area, level=2)
    for person in team_with_course["reports"]:
        CohortMembership.objects.create(cohort=cohort, staff=person, joined_on=today - timedelta(days=60))
    for enrolment in team_with_course["enrolments"]:
        enrolment.due_date = today - timedelta(days=3)
        enrolment.save()
    hr = StaffMemberFactory(organisation=organisation, first_name="Hana", email="hana@northbrook.example")
    hr.user.groups.add(Group.objects.get(name="HR"))
    Cohort.objects.create(organisation=StaffMemberFactory().organisation, name="Elsewhere", slug="elsewhere")

    assert hr_digests_decide(today=today) == 1
    assert hr_digests_decide(today=today + timedelta(days=1) if today.weekday() < 6 else today) == 0  # same week
    messages_deliver()
    (digest,) = smtp_server.to("hana@northbrook.example")
    assert digest["Subject"] == "Weekly readiness: Reablement"
    text = bodies(digest)[0]
    assert "2 overdue courses" in text and "(2 members)" in text
    assert f"http://testserver/admin/readiness/cohort/{cohort.pk}/" in text
    assert Message.objects.get(kind=Message.Kind.HR_DIGEST).recipient == hr
    assert hr_digests_decide(today=today + timedelta(days=7)) == 1  # next week: a new digest
