"""AssessmentPage: skills checks, end-of-module knowledge checks and self-assessments."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import RICH_TEXT_FEATURES
from cms.mixins import SignInRequiredMixin

ERROR_NEEDS_QUESTIONS = "Choose at least one question, or switch to a random draw."
ERROR_NEEDS_STATEMENTS = "A self-assessment needs at least one statement."
ERROR_KNOWLEDGE_FIXED_OR_RANDOM = "A knowledge check needs questions: a fixed list or a random draw."


class StatementBlock(blocks.StructBlock):
    """An "I can ..." statement a learner rates from 1 to 4."""

    area = SnippetChooserBlock("assessments.SkillArea")
    text = blocks.CharBlock(max_length=300, help_text='Start with "I can".')

    class Meta:
        icon = "user"
        label = "Statement"


class AssessmentPage(SignInRequiredMixin, Page):
    """A check editors publish: a skills check, a module knowledge check or a self-assessment."""

    class Kind(models.TextChoices):
        SKILLS_CHECK = "skills_check", "Skills check (levels per area)"
        KNOWLEDGE_CHECK = "knowledge_check", "End-of-module knowledge check"
        SELF_ASSESSMENT = "self_assessment", "Self-assessment"

    class Selection(models.TextChoices):
        FIXED = "fixed", "A fixed list of questions"
        RANDOM = "random", "A random draw per area and level"

    class Feedback(models.TextChoices):
        AFTER_EACH = "after_each", "After each answer"
        AFTER_SUBMISSION = "after_submission", "After submission"
        NEVER = "never", "Never"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SKILLS_CHECK)
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    framework = models.ForeignKey(
        "assessments.SkillFramework", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    selection = models.CharField(max_length=10, choices=Selection.choices, default=Selection.RANDOM)
    questions = StreamField(
        [("question", SnippetChooserBlock("assessments.Question"))], blank=True, use_json_field=True
    )
    areas = StreamField(
        [("area", SnippetChooserBlock("assessments.SkillArea"))],
        blank=True,
        use_json_field=True,
        help_text="Random draw: the areas to cover (all of the framework's areas if empty).",
    )
    questions_per_area_level = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    statements = StreamField([("statement", StatementBlock())], blank=True, use_json_field=True)
    pass_mark = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)], help_text="Knowledge checks: percent."
    )
    required_for_module = models.BooleanField(
        default=False, help_text="Knowledge checks: the module's course only counts as complete once this is passed."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(default=0, help_text="0 for unlimited.")
    shuffle = models.BooleanField(
        default=False, help_text="Shuffle the question order for each learner (choices are always shuffled)."
    )
    feedback_policy = models.CharField(max_length=20, choices=Feedback.choices, default=Feedback.AFTER_SUBMISSION)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("framework"),
        MultiFieldPanel(
            [
                FieldPanel("selection"),
                FieldPanel("questions"),
                FieldPanel("areas"),
                FieldPanel("questions_per_area_level"),
            ],
            heading="Questions",
        ),
        FieldPanel("statements"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("required_for_module"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("attempts_allowed"),
                FieldPanel("shuffle"),
                FieldPanel("feedback_policy"),
            ],
            heading="Rules",
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage", "learning.ModulePage"]
    subpage_types: list[str] = []
    template = "assessments/assessment_page.html"

    def clean(self):
        """Check the settings describe an assessment a learner can take."""
        super().clean()
        if self.kind == self.Kind.SELF_ASSESSMENT:
            if not len(self.statements):
                raise ValidationError({"statements": ERROR_NEEDS_STATEMENTS})
            return
        if self.selection == self.Selection.FIXED and not len(self.questions):
            raise ValidationError({"questions": ERROR_NEEDS_QUESTIONS})

    rating_choices = [
        ("1", "1 – I know what this is"),
        ("2", "2 – I do this on my own"),
        ("3", "3 – I handle unusual cases"),
        ("4", "4 – I coach others"),
    ]

    @property
    def is_self_assessment(self) -> bool:
        return self.kind == self.Kind.SELF_ASSESSMENT

    def get_context(self, request, *args, **kwargs):
        """Add the learner's open attempt, past attempts and whether they may start another."""
        from assessments import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.assessment_overview_for_request(assessment=self, request=request))
        return context
