"""Cohorts now belong to the readiness app (``readiness.0001``): drop them from learning's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0008_pending_import'),
        ('readiness', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='cohort',
                    name='hand_picked',
                ),
                migrations.RemoveField(
                    model_name='cohort',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='cohort',
                    name='rule_teams',
                ),
                migrations.RemoveField(
                    model_name='cohortcourse',
                    name='cohort',
                ),
                migrations.RemoveField(
                    model_name='cohortmembership',
                    name='cohort',
                ),
                migrations.RemoveField(
                    model_name='cohortcourse',
                    name='course',
                ),
                migrations.RemoveField(
                    model_name='cohortmembership',
                    name='staff',
                ),
                migrations.DeleteModel(
                    name='CohortTarget',
                ),
                migrations.DeleteModel(
                    name='Cohort',
                ),
                migrations.DeleteModel(
                    name='CohortCourse',
                ),
                migrations.DeleteModel(
                    name='CohortMembership',
                ),
            ],
            database_operations=[],
        ),
    ]
