"""Verifying issued credentials: tampering fails, revoked shows revoked, expired shows expired, and old keys
still verify after rotation. Each credential is also checked by the independent verifier and the schema."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from credentials import keys
from credentials.document import EvidenceFact
from credentials.issuing import award_issue
from credentials.models import Award, IssuerKey
from credentials.revocation import (
    ERROR_ALREADY_REVOKED,
    ERROR_NO_REASON,
    RevocationError,
    award_revoke,
    status_list_get,
)
from credentials.status_list import bit_is_set, bitstring_decode
from credentials.verification import EXPIRED, INVALID, REVOKED, VALID, credential_check
from tests.credentials.independent_verifier import verifies
from tests.credentials.issued import course_achievement, independently_verified, schema_errors, skill_achievement


@pytest.fixture
def award(staff, course):
    evidence = (EvidenceFact("Course completed", "Completed the course on 1 March 2027."),)
    return award_issue(
        staff=staff, achievement=course_achievement(course), evidence_at=timezone.now(), evidence=evidence
    )


def test_an_issued_credential_is_valid(award):
    assert credential_check(award.credential).state == VALID


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"]["achievement"].update(name="Something harder"),
        lambda c: c["issuer"].update(name="Another council"),
        lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="sha256$" + "0" * 64),
        lambda c: c["evidence"][0].update(narrative="Completed it twice."),
        lambda c: c["credentialStatus"].update(statusListIndex="999"),
        lambda c: c["proof"][0].update(created="2020-01-01T00:00:00Z"),
        lambda c: c.pop("evidence"),
    ],
    ids=["achievement", "issuer", "validFrom", "subject", "evidence", "status-index", "proof-created", "drop"],
)
def test_tampering_with_any_field_fails_verification(award, change):
    tampered = copy.deepcopy(award.credential)
    change(tampered)

    check = credential_check(tampered)
    assert check.state == INVALID and check.problem
    assert not independently_verified(award, tampered)


def test_a_revoked_award_shows_as_revoked_and_sets_its_bit(award, django_user_model):
    hr = django_user_model.objects.create(username="hr")

    award_revoke(award=award, reason="Issued by mistake", user=hr)

    award.refresh_from_db()
    assert award.revoked_reason == "Issued by mistake" and award.revoked_by == hr
    assert credential_check(award.credential).state == REVOKED
    status = status_list_get(award.issuer)
    assert bit_is_set(bitstring_decode(status["credentialSubject"]["encodedList"]), award.status_index)
    assert verifies(status, {status["proof"][0]["verificationMethod"]: keys.public_key_lookup(
        status["proof"][0]["verificationMethod"])})  # fmt: skip


def test_revoking_needs_a_reason_and_happens_once(award):
    with pytest.raises(RevocationError) as no_reason:
        award_revoke(award=award, reason="  ", user=None)
    assert str(no_reason.value) == ERROR_NO_REASON
    assert Award.objects.get(pk=award.pk).revoked_at is None

    award_revoke(award=award, reason="Mistake", user=None)
    with pytest.raises(RevocationError) as again:
        award_revoke(award=award, reason="Again", user=None)
    assert str(again.value).startswith(ERROR_ALREADY_REVOKED.split("{")[0])
    assert Award.objects.get(pk=award.pk).revoked_reason == "Mistake"


def test_revoking_one_award_leaves_the_others_valid(award, course):
    from tests.factories import StaffMemberFactory

    other = StaffMemberFactory(organisation=award.staff.organisation)
    second = award_issue(staff=other, achievement=award.achievement, evidence_at=timezone.now())

    award_revoke(award=award, reason="Mistake", user=None)

    assert credential_check(second.credential).state == VALID


def test_a_skill_badge_past_its_result_expiry_shows_as_expired(staff, area):
    from assessments.models import SkillResult

    SkillResult.objects.create(staff=staff, area=area, level=2, source="assessed")
    result = SkillResult.objects.get()
    award = award_issue(
        staff=staff, achievement=skill_achievement(area, 2), evidence_at=result.assessed_at,
        valid_until=result.expires_at,
    )  # fmt: skip

    assert credential_check(award.credential).state == VALID
    assert credential_check(award.credential, now=result.expires_at + timedelta(seconds=1)).state == EXPIRED


def test_key_rotation_keeps_old_credentials_verifiable(award, course):
    from tests.factories import StaffMemberFactory

    old_key = award.key
    new_key = keys.issuer_key_rotate(issuer=award.issuer)
    other = StaffMemberFactory(organisation=award.staff.organisation)
    later = award_issue(staff=other, achievement=award.achievement, evidence_at=timezone.now())

    assert later.key == new_key != old_key
    assert IssuerKey.objects.get(pk=old_key.pk).retired_at is not None
    assert IssuerKey.objects.filter(issuer=award.issuer, retired_at__isnull=True).count() == 1
    assert credential_check(award.credential).state == VALID
    assert credential_check(later.credential).state == VALID
    assert independently_verified(award) and independently_verified(later)
    assert later.credential["proof"][0]["verificationMethod"].endswith(new_key.public_key_multibase)


def test_a_credential_naming_a_key_we_do_not_hold_is_invalid(award):
    forged = copy.deepcopy(award.credential)
    forged["proof"][0]["verificationMethod"] = "https://elsewhere.example/issuer#z6MkForeign"

    assert credential_check(forged).state == INVALID


def test_secret_keys_are_stored_encrypted_and_need_the_setting(award):
    stored = bytes(award.key.secret_key_encrypted)
    seed = keys.secret_key_for(award.key)
    from credentials.multikey import secret_key_seed

    assert secret_key_seed(seed) not in stored
    with override_settings(UPSKILL_CREDENTIALS_KEY="another-secret"), pytest.raises(keys.IssuerKeyError):
        keys.secret_key_for(award.key)


def test_issued_credentials_validate_against_the_schema(award):
    assert schema_errors(award.credential) == []
    assert schema_errors(json.loads(json.dumps(award.credential))) == []


def test_the_rotation_command_gives_a_new_key_and_refuses_an_unknown_organisation(award):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from credentials.management.commands.rotate_issuer_key import ERROR_NO_ORGANISATION

    out = StringIO()
    call_command("rotate_issuer_key", award.staff.organisation.slug, stdout=out)

    active = IssuerKey.objects.get(issuer=award.issuer, retired_at__isnull=True)
    assert active != award.key and active.public_key_multibase in out.getvalue()
    assert credential_check(award.credential).state == VALID
    with pytest.raises(CommandError, match=ERROR_NO_ORGANISATION.format(slug="nowhere")):
        call_command("rotate_issuer_key", "nowhere")
    assert IssuerKey.objects.filter(issuer=award.issuer).count() == 2
