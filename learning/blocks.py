"""StreamField blocks specific to lessons."""

from wagtail import blocks

from cms.blocks import base_blocks


class PracticeChoiceBlock(blocks.StructBlock):
    """One answer to a practice question, with feedback shown when it is picked."""

    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(help_text="Why this answer is right or wrong.")

    class Meta:
        icon = "radio-empty"


class PracticeQuestionBlock(blocks.StructBlock):
    """A self-check question inside a lesson; it gives feedback and never counts towards levels."""

    question = blocks.TextBlock()
    choices = blocks.ListBlock(PracticeChoiceBlock(), min_num=2, max_num=6)
    explanation = blocks.TextBlock(required=False)

    class Meta:
        icon = "help"
        template = "learning/blocks/practice_question.html"
        description = "A practice question with feedback (does not count towards skill levels)"
        preview_value = {
            "question": "A rate rises from 4% to 6%. By how many percentage points has it risen?",
            "choices": [
                {"text": "2", "correct": True, "feedback": "Right: 6 minus 4 is 2 percentage points."},
                {"text": "50", "correct": False, "feedback": "50% is the relative increase, not the points."},
            ],
            "explanation": "Percentage points are the plain difference between two percentages.",
        }

    def clean(self, value):
        """Require exactly one correct choice."""
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct != 1:
            raise blocks.StructBlockValidationError(
                block_errors={"choices": blocks.ListBlockValidationError(non_block_errors=[PRACTICE_ONE_CORRECT])}
            )
        return value


PRACTICE_ONE_CORRECT = "Mark exactly one choice as correct."


def lesson_blocks() -> list[tuple[str, blocks.Block]]:
    """Return the blocks a lesson body may use: the shared ones plus practice questions."""
    return [*base_blocks(), ("practice_question", PracticeQuestionBlock())]
