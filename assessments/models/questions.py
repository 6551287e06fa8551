"""The question bank: versioned questions tagged with a skill area and a level."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin, RevisionMixin
from wagtail.search import index

from assessments.models.framework import SkillArea

ERROR_SINGLE_NEEDS_ONE = "A single-choice question needs exactly one correct choice."
ERROR_MULTIPLE_NEEDS_TWO = "A multiple-response question needs at least two correct choices and one wrong one."
ERROR_NEEDS_CHOICES = "Add at least two choices."
ERROR_NUMERIC_NEEDS_ANSWER = "A numeric question needs an answer."
ERROR_ORDERING_ITEMS = "An ordering question needs between three and six items, listed in the correct order."


class ChoiceOptionBlock(blocks.StructBlock):
    """One choice, or for an ordering question one item (listed in the correct order)."""

    text = blocks.CharBlock(max_length=400)
    correct = blocks.BooleanBlock(required=False, help_text="Ignored for ordering questions.")

    class Meta:
        icon = "radio-full"
        label = "Choice"


class Question(PreviewableMixin, RevisionMixin, index.Indexed, models.Model):
    """A question in the bank; every edit is kept as a revision so past attempts keep their version."""

    class Type(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple response"
        NUMERIC = "numeric", "Numeric"
        ORDERING = "ordering", "Ordering"

    reference = models.SlugField(max_length=40, unique=True, help_text="A short code for this question.")
    area = models.ForeignKey(SkillArea, on_delete=models.PROTECT, related_name="questions")
    level = models.PositiveSmallIntegerField(
        choices=[(1, "1 – Awareness"), (2, "2 – Working"), (3, "3 – Practitioner")],
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    question_type = models.CharField(max_length=10, choices=Type.choices, default=Type.SINGLE)
    prompt = models.TextField()
    choices = StreamField([("choice", ChoiceOptionBlock())], blank=True, use_json_field=True)
    partial_credit = models.BooleanField(
        default=False,
        help_text="Multiple response and ordering: give credit for each right part instead of all or nothing.",
    )
    numeric_answer = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    numeric_tolerance = models.DecimalField(
        max_digits=14, decimal_places=4, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    unit = models.CharField(max_length=20, blank=True)
    explanation = models.TextField(help_text="Shown after the answer, as the assessment's feedback policy allows.")
    active = models.BooleanField(default=True, help_text="Retired questions are no longer drawn.")

    panels = [
        FieldPanel("reference"),
        FieldRowPanel([FieldPanel("area"), FieldPanel("level"), FieldPanel("question_type")]),
        FieldPanel("prompt"),
        FieldPanel("choices"),
        FieldPanel("partial_credit"),
        MultiFieldPanel(
            [FieldPanel("numeric_answer"), FieldPanel("numeric_tolerance"), FieldPanel("unit")],
            heading="Numeric answer",
        ),
        FieldPanel("explanation"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("prompt"), index.SearchField("reference"), index.FilterField("level")]

    class Meta:
        ordering = ["area", "level", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.prompt[:60]}"

    def clean(self):
        """Check the question can be answered and scored for its type."""
        super().clean()
        items = [block.value for block in self.choices]
        if self.question_type == self.Type.NUMERIC:
            if self.numeric_answer is None:
                raise ValidationError({"numeric_answer": ERROR_NUMERIC_NEEDS_ANSWER})
            return
        if self.question_type == self.Type.ORDERING:
            if not 3 <= len(items) <= 6:
                raise ValidationError({"choices": ERROR_ORDERING_ITEMS})
            return
        if len(items) < 2:
            raise ValidationError({"choices": ERROR_NEEDS_CHOICES})
        correct = sum(1 for item in items if item["correct"])
        if self.question_type == self.Type.SINGLE and correct != 1:
            raise ValidationError({"choices": ERROR_SINGLE_NEEDS_ONE})
        if self.question_type == self.Type.MULTIPLE and (correct < 2 or correct == len(items)):
            raise ValidationError({"choices": ERROR_MULTIPLE_NEEDS_TWO})

    def get_preview_template(self, request, mode_name):
        return "assessments/question_preview.html"

    def get_preview_context(self, request, mode_name):
        from assessments.versions import version_from_question

        context = super().get_preview_context(request, mode_name)
        context["version"] = version_from_question(self)
        return context
