"""Issuing rules: what earns an award, once per person and achievement, and what never does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import SkillResult
from credentials.issuing import ERROR_NO_EMAIL, AwardError, award_issue, awards_issue_due
from credentials.models import Award
from tests.assessments.test_services import answer_all
from tests.credentials.issued import (
    course_achievement,
    course_complete,
    independently_verified,
    programme_achievement,
    schema_errors,
    skill_achievement,
)
from tests.factories import StaffMemberFactory, course_with_lessons


def test_a_completed_course_earns_its_badge_once(staff, course):
    achievement = course_achievement(course)
    course_complete(staff, course)

    first = awards_issue_due()
    second = awards_issue_due()

    assert (first.issued, second.issued) == (1, 0)
    award = Award.objects.get(staff=staff, achievement=achievement)
    assert award.credential["credentialSubject"]["achievement"]["name"] == achievement.name
    assert "Completed the course" in award.credential["evidence"][0]["narrative"]
    assert schema_errors(award.credential) == []
    assert independently_verified(award)


def test_a_course_in_progress_earns_nothing(staff, course, lessons):
    course_achievement(course)
    from learning import services

    services.enrolment_create(staff=staff, course=course)
    services.lesson_complete(staff=staff, lesson=lessons[0], course=course, ordered_lesson_ids=[x.id for x in lessons])

    assert awards_issue_due().issued == 0
    assert not Award.objects.exists()


def test_the_credential_does_not_show_the_email_address(staff, course):
    course_achievement(course)
    course_complete(staff, course)
    awards_issue_due()
    award = Award.objects.get()
    text = str(award.credential)

    assert staff.user.email and staff.user.email not in text
    assert staff.user.email.split("@")[0] not in text
    assert staff.last_name not in text
    identity = award.credential["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")


def test_a_skill_level_from_a_scored_check_earns_its_badge(staff, skills_check, area):
    achievement = skill_achievement(area, 2)
    attempt = assessment_services.attempt_start(staff=staff, assessment=skills_check)
    answer_all(attempt)
    assessment_services.attempt_submit(attempt=attempt)

    assert awards_issue_due().issued == 1
    award = Award.objects.get(achievement=achievement)
    result = SkillResult.objects.get(staff=staff, area=area)
    assert award.valid_until == result.expires_at
    assert "validUntil" in award.credential
    assert "scored skills check" in award.credential["evidence"][0]["narrative"]
    assert schema_errors(award.credential) == []


def test_a_level_below_the_achievement_earns_nothing(staff, area):
    skill_achievement(area, 3)
    SkillResult.objects.create(staff=staff, area=area, level=2, source="assessed")

    assert awards_issue_due().issued == 0


def test_an_observed_sign_off_earns_the_badge(staff, area):
    achievement = skill_achievement(area, 4)
    SkillResult.objects.create(staff=staff, area=area, level=4, source="observed")

    awards_issue_due()

    award = Award.objects.get(achievement=achievement)
    assert "observed sign-off" in award.credential["evidence"][0]["narrative"]
    assert schema_errors(award.credential) == []


def test_a_self_rating_never_earns_a_badge(staff, area):
    skill_achievement(area, 1)
    SkillResult.objects.create(staff=staff, area=area, level=4, source="self_rated")

    assert awards_issue_due().issued == 0
    assert not Award.objects.exists()


def test_an_expired_result_earns_nothing(staff, area):
    skill_achievement(area, 1)
    long_ago = timezone.now() - timedelta(days=3 * 366)
    SkillResult.objects.create(staff=staff, area=area, level=3, source="assessed", assessed_at=long_ago)

    assert awards_issue_due().issued == 0


def test_a_programme_needs_every_course(staff):
    first, second = course_with_lessons(1, 1, slug="first"), course_with_lessons(1, 1, slug="second")
    programme = programme_achievement([first, second])
    course_complete(staff, first)

    assert awards_issue_due().issued == 0

    course_complete(staff, second)
    assert awards_issue_due().issued == 1
    award = Award.objects.get(achievement=programme)
    assert award.credential["credentialSubject"]["achievement"]["achievementType"] == "LearningProgram"
    assert "all 2 courses" in award.credential["evidence"][0]["narrative"]
    assert schema_errors(award.credential) == []
    assert independently_verified(award)


def test_achievements_not_issued_automatically_are_left_alone(staff, course):
    course_achievement(course, issued_automatically=False)
    course_complete(staff, course)

    assert awards_issue_due().issued == 0


def test_the_database_refuses_a_second_award_of_the_same_achievement(staff, course):
    achievement = course_achievement(course)
    course_complete(staff, course)
    award = award_issue(staff=staff, achievement=achievement, evidence_at=timezone.now())
    assert award_issue(staff=staff, achievement=achievement, evidence_at=timezone.now()) is None

    with pytest.raises(IntegrityError):
        Award.objects.create(
            staff=staff, achievement=achievement, issuer=award.issuer, key=award.key, credential={},
            evidence_at=timezone.now(), issued_at=timezone.now(), status_index=999,
        )  # fmt: skip


def test_each_award_of_an_issuer_has_its_own_status_index(course):
    achievement = course_achievement(course)
    people = [StaffMemberFactory() for _ in range(3)]
    organisation = people[0].organisation
    for person in people:
        person.organisation = organisation
        person.save()
        course_complete(person, course)

    awards_issue_due()

    indices = sorted(Award.objects.filter(achievement=achievement).values_list("status_index", flat=True))
    assert indices == [0, 1, 2]


def test_a_person_without_an_email_address_is_refused_and_nothing_is_stored(course):
    person = StaffMemberFactory(email="")
    person.user.email = ""
    person.user.save()
    achievement = course_achievement(course)

    with pytest.raises(AwardError) as refused:
        award_issue(staff=person, achievement=achievement, evidence_at=timezone.now())

    assert str(refused.value) == ERROR_NO_EMAIL.format(staff=person)
    assert not Award.objects.exists()
