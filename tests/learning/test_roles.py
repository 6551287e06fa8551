"""Roles: who counts as HR or a platform admin, and for which organisations."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from learning import roles
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory


def _hr(organisation, **fields):
    record = StaffMemberFactory(organisation=organisation, **fields)
    record.user.groups.add(Group.objects.get(name=roles.HR_GROUP))
    return record


def test_hr_manage_their_own_organisations_and_admins_all(db):
    home, other = OrganisationFactory(), OrganisationFactory()
    hr = _hr(home)
    assert roles.hr_organisation_ids(hr.user) == {home.id}
    admin = UserFactory(is_superuser=True)
    assert roles.hr_organisation_ids(admin) == {home.id, other.id}
    assert roles.requires_mfa(hr.user) and roles.requires_mfa(admin)


def test_hr_working_their_notice_keep_their_organisation_until_the_leave_date(db):
    today = timezone.localdate()
    home = OrganisationFactory()
    leaving = _hr(home, leave_date=today + timedelta(days=14))
    assert roles.hr_organisation_ids(leaving.user) == {home.id}
    leaving.leave_date = today  # the leave date is the first day they are not staff
    leaving.save()
    leaving.user._role_groups = None
    assert roles.hr_organisation_ids(leaving.user) == set()


def test_a_learner_has_no_privileged_role(db):
    learner = StaffMemberFactory()
    assert not roles.is_hr(learner.user) and not roles.is_platform_admin(learner.user)
    assert roles.hr_organisation_ids(learner.user) == set()
