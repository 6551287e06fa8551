"""Roles: who counts as HR or admin, and which staff records each person may see."""

from django.contrib.auth.models import Group

from learning import roles
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory


def test_manager_sees_direct_and_indirect_reports_but_not_peers(db):
    org = OrganisationFactory()
    head = StaffMemberFactory(organisation=org)
    lead = StaffMemberFactory(organisation=org, line_manager=head)
    worker = StaffMemberFactory(organisation=org, line_manager=lead)
    peer = StaffMemberFactory(organisation=org)
    assert roles.report_ids(head) == {lead.id, worker.id}
    assert roles.report_ids(lead) == {worker.id}
    assert set(roles.visible_staff(head.user).values_list("id", flat=True)) == {head.id, lead.id, worker.id}
    assert peer.id not in set(roles.visible_staff(lead.user).values_list("id", flat=True))


def test_a_management_loop_does_not_hang(db):
    org = OrganisationFactory()
    a = StaffMemberFactory(organisation=org)
    b = StaffMemberFactory(organisation=org, line_manager=a)
    a.line_manager = b
    a.save()
    assert roles.report_ids(a) == {b.id}


def test_hr_sees_only_their_organisations_and_admins_see_all(db):
    home, other = OrganisationFactory(), OrganisationFactory()
    hr = StaffMemberFactory(organisation=home)
    hr.user.groups.add(Group.objects.get(name=roles.HR_GROUP))
    elsewhere = StaffMemberFactory(organisation=other)
    assert roles.hr_organisation_ids(hr.user) == {home.id}
    assert elsewhere.id not in set(roles.visible_staff(hr.user).values_list("id", flat=True))
    admin = UserFactory(is_superuser=True)
    assert roles.hr_organisation_ids(admin) == {home.id, other.id}
    assert roles.requires_mfa(hr.user) and roles.requires_mfa(admin)


def test_a_learner_has_no_privileged_role(db):
    learner = StaffMemberFactory()
    assert not roles.is_hr(learner.user) and not roles.is_platform_admin(learner.user)
    assert roles.hr_organisation_ids(learner.user) == set()
    assert list(roles.visible_staff(learner.user)) == [learner]
