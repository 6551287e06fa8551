"""Moving the xAPI ids onto the records they name keeps every id already sent and gives every other record its
own (learning 0016, interop 0003)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("interop", "0002_role_permissions"), ("learning", "0015_scorm")]
LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()


def _migrate(targets):
    return MigrationExecutor(connection).migrate(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ids_already_sent_are_kept_and_the_rest_are_made():
    from tests.factories.learning import course_with_lessons

    course_id = course_with_lessons(modules=1, lessons_per_module=1).id  # page tables predate both migrations
    apps = _migrate(BEFORE)
    try:
        organisation = apps.get_model("learning", "Organisation").objects.create(name="Old", slug="old")
        StaffMember = apps.get_model("learning", "StaffMember")
        sent, unsent = (
            StaffMember.objects.create(organisation=organisation, employee_number=number) for number in ("S1", "S2")
        )
        Enrolment = apps.get_model("learning", "Enrolment")
        enrolled = [Enrolment.objects.create(staff=person, course_id=course_id) for person in (sent, unsent)]
        name, registration = uuid.uuid4(), uuid.uuid4()
        apps.get_model("interop", "ActorAccount").objects.create(staff_id=sent.id, name=name)
        apps.get_model("interop", "Registration").objects.create(enrolment_id=enrolled[0].id, registration=registration)

        apps = _migrate(LATEST)
        StaffMember = apps.get_model("learning", "StaffMember")
        assert StaffMember.objects.get(id=sent.id).opaque_id == name
        made = StaffMember.objects.get(id=unsent.id).opaque_id
        assert made is not None and made != name
        Enrolment = apps.get_model("learning", "Enrolment")
        assert Enrolment.objects.get(id=enrolled[0].id).opaque_id == registration
        assert Enrolment.objects.get(id=enrolled[1].id).opaque_id not in (None, registration)
        with pytest.raises(LookupError):
            apps.get_model("interop", "ActorAccount")

        apps = _migrate(BEFORE)  # and back: the old tables hold every record's id, the ones sent included
        accounts = dict(apps.get_model("interop", "ActorAccount").objects.values_list("staff_id", "name"))
        assert accounts == {sent.id: name, unsent.id: made}
        registrations = apps.get_model("interop", "Registration").objects.values_list("enrolment_id", "registration")
        assert dict(registrations)[enrolled[0].id] == registration and len(registrations) == 2
    finally:
        _migrate(LATEST)
