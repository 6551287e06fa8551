"""Put the "Skills this builds" panel on the lesson and course edit forms.

``learning`` may not import ``assessments``, so its page models cannot name the tag models. The tags are child
rows of the page (``assessments.models.skill_tags``); this module adds an ``InlinePanel`` for them to the
pages' ``content_panels`` when the app loads (``AssessmentsConfig.ready``), before Wagtail first builds an edit
form (``Page.get_edit_handler`` is built once, on first use). Editors then tag a lesson on its own form, the
tags are kept in the page's revisions and go live, with the rest of the page, when it is published.
"""

from __future__ import annotations

from wagtail.admin.panels import InlinePanel

PANEL_HEADINGS = {
    "lesson": "Skills this lesson builds",
    "course": "Skills this course builds",
}
PANEL_HELP = (
    "Each row names a skill area and the level a learner reaches with this {kind}. Skills checks and "
    '"My skills" suggest it to learners one level below that in the area, until they complete it.'
)


def skill_tag_panel(kind: str) -> InlinePanel:
    """Return the inline panel editors use to tag a page of ``kind`` ("lesson" or "course")."""
    return InlinePanel(
        "skill_tags",
        heading=PANEL_HEADINGS[kind],
        label="Skill",
        help_text=PANEL_HELP.format(kind=kind),
    )


def skill_tag_panels_attach() -> None:
    """Add the tag panel to the lesson and course forms once (safe to call again)."""
    from learning.pages import CoursePage, LessonPage

    for model, kind in ((LessonPage, "lesson"), (CoursePage, "course")):
        if any(getattr(panel, "relation_name", None) == "skill_tags" for panel in model.content_panels):
            continue
        model.content_panels = [*model.content_panels, skill_tag_panel(kind)]


SCORM_AWARD_HEADING = "Skill levels a pass gives"
SCORM_AWARD_PANEL_HELP = (
    "When the package reports that the learner passed, each row is recorded as an assessed result at that level in "
    "that area, like a skills check."
)


def scorm_award_panel_attach() -> None:
    """Add the "Skill levels a pass gives" panel to the SCORM lesson form once (safe to call again)."""
    from learning.scorm.pages import ScormLessonPage

    if any(getattr(panel, "relation_name", None) == "skill_awards" for panel in ScormLessonPage.content_panels):
        return
    panel = InlinePanel(
        "skill_awards", heading=SCORM_AWARD_HEADING, label="Skill level", help_text=SCORM_AWARD_PANEL_HELP
    )
    ScormLessonPage.content_panels = [*ScormLessonPage.content_panels, panel]
