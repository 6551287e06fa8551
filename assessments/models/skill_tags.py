"""Skill tags: which skill area, at which level, a lesson or a course builds.

The tags live here rather than in ``learning`` because they point at ``SkillArea`` and ``learning`` may not
import ``assessments``. They are child rows of the page (``ParentalKey``), so they are edited on the page's own
form, saved in its revisions and go live when the page is published (``assessments/skill_tag_panels.py`` adds
the panel to the lesson and course forms).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from assessments.models.framework import SkillArea

TAG_LEVEL_CHOICES = [
    (1, "1 – Awareness"),
    (2, "2 – Working"),
    (3, "3 – Practitioner"),
    (4, "4 – Champion"),
]
LEVEL_HELP = "The level a learner works towards with this page: someone one level below it should take it next."


class SkillTag(Orderable):
    """One skill area and level that a page builds."""

    area = models.ForeignKey(SkillArea, on_delete=models.CASCADE, related_name="+", verbose_name="skill area")
    level = models.PositiveSmallIntegerField(
        choices=TAG_LEVEL_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=LEVEL_HELP,
    )

    panels = [FieldPanel("area"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.area} – level {self.level}"


class LessonSkillTag(SkillTag):
    """A skill area and level that one lesson builds."""

    page = ParentalKey("learning.LessonPage", on_delete=models.CASCADE, related_name="skill_tags")

    class Meta(SkillTag.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "area", "level"], name="lesson_skill_tag_once"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="lesson_skill_tag_level"),
        ]
        indexes = [models.Index(fields=["area", "level"], name="lesson_skill_tag_lookup")]


class CourseSkillTag(SkillTag):
    """A skill area and level that a whole course builds."""

    page = ParentalKey("learning.CoursePage", on_delete=models.CASCADE, related_name="skill_tags")

    class Meta(SkillTag.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "area", "level"], name="course_skill_tag_once"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="course_skill_tag_level"),
        ]
        indexes = [models.Index(fields=["area", "level"], name="course_skill_tag_lookup")]


SCORM_AWARD_HELP = "The level a learner is recorded at in this area when the SCORM package reports a pass."


class ScormSkillAward(Orderable):
    """A skill area and level that passing a SCORM lesson gives, recorded as an assessed result."""

    page = ParentalKey("learning.ScormLessonPage", on_delete=models.CASCADE, related_name="skill_awards")
    area = models.ForeignKey(SkillArea, on_delete=models.CASCADE, related_name="+", verbose_name="skill area")
    level = models.PositiveSmallIntegerField(
        choices=TAG_LEVEL_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(4)], help_text=SCORM_AWARD_HELP
    )

    panels = [FieldPanel("area"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "area"], name="scorm_skill_award_once_per_area"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="scorm_skill_award_level"),
        ]

    def __str__(self) -> str:
        return f"{self.area} – level {self.level} on a pass"
