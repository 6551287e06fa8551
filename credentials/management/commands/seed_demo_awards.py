"""Give the demo its achievements and the demo learner an award (after seed_demo)."""

from django.core.management.base import BaseCommand

from credentials.demo import demo_awards_seed


class Command(BaseCommand):
    help = (
        "Create the demo achievements (the demo course, two skill levels), record an observed sign-off for the "
        "demo learner and issue the demo sign-ins' awards through the issuing code. Run after seed_demo; running "
        "it again adds nothing. Other people's awards are issued by the background worker within a minute."
    )

    def handle(self, *args, **options):
        issued = demo_awards_seed()
        self.stdout.write(f"Badges: {issued} issued to the demo sign-ins (My achievements).")
