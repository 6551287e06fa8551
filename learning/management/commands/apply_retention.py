"""Anonymise leavers whose leave date is older than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learning import privacy
from learning.models import Organisation

DEFAULT_RETENTION_MONTHS = 24
ERROR_UNKNOWN_ORGANISATION = "There is no organisation with the slug {slug!r}."
ERROR_BAD_SETTING = (
    "The UPSKILL_RETENTION_MONTHS setting must be a whole number of months, 1 or more (it is {value!r})."
)


class Command(BaseCommand):
    help = (
        "Anonymise leavers whose leave date is more than N months ago (default: the UPSKILL_RETENTION_MONTHS "
        "setting, else 24). Their learning history is kept for organisation figures; their identity is not."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, help="Retention period in months (1 or more).")
        parser.add_argument("--dry-run", action="store_true", help="List who would be anonymised; change nothing.")
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation's leavers.")

    def handle(self, *args, months=None, dry_run=False, organisation=None, **options):
        months = self._months(months)
        org = None
        if organisation is not None:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(ERROR_UNKNOWN_ORGANISATION.format(slug=organisation))
        today = timezone.localdate()
        try:
            cutoff = privacy.months_before(today, months)
        except privacy.PrivacyError as exc:
            raise CommandError(str(exc)) from exc
        due = list(privacy.leavers_due_for_anonymisation(today=today, months=months, organisation=org))
        verb = "Would anonymise" if dry_run else "Anonymised"
        done = 0
        for staff in due:
            line = (
                f"{staff.organisation.name}: staff record {staff.id} ({staff.employee_number}), left {staff.leave_date}"
            )
            if dry_run:
                self.stdout.write(f"{verb} {line}")
                done += 1
                continue
            try:
                privacy.staff_anonymise(staff=staff, actor=None)
            except privacy.PrivacyError as exc:  # changed by someone else since it was selected
                self.stderr.write(f"Skipped {line}: {exc}")
                continue
            self.stdout.write(f"{verb} {line}")
            done += 1
        scope = f" in {org.name}" if org else ""
        summary = f"{verb} {done} leaver{'s' if done != 1 else ''}{scope} who left before {cutoff} ({months} months)."
        if dry_run:
            summary = f"Dry run, nothing changed. {summary}"
        self.stdout.write(self.style.SUCCESS(summary))

    def _months(self, months) -> int:
        if months is None:
            setting = getattr(settings, "UPSKILL_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS)
            try:
                return privacy.retention_months_check(setting)
            except privacy.PrivacyError as exc:
                raise CommandError(ERROR_BAD_SETTING.format(value=setting)) from exc
        try:
            return privacy.retention_months_check(months)
        except privacy.PrivacyError as exc:
            raise CommandError(str(exc)) from exc
