"""Give the demo a fortnight of reminders and digests (after seed_demo)."""

from django.core.management.base import BaseCommand

from notifications.demo import demo_messages_seed


class Command(BaseCommand):
    help = (
        "Give a few of the demo line manager's reports the demo course with dates agreed one to one, then sweep "
        "each of the last fourteen days as the daily job would, recording the messages as sent (no email is "
        "sent). Run after seed_demo; running it again the same day adds nothing."
    )

    def handle(self, *args, **options):
        added = demo_messages_seed()
        self.stdout.write(
            f"Reminders and digests for the last fortnight: {added} messages (Reminders > Sent messages)."
        )
