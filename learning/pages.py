"""Course content as Wagtail pages: CourseIndexPage -> CoursePage -> ModulePage -> LessonPage."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.mixins import SignInRequiredMixin
from learning.blocks import lesson_blocks

SKILL_AREA_CHOICES = [
    ("digital-working-and-collaboration", "Digital working and collaboration"),
    ("finding-judging-and-managing-information", "Finding, judging and managing information"),
    ("reading-and-interpreting-data", "Reading and interpreting data"),
    ("communicating-and-deciding-with-data", "Communicating and deciding with data"),
    ("data-protection-security-and-ethics", "Data protection, security and ethics"),
    ("using-ai-responsibly", "Using AI responsibly"),
]


class CourseIndexPage(Page):
    """The catalogue editors use to list every published course."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["learning.CoursePage"]
    max_count_per_parent = 1
    admin_default_ordering = "ord"  # the admin lists courses as the catalogue does
    template = "learning/course_index_page.html"

    def get_context(self, request, *args, **kwargs):
        """Add the live courses under this catalogue, each with its length worked out from its lessons."""
        from learning import selectors

        context = super().get_context(request, *args, **kwargs)
        courses = list(CoursePage.objects.live().public().child_of(self).order_by("path"))
        minutes = selectors.course_minutes_for_courses(courses)
        context["courses"] = [(course, minutes.get(course.id, 0)) for course in courses]
        return context


class CoursePage(Page):
    """A course editors publish: its outline, outcomes and the skill areas it builds.

    Its length is not typed in: it is the sum of its live lessons' minutes (``selectors.course_minutes_*``).
    """

    summary = models.TextField(help_text="One or two sentences shown in listings.")
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=200, icon="tick"))],
        blank=True,
        use_json_field=True,
        help_text="What learners will be able to do, one item each.",
    )
    skill_areas = StreamField(
        [("skill_area", blocks.ChoiceBlock(choices=SKILL_AREA_CHOICES, icon="tag"))],
        blank=True,
        use_json_field=True,
        help_text="The skill areas this course builds.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("outcomes"),
        FieldPanel("skill_areas"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("intro")]
    parent_page_types = ["learning.CourseIndexPage"]
    subpage_types = ["learning.ModulePage"]
    admin_default_ordering = "ord"  # modules in course order, not newest first
    template = "learning/course_page.html"

    @property
    def skill_area_labels(self) -> list[str]:
        """Return the display names of the skill areas this course builds."""
        names = dict(SKILL_AREA_CHOICES)
        return [names.get(block.value, block.value) for block in self.skill_areas]

    def get_context(self, request, *args, **kwargs):
        """Add the outline with this learner's progress."""
        from learning import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.course_outline_for_request(course=self, request=request))
        return context


class ModulePage(Page):
    """A module groups the lessons of a course into one theme."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = ["learning.LessonPage", "learning.ScormLessonPage", "assessments.AssessmentPage"]
    admin_default_ordering = "ord"  # lessons in course order, not newest first
    template = "learning/module_page.html"

    def get_context(self, request, *args, **kwargs):
        """Add the module's live lessons."""
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.live().child_of(self).order_by("path").defer("body")
        return context


class LessonPage(SignInRequiredMixin, Page):
    """A lesson learners read and mark complete; its body may include practice questions."""

    summary = models.CharField(max_length=300, blank=True)
    estimated_minutes = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    body = StreamField(lesson_blocks(), use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["learning.ModulePage"]
    subpage_types: list[str] = []
    template = "learning/lesson_page.html"
    completed_by_learner = True  # the learner marks it complete (a SCORM lesson's package does instead)

    def get_context(self, request, *args, **kwargs):
        """Add the course position, navigation and this learner's progress."""
        from learning import services

        context = super().get_context(request, *args, **kwargs)
        context.update(services.lesson_open(lesson=self, request=request))
        return context
