"""Template tags for the readiness dashboard."""

from django import template

from readiness.reports.html import heatmap_table

register = template.Library()


@register.simple_tag
def readiness_heatmap(rows, areas, caption, group_label=""):
    """Render presenters.heatmap rows as the heatmap table (see readiness.reports.html)."""
    return heatmap_table(rows, areas, caption=caption, group_label=group_label or "Team")
