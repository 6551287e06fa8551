"""Organisations, teams, staff records, enrolments and lesson progress."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cms.formula import FormulaSafeFieldsMixin
from learning.pages import CourseIndexPage, CoursePage, LessonPage, ModulePage  # noqa: F401  (register pages)


class Organisation(FormulaSafeFieldsMixin, models.Model):
    """A council, trust or shared service whose people data is kept apart from every other."""

    formula_safe_fields = ("name",)  # names end up in exports: no text a spreadsheet would run (cms.formula)

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    email_domains = models.TextField(blank=True, help_text="Allowed email domains, one per line.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(FormulaSafeFieldsMixin, models.Model):
    """A team, ward or directorate; teams form a tree within one organisation."""

    formula_safe_fields = ("name",)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "parent", "name"], name="team_unique_name_under_parent"),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(parent__isnull=True),
                name="team_unique_top_level_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffMember(FormulaSafeFieldsMixin, models.Model):
    """One person's staff record in one organisation, keyed by employee number."""

    # The columns the staff importer checks for formulas, so a form accepts nothing an import would refuse.
    formula_safe_fields = ("employee_number", "first_name", "last_name", "email", "job_role", "band")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_records"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    employee_number = models.CharField(max_length=40)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    job_role = models.CharField(max_length=150, blank=True)
    band = models.CharField(max_length=40, blank=True)
    line_manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    start_date = models.DateField(null=True, blank=True)
    leave_date = models.DateField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Names the person in records sent to other systems (the xAPI actor's account name): random, never shown,
    # never changed, and saying nothing about who they are. Not indexed: nothing looks a person up by it.
    opaque_id = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "employee_number"], name="staff_unique_employee_number"),
            models.UniqueConstraint(fields=["organisation", "user"], name="staff_one_record_per_user_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class TeamSpell(models.Model):
    """A dated spell of a staff record in one team (or in none), so reports as of a past date group people by
    the team they were in then. ``learning.team_history`` holds the rules and the writes."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="team_spells")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="spells")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="The first day in the next team; empty if current.")

    class Meta:
        ordering = ["staff", "started_on"]
        constraints = [
            models.UniqueConstraint(fields=["staff"], condition=Q(ended_on__isnull=True), name="team_one_open_spell"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")), name="team_spell_order"
            ),
        ]
        indexes = [models.Index(fields=["staff", "started_on"], name="team_spell_staff_start")]

    def __str__(self) -> str:
        return f"{self.staff_id} in {self.team_id} from {self.started_on} to {self.ended_on or 'now'}"


class Enrolment(models.Model):
    """A staff member's place on a course, with how they came to it and when it is due."""

    class Source(models.TextChoices):
        SELF = "self", "Self-enrolled"
        COHORT = "cohort", "Cohort"
        MANAGER = "manager", "Line manager"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF)
    due_date = models.DateField(null=True, blank=True)
    enrolled_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the first lesson of the course was opened (kept with the enrolment for fast reports).",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # Names this enrolment in records sent to other systems (the xAPI registration): random and never changed.
    opaque_id = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["staff", "course"], name="enrolment_one_per_course")]

    def __str__(self) -> str:
        return f"{self.staff} on {self.course}"


class LessonProgress(models.Model):
    """When a staff member first opened a lesson and when they completed it."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="lesson_progress")
    # Kept when the lesson is deleted (``lesson`` becomes empty and ``lesson_title`` keeps its name): a learner's
    # record never disappears with the content (``services.lesson_progress_archive``).
    lesson = models.ForeignKey(
        LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_records"
    )
    lesson_title = models.CharField(
        max_length=255, blank=True, help_text="The lesson's title when it was deleted (empty while it exists)."
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="lesson_progress_records")
    first_viewed_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [models.UniqueConstraint(fields=["staff", "lesson"], name="progress_one_per_lesson")]
        indexes = [models.Index(fields=["staff", "course"], name="progress_staff_course")]

    def __str__(self) -> str:
        return f"{self.staff} – {self.lesson or self.lesson_title or 'deleted lesson'}"


class AuditLogEntry(models.Model):
    """Who viewed, exported, imported or anonymised staff-level data, and when."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        ANONYMISE = "anonymise", "Anonymised"
        DOWNLOAD = "download", "Downloaded own record"
        NUDGE = "nudge", "Sent a reminder"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    subject = models.CharField(max_length=200, help_text="What was touched, e.g. a report, a file or a staff record.")
    detail = models.TextField(blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    staff = models.ManyToManyField(
        "StaffMember",
        blank=True,
        related_name="audit_entries",
        help_text="The staff records whose data was viewed or exported, where the entry names them.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.subject}"


class PendingImport(models.Model):
    """A staff file checked by a dry run and kept until the same user confirms it (or it expires).

    Kept once, in the database, so any web worker can confirm it; ``learning.staff_import.pending`` holds
    the rules (an hour to live, only the uploader may confirm, confirming takes it away).
    """

    token = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    missing_are_leavers = models.BooleanField(default=False)
    blanks = models.CharField(max_length=10, default="keep")  # learning.staff_import.plan.BLANK_CHOICES
    sheet = models.CharField(max_length=255, blank=True)  # the worksheet HR chose ("" for the first)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.filename} for {self.organisation_id}, {self.created_at:%Y-%m-%d %H:%M}"


from learning.scorm.models import ScormAttempt, ScormPackage, ScormPackageVersion  # noqa: E402, F401
from learning.scorm.pages import ScormLessonPage  # noqa: E402, F401
