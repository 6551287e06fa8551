"""Admin screens: the skills framework and the question bank as snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from assessments.models import ProficiencyLevel, Question, SkillArea, SkillFramework


class SkillFrameworkViewSet(SnippetViewSet):
    model = SkillFramework
    icon = "list-ul"
    menu_label = "Frameworks"
    list_display = ["name", "threshold_percent", "default_expiry_months"]


class SkillAreaViewSet(SnippetViewSet):
    model = SkillArea
    icon = "tag"
    menu_label = "Skill areas"
    list_display = ["name", "framework", "expiry_months", "sort_order"]
    list_filter = ["framework"]


class ProficiencyLevelViewSet(SnippetViewSet):
    model = ProficiencyLevel
    icon = "order"
    menu_label = "Levels"
    list_display = ["level", "name", "framework", "assessable"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "Question bank"
    list_display = ["reference", "area", "level", "question_type", "active"]
    list_filter = ["area", "level", "question_type", "active"]
    search_fields = ["reference", "prompt"]


class SkillsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Skills"
    menu_icon = "tasks"
    menu_order = 250
    items = (SkillFrameworkViewSet, SkillAreaViewSet, ProficiencyLevelViewSet, QuestionViewSet)


register_snippet(SkillsViewSetGroup)
