"""Each staff record and enrolment gets a random id that names it in records sent to other systems (xAPI).

The column is added empty, filled with a new random UUID per row, then made required. ``interop``'s next
migration copies in the ids it had already sent, so nothing already sent changes.
"""

import uuid

from django.db import migrations, models

BATCH = 5_000


def fill(apps, schema_editor):
    connection = schema_editor.connection
    for name in ("StaffMember", "Enrolment"):
        model = apps.get_model("learning", name)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one statement; gen_random_uuid() is built in from PostgreSQL 13
                cursor.execute(f"UPDATE {table} SET opaque_id = gen_random_uuid() WHERE opaque_id IS NULL")
                continue
            ids = list(model.objects.filter(opaque_id__isnull=True).values_list("id", flat=True))
            field = model._meta.get_field("opaque_id")
            for start in range(0, len(ids), BATCH):
                rows = [(field.get_db_prep_value(uuid.uuid4(), connection), pk) for pk in ids[start : start + BATCH]]
                cursor.executemany(f"UPDATE {table} SET opaque_id = %s WHERE id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [("learning", "0015_scorm")]

    operations = [
        migrations.AddField(
            model_name="staffmember", name="opaque_id", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.AddField(model_name="enrolment", name="opaque_id", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="staffmember", name="opaque_id", field=models.UUIDField(default=uuid.uuid4, editable=False)
        ),
        migrations.AlterField(
            model_name="enrolment", name="opaque_id", field=models.UUIDField(default=uuid.uuid4, editable=False)
        ),
    ]
