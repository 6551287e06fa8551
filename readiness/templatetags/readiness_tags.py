"""Template tags for the readiness dashboard: the heatmap, and the suppression rule for the words around it."""

from django import template

from readiness.reports.html import heatmap_table
from readiness.suppression import MIN_GROUP_SIZE, PRIVACY_NOTE, SUPPRESSED_LABEL

register = template.Library()


@register.simple_tag
def readiness_heatmap(rows, areas, caption, group_label=""):
    """Render presenters.heatmap rows as the heatmap table (see readiness.reports.html)."""
    return heatmap_table(rows, areas, caption=caption, group_label=group_label or "Team")


@register.simple_tag
def min_group_size() -> int:
    """Return the smallest group whose figures are shown (``readiness.suppression``)."""
    return MIN_GROUP_SIZE


@register.simple_tag
def suppressed_label() -> str:
    """Return the text shown in place of a hidden count, such as "<5"."""
    return SUPPRESSED_LABEL


@register.simple_tag
def privacy_note() -> str:
    """Return the words beside a hidden figure."""
    return PRIVACY_NOTE
