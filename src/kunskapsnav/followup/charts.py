"""Server-rendered horizontal bar charts: one series, or several series side by side.

Each bar carries its value as text at its end, and each series has its own fill pattern as well
as its own colour, so nothing is told by colour alone. The SVG is ``role="img"`` with a
``<title>`` and ``<desc>``, uses presentation attributes only (the CSP forbids inline styles),
and every page shows the same numbers in a table beside the chart.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Colour-blind-safe colours with at least 3:1 contrast against white (as guidance.charts).
COLOURS = ("#0b5394", "#b45309", "#1d6b3a", "#8e2a6b", "#4a5561", "#a61b1b")
WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 110
BAR_HEIGHT = 18
GAP = 10
_ids = itertools.count(1)


@dataclass(frozen=True)
class BarSeries:
    label: str
    values: Sequence[float | None]


def _pattern(index: int, pattern_id: str) -> str:
    """Series 0 is solid; the others add hatching, dots or cross-hatching in white."""
    colour = COLOURS[index % len(COLOURS)]
    marks = {
        0: "",
        1: '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>',
        2: '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
        3: '<path d="M0,3 H6 M3,0 V6" stroke="#fff" stroke-width="1.2"/>',
    }[index % 4]
    return (
        f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{colour}"/>{marks}</pattern>'
    )


def _format(value: float, suffix: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",") + suffix


def bar_chart(
    categories: Sequence[str],
    series: Sequence[BarSeries],
    *,
    title: str,
    description: str,
    maximum: float | None = None,
    suffix: str = "",
    format_value: Callable[[float], str] | None = None,
    chart_id: str = "",
) -> SafeString:
    """Bars per category (rows), one bar per series within each row.

    A value is written as ``format_value(value)`` when given, else as a Swedish number followed
    by ``suffix``; ``None`` is drawn as a dash (no answer).
    """

    def text_of(value: float) -> str:
        return format_value(value) if format_value else _format(value, suffix)

    cid = escape(chart_id) if chart_id else f"bar-chart-{next(_ids)}"
    n_series = max(len(series), 1)
    row_height = n_series * BAR_HEIGHT + GAP
    legend_height = 24 if len(series) > 1 else 0
    height = legend_height + len(categories) * row_height + GAP
    values = [v for s in series for v in s.values if v is not None]
    top = maximum if maximum else max(values, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="bar-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
        "<defs>",
        *(_pattern(i, f"{cid}-p{i}") for i in range(len(series))),
        "</defs>",
    ]
    if len(series) > 1:
        x = LABEL_WIDTH
        for i, s in enumerate(series):
            parts.append(
                f'<rect x="{x}" y="4" width="14" height="14" fill="url(#{cid}-p{i})" '
                f'stroke="#1f2933" stroke-width="0.5"/>'
                f'<text x="{x + 20}" y="16" class="bar-chart__legend">{escape(s.label)}</text>'
            )
            x += 28 + 8 * len(s.label)
    for row, category in enumerate(categories):
        y0 = legend_height + GAP + row * row_height
        label = category if len(category) <= 32 else category[:31] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y0 + n_series * BAR_HEIGHT / 2 + 4:.1f}" '
            f'text-anchor="end" class="bar-chart__label">{escape(label)}</text>'
        )
        for i, s in enumerate(series):
            value = s.values[row] if row < len(s.values) else None
            y = y0 + i * BAR_HEIGHT
            if value is None:
                parts.append(
                    f'<text x="{LABEL_WIDTH + 4}" y="{y + 13}" class="bar-chart__value">–</text>'
                )
                continue
            width = max(plot * value / top, 1 if value else 0)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT - 4}" fill="url(#{cid}-p{i})"/>'
                f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 13}" '
                f'class="bar-chart__value">{escape(text_of(value))}</text>'
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{legend_height}" x2="{LABEL_WIDTH}" y2="{height}" '
        f'stroke="#1f2933" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
