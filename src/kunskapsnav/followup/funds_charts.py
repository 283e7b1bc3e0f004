"""The chart of a grant: allocated and spent per allocation, as a bar chart of two series.

Drawn by :func:`kunskapsnav.followup.charts.bar_chart` (each series its own fill pattern, each
bar its amount as text); the page shows the same figures in the allocations table.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kunskapsnav.followup.charts import BarSeries, bar_chart
from kunskapsnav.followup.funds import AllocationRow, kronor


def allocation_chart(*, title: str, rows: Sequence[AllocationRow]) -> SafeString:
    over = [row.allocation.measure for row in rows if row.overspent]
    description = _(
        "Liggande staplar för %(count)s fördelningar: fördelat belopp (hel fyllning) och "
        "upparbetat belopp (randig fyllning). Samma belopp finns i tabellen över fördelningar."
    ) % {"count": len(rows)}
    if over:
        description += " " + _("Upparbetat överstiger fördelat för: %(names)s.") % {
            "names": ", ".join(over)
        }
    return bar_chart(
        [row.allocation.measure for row in rows],
        [
            BarSeries(_("Fördelat"), [float(row.allocation.amount) for row in rows]),
            BarSeries(_("Upparbetat"), [float(row.spent) for row in rows]),
        ],
        title=title,
        description=description,
        format_value=lambda value: kronor(Decimal(str(value))),
    )
