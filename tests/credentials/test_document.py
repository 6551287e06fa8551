"""Building the credential (pure): the holder's address appears only as a salted hash anyone holding it can
reproduce, skill badges carry validUntil, and bad input is refused."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from credentials.document import (
    ERROR_NAIVE_TIME,
    ERROR_NO_EMAIL,
    CredentialDocumentError,
    CredentialFacts,
    EvidenceFact,
    credential_build,
    identity_hash,
)

FACTS = CredentialFacts(
    credential_id="https://upskill.example/credentials/abc/",
    issuer_id="https://upskill.example/credentials/issuers/def/",
    issuer_name="North Council",
    issuer_homepage="https://upskill.example/",
    achievement_id="https://upskill.example/credentials/achievements/1/",
    achievement_kind="skill_level",
    achievement_name="Reading data: level 2",
    achievement_description="Reached level 2.",
    criteria="Reach level 2 on a scored check.",
    email="Ada.Learner@North.example ",
    salt="0123abcd",
    valid_from=datetime(2027, 3, 1, 9, 30, tzinfo=UTC),
    valid_until=datetime(2029, 3, 1, tzinfo=UTC),
    status_list_url="https://upskill.example/credentials/issuers/def/status/",
    status_index=7,
    evidence=(EvidenceFact("Skills check", "Reached level 2 on 1 March 2027."),),
)


def test_the_holder_is_a_salted_hash_of_the_address_the_holder_can_reproduce():
    credential = credential_build(FACTS)
    identity = credential["credentialSubject"]["identifier"][0]

    expected = "sha256$" + hashlib.sha256(b"ada.learner@north.example0123abcd").hexdigest()
    assert identity["identityHash"] == expected == identity_hash("ada.learner@north.example", "0123abcd")
    assert "ada.learner" not in str(credential).lower()


def test_a_skill_badge_says_until_when_and_where_its_status_is():
    credential = credential_build(FACTS)

    assert credential["validFrom"] == "2027-03-01T09:30:00Z"
    assert credential["validUntil"] == "2029-03-01T00:00:00Z"
    assert credential["credentialSubject"]["achievement"]["achievementType"] == "Competency"
    assert credential["credentialStatus"]["statusListIndex"] == "7"
    assert credential["credentialStatus"]["id"].endswith("/status/#7")


def test_no_email_address_is_refused():
    with pytest.raises(CredentialDocumentError, match=ERROR_NO_EMAIL):
        credential_build(CredentialFacts(**{**FACTS.__dict__, "email": "  "}))


def test_a_naive_time_is_refused():
    naive = datetime(2027, 3, 1) + timedelta(hours=1)
    with pytest.raises(CredentialDocumentError, match=ERROR_NAIVE_TIME):
        credential_build(CredentialFacts(**{**FACTS.__dict__, "valid_from": naive}))
