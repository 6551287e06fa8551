"""The activity ids in xAPI statements are addresses of this site that stay the same when a page is renamed or
moved: each answers with a redirect to where the activity is now (404 once it is gone or not live)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Page

GONE = "This activity is no longer on the site."


def page_activity(request, page_id: int):
    """Redirect a course, lesson or assessment activity id to its live page."""
    page = Page.objects.live().public().filter(id=page_id).first()
    url = page.get_url(request=request) if page is not None else None
    if not url:
        raise Http404(GONE)
    return redirect(url)


def skill_level_activity(request, area_id: int, level: int):
    """Redirect a skill level's activity id to the learner's own skills page."""
    from assessments.models import SkillArea

    if not (0 <= level <= 4) or not SkillArea.objects.filter(id=area_id).exists():
        raise Http404(GONE)
    return redirect(reverse("assessments:my_skills"))
