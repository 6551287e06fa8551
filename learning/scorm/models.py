"""SCORM packages, their versions, and one attempt per learner per package version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ScormPackage(models.Model):
    """A SCORM package as editors know it; each upload adds a version, and earlier versions are kept."""

    title = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "learning"

    def __str__(self) -> str:
        return self.title


class ScormPackageVersion(models.Model):
    """One uploaded zip of a package: where its checked files are stored and what its manifest says."""

    class Version(models.TextChoices):
        SCORM_12 = "1.2", "SCORM 1.2"
        SCORM_2004 = "2004", "SCORM 2004"

    package = models.ForeignKey(ScormPackage, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    storage_prefix = models.CharField(
        max_length=200, unique=True, help_text="The folder in media storage that holds the unpacked files."
    )
    scorm_version = models.CharField(max_length=4, choices=Version.choices)
    edition = models.CharField(max_length=8, blank=True)
    manifest_identifier = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255)
    items = models.JSONField(default=list, help_text="The organisation's items: identifier, title, depth, href, type.")
    unsupported_sequencing = models.JSONField(default=list)
    file_count = models.PositiveIntegerField()
    unpacked_bytes = models.BigIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="SHA-256 of the uploaded zip, in hex; empty for versions stored before it was recorded.",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "learning"
        constraints = [models.UniqueConstraint(fields=["package", "number"], name="scorm_version_number_once")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number}, {self.version_label})"

    @property
    def version_label(self) -> str:
        if self.scorm_version == self.Version.SCORM_12:
            return "SCORM 1.2"
        return f"SCORM 2004 {self.edition} Edition" if self.edition else "SCORM 2004"

    @property
    def launchable_items(self) -> list[dict]:
        return [item for item in self.items if item.get("href")]


class ScormAttempt(models.Model):
    """A learner's one attempt at one package version: the state to resume, the score and the outcome.

    ``items`` keeps the per-item state (location, suspend data, status) of packages with several items; the
    columns hold the package's overall state. A new package version starts a new attempt; the old one is kept.
    """

    class Completion(models.TextChoices):
        UNKNOWN = "unknown", "Unknown"
        NOT_ATTEMPTED = "not attempted", "Not attempted"
        INCOMPLETE = "incomplete", "Incomplete"
        BROWSED = "browsed", "Browsed"
        COMPLETED = "completed", "Completed"

    class Success(models.TextChoices):
        UNKNOWN = "unknown", "Unknown"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    staff = models.ForeignKey("learning.StaffMember", on_delete=models.CASCADE, related_name="scorm_attempts")
    version = models.ForeignKey(ScormPackageVersion, on_delete=models.PROTECT, related_name="attempts")
    lesson = models.ForeignKey(
        "learning.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="scorm_attempts"
    )
    completion_status = models.CharField(max_length=16, choices=Completion.choices, default=Completion.NOT_ATTEMPTED)
    success_status = models.CharField(max_length=8, choices=Success.choices, default=Success.UNKNOWN)
    score_raw = models.FloatField(null=True, blank=True)
    score_min = models.FloatField(null=True, blank=True)
    score_max = models.FloatField(null=True, blank=True)
    score_scaled = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=1000, blank=True)
    suspend_data = models.TextField(blank=True)
    total_seconds = models.FloatField(default=0)
    session_key = models.CharField(max_length=64, blank=True, help_text="The launch whose session time is counted.")
    session_base_seconds = models.FloatField(default=0, help_text="The total time before that launch.")
    items = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(null=True, blank=True)
    commits = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "learning"
        constraints = [
            models.UniqueConstraint(fields=["staff", "version"], name="scorm_attempt_one_per_version"),
            models.CheckConstraint(
                condition=Q(score_scaled__isnull=True) | (Q(score_scaled__gte=-1) & Q(score_scaled__lte=1)),
                name="scorm_attempt_scaled_range",
            ),
            models.CheckConstraint(condition=Q(total_seconds__gte=0), name="scorm_attempt_time_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} – {self.version}: {self.completion_status}/{self.success_status}"
