"""Achievements editors define, each organisation's issuing keys, and the awards (signed credentials) people hold."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Achievement(models.Model):
    """Something a person can earn: a course completed, a skill level reached in an area, or a programme."""

    class Kind(models.TextChoices):
        COURSE = "course", "Course completed"
        SKILL_LEVEL = "skill_level", "Skill level reached in an area"
        PROGRAMME = "programme", "Programme (a set of courses) completed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(help_text="What the holder did, in a sentence or two.")
    criteria = models.TextField(help_text="How it is earned, as the credential states it to anyone checking it.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_automatically = models.BooleanField(
        default=True, help_text="Issue it in the background as soon as someone's evidence meets it."
    )
    course = models.ForeignKey(
        "learning.CoursePage", null=True, blank=True, on_delete=models.PROTECT, related_name="achievements",
        help_text="For a course achievement: the course to complete.",
    )  # fmt: skip
    area = models.ForeignKey(
        "assessments.SkillArea", null=True, blank=True, on_delete=models.PROTECT, related_name="achievements",
        help_text="For a skill level achievement: the skill area.",
    )  # fmt: skip
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a skill level achievement: the level to reach (1 to 4)."
    )
    courses = models.ManyToManyField(
        "learning.CoursePage", blank=True, related_name="programmes",
        help_text="For a programme: every course to complete.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="course") & Q(course__isnull=False) & Q(area__isnull=True) & Q(level__isnull=True))
                | (Q(kind="skill_level") & Q(course__isnull=True) & Q(area__isnull=False)
                   & Q(level__gte=1) & Q(level__lte=4))
                | (Q(kind="programme") & Q(course__isnull=True) & Q(area__isnull=True) & Q(level__isnull=True)),
                name="achievement_fields_match_kind",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class Issuer(models.Model):
    """An organisation as an issuer of credentials: its public id (in every URL) and its signed status list."""

    wagtail_reference_index_ignore = True

    organisation = models.OneToOneField("learning.Organisation", on_delete=models.PROTECT, related_name="issuer")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    next_status_index = models.PositiveIntegerField(default=0)
    status_list = models.JSONField(null=True, blank=True, help_text="The signed BitstringStatusListCredential.")

    def __str__(self) -> str:
        return str(self.organisation)


class IssuerKey(models.Model):
    """One Ed25519 key of an issuer; the secret half encrypted. One active key per issuer; retired keys stay."""

    wagtail_reference_index_ignore = True

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    public_key_multibase = models.CharField(max_length=64, unique=True)
    secret_key_encrypted = models.BinaryField()
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer"], condition=Q(retired_at__isnull=True), name="issuer_key_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer}: {self.public_key_multibase[:16]}…"


class Award(models.Model):
    """An achievement awarded to one person, as the signed OpenBadgeCredential they can keep and show."""

    wagtail_reference_index_ignore = True  # issued in bulk by the platform; "usage" of an achievement is not them

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff = models.ForeignKey(
        "learning.StaffMember", null=True, on_delete=models.SET_NULL, related_name="awards",
        help_text="Empty once the staff record is deleted: the credential is the holder's and still verifies.",
    )  # fmt: skip
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="awards")
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="awards")
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="awards")
    credential = models.JSONField()
    evidence_at = models.DateTimeField(help_text="When the evidence was completed or scored.")
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    status_index = models.PositiveIntegerField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "achievement"], name="award_once_per_person"),
            models.UniqueConstraint(fields=["issuer", "status_index"], name="award_status_index_unique"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="award_revoked_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement} – {self.staff}"
