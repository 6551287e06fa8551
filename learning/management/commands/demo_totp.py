from django.core.management.base import BaseCommand

from learning.demo.seed import DEMO_TOTP_SECRET, demo_totp_code


class Command(BaseCommand):
    help = "Print the current sign-in code for the demo HR and admin accounts (demo only)."

    def handle(self, *args, **options):
        self.stdout.write(f"Current code: {demo_totp_code()}  (key for an authenticator app: {DEMO_TOTP_SECRET})")
