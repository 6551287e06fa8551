"""The SCORM lesson: a lesson page whose content is an uploaded SCORM package instead of a body."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel

from learning.pages import LessonPage
from learning.scorm.forms import ScormLessonPageForm
from learning.scorm.models import ScormPackageVersion


class ScormLessonPage(LessonPage):
    """A lesson editors fill with a SCORM 1.2 or 2004 package; it counts toward its course like any lesson.

    It is a ``LessonPage`` (a child table), so progress, the outline and course completion treat it as a lesson.
    """

    package_version = models.ForeignKey(
        ScormPackageVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons"
    )
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text="Who made the package and under which licence, shown below it (required by licences such as CC BY).",
    )

    content_panels = [
        *LessonPage.content_panels[:3],  # title, summary, estimated minutes
        FieldPanel("package_file"),
        FieldPanel("attribution"),
    ]
    base_form_class = ScormLessonPageForm
    parent_page_types = ["learning.ModulePage"]
    subpage_types: list[str] = []
    template = "learning/scorm/scorm_lesson_page.html"
    completed_by_learner = False  # the package's own status completes it (services.attempt_commit)

    class Meta:
        verbose_name = "SCORM lesson"

    def full_clean(self, *args, exclude=None, **kwargs):
        """Validate as a lesson, except the body: a SCORM lesson's content is its package."""
        exclude = {*(exclude or ()), "body"}
        return super().full_clean(*args, exclude=exclude, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Add the lesson context (``LessonPage``) and the learner's attempt and player settings."""
        from learning.scorm import content, selectors

        context = super().get_context(request, *args, **kwargs)
        staff_id = context.get("staff")
        context.update(selectors.scorm_lesson_context(lesson=self, staff_id=staff_id))
        if staff_id and self.package_version_id:  # never on the content host: ContentHostMiddleware answers 404
            context["scorm_launch_url"] = content.player_url(
                request=request, version_id=self.package_version_id, staff_id=staff_id
            )
            context["scorm_content_origin"] = content.content_origin_for(request)
        return context
