"""The skills framework: areas, levels and what each level means in each area."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.formula import FormulaSafeFieldsMixin


class SkillFramework(FormulaSafeFieldsMixin, index.Indexed, models.Model):
    """A set of skill areas and proficiency levels with the rules for scoring them."""

    formula_safe_fields = ("name",)  # names end up in reports and exports (cms.formula)

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    threshold_percent = models.PositiveSmallIntegerField(
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Score needed at a level (and every level below it) to be placed at that level.",
    )
    default_expiry_months = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How many months an assessed level stays valid in areas that do not set their own.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("threshold_percent"),
        FieldPanel("default_expiry_months"),
    ]
    search_fields = [index.SearchField("name")]

    def __str__(self) -> str:
        return self.name


class SkillArea(FormulaSafeFieldsMixin, index.Indexed, models.Model):
    """One skill area, such as "Reading and interpreting data", with its level descriptors."""

    formula_safe_fields = ("name",)

    framework = models.ForeignKey(SkillFramework, on_delete=models.PROTECT, related_name="areas")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    expiry_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How many months an assessed level stays valid. Leave empty to use the framework's default.",
    )
    default_target_level = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(4)],
        help_text="The level most staff should reach; the organisation overview measures everyone against it. "
        "0 leaves the area out. Cohorts set their own targets.",
    )
    awareness = models.TextField("Level 1 (Awareness) looks like", blank=True)
    working = models.TextField("Level 2 (Working) looks like", blank=True)
    practitioner = models.TextField("Level 3 (Practitioner) looks like", blank=True)
    champion = models.TextField("Level 4 (Champion) looks like", blank=True)

    panels = [
        FieldPanel("framework"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("expiry_months"),
        FieldPanel("default_target_level"),
        FieldPanel("awareness"),
        FieldPanel("working"),
        FieldPanel("practitioner"),
        FieldPanel("champion"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["framework", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="skillarea_unique_slug")]

    def __str__(self) -> str:
        return self.name

    def descriptor(self, level: int) -> str:
        """Return what ``level`` looks like in this area (empty for level 0)."""
        return {1: self.awareness, 2: self.working, 3: self.practitioner, 4: self.champion}.get(level, "")


class ProficiencyLevel(FormulaSafeFieldsMixin, models.Model):
    """A named level of the framework (0 Not yet to 4 Champion) and what it means."""

    formula_safe_fields = ("name",)

    framework = models.ForeignKey(SkillFramework, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])
    name = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    assessable = models.BooleanField(
        default=True, help_text="Whether a scored check can award this level (Champion is by observed sign-off)."
    )

    panels = [
        FieldPanel("framework"),
        FieldPanel("level"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("assessable"),
    ]

    class Meta:
        ordering = ["framework", "level"]
        constraints = [models.UniqueConstraint(fields=["framework", "level"], name="level_unique_per_framework")]

    def __str__(self) -> str:
        return f"{self.level} – {self.name}"
