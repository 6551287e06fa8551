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


class Migration(migrations.Migration):
    dependencies = [("interop", "0002_role_permissions"), ("learning", "0016_opaque_ids")]

    operations = [
        migrations.RunPython(copy_sent_ids, migrations.RunPython.noop),
        migrations.DeleteModel(name="ActorAccount"),
        migrations.DeleteModel(name="Registration"),
    ]
