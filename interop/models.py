"""Learning Record Store endpoints per organisation and the outbox of xAPI statements. The opaque ids statements
carry (a person's account name, an enrolment's registration) are the ``opaque_id`` of the staff record and the
enrolment (``learning.models``), made with the row so that a first statement writes nothing more."""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LrsEndpoint(models.Model):
    """A Learning Record Store that an organisation's statements are sent to (one organisation may have several)."""

    organisation = models.ForeignKey("learning.Organisation", on_delete=models.CASCADE, related_name="lrs_endpoints")
    name = models.CharField(max_length=100, help_text="A name HR will recognise, such as the LRS product.")
    url = models.URLField(
        "LRS address (xAPI)",
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text="The LRS's xAPI address, the one its documentation gives (statements go to <address>/statements).",
    )
    key = models.CharField(max_length=200, help_text="The LRS's key (the user name of its basic authentication).")
    secret = models.CharField(max_length=500, help_text="The LRS's secret (its password). Never shown again.")
    active = models.BooleanField(default=True, help_text="Statements are written and sent only while it is active.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "Learning Record Store"
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="lrs_endpoint_unique_name")]

    def __str__(self) -> str:
        return self.name


class OutboxStatement(models.Model):
    """One xAPI statement waiting for, or sent to, one endpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(LrsEndpoint, on_delete=models.CASCADE, related_name="statements")
    statement_id = models.UUIDField()
    verb = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "statement_id"], name="outbox_statement_once_per_endpoint"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]), name="outbox_statement_status_known"
            ),
        ]
        # Delivery reads one endpoint's waiting rows in the order they are due.
        indexes = [
            models.Index(fields=["endpoint", "status", "next_attempt_at", "id"], name="outbox_statement_next"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.statement_id} ({self.get_status_display()})"
