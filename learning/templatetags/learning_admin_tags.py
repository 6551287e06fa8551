"""Template tags for Wagtail's page screens: learners' records on the content an editor is about to change."""

from django import template

from learning import selectors
from learning.content_admin import records_sentence

register = template.Library()


@register.simple_tag
def learner_records_sentence(page) -> str:
    """Return how many learners completed or started the lessons at or under ``page``, as a sentence."""
    return records_sentence(selectors.learner_record_counts(page))
