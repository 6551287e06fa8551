"""Background work and messages: the scheduler's record of what it enqueued, each cohort's reminder schedule,
the outbox of messages (one row per message ever decided, unique by its key, with its outcome), and long work
done in the background for someone waiting on a page."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from learning.models import Enrolment, Organisation, StaffMember
from readiness.models import Cohort


class JobRun(models.Model):
    """One scheduled job enqueued for one time slot. The unique key makes the schedule safe to run on several
    machines at once: whoever inserts the row enqueues the job, in the same transaction."""

    job = models.CharField(max_length=60)
    slot = models.CharField(max_length=30, help_text="The job's time slot, such as a day or a minute.")
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-enqueued_at"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="job_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} for {self.slot}"


def _days(label: str, default: int | None, help_text: str):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=help_text,
    )


class ReminderSchedule(models.Model):
    """When a cohort's learners are reminded about courses with a due date, and when their manager and HR are
    told. A cohort without one uses the defaults below. An empty field switches that step off."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="reminder_schedule")
    first_reminder_days = _days("First reminder (days before)", 14, "Days before the due date. Empty: none.")
    second_reminder_days = _days("Second reminder (days before)", 3, "Days before the due date. Empty: none.")
    on_due_day = models.BooleanField("Remind on the due date", default=True)
    manager_after_days = _days(
        "Tell the line manager (days overdue)", 7, "Days after the due date; the learner is reminded again too."
    )
    hr_after_days = _days("Tell HR (days overdue)", 21, "Days after the due date. Empty: HR is not told.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(first_reminder_days__isnull=True)
                | Q(second_reminder_days__isnull=True)
                | Q(first_reminder_days__gt=models.F("second_reminder_days")),
                name="reminder_first_before_second",
            ),
            models.CheckConstraint(
                condition=Q(manager_after_days__isnull=True)
                | Q(hr_after_days__isnull=True)
                | Q(hr_after_days__gt=models.F("manager_after_days")),
                name="reminder_manager_before_hr",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminders for {self.cohort}"


class Message(models.Model):
    """A message decided once and delivered at most once: ``key`` names what it is about (a reminder step of
    an enrolment for a due date, a manager's digest for a day), so deciding it twice inserts nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: will not be retried"
        CANCELLED = "cancelled", "Not sent: no longer applies"

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Course assigned"
        REMINDER = "reminder", "Reminder before the due date"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue (line manager told)"
        OVERDUE_HR = "overdue_hr", "Overdue (HR told)"
        MANAGER_DIGEST = "manager_digest", "Line manager's daily digest"
        HR_ESCALATION = "hr_escalation", "HR told of courses long overdue"
        HR_DIGEST = "hr_digest", "HR's weekly cohort digest"
        NUDGE = "nudge", "Reminder sent by a manager or HR"

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="messages")
    to_email = models.EmailField()
    enrolment = models.ForeignKey(Enrolment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    step = models.CharField(max_length=20, blank=True, help_text="The reminder step (notifications.steps).")
    due_date = models.DateField(null=True, blank=True, help_text="The due date the step was planned against.")
    mandatory = models.BooleanField(default=True, help_text="Mandatory notices cannot be switched off.")
    context = models.JSONField(default=dict, blank=True, help_text="What the message says, fixed when decided.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True, help_text="As sent.")
    body = models.TextField(blank=True, help_text="The plain-text body as sent.")
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the recipient saw it on the site.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at", "id"], name="message_due_to_send"),  # next to send
            models.Index(fields=["enrolment", "step"], name="message_enrolment_step"),
            models.Index(fields=["recipient", "read_at"], name="message_recipient_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_email}"


class MessageTemplate(models.Model):
    """The words of one kind of message, editable in the admin. Placeholders such as ``{{ first_name }}`` and
    ``{{ course_title }}`` are filled in when the message is sent; without a template here the built-in words
    (``notifications/templates/notifications/email/``) are used."""

    kind = models.CharField(max_length=20, choices=Message.Kind.choices, unique=True)
    subject = models.CharField(max_length=200)
    text_body = models.TextField("Plain-text body")
    html_body = models.TextField(
        "HTML body", blank=True, help_text="Optional. Empty: the plain text is sent as simple HTML as well."
    )
    notify_template_id = models.CharField(
        "GOV.UK Notify template ID",
        max_length=36,
        blank=True,
        help_text="Only when messages go through GOV.UK Notify: the Notify email template for this kind.",
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class OptionalRemindersOff(models.Model):
    """A person who switched off optional reminders (those about courses nobody requires of them, and reminders
    sent by hand). Notices about courses a cohort requires are always sent."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="optional_reminders_off")
    switched_off_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Optional reminders off for {self.staff_id}"


class BackgroundJob(models.Model):
    """Long work asked for on a page and done by a worker: an organisation's whole readiness workbook, or a large
    staff import. The person who asked follows it on its own page; the file or result is kept for a week
    (``notifications.longwork`` holds the rules)."""

    class Kind(models.TextChoices):
        READINESS_WORKBOOK = "readiness_workbook", "Readiness workbook"
        STAFF_IMPORT = "staff_import", "Staff import"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    source = models.BinaryField(null=True, blank=True, help_text="The uploaded file, until the work has run.")
    outcome = models.TextField(blank=True, help_text="One sentence on what happened.")
    result_html = models.TextField(blank=True, help_text="The result as the page shows it (a staff import).")
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=models.F("total")), name="background_job_done_le_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.organisation_id}, {self.created_at:%Y-%m-%d %H:%M}"
