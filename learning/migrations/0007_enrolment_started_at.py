"""Enrolments remember when their first lesson was opened, filled in from the lesson progress already held."""

from django.db import migrations, models

FILL = """
UPDATE learning_enrolment SET started_at = (
    SELECT MIN(p.first_viewed_at) FROM learning_lessonprogress p
    WHERE p.staff_id = learning_enrolment.staff_id AND p.course_id = learning_enrolment.course_id
) WHERE started_at IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [("learning", "0006_cohort_admin")]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="started_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the first lesson of the course was opened (kept with the enrolment for fast reports).",
                null=True,
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
