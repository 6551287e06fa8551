"""Attempts, the answers given in them, and the skill results they produce."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Attempt(models.Model):
    """One sitting of an assessment by one staff member, with the questions drawn for them."""

    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        SUBMITTED = "submitted", "Submitted"

    staff = models.ForeignKey("learning.StaffMember", on_delete=models.CASCADE, related_name="attempts")
    assessment = models.ForeignKey("assessments.AssessmentPage", on_delete=models.CASCADE, related_name="attempts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    items = models.JSONField(default=list, help_text="The questions drawn: question id, revision id, choice order.")

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "assessment"], condition=Q(status="open"), name="attempt_one_open_per_assessment"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="attempt_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} – {self.assessment} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Response(models.Model):
    """The answer given to one question of an attempt, saved as the learner goes."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey("assessments.Question", on_delete=models.PROTECT, related_name="responses")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.JSONField(default=dict)
    answered_at = models.DateTimeField(default=timezone.now)
    credit = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="response_one_per_position"),
            models.CheckConstraint(
                condition=Q(credit__isnull=True) | (Q(credit__gte=0) & Q(credit__lte=1)), name="response_credit_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"


class SkillResult(models.Model):
    """A level in one skill area for one person at one time: history, never overwritten."""

    class Source(models.TextChoices):
        ASSESSED = "assessed", "Assessed"
        OBSERVED = "observed", "Observed sign-off"
        SELF_RATED = "self_rated", "Self-rated"

    staff = models.ForeignKey("learning.StaffMember", on_delete=models.CASCADE, related_name="skill_results")
    area = models.ForeignKey("assessments.SkillArea", on_delete=models.PROTECT, related_name="results")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=12, choices=Source.choices)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    assessed_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        help_text="The start of the local day the result stops counting (assessments.validity); always stored."
    )
    attempt = models.ForeignKey(Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="results")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_at"]
        indexes = [models.Index(fields=["staff", "area", "assessed_at"], name="result_staff_area_date")]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=0) & Q(level__lte=4), name="result_level_0_4"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="result_score_0_100"
            ),
            models.UniqueConstraint(fields=["attempt", "area"], name="result_one_per_area_per_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} – {self.area}: {self.level} ({self.source})"

    def save(self, *args, **kwargs):
        """Store the expiry by the one rule (``assessments.validity``) when the caller did not give one."""
        if self.expires_at is None:
            from assessments.selectors import result_expires_at

            self.expires_at = result_expires_at(self.area_id, self.assessed_at)
        super().save(*args, **kwargs)
