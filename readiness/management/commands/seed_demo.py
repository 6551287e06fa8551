from django.core.management.base import BaseCommand

from learning.demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET, unclaimed_staff
from readiness.demo.seed import demo_seed


class Command(BaseCommand):
    help = "Load the demo content, organisations, staff and progress (safe to run again)."

    def handle(self, *args, **options):
        summary = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready: {summary['staff']} staff records, course “{summary['course'].title}”.")
        )
        self.stdout.write("Cohorts (Readiness > Cohorts in the admin):")
        for cohort in summary["cohorts"]:
            members = cohort.memberships.filter(left_on__isnull=True).count()
            self.stdout.write(f"  {cohort.organisation.name}: {cohort.name} ({cohort.slug}), {members} members")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for login in summary["logins"]:
            self.stdout.write(f"  {login.role:<13} {login.email}")
        self.stdout.write(
            "HR and admin sign-ins also ask for a code: run `.venv/bin/python manage.py demo_totp` "
            f"or add the key {DEMO_TOTP_SECRET} to an authenticator app."
        )
        self.stdout.write("Staff records without an account (try sign-up, or single sign-on with `make demo SSO=1`):")
        for record in unclaimed_staff():
            self.stdout.write(f"  {record.organisation.name}: {record.email}")
