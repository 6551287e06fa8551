"""Factories for the skills framework, questions and assessment pages."""

from decimal import Decimal

import factory
import wagtail_factories

from assessments.models import AssessmentPage, ProficiencyLevel, Question, SkillArea, SkillFramework


class SkillFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillFramework
        django_get_or_create = ("slug",)

    name = "Test framework"
    slug = "test-framework"
    threshold_percent = 70


class SkillAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillArea

    framework = factory.SubFactory(SkillFrameworkFactory)
    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Area {n}")
    expiry_months = 24
    awareness = "Knows the basics."
    working = "Does the routine tasks."
    practitioner = "Handles the unusual cases."
    champion = "Coaches others."


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question whose correct choice is the text "Right"."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"q-{n}")
    area = factory.SubFactory(SkillAreaFactory)
    level = 1
    question_type = Question.Type.SINGLE
    prompt = factory.Sequence(lambda n: f"Question prompt {n}?")
    choices = factory.LazyFunction(
        lambda: [
            {"type": "choice", "value": {"text": "Right", "correct": True}},
            {"type": "choice", "value": {"text": "Wrong A", "correct": False}},
            {"type": "choice", "value": {"text": "Wrong B", "correct": False}},
        ]
    )
    explanation = "SECRET-EXPLANATION because reasons."

    @factory.post_generation
    def revision(obj, create, extracted, **kwargs):
        if create:
            obj.save_revision()


def multiple_question(area, level=1, partial=False, **kwargs) -> Question:
    return QuestionFactory(
        area=area,
        level=level,
        question_type=Question.Type.MULTIPLE,
        partial_credit=partial,
        choices=[
            {"type": "choice", "value": {"text": "Right 1", "correct": True}},
            {"type": "choice", "value": {"text": "Right 2", "correct": True}},
            {"type": "choice", "value": {"text": "Wrong", "correct": False}},
        ],
        **kwargs,
    )


def numeric_question(area, level=1, answer="12.5", tolerance="0.1", **kwargs) -> Question:
    return QuestionFactory(
        area=area,
        level=level,
        question_type=Question.Type.NUMERIC,
        choices=[],
        numeric_answer=Decimal(answer),
        numeric_tolerance=Decimal(tolerance),
        unit="%",
        **kwargs,
    )


def ordering_question(area, level=1, partial=False, **kwargs) -> Question:
    return QuestionFactory(
        area=area,
        level=level,
        question_type=Question.Type.ORDERING,
        partial_credit=partial,
        choices=[{"type": "choice", "value": {"text": f"Step {n}", "correct": False}} for n in range(1, 5)],
        **kwargs,
    )


class AssessmentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AssessmentPage

    title = factory.Sequence(lambda n: f"Assessment {n}")
    kind = AssessmentPage.Kind.SKILLS_CHECK
    selection = AssessmentPage.Selection.FIXED


def levels_for(framework) -> None:
    for level, name in enumerate(["Not yet", "Awareness", "Working", "Practitioner", "Champion"]):
        ProficiencyLevel.objects.get_or_create(framework=framework, level=level, defaults={"name": name})


def fixed_assessment(questions, parent=None, **kwargs) -> AssessmentPage:
    """Publish an assessment with a fixed list of ``questions`` under the site home page."""
    from tests.factories.learning import site_home

    parent = parent or site_home()
    return AssessmentPageFactory(
        parent=parent,
        questions=[{"type": "question", "value": q.id} for q in questions],
        **kwargs,
    )
