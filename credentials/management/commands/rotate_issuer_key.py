"""Give an organisation a new signing key; the old one is retired but stays published, so credentials verify."""

from django.core.management.base import BaseCommand, CommandError

from credentials.keys import issuer_get_or_create, issuer_key_rotate
from learning.models import Organisation

ERROR_NO_ORGANISATION = "There is no organisation with the slug {slug!r}."


class Command(BaseCommand):
    help = (
        "Retire the organisation's active Open Badges signing key and create a new one. Credentials signed with "
        "the old key name it and still verify; new credentials are signed with the new key."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's slug")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(ERROR_NO_ORGANISATION.format(slug=options["organisation"]))
        key = issuer_key_rotate(issuer=issuer_get_or_create(organisation=organisation))
        self.stdout.write(f"{organisation.name} now signs with {key.public_key_multibase}.")
