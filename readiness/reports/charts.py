"""Draw the dashboard's charts as inline SVG on the server: no script, no third-party host, printable.

Each function takes plain values and returns SVG markup (safe to put in a template: every label is escaped).
Charts are pictures of a table the page always shows beside them, so they carry a title for screen readers
and are otherwise plain.

An SVG scales as a whole, text included: a 640-unit-wide chart squeezed into a phone's 280 pixels would write
its 13-unit labels at under 6 pixels. So every chart is drawn twice, wide and narrow (``NARROW_WIDTH`` units,
labels on their own line above each bar, ``NARROW_FONT_SIZE`` text), and the stylesheet shows the narrow one
whenever the chart's box is narrower than the wide one (a container query on ``.readiness-figure``). Only one
is displayed at a time, so only one is in the accessibility tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAND_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", None: "#b1b4b6"}
SERIES_COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197", "#912b88", "#505a5f")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
SEGMENT_COLOURS = {"completed": "#00703c", "in progress": "#1d70b8", "not started": "#b1b4b6"}
FONT_SIZE = 13
FONT = f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}"'
NARROW_WIDTH = 300  # units: shown at 280-400 px, so text stays at 13-19 px
NARROW_FONT_SIZE = 14
NARROW_FONT = f'font-family="Arial, sans-serif" font-size="{NARROW_FONT_SIZE}"'
WIDE, NARROW = "wide", "narrow"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a fraction 0-1; None when there is no figure
    band: str | None = None
    upper: float | None = None  # optional marker (readiness if every unassessed person were ready)


def _open(width: int, height: int, title: str, layout: str = WIDE) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width if layout == WIDE else round(width * 1.35)}px" role="img" '
        f'aria-label="{escape(title)}" class="readiness-chart readiness-chart--{layout}">'
        f"<title>{escape(title)}</title>"
    )


def _both(wide: str, narrow: str) -> SafeString:
    return mark_safe(wide + narrow)  # noqa: S308 - each part escapes its labels


def _percent(value: float | None) -> str:
    return "no figure" if value is None else f"{round(value * 100)}%"


def bar_chart(bars: Sequence[Bar], title: str, *, label_width: int = 260, width: int = 640) -> SafeString:
    """Return horizontal bars from 0 to 100%, coloured by band, with the percentage written after each bar (wide
    and narrow)."""
    return _both(_bars_wide(bars, title, label_width, width), _bars_narrow(bars, title))


def _bars_wide(bars: Sequence[Bar], title: str, label_width: int, width: int) -> str:
    row, top = 30, 24
    plot = width - label_width - 60
    height = top + row * len(bars) + 10
    parts = [_open(width, height, title)]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_width + plot * tick
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="#dfe1e3"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" {FONT} fill="#505a5f">{round(tick * 100)}%</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        parts.append(_label(label_width - 8, y + 18, bar.label))
        length = plot * (bar.value or 0)
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="18" fill="{BAND_COLOURS[bar.band]}"/>'
        )
        if bar.upper is not None and bar.value is not None and bar.upper > bar.value:
            x = label_width + plot * bar.upper
            parts.append(
                f'<rect x="{label_width + length:.1f}" y="{y + 5}" width="{x - label_width - length:.1f}" height="18" '
                f'fill="none" stroke="{BAND_COLOURS[bar.band]}" stroke-dasharray="3 2"/>'
            )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 18}" {FONT} fill="#0b0c0c">{_percent(bar.value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _bars_narrow(bars: Sequence[Bar], title: str) -> str:
    """Each bar under its own label line, across the whole width less room for "100%" after it."""
    width, row, top, left = NARROW_WIDTH, 50, 22, 2
    plot = width - left - 46
    height = top + row * len(bars) + 6
    parts = [_open(width, height, title, NARROW)]
    for tick, anchor in ((0, "start"), (0.5, "middle"), (1, "end")):
        x = left + plot * tick
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#dfe1e3"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="{anchor}" {NARROW_FONT} fill="#505a5f">'
            f"{round(tick * 100)}%</text>"
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        parts.append(_label(left, y + 16, bar.label, NARROW))
        length = plot * (bar.value or 0)
        colour = BAND_COLOURS[bar.band]
        parts.append(f'<rect x="{left}" y="{y + 24}" width="{length:.1f}" height="18" fill="{colour}"/>')
        if bar.upper is not None and bar.value is not None and bar.upper > bar.value:
            parts.append(
                f'<rect x="{left + length:.1f}" y="{y + 24}" width="{plot * (bar.upper - bar.value):.1f}" height="18" '
                f'fill="none" stroke="{colour}" stroke-dasharray="3 2"/>'
            )
        parts.append(
            f'<text x="{left + length + 4:.1f}" y="{y + 38}" {NARROW_FONT} fill="#0b0c0c">{_percent(bar.value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    points: Sequence[date], series: dict[str, Sequence[float | None]], title: str, *, width: int = 640
) -> SafeString:
    """Return one line per series over dated points (0-100%), each with its own colour and dash pattern (wide and
    narrow: the narrow one names fewer months along the bottom)."""
    return _both(_lines(points, series, title, width, WIDE), _lines(points, series, title, NARROW_WIDTH, NARROW))


def _lines(points: Sequence[date], series: dict[str, Sequence[float | None]], title: str, width: int, layout: str):
    font = FONT if layout == WIDE else NARROW_FONT
    left, top, bottom, right = (44, 16, 40, 32) if layout == WIDE else (46, 16, 40, 22)
    height = 260 if layout == WIDE else 240
    labels_fit = 13 if layout == WIDE else 5  # month labels that fit along the bottom
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_open(width, height, title, layout)]
    for tick in (0, 0.2, 0.4, 0.6, 0.8, 1):
        y = top + plot_h * (1 - tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#dfe1e3"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {font} fill="#505a5f">{round(tick * 100)}%</text>'
        )
    step = plot_w / max(len(points) - 1, 1)
    every = max(1, -(-len(points) // labels_fit))  # ceiling division: label every n-th month
    for i, point in enumerate(points):
        if i % every == 0:
            x = left + i * step
            y = height - bottom + 18
            parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle" {font} fill="#505a5f">{point:%b %y}</text>')
    for n, (name, values) in enumerate(series.items()):
        colour, dash = SERIES_COLOURS[n % len(SERIES_COLOURS)], SERIES_DASHES[n % len(SERIES_DASHES)]
        coords = [(left + i * step, top + plot_h * (1 - value)) for i, value in enumerate(values) if value is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dashed}>'
                f"<title>{escape(name)}</title></polyline>"
            )
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def legend(names: Sequence[str]) -> list[dict]:
    """Return the colour and dash pattern used for each series, in order, for a legend beside a line chart."""
    return [
        {
            "name": name,
            "colour": SERIES_COLOURS[n % len(SERIES_COLOURS)],
            "dash": SERIES_DASHES[n % len(SERIES_DASHES)],
        }
        for n, name in enumerate(names)
    ]


def stacked_bars(rows: Sequence[tuple[str, dict[str, int]]], title: str, *, width: int = 640) -> SafeString:
    """Return one horizontal bar per row split into completed / in progress / not started (share of enrolled), wide
    and narrow."""
    return _both(_stacked(rows, title, width, WIDE), _stacked(rows, title, NARROW_WIDTH, NARROW))


def _stacked(rows: Sequence[tuple[str, dict[str, int]]], title: str, width: int, layout: str) -> str:
    wide = layout == WIDE
    label_width, row, top = (260, 30, 8) if wide else (2, 48, 4)
    plot = width - label_width - (20 if wide else 4)
    height = top + row * len(rows) + 8
    parts = [_open(width, height, title, layout)]
    for i, (label, segments) in enumerate(rows):
        y = top + i * row
        parts.append(_label(label_width - 8, y + 18, label) if wide else _label(label_width, y + 16, label, NARROW))
        if not wide:
            y += 20  # the bar goes under its label
        total = sum(segments.values())
        x = float(label_width)
        for name, count in segments.items():
            if not total or not count:
                continue
            length = plot * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 5}" width="{length:.1f}" height="18" fill="{SEGMENT_COLOURS[name]}">'
                f"<title>{escape(name)}: {count}</title></rect>"
            )
            x += length
    parts.append("</svg>")
    return "".join(parts)


def _label(x: float, y: float, text: str, layout: str = WIDE) -> str:
    """Return a row label, shortened to fit (the table beside the chart has it in full): right-aligned before the
    bar on a wide chart, on its own line above the bar on a narrow one."""
    if layout == WIDE:
        return f'<text x="{x}" y="{y}" text-anchor="end" {FONT} fill="#0b0c0c">{escape(_short(text))}</text>'
    return f'<text x="{x}" y="{y}" {NARROW_FONT} fill="#0b0c0c">{escape(_short(text, 36))}</text>'


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
