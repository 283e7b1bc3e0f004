"""Bar charts of counts for the follow-up dashboards, drawn by ``followup.charts.bar_chart``.

Every bar carries its label and value as text, and the page shows the same numbers in a table
beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kunskapsnav.followup.charts import BarSeries, bar_chart


@dataclass
class Bar:
    label: str
    value: int


def count_chart(*, chart_id: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """One horizontal bar per row."""
    return bar_chart(
        [bar.label for bar in bars],
        [BarSeries(_("Antal"), [float(bar.value) for bar in bars])],
        title=title,
        description=description,
        chart_id=chart_id,
    )


def describe(bars: list[Bar]) -> str:
    """A summary for the chart's ``<desc>``."""
    if not bars:
        return _("Inget att visa.")
    top = max(bars, key=lambda bar: bar.value)
    return _(
        "%(rows)s staplar, sammanlagt %(total)s. Högst: %(top)s med %(value)s. "
        "Samma värden finns i tabellen."
    ) % {
        "rows": len(bars),
        "total": sum(bar.value for bar in bars),
        "top": top.label,
        "value": top.value,
    }
