"""In-process half of the "sign-in" suite: create the learners who sign in (``python -m bench.sign_in_people``).

Every learner gets the same password, hashed once with the production hasher (so each sign-in costs what a
real one does), a verified email address and a staff record in one organisation.
"""

from __future__ import annotations

from bench.inprocess import cli

DOMAIN = "rush.example"


def create(count: int, password: str) -> dict:
    """Create ``count`` learners with ``password``; return their emails."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from learning.models import Organisation, StaffMember

    User = get_user_model()
    hashed = make_password(password)
    emails = [f"learner{n:04d}@{DOMAIN}" for n in range(count)]
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Rush Hospital NHS Trust", slug="rush", email_domains=DOMAIN)
        users = User.objects.bulk_create(User(username=e, email=e, password=hashed) for e in emails)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
        )
        StaffMember.objects.bulk_create(
            StaffMember(
                organisation=organisation,
                user=u,
                employee_number=f"R{n:05d}",
                first_name="Learner",
                last_name=f"{n:04d}",
                email=u.email,
            )  # fmt: skip
            for n, u in enumerate(users)
        )
    return {"emails": emails}


if __name__ == "__main__":
    cli(__doc__, {"create": create}, {"count": int, "password": str})
