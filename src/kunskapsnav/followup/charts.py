"""Server-rendered SVG bar charts for questionnaire and poll results.

NOTE: this file was accidentally overwritten by the dashboards work (issue 8 parts 2–3) and
rebuilt from its call sites (``questionnaire_results.py`` and ``polls.py``): the API is
``bar_chart(categories, [BarSeries(label, values)], title=…, description=…, maximum=…,
suffix=…)``. Its original author should check it against their version.

Each series has its own colour and its own fill pattern, and every bar carries its value as
text, so no series is told apart by colour alone. The SVG has ``role="img"`` with a ``<title>``
and a ``<desc>``, uses presentation attributes only (the CSP forbids inline styles), and the page
shows the same numbers in a table.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kunskapsnav.guidance.charts import COLOURS, _fmt, _nice_ticks

WIDTH = 640
LABEL_WIDTH = 200
RIGHT, TOP, BOTTOM = 56, 8, 56
BAR = 14
GAP = 10
PATTERNS = ("solid", "stripes", "dots", "cross", "grid", "back")


@dataclass
class BarSeries:
    label: str
    values: list[float | None] = field(default_factory=list)


def _pattern(index: int, colour: str, chart_id: str) -> tuple[str, str]:
    """A ``<pattern>`` definition (may be empty) and the fill to use for series ``index``."""
    kind = PATTERNS[index % len(PATTERNS)]
    if kind == "solid":
        return "", colour
    pid = f"{chart_id}-p{index}"
    shapes = {
        "stripes": f'<path d="M0,6 L6,0" stroke="{colour}" stroke-width="2"/>',
        "dots": f'<circle cx="3" cy="3" r="1.6" fill="{colour}"/>',
        "cross": f'<path d="M0,0 L6,6 M6,0 L0,6" stroke="{colour}" stroke-width="1.4"/>',
        "grid": f'<path d="M3,0 V6 M0,3 H6" stroke="{colour}" stroke-width="1.4"/>',
        "back": f'<path d="M0,0 L6,6" stroke="{colour}" stroke-width="2"/>',
    }
    definition = (
        f'<pattern id="{escape(pid)}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#ffffff"/>{shapes[kind]}</pattern>'
    )
    return definition, f"url(#{escape(pid)})"


def bar_chart(
    categories: list[str],
    series: list[BarSeries],
    *,
    title: str,
    description: str,
    maximum: float | None = None,
    suffix: str = "",
    chart_id: str = "",
) -> SafeString:
    """Horizontal grouped bars: one group per category, one bar per series in each group."""
    if not chart_id:
        digest = hashlib.sha1("\x1f".join([title, *categories]).encode(), usedforsecurity=False)
        chart_id = f"bars-{digest.hexdigest()[:10]}"
    per_group = max(len(series), 1)
    group_h = per_group * BAR + GAP
    plot_h = max(len(categories), 1) * group_h
    legend_rows = (len(series) + 2) // 3 if len(series) > 1 else 0
    height = TOP + plot_h + 24 + legend_rows * 20 + (BOTTOM - 24 if legend_rows else 8)
    values = [float(v) for s in series for v in s.values if v is not None]
    top = maximum if maximum is not None else max([1.0, *values])
    ticks = _nice_ticks(0, top, 4)
    scale_max = max(ticks[-1], top) if maximum is None else maximum
    plot_w = WIDTH - LABEL_WIDTH - RIGHT

    def x_of(value: float) -> float:
        return LABEL_WIDTH + plot_w * min(value, scale_max) / (scale_max or 1)

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    fills = []
    defs = []
    for index in range(len(series)):
        definition, fill = _pattern(index, COLOURS[index % len(COLOURS)], chart_id)
        defs.append(definition)
        fills.append(fill)
    parts.append(f"<defs>{''.join(defs)}</defs>")
    axis_y = TOP + plot_h
    parts.append('<g class="bar-chart__grid" aria-hidden="true">')
    for tick in ticks:
        if tick > scale_max:
            continue
        x = x_of(tick)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{axis_y}" stroke="#d5dbe1"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" class="bar-chart__tick" '
            f'fill="#1b1f24">{escape(_fmt(tick))}{escape(suffix)}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH}" y1="{TOP}" y2="{axis_y}" stroke="#4a5561"/>'
        "</g>"
    )
    parts.append('<g class="bar-chart__bars" aria-hidden="true">')
    for c_index, category in enumerate(categories):
        group_top = TOP + c_index * group_h + GAP / 2
        label = category if len(category) <= 30 else category[:29] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{group_top + per_group * BAR / 2 + 4:.1f}" '
            f'text-anchor="end" class="bar-chart__label" fill="#1b1f24">{escape(label)}</text>'
        )
        for s_index, s in enumerate(series):
            value = s.values[c_index] if c_index < len(s.values) else None
            y = group_top + s_index * BAR
            colour = COLOURS[s_index % len(COLOURS)]
            if value is None:
                text, end = "–", float(LABEL_WIDTH)
            else:
                end = x_of(float(value))
                text = f"{_fmt(round(float(value), 1))}{suffix}"
                if end > LABEL_WIDTH:
                    parts.append(
                        f'<rect x="{LABEL_WIDTH}" y="{y + 1:.1f}" width="{end - LABEL_WIDTH:.1f}" '
                        f'height="{BAR - 2}" fill="{fills[s_index]}" stroke="{colour}"/>'
                    )
            parts.append(
                f'<text x="{end + 4:.1f}" y="{y + BAR - 3:.1f}" class="bar-chart__value" '
                f'fill="#1b1f24">{escape(text)}</text>'
            )
    parts.append("</g>")
    if legend_rows:
        parts.append('<g class="bar-chart__legend" aria-hidden="true">')
        for index, s in enumerate(series):
            column, line = index % 3, index // 3
            x = LABEL_WIDTH / 4 + column * ((WIDTH - LABEL_WIDTH / 4) / 3)
            y = axis_y + 36 + line * 20
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="18" height="12" '
                f'fill="{fills[index]}" stroke="{colour}"/>'
                f'<text x="{x + 24:.1f}" y="{y:.1f}" class="bar-chart__label" '
                f'fill="#1b1f24">{escape(s.label[:36])}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
