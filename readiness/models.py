"""Cohorts: who HR tracks together (rules, hand-picked people, dated membership spells), targets and courses."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from assessments.models import SkillArea
from cms.formula import FormulaSafeFieldsMixin
from learning.models import Organisation, StaffMember, Team
from learning.pages import CoursePage


class Cohort(FormulaSafeFieldsMixin, ClusterableModel):
    """A group of staff HR tracks together: who is in it (by rules and/or by hand), targets and courses."""

    formula_safe_fields = ("name",)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    rule_teams = models.ManyToManyField(
        Team, blank=True, related_name="+", help_text="Members of these teams and all their sub-teams."
    )
    rule_job_roles = models.TextField(blank=True, help_text="Job roles, one per line.")
    rule_bands = models.TextField(blank=True, help_text="Bands or grades, one per line.")
    rule_started_from = models.DateField(null=True, blank=True)
    rule_started_to = models.DateField(null=True, blank=True)
    hand_picked = models.ManyToManyField(StaffMember, blank=True, related_name="+")
    green_from = models.PositiveSmallIntegerField(
        "Green from (%)", default=80, validators=[MaxValueValidator(100)], help_text="Readiness shown green."
    )
    amber_from = models.PositiveSmallIntegerField(
        "Amber from (%)", default=60, validators=[MaxValueValidator(100)], help_text="Below this, red."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="cohort_unique_slug"),
            models.CheckConstraint(condition=Q(amber_from__lte=models.F("green_from")), name="cohort_band_order"),
        ]

    def __str__(self) -> str:
        return self.name


class CohortTarget(models.Model):
    """The level a cohort should reach in one skill area."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="targets")
    skill_area = models.ForeignKey(SkillArea, on_delete=models.PROTECT, related_name="cohort_targets")
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "skill_area"], name="cohort_one_target_per_area"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="cohort_target_level_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.skill_area_id} ≥ {self.level}"


class CohortCourse(models.Model):
    """A course every member of a cohort is enrolled on, with its due date."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="courses")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cohort", "course"], name="cohort_course_once")]


class CohortMembership(models.Model):
    """A dated spell of membership, so readiness can be worked out as of any past date."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="cohort_memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "staff"], condition=Q(left_on__isnull=True), name="cohort_one_open_spell"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")), name="cohort_spell_order"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "joined_on", "left_on"], name="cohort_spell_dates")]
