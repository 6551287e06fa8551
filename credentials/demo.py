"""The demo's badges: achievements for the demo course, a programme and skill levels, and the demo learner's
first award (from a sign-off their line manager observed), issued by the same code the background task runs."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.models import SkillArea, SkillResult
from credentials.issuing import awards_issue_due
from credentials.models import Achievement
from learning.demo.seed import DEMO_LOGINS
from learning.models import CoursePage, StaffMember

DEMO_LEARNER = "learner@northbrook.example"
DEMO_MANAGER = "manager@northbrook.example"
COURSE_SLUG = "data-essentials"
SIGN_OFF_AREA = "digital-working-and-collaboration"
SIGN_OFF_LEVEL = 2


def achievements_create() -> list[Achievement]:
    """Create (once) the demo's achievements and return them."""
    created = []
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is not None:
        achievement, _ = Achievement.objects.get_or_create(
            kind=Achievement.Kind.COURSE,
            course=course,
            defaults={
                "name": f"{course.title}: course completed",
                "description": f"Completed every lesson and required knowledge check of {course.title}.",
                "criteria": "Complete all lessons of the course and pass its required knowledge checks.",
            },
        )
        created.append(achievement)
    for area in SkillArea.objects.filter(slug__in=[SIGN_OFF_AREA, "reading-and-interpreting-data"]):
        achievement, _ = Achievement.objects.get_or_create(
            kind=Achievement.Kind.SKILL_LEVEL,
            area=area,
            level=SIGN_OFF_LEVEL,
            defaults={
                "name": f"{area.name}: level {SIGN_OFF_LEVEL}",
                "description": f"Reached level {SIGN_OFF_LEVEL} in {area.name}.",
                "criteria": (
                    f"Reach level {SIGN_OFF_LEVEL} or above in {area.name} on the scored skills check, or through "
                    "a sign-off observed by your manager. Self-ratings do not count. Valid while the result is."
                ),
            },
        )
        created.append(achievement)
    return created


@transaction.atomic
def demo_awards_seed() -> int:
    """Create the achievements, record the demo learner's observed sign-off, and issue their awards."""
    achievements_create()
    learner = StaffMember.objects.filter(user__email=DEMO_LEARNER).first()
    area = SkillArea.objects.filter(slug=SIGN_OFF_AREA).first()
    if learner is None or area is None:
        return 0
    if not SkillResult.objects.filter(staff=learner, area=area, source=SkillResult.Source.OBSERVED).exists():
        manager = get_user_model().objects.filter(email=DEMO_MANAGER).first()
        SkillResult.objects.create(
            staff=learner, area=area, level=SIGN_OFF_LEVEL, source=SkillResult.Source.OBSERVED,
            assessed_at=timezone.now(), recorded_by=manager,
        )  # fmt: skip
    emails = [login.email for login in DEMO_LOGINS]
    demo_staff = StaffMember.objects.filter(user__email__in=emails).values_list("id", flat=True)
    return awards_issue_due(staff_ids=list(demo_staff)).issued
