"""Certificates where a learner looks for them: beside a completed course on My learning and beside a skill area
on My skills. Those pages belong to apps below this one, so they load this tag by name (as they name
``credentials:my_achievements``) and ``learning`` and ``assessments`` import nothing from here."""

from __future__ import annotations

from django import template

from credentials.models import Achievement
from credentials.selectors import award_list_for_user

register = template.Library()


def _awards_by_evidence(request) -> dict[tuple[str, int], list]:
    """The signed-in person's awards that stand (not revoked), keyed by course or skill area: one query a page."""
    cached = getattr(request, "_awards_by_evidence", None)
    if cached is None:
        cached = {}
        for award in award_list_for_user(request.user).filter(revoked_at__isnull=True):
            achievement = award.achievement
            if achievement.kind == Achievement.Kind.COURSE:
                cached.setdefault(("course", achievement.course_id), []).append(award)
            elif achievement.kind == Achievement.Kind.SKILL_LEVEL:
                cached.setdefault(("area", achievement.area_id), []).append(award)
        request._awards_by_evidence = cached
    return cached


@register.simple_tag(takes_context=True)
def awards_for(context, kind: str, key: int) -> list:
    """The learner's standing awards for a course (``"course", course id``) or a skill area (``"area", area id``)."""
    request = context.get("request")
    if request is None:
        return []
    return _awards_by_evidence(request).get((kind, key), [])
