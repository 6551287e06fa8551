"""Who may see which staff records (learning.visibility): the person, their managers up the chain, HR and admins."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from learning import roles, visibility
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("id", flat=True))


def test_manager_sees_direct_and_indirect_reports_but_not_peers(db):
    org = OrganisationFactory()
    head = StaffMemberFactory(organisation=org)
    lead = StaffMemberFactory(organisation=org, line_manager=head)
    worker = StaffMemberFactory(organisation=org, line_manager=lead)
    peer = StaffMemberFactory(organisation=org)
    assert visibility.report_ids(head) == {lead.id, worker.id}
    assert visibility.report_ids(lead) == {worker.id}
    assert _ids(visibility.visible_staff(head.user)) == {head.id, lead.id, worker.id}
    assert peer.id not in _ids(visibility.visible_staff(lead.user))
    assert visibility.may_see_staff(head.user, worker) and not visibility.may_see_staff(worker.user, head)


def test_a_management_loop_does_not_hang(db):
    org = OrganisationFactory()
    a = StaffMemberFactory(organisation=org)
    b = StaffMemberFactory(organisation=org, line_manager=a)
    a.line_manager = b
    a.save()
    assert visibility.report_ids(a) == {b.id}


def test_a_manager_working_their_notice_still_sees_their_team_and_not_after_leaving(db):
    today = timezone.localdate()
    manager = StaffMemberFactory(leave_date=today + timedelta(days=3))
    report = StaffMemberFactory(organisation=manager.organisation, line_manager=manager)
    assert visibility.may_see_staff(manager.user, report, today)
    assert not visibility.may_see_staff(manager.user, report, today + timedelta(days=3))
    assert visibility.may_see_staff(manager.user, manager, today + timedelta(days=3))  # their own record


def test_hr_see_only_their_organisations_and_admins_see_all(db):
    home, other = OrganisationFactory(), OrganisationFactory()
    hr = StaffMemberFactory(organisation=home)
    hr.user.groups.add(Group.objects.get(name=roles.HR_GROUP))
    colleague = StaffMemberFactory(organisation=home)
    elsewhere = StaffMemberFactory(organisation=other)
    assert visibility.may_manage_people(hr.user)
    assert visibility.people_organisation_ids(hr.user) == visibility.organisation_scope(hr.user) == {home.id}
    assert colleague.id in _ids(visibility.visible_staff(hr.user))
    assert elsewhere.id not in _ids(visibility.visible_staff(hr.user))
    admin = UserFactory(is_superuser=True)
    assert visibility.organisation_scope(admin) is None
    assert {colleague.id, elsewhere.id} <= _ids(visibility.visible_staff(admin))


def test_an_inactive_hr_account_manages_nothing(db):
    hr = StaffMemberFactory()
    hr.user.groups.add(Group.objects.get(name=roles.HR_GROUP))
    hr.user.is_active = False
    assert not visibility.may_manage_people(hr.user)
    assert visibility.people_organisation_ids(hr.user) == set()


def test_a_learner_sees_only_their_own_record(db):
    learner = StaffMemberFactory()
    StaffMemberFactory(organisation=learner.organisation)
    assert not visibility.may_manage_people(learner.user)
    assert list(visibility.visible_staff(learner.user)) == [learner]
