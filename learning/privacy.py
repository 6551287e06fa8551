"""Personal data of leavers: who may be anonymised, who is due under the retention period, and doing it.

Anonymising a staff record replaces who the person was (names, email, employee number) and closes
their sign-in account, but keeps what they learned (enrolments, lesson progress, attempts and skill
results) with their team, role and band, so organisation-wide figures do not change. It cannot be
undone: nothing of the old identity is kept anywhere, not even in the audit log.
"""

from __future__ import annotations

from datetime import date, datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cms.calendar import add_months
from learning import visibility
from learning.audit import audit_record
from learning.events import staff_records_changed_send
from learning.models import AuditLogEntry, Organisation, StaffMember
from learning.privacy_copies import identity_copies_erase
from learning.staffing import current_on, has_left_by, left_by

ERROR_NOT_A_LEAVER = "This staff member has no leave date, so their record cannot be anonymised."
ERROR_NOT_LEFT_YET = "This staff member's leave date is in the future, so their record cannot be anonymised yet."
ERROR_ALREADY_ANONYMISED = "This staff record has already been anonymised."
ERROR_BAD_MONTHS = "The retention period must be a whole number of months, 1 or more."
ERROR_CANNOT_SAVE = "The anonymised record could not be saved, so nothing was changed: {problem}"

ANONYMISED_FIRST_NAME = "Former"
ANONYMISED_LAST_NAME = "staff member"
IDENTITY_FIELDS = ("first_name", "last_name", "email", "employee_number", "user", "anonymised_at")
VALIDATED_FIELDS = (*IDENTITY_FIELDS, "organisation")  # so the employee-number constraint is checked
# Rows that tie a sign-in account to a person: email addresses, single sign-on links, second factors
# and the admin profile (avatar). Deleted when the account is closed; apps not installed are skipped.
RELATED_ACCOUNT_MODELS = (
    ("account", "EmailAddress"),
    ("socialaccount", "SocialAccount"),
    ("mfa", "Authenticator"),
    ("wagtailusers", "UserProfile"),
)


class PrivacyError(ValueError):
    """The request cannot be carried out; the message says why in plain words."""


def anonymised_employee_number(staff_id: int) -> str:
    return f"ANON-{staff_id}"


def anonymised_login(staff_id: int) -> str:
    return f"anonymised-{staff_id}@invalid"


# --- reads -------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """Return the same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    try:
        return add_months(day, -months)
    except ValueError as exc:  # before year 1
        raise PrivacyError(ERROR_BAD_MONTHS) from exc


def retention_months_check(months) -> int:
    """Return ``months`` if it is a whole number of at least one, else raise PrivacyError."""
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise PrivacyError(ERROR_BAD_MONTHS)
    return months


def leavers_due_for_anonymisation(
    *, today: date, months: int, organisation: Organisation | None = None
) -> QuerySet[StaffMember]:
    """Return leavers not yet anonymised whose leave date is more than ``months`` months before ``today``.

    Someone who left exactly ``months`` months ago is not due until the next day.
    """
    cutoff = months_before(today, retention_months_check(months))
    leavers = StaffMember.objects.filter(leave_date__lt=cutoff, anonymised_at__isnull=True)
    if organisation is not None:
        leavers = leavers.filter(organisation=organisation)
    return leavers.select_related("organisation").order_by("organisation__name", "leave_date", "id")


def leaver_list(*, organisation_ids: set[int], today: date) -> QuerySet[StaffMember]:
    """Return staff in the organisations who have left by ``today`` and are not yet anonymised."""
    return (
        StaffMember.objects.filter(left_by(today), organisation_id__in=organisation_ids, anonymised_at__isnull=True)
        .select_related("organisation", "team")
        .order_by("organisation__name", "leave_date", "last_name", "id")
    )


def staff_get_for_privacy_admin(*, user, staff_id: int) -> StaffMember | None:
    """Return the staff record if the user may manage it, else None (so the caller can 404)."""
    return (
        StaffMember.objects.filter(id=staff_id, organisation_id__in=visibility.people_organisation_ids(user))
        .select_related("organisation", "team", "user")
        .first()
    )


