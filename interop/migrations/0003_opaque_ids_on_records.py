"""The account names and registrations already sent move onto the staff records and enrolments they name
(``opaque_id``, added by learning 0016), so statements written from now on carry the same ids; then the two
tables that held them go."""

from django.db import migrations

BATCH = 5_000


def copy_sent_ids(apps, schema_editor):
    connection = schema_editor.connection
    for source, value, target, key in (
        ("ActorAccount", "name", "StaffMember", "staff_id"),
        ("Registration", "registration", "Enrolment", "enrolment_id"),
    ):
        model = apps.get_model("learning", target)
        field = model._meta.get_field("opaque_id")
        table = connection.ops.quote_name(model._meta.db_table)
        pairs = list(apps.get_model("interop", source).objects.values_list(value, key))
        with connection.cursor() as cursor:
            for start in range(0, len(pairs), BATCH):
                rows = [(field.get_db_prep_value(v, connection), pk) for v, pk in pairs[start : start + BATCH]]
                cursor.executemany(f"UPDATE {table} SET opaque_id = %s WHERE id = %s", rows)


def copy_ids_back(apps, schema_editor):
    """Going back: the old tables (made again, empty, before this runs) get every record's id, so the code of
    that time would go on naming people and enrolments as statements already sent named them."""
    ActorAccount = apps.get_model("interop", "ActorAccount")
    Registration = apps.get_model("interop", "Registration")
    staff = apps.get_model("learning", "StaffMember").objects.values_list("id", "opaque_id")
    ActorAccount.objects.bulk_create((ActorAccount(staff_id=pk, name=name) for pk, name in staff.iterator()),
                                     batch_size=BATCH)  # fmt: skip
    enrolments = apps.get_model("learning", "Enrolment").objects.values_list("id", "opaque_id")
    Registration.objects.bulk_create(
        (Registration(enrolment_id=pk, registration=value) for pk, value in enrolments.iterator()), batch_size=BATCH
    )


class Migration(migrations.Migration):
    dependencies = [("interop", "0002_role_permissions"), ("learning", "0016_opaque_ids")]

    operations = [
        migrations.RunPython(copy_sent_ids, copy_ids_back),
        migrations.DeleteModel(name="ActorAccount"),
        migrations.DeleteModel(name="Registration"),
    ]
