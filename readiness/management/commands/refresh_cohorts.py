"""Re-apply every cohort's membership rules: run daily so that leave dates reached overnight close spells."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learning.models import Organisation
from readiness.cohorts import cohort_memberships_refresh_all

ERROR_UNKNOWN_ORGANISATION = "There is no organisation with the slug {slug!r}."


class Command(BaseCommand):
    help = (
        "Re-apply every cohort's rules (teams with their sub-teams, roles, bands, start dates, hand-picked staff): "
        "open spells for new matches, close them for leavers and people who no longer match, enrol newcomers on "
        "the cohort's courses. Staff imports and edits do this already; schedule it daily for leave dates that "
        "arrive on their own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation's cohorts.")

    def handle(self, *args, organisation=None, **options):
        organisations = Organisation.objects.order_by("name")
        if organisation is not None:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(ERROR_UNKNOWN_ORGANISATION.format(slug=organisation))
        totals = {"cohorts": 0, "joined": 0, "left": 0, "enrolled": 0}
        with transaction.atomic():  # all organisations or none
            for org in organisations:
                for slug, change in cohort_memberships_refresh_all(organisation=org).items():
                    totals["cohorts"] += 1
                    for key in ("joined", "left", "enrolled"):
                        totals[key] += getattr(change, key)
                    if change.joined or change.left or change.enrolled:
                        self.stdout.write(
                            f"{org.name} / {slug}: {change.joined} joined, {change.left} left, "
                            f"{change.enrolled} enrolled"
                        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Refreshed {totals['cohorts']} cohort{'s' if totals['cohorts'] != 1 else ''}: "
                f"{totals['joined']} joined, {totals['left']} left, {totals['enrolled']} newly enrolled."
            )
        )