def anonymise_refusal(staff: StaffMember, *, today: date) -> str | None:
    """Return why the record cannot be anonymised on ``today``, or None if it can."""
    if staff.anonymised_at is not None:
        return ERROR_ALREADY_ANONYMISED
    if staff.leave_date is None:
        return ERROR_NOT_A_LEAVER
    if not has_left_by(staff.leave_date, today):
        return ERROR_NOT_LEFT_YET
    return None


# --- writes ------------------------------------------------------------------------------------


def staff_anonymise(*, staff: StaffMember, actor, now: datetime | None = None) -> StaffMember:
    """Replace a leaver's identity, close their sign-in account and keep their learning history.

    Refuses (PrivacyError) a record with no leave date, a leave date still to come, or one that is
    already anonymised. Irreversible. Every other copy of the old identity goes too (Wagtail's log
    entries and revisions, the closed account's sessions: ``learning.privacy_copies``). Writes an
    "anonymise" audit entry that names the record only by its new employee number. Returns the
    anonymised record; ``staff`` is updated in place too.
    """
    now = now or timezone.now()
    with transaction.atomic():
        record = StaffMember.objects.select_for_update(of=("self",)).select_related("user").get(pk=staff.pk)
        refusal = anonymise_refusal(record, today=timezone.localdate(now))
        if refusal:
            raise PrivacyError(refusal)
        user = record.user
        before = {field: getattr(record, field) for field in ("first_name", "last_name", "email", "employee_number")}
        old_logins = () if user is None else (user.get_username(), getattr(user, user.get_email_field_name(), ""))
        record.first_name = ANONYMISED_FIRST_NAME
        record.last_name = ANONYMISED_LAST_NAME
        record.email = ""
        record.employee_number = anonymised_employee_number(record.id)
        record.user = None
        record.anonymised_at = now
        try:
            record.full_clean(exclude=[f.name for f in StaffMember._meta.fields if f.name not in VALIDATED_FIELDS])
        except ValidationError as exc:
            raise PrivacyError(ERROR_CANNOT_SAVE.format(problem="; ".join(exc.messages))) from exc
        record.save(update_fields=list(IDENTITY_FIELDS))
        # An anonymised record is no longer a current member of any cohort.
        staff_records_changed_send(
            organisation=record.organisation, today=timezone.localdate(now), staff_ids={record.id}
        )
        account, closed = "no sign-in account", False
        if user is not None:
            closed = _user_retire(user=user, staff=record, today=timezone.localdate(now))
            account = "sign-in account closed" if closed else "sign-in account kept for another current staff record"
        identity_copies_erase(
            staff=record,
            before=before,
            new_login=anonymised_login(record.id),
            closed_user=user if closed else None,
            old_logins=old_logins if closed else (),
        )
        audit_record(
            actor=actor,
            action=AuditLogEntry.Action.ANONYMISE,
            subject=f"Staff record {record.employee_number}",
            organisation=record.organisation,
            row_count=1,
            detail=f"Identity replaced; {account}; learning history kept.",
        )
    for field in IDENTITY_FIELDS:
        setattr(staff, field, getattr(record, field))
    return record


def _user_retire(*, user, staff: StaffMember, today: date) -> bool:
    """Deactivate and scrub the user unless they still have a current staff record elsewhere.

    Returns True if the account was closed.
    """
    still_current = (
        StaffMember.objects.filter(current_on(today), user=user, anonymised_at__isnull=True)
        .exclude(id=staff.id)
        .exists()
    )
    if still_current:
        return False
    placeholder = anonymised_login(staff.id)
    user_model = get_user_model()
    setattr(user, user_model.USERNAME_FIELD, placeholder)
    setattr(user, user_model.get_email_field_name(), placeholder)
    for name_field in ("first_name", "last_name"):
        if hasattr(user, name_field):
            setattr(user, name_field, "")
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    for label, model_name in RELATED_ACCOUNT_MODELS:
        try:
            model = apps.get_model(label, model_name)
        except LookupError:  # that app is not installed
            continue
        model.objects.filter(user=user).delete()
    return True
