"""The demo: the demo learner holds a valid skill badge, issued by the issuing code, and running again adds nothing."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from credentials.demo import DEMO_LEARNER
from credentials.models import Achievement, Award
from credentials.verification import VALID, credential_check
from tests.credentials.issued import independently_verified, schema_errors


@pytest.mark.django_db
def test_the_demo_learner_has_a_valid_badge_after_seeding():
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        call_command("seed_demo_awards", stdout=quiet)
        count = Award.objects.count()
        call_command("seed_demo_awards", stdout=quiet)

    assert Award.objects.count() == count
    assert Achievement.objects.filter(kind="course").exists()
    award = Award.objects.get(staff__user__email=DEMO_LEARNER)
    assert award.achievement.kind == Achievement.Kind.SKILL_LEVEL
    assert "observed sign-off" in award.credential["evidence"][0]["narrative"]
    assert credential_check(award.credential).state == VALID
    assert schema_errors(award.credential) == []
    assert independently_verified(award)
