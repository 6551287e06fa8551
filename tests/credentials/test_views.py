"""The public verification page and documents, My achievements, certificates, and HR's award screens."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from credentials.admin_forms import ERROR_COURSE_NEEDED, ERROR_PROGRAMME_NEEDED
from credentials.document import EvidenceFact
from credentials.issuing import award_issue
from credentials.models import Achievement, Award
from credentials.revocation import ERROR_NO_REASON, award_revoke
from tests.credentials.issued import course_achievement, course_complete, skill_achievement
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.factories.learning import mfa_activate


@pytest.fixture
def award(staff, course):
    evidence = (EvidenceFact("Course completed", "Completed the course “Reading data” on 1 March 2027."),)
    return award_issue(
        staff=staff, achievement=course_achievement(course), evidence_at=timezone.now(), evidence=evidence
    )


def hr_for(organisation):
    person = StaffMemberFactory(organisation=organisation)
    person.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(person.user)
    client = Client()
    client.force_login(person.user)
    return client


def test_the_verification_page_needs_no_sign_in_and_says_valid(award):
    response = Client().get(f"/credentials/{award.public_id}/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in text and award.achievement.name in text
    assert award.staff.organisation.name in text
    assert award.staff.user.email not in text and award.staff.last_name not in text
    assert "<script" not in text.split("</head>")[1]  # the page works without JavaScript


def test_the_verification_page_says_revoked(award):
    award_revoke(award=award, reason="Issued to the wrong person", user=None)

    text = Client().get(f"/credentials/{award.public_id}/").content.decode()

    assert "Revoked" in text
    assert "Issued to the wrong person" not in text  # the reason is for HR and the holder, not the public


def test_an_unknown_credential_is_404(db):
    assert Client().get(f"/credentials/{uuid.uuid4()}/").status_code == 404
    assert Client().get(f"/credentials/{uuid.uuid4()}/credential.json").status_code == 404
    assert Client().get(f"/credentials/issuers/{uuid.uuid4()}/").status_code == 404
    assert Client().get("/credentials/not-a-uuid/").status_code == 404


def test_the_credential_json_downloads_as_signed(award):
    response = Client().get(f"/credentials/{award.public_id}/credential.json")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == award.credential


def test_the_issuer_profile_and_status_list_are_published(award):
    profile = Client().get(f"/credentials/issuers/{award.issuer.public_id}/").json()
    status = Client().get(f"/credentials/issuers/{award.issuer.public_id}/status/").json()

    assert profile["id"] == award.credential["issuer"]["id"]
    assert [m["publicKeyMultibase"] for m in profile["verificationMethod"]] == [award.key.public_key_multibase]
    assert status["id"] == award.credential["credentialStatus"]["statusListCredential"]
    assert "BitstringStatusListCredential" in status["type"]


def test_my_achievements_lists_only_my_awards(award, client):
    someone_else = StaffMemberFactory()
    client.force_login(someone_else.user)
    assert award.achievement.name not in client.get("/learning/achievements/").content.decode()

    client.force_login(award.staff.user)
    text = client.get("/learning/achievements/").content.decode()
    assert award.achievement.name in text
    assert f"/learning/achievements/{award.public_id}/certificate.pdf" in text
    assert f"/credentials/{award.public_id}/" in text


def test_my_learning_my_skills_and_the_navigation_link_to_my_achievements(staff, client):
    client.force_login(staff.user)
    for url in ("/learning/", "/learning/skills/"):
        assert 'href="/learning/achievements/"' in client.get(url).content.decode()


def test_the_certificate_is_a_tagged_pdf_with_real_text_and_the_verification_address(award, client):
    client.force_login(award.staff.user)

    response = client.get(f"/learning/achievements/{award.public_id}/certificate.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert award.achievement.name in text
    assert award.staff.first_name in text
    assert str(award.public_id) in text.replace(" ", "")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")


def test_the_holder_sees_why_their_award_was_revoked(award, client):
    award_revoke(award=award, reason="Completed on someone else's account", user=None)
    client.force_login(award.staff.user)

    text = client.get("/learning/achievements/").content.decode()

    assert "Revoked" in text and "Completed on someone else&#x27;s account" in text


def test_deleting_the_staff_record_keeps_the_credential_verifiable(award):
    from credentials.verification import VALID, credential_check

    award.staff.delete()

    award.refresh_from_db()
    assert award.staff is None
    assert credential_check(award.credential).state == VALID
    assert "Valid" in Client().get(f"/credentials/{award.public_id}/").content.decode()


def test_an_awarded_achievement_cannot_be_deleted(award, django_user_model):
    from credentials.wagtail_hooks import ERROR_ACHIEVEMENT_AWARDED

    admin = django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client = Client()
    client.force_login(admin)

    response = client.post(f"/admin/achievement/delete/{award.achievement.pk}/", follow=True)

    sentence = ERROR_ACHIEVEMENT_AWARDED.split(". ")[1].split(" (")[0]  # "It cannot be deleted while anyone holds it"
    assert sentence.startswith("It cannot be deleted") and sentence in response.content.decode()
    assert Achievement.objects.filter(pk=award.achievement.pk).exists()


def test_someone_elses_certificate_is_404(award, client):
    client.force_login(StaffMemberFactory().user)
    assert client.get(f"/learning/achievements/{award.public_id}/certificate.pdf").status_code == 404
    assert Client().get(f"/learning/achievements/{award.public_id}/certificate.pdf").status_code == 302


def test_hr_revokes_an_award_of_their_organisation_with_a_reason(award):
    hr = hr_for(award.staff.organisation)
    listing = hr.get("/admin/award/").content.decode()
    assert award.staff.last_name in listing and f"/admin/award/edit/{award.pk}/" in listing

    refused = hr.post(f"/admin/award/edit/{award.pk}/", {"revoked_reason": ""})
    assert ERROR_NO_REASON in refused.content.decode()
    assert Award.objects.get(pk=award.pk).revoked_at is None

    hr.post(f"/admin/award/edit/{award.pk}/", {"revoked_reason": "Completed by someone else"})
    award.refresh_from_db()
    assert award.revoked_at is not None and award.revoked_reason == "Completed by someone else"
    assert "Revoked" in Client().get(f"/credentials/{award.public_id}/").content.decode()


def test_hr_of_another_organisation_gets_404_and_changes_nothing(award):
    hr = hr_for(OrganisationFactory())

    listing = hr.get("/admin/award/").content.decode()
    assert award.staff.last_name not in listing and f"/admin/award/edit/{award.pk}/" not in listing
    assert hr.get(f"/admin/award/edit/{award.pk}/").status_code == 404
    assert hr.get(f"/admin/award/inspect/{award.pk}/").status_code == 404
    assert hr.post(f"/admin/award/edit/{award.pk}/", {"revoked_reason": "x"}).status_code == 404
    assert Award.objects.get(pk=award.pk).revoked_at is None


def test_nobody_adds_or_deletes_awards_by_hand(award, django_user_model):
    admin = django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client = Client()
    client.force_login(admin)

    assert client.get("/admin/award/new/").status_code in (302, 403, 404)
    assert client.post(f"/admin/award/delete/{award.pk}/").status_code in (302, 403, 404)
    assert Award.objects.filter(pk=award.pk).exists()


def test_an_achievement_must_match_its_kind(db, course, django_user_model):
    admin = django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client = Client()
    client.force_login(admin)
    base = {"name": "Badge", "description": "d", "criteria": "c", "issued_automatically": "on"}

    no_course = client.post("/admin/achievement/new/", {**base, "kind": "course"})
    one_course = client.post("/admin/achievement/new/", {**base, "kind": "programme", "courses": [course.pk]})

    assert ERROR_COURSE_NEEDED in no_course.content.decode()
    assert ERROR_PROGRAMME_NEEDED in one_course.content.decode()
    assert not Achievement.objects.exists()
    client.post("/admin/achievement/new/", {**base, "kind": "course", "course": course.pk})
    assert Achievement.objects.get().course_id == course.pk


def test_certificates_sit_beside_the_completed_course_and_the_skill_area(staff, course, area, client):
    """My learning links a completed course's certificate, My skills each level's; a revoked one is not offered."""
    course_complete(staff, course)
    at = timezone.now()
    fact = (EvidenceFact("Evidence", "Seen."),)
    course_award = award_issue(staff=staff, achievement=course_achievement(course), evidence_at=at, evidence=fact)
    level_two = award_issue(staff=staff, achievement=skill_achievement(area, 2), evidence_at=at, evidence=fact)
    revoked = award_issue(staff=staff, achievement=skill_achievement(area, 1), evidence_at=at, evidence=fact)
    award_revoke(award=revoked, reason="Issued in error", user=None)
    client.force_login(staff.user)
    learning = client.get("/learning/").content.decode()
    assert f"/learning/achievements/{course_award.public_id}/certificate.pdf" in learning
    skills = client.get("/learning/skills/").content.decode()
    assert f"/learning/achievements/{level_two.public_id}/certificate.pdf" in skills
    assert str(revoked.public_id) not in skills and str(course_award.public_id) not in skills
    other = StaffMemberFactory(organisation=staff.organisation)
    client.force_login(other.user)  # someone else sees none of them
    assert "certificate.pdf" not in client.get("/learning/").content.decode()
