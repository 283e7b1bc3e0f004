"""Server-rendered SVG line charts of indicators, readable without colour and without script.

Each series has a colour, a marker shape and a dash pattern of its own, so no series is told
apart by colour alone; the target is a labelled line. The SVG carries ``role="img"`` with a
``<title>`` and a ``<desc>``, uses presentation attributes and CSS classes (the site's CSP
forbids inline styles), and the page always shows the same numbers as a table beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kunskapsnav.guidance.models import Implementation, Indicator, Measurement

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 88
#: Colour-blind-safe colours with at least 3:1 contrast against white.
COLOURS = ("#0b5394", "#b45309", "#1d6b3a", "#8e2a6b", "#4a5561", "#a61b1b")
DASHES = ("", "6 4", "2 3", "10 3 2 3", "4 2", "1 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")


@dataclass
class Series:
    label: str
    points: list[tuple[dt.date, Decimal]] = field(default_factory=list)


@dataclass
class IndicatorChart:
    indicator: Indicator
    series: list[Series]
    svg: SafeString
    periods: list[dt.date]
    #: One row per period: the period, then each series' value or ``None``.
    rows: list[tuple[dt.date, list[Decimal | None]]]


def _fmt(value: Decimal | float) -> str:
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", "−")


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low to high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * magnitude:
            step = factor * magnitude
            break
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    steps = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(steps + 1)]


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {common}/>'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {common}/>'
    if kind == "triangle":
        pts = f"{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" {common}/>'
    if kind == "triangle-down":
        pts = f"{x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y - r:.1f} {x + r + 1:.1f},{y - r:.1f}"
        return f'<polygon points="{pts}" {common}/>'
    if kind == "diamond":
        pts = (
            f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} "
            f"{x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        )
        return f'<polygon points="{pts}" {common}/>'
    return (
        f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}'
        f'L{x + r:.1f},{y - r:.1f}" stroke="{colour}" stroke-width="2.5" fill="none"/>'
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[Series],
    target: Decimal | None = None,
    unit: str = "",
) -> SafeString:
    """An accessible SVG line chart; every text is escaped."""
    periods = sorted({date for s in series for date, _value in s.points})
    values = [float(v) for s in series for _d, v in s.points]
    if target is not None:
        values.append(float(target))
    low = min([0.0, *values])
    high = max([1.0, *values])
    ticks = _nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    inset = 36  # room for the first and last date labels

    def x_of(date: dt.date) -> float:
        if len(periods) <= 1:
            return LEFT + plot_w / 2
        span = (periods[-1] - periods[0]).days or 1
        return LEFT + inset + (plot_w - 2 * inset) * (date - periods[0]).days / span

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - y_min) / ((y_max - y_min) or 1))

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
        '<g class="line-chart__grid" aria-hidden="true">',
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d5dbe1" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="line-chart__tick" '
            f'fill="#1b1f24">{escape(_fmt(tick))}</text>'
        )
    step = max(1, (len(periods) + 7) // 8)
    for index, date in enumerate(periods):
        if index % step and index != len(periods) - 1:
            continue
        x = x_of(date)
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
            f'class="line-chart__tick" fill="#1b1f24">{escape(date.isoformat())}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#4a5561"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        f'stroke="#4a5561"/>'
    )
    if unit:
        parts.append(
            f'<text x="{LEFT - 8}" y="{TOP - 4}" text-anchor="end" class="line-chart__tick" '
            f'fill="#1b1f24">{escape(unit)}</text>'
        )
    parts.append("</g>")
    if target is not None:
        y = y_of(float(target))
        parts.append(
            f'<g class="line-chart__target" aria-hidden="true"><line x1="{LEFT}" '
            f'x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#1b1f24" stroke-width="2" '
            f'stroke-dasharray="12 4 2 4"/><text x="{WIDTH - RIGHT - 4}" y="{y - 6:.1f}" '
            f'text-anchor="end" class="line-chart__label" fill="#1b1f24">'
            f"{escape(_('Målvärde %(value)s') % {'value': _fmt(target)})}</text></g>"
        )
    for index, s in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        marker = MARKERS[index % len(MARKERS)]
        points = sorted(s.points)
        parts.append('<g class="line-chart__series" aria-hidden="true">')
        if len(points) > 1:
            path = " ".join(f"{x_of(d):.1f},{y_of(float(v)):.1f}" for d, v in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dash_attr}/>"
            )
        parts.extend(_marker(marker, x_of(d), y_of(float(v)), colour) for d, v in points)
        parts.append("</g>")
    # Legend below the plot: the same line, dash and marker as the series.
    legend_y = TOP + plot_h + 40
    parts.append('<g class="line-chart__legend" aria-hidden="true">')
    for index, s in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        column, line = index % 3, index // 3
        x = LEFT + column * (plot_w / 3)
        y = legend_y + line * 20
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" x2="{x + 28:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
            + _marker(MARKERS[index % len(MARKERS)], x + 14, y, colour)
            + f'<text x="{x + 34:.1f}" y="{y + 4:.1f}" class="line-chart__label" '
            f'fill="#1b1f24">{escape(s.label[:40])}</text>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _describe(indicator: Indicator, series: list[Series], periods: list[dt.date]) -> str:
    if not periods:
        return _("Inga mätvärden ännu.")
    names = ", ".join(s.label for s in series)
    text = _("%(count)s serier (%(names)s) från %(first)s till %(last)s.") % {
        "count": len(series),
        "names": names,
        "first": periods[0].isoformat(),
        "last": periods[-1].isoformat(),
    }
    if indicator.target is not None:
        text += " " + _("Målvärdet är %(target)s.") % {"target": _fmt(indicator.target)}
    return text + " " + _("Samma värden finns i tabellen bredvid diagrammet.")


def charts_for(implementation: Implementation) -> list[IndicatorChart]:
    """A chart and a table per indicator of the kunskapsstöd, for the region and its units.

    Two queries: the indicators, and the measurements of the införande's region.
    """
    indicators = list(implementation.kunskapsstod.indicators.all())
    measurements = (
        Measurement.objects.filter(
            indicator__kunskapsstod_id=implementation.kunskapsstod_id,
            region_id=implementation.region_id,
        )
        .select_related("unit")
        .order_by("period_start")
    )
    by_indicator: dict[int, dict[int | None, Series]] = {i.pk: {} for i in indicators}
    region_label = implementation.region.short_name or implementation.region.name
    for measurement in measurements:
        series_by_unit = by_indicator.setdefault(measurement.indicator_id, {})
        key = measurement.unit_id
        if key not in series_by_unit:
            label = measurement.unit.name if measurement.unit else region_label
            series_by_unit[key] = Series(label=label)
        series_by_unit[key].points.append((measurement.period_start, measurement.value))
    charts: list[IndicatorChart] = []
    for indicator in indicators:
        found = by_indicator.get(indicator.pk, {})
        series = ([found[None]] if None in found else []) + [
            s for key, s in found.items() if key is not None
        ]
        periods = sorted({d for s in series for d, _v in s.points})
        lookup = [dict(s.points) for s in series]
        rows = [(period, [values.get(period) for values in lookup]) for period in periods]
        svg = line_chart(
            chart_id=f"indicator-{indicator.pk}",
            title=_("%(name)s över tid") % {"name": indicator.name},
            description=_describe(indicator, series, periods),
            series=series,
            target=indicator.target,
            unit=indicator.unit,
        )
        charts.append(IndicatorChart(indicator, series, svg, periods, rows))
    return charts
