import pytest

from tests.factories.assessments import (
    QuestionFactory,
    SkillAreaFactory,
    SkillFrameworkFactory,
    fixed_assessment,
    levels_for,
    multiple_question,
    numeric_question,
    ordering_question,
)


@pytest.fixture
def framework(db):
    framework = SkillFrameworkFactory()
    levels_for(framework)
    return framework


@pytest.fixture
def area(framework):
    return SkillAreaFactory(framework=framework, slug="reading-and-interpreting-data", name="Reading data")


@pytest.fixture
def dp_area(framework):
    return SkillAreaFactory(framework=framework, slug="data-protection", name="Data protection", expiry_months=12)


@pytest.fixture
def mixed_questions(area, dp_area):
    """One question of each type at levels 1-3 in one area, plus one level-1 question in another."""
    return [
        QuestionFactory(area=area, level=1),
        multiple_question(area, level=2),
        numeric_question(area, level=3),
        ordering_question(dp_area, level=1),
    ]


@pytest.fixture
def skills_check(mixed_questions, framework):
    return fixed_assessment(mixed_questions, framework=framework, title="Skills check")
