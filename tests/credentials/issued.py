"""Helpers for tests of issued credentials: achievements, completing a course for real, the schema check,
and verification through the independent verifier with the issuer profile the platform serves."""

from __future__ import annotations

import json
from functools import cache

from django.test import Client
from jsonschema import Draft201909Validator

from credentials.models import Achievement, Award
from learning import services as learning_services
from learning.selectors import lesson_list_for_course
from tests.credentials import independent_verifier
from tests.credentials.vector import SCHEMA


def course_achievement(course, **kwargs) -> Achievement:
    defaults = {"name": f"{course.title} badge", "description": "Completed the course.", "criteria": "Complete it."}
    return Achievement.objects.create(kind=Achievement.Kind.COURSE, course=course, **{**defaults, **kwargs})


def skill_achievement(area, level: int, **kwargs) -> Achievement:
    defaults = {"name": f"{area.name} level {level}", "description": "Reached the level.", "criteria": "Reach it."}
    kind = Achievement.Kind.SKILL_LEVEL
    return Achievement.objects.create(kind=kind, area=area, level=level, **{**defaults, **kwargs})


def programme_achievement(courses, **kwargs) -> Achievement:
    defaults = {"name": "Data academy", "description": "Completed the programme.", "criteria": "Complete all."}
    achievement = Achievement.objects.create(kind=Achievement.Kind.PROGRAMME, **{**defaults, **kwargs})
    achievement.courses.set(courses)
    return achievement


def course_complete(staff, course) -> None:
    """Complete every lesson of ``course`` through the learning service, as the learner's clicks do."""
    learning_services.enrolment_create(staff=staff, course=course)
    lessons = lesson_list_for_course(course)
    for lesson in lessons:
        learning_services.lesson_complete(
            staff=staff, lesson=lesson, course=course, ordered_lesson_ids=[item.id for item in lessons]
        )


@cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def schema_errors(credential: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(credential)]


def independently_verified(award: Award, credential: dict | None = None) -> bool:
    """Check a credential with the spec-written verifier, using the keys the issuer profile URL publishes."""
    response = Client().get(f"/credentials/issuers/{award.issuer.public_id}/")
    assert response.status_code == 200
    profile = json.loads(response.content)
    keys = {
        method["id"]: independent_verifier.ed25519_from_multikey(method["publicKeyMultibase"])
        for method in profile["verificationMethod"]
    }
    return independent_verifier.verifies(credential if credential is not None else award.credential, keys)
