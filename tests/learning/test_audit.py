"""The audit helper writes one entry per call and refuses entries that say nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learning.audit import ERROR_NO_SUBJECT, ERROR_UNKNOWN_ACTION, audit_entry_list, audit_record
from learning.models import AuditLogEntry
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_record_writes_who_did_what_to_which_organisation():
    user = UserFactory()
    org = OrganisationFactory()
    entry = audit_record(
        actor=user, action="export", subject="Readiness report", organisation=org, row_count=42, detail="CSV"
    )
    stored = AuditLogEntry.objects.get()
    assert stored == entry
    assert (stored.actor, stored.organisation, stored.action, stored.subject, stored.row_count, stored.detail) == (
        user,
        org,
        "export",
        "Readiness report",
        42,
        "CSV",
    )
    assert stored.created_at is not None


def test_every_model_action_is_accepted():
    for action in AuditLogEntry.Action.values:
        audit_record(actor=None, action=action, subject=f"Thing {action}")
    assert AuditLogEntry.objects.count() == len(AuditLogEntry.Action.values)


def test_unknown_action_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError) as exc:
        audit_record(actor=None, action="delete", subject="Something")
    assert str(exc.value).startswith(ERROR_UNKNOWN_ACTION.split("{")[0])
    assert "delete" in str(exc.value)
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("subject", ["", "   ", None])
def test_empty_subject_is_refused(subject):
    with pytest.raises(ValueError, match=ERROR_NO_SUBJECT):
        audit_record(actor=None, action="view", subject=subject)
    assert not AuditLogEntry.objects.exists()


def test_a_long_subject_is_shortened_not_lost():
    entry = audit_record(actor=None, action="export", subject="x" * 500)
    entry.refresh_from_db()
    assert len(entry.subject) == 200
    assert entry.subject.endswith("…")


def test_anonymous_or_missing_actor_is_stored_as_the_system():
    assert audit_record(actor=AnonymousUser(), action="view", subject="Page").actor is None
    assert audit_record(actor=None, action="view", subject="Page").actor is None


def test_entry_list_is_newest_first_and_filters_by_organisation():
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    first = audit_record(actor=None, action="view", subject="First", organisation=mine)
    second = audit_record(actor=None, action="view", subject="Second", organisation=theirs)
    system = audit_record(actor=None, action="view", subject="No organisation")
    assert list(audit_entry_list()) == [system, second, first]
    assert list(audit_entry_list(organisation_ids={mine.id})) == [first]
    assert list(audit_entry_list(organisation_ids=set())) == []
