"""Cohorts move here from ``learning`` (where migrations 0004-0006 made them): the tables already exist.

This migration only tells Django's state that the readiness app now owns them, still under their old table
names; ``learning.0009`` drops them from learning's state, and ``0002`` renames the tables and turns a target's
skill-area slug into a foreign key. No row is recreated.
"""

import cms.formula
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0002_skillarea_default_target'),
        ('learning', '0008_pending_import'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Cohort',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150)),
                        ('slug', models.SlugField(max_length=80)),
                        ('description', models.TextField(blank=True)),
                        ('rule_job_roles', models.TextField(blank=True, help_text='Job roles, one per line.')),
                        ('rule_bands', models.TextField(blank=True, help_text='Bands or grades, one per line.')),
                        ('rule_started_from', models.DateField(blank=True, null=True)),
                        ('rule_started_to', models.DateField(blank=True, null=True)),
                        ('green_from', models.PositiveSmallIntegerField(default=80, help_text='Readiness shown green.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='Green from (%)')),
                        ('amber_from', models.PositiveSmallIntegerField(default=60, help_text='Below this, red.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='Amber from (%)')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('hand_picked', models.ManyToManyField(blank=True, related_name='+', to='learning.staffmember')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cohorts', to='learning.organisation')),
                        ('rule_teams', models.ManyToManyField(blank=True, help_text='Members of these teams and all their sub-teams.', related_name='+', to='learning.team')),
                    ],
                    options={
                        'ordering': ['organisation', 'name'],
                        'db_table': 'learning_cohort',
                    },
                    bases=(cms.formula.FormulaSafeFieldsMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='CohortCourse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('due_date', models.DateField()),
                        ('cohort', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='courses', to='readiness.cohort')),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='learning.coursepage')),
                    ],
                    options={'db_table': 'learning_cohortcourse'},
                ),
                migrations.CreateModel(
                    name='CohortMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('joined_on', models.DateField()),
                        ('left_on', models.DateField(blank=True, null=True)),
                        ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='readiness.cohort')),
                        ('staff', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cohort_memberships', to='learning.staffmember')),
                    ],
                    options={
                        'ordering': ['cohort', 'joined_on'],
                        'db_table': 'learning_cohortmembership',
                    },
                ),
                migrations.CreateModel(
                    name='CohortTarget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.PositiveSmallIntegerField()),
                        ('cohort', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='readiness.cohort')),
                        ('skill_area', models.SlugField(max_length=80)),
                    ],
                    options={'db_table': 'learning_cohorttarget'},
                ),
                migrations.AddConstraint(
                    model_name='cohort',
                    constraint=models.UniqueConstraint(fields=('organisation', 'slug'), name='cohort_unique_slug'),
                ),
                migrations.AddConstraint(
                    model_name='cohort',
                    constraint=models.CheckConstraint(condition=models.Q(('amber_from__lte', models.F('green_from'))), name='cohort_band_order'),
                ),
                migrations.AddConstraint(
                    model_name='cohortcourse',
                    constraint=models.UniqueConstraint(fields=('cohort', 'course'), name='cohort_course_once'),
                ),
                migrations.AddIndex(
                    model_name='cohortmembership',
                    index=models.Index(fields=['cohort', 'joined_on', 'left_on'], name='cohort_spell_dates'),
                ),
                migrations.AddConstraint(
                    model_name='cohortmembership',
                    constraint=models.UniqueConstraint(condition=models.Q(('left_on__isnull', True)), fields=('cohort', 'staff'), name='cohort_one_open_spell'),
                ),
                migrations.AddConstraint(
                    model_name='cohortmembership',
                    constraint=models.CheckConstraint(condition=models.Q(('left_on__isnull', True), ('left_on__gte', models.F('joined_on')), _connector='OR'), name='cohort_spell_order'),
                ),
                migrations.AddConstraint(
                    model_name='cohorttarget',
                    constraint=models.UniqueConstraint(fields=('cohort', 'skill_area'), name='cohort_one_target_per_area'),
                ),
                migrations.AddConstraint(
                    model_name='cohorttarget',
                    constraint=models.CheckConstraint(condition=models.Q(('level__gte', 1), ('level__lte', 4)), name='cohort_target_level_1_4'),
                ),
            ],
            database_operations=[],
        ),
    ]
