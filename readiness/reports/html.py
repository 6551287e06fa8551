"""Render the dashboard's largest table, the heatmap, to HTML in Python.

An organisation's heatmap has a cell per team and area (1,800 for 300 teams); the template engine, and even
``format_html``, take several times longer over that many cells than plain string building. Every value from the
report is escaped with ``html.escape`` (quotes included) before it is placed in the markup.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from readiness.suppression import FEWER_THAN, PRIVACY_NOTE

if TYPE_CHECKING:  # the service loads pandas; this module only needs the name for its annotations
    from readiness.reports.service import Area


EMPTY = "Nobody is a member on this date."
SEE_WHO = "See who is not ready"


def _text(value) -> str:
    return escape(str(value))


def _row_header(row: dict) -> str:
    note = FEWER_THAN if row["small"] else f"{row['members']} members"
    label = _text(row["label"])
    if row.get("url"):
        label = f'<a href="{_text(row["url"])}">{label}</a>'
    return f'<th scope="row">{label} <span class="readiness-small">{note}</span></th>'


def _cell(label: str, area: str, cell: dict | None) -> str:
    """Return one heatmap cell. A linked cell's accessible name is its visible text ("57% 4 of 7 Needs
    attention") with the team and area before it and what the link does after it, all in hidden text inside the
    link: no aria-label, so the name always holds what a speech-input user reads on screen (WCAG 2.5.3)."""
    if not cell:
        return "<td>–</td>"
    band = "none" if cell["suppressed"] else _text(cell["band"] or "none")
    text, band_name = _text(cell["text"]), _text(cell["band_name"])
    counts = f'<span class="readiness-small">{_text(cell["counts"])}</span> ' if cell["counts"] else ""
    note = PRIVACY_NOTE if cell["suppressed"] else band_name
    inner = f'<span class="readiness-big">{text}</span> {counts}<span class="readiness-small">{note}</span>'
    if cell["url"]:
        inner = (
            f'<a href="{_text(cell["url"])}"><span class="w-sr-only">{label}, {area}: </span>{inner}'
            f'<span class="w-sr-only">. {SEE_WHO}</span></a>'
        )
    return f'<td class="readiness-cell readiness-band-{band}">{inner}</td>'


def heatmap_table(rows: list[dict], areas: list[Area], *, caption: str, group_label: str = "Team") -> SafeString:
    """Return the heatmap as a scrollable, captioned table: a row per group (presenters.heatmap rows), a column
    per area with its target, each cell coloured by its band and linking to the people it counts."""
    names = [_text(area.name) for area in areas]
    head = "".join(
        f'<th scope="col">{_text(area.name)} <span class="readiness-small">target {_text(area.target)}</span></th>'
        for area in areas
    )
    body = (
        "".join(
            f"<tr>{_row_header(row)}"
            + "".join(_cell(_text(row["label"]), name, cell) for name, cell in zip(names, row["row"], strict=True))
            + "</tr>"
            for row in rows
        )
        or f'<tr><td colspan="{len(areas) + 1}">{EMPTY}</td></tr>'
    )
    return mark_safe(  # noqa: S308 - every interpolated value above is escaped
        # The caption is shown above the scrolling box (a wide heatmap would carry it out of view); the table keeps
        # it, hidden on screen, as its name for screen readers.
        f'<p class="readiness-caption" aria-hidden="true">{_text(caption)}</p>'
        f'<div class="readiness-table-wrap" role="region" aria-label="{_text(caption)} (scrollable)" tabindex="0">'
        f'<table class="listing readiness-heatmap"><caption class="w-sr-only">{_text(caption)}</caption>'
        f'<thead><tr><th scope="col">{_text(group_label)}</th>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )
