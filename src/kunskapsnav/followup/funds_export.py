"""Grants as tables for CSV and XLSX, through ``core.exports`` (its formula defusing included).

A grant's workbook has three sheets: the summary (facts, figures, deadlines), the allocations
with allocated, spent and remaining, and every reported spending. As CSV the three tables follow
one another, each under its own heading row, separated by an empty row.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kunskapsnav.core.exports import CONTENT_TYPES, to_csv, to_xlsx_sheets
from kunskapsnav.followup import funds
from kunskapsnav.followup.models import Grant, Spending

Table = tuple[str, list[str], list[list[Any]]]


def _money(value: Decimal | None) -> float | str:
    """Amounts as numbers a spreadsheet can sum (kronor with öre)."""
    return "" if value is None else float(value)


def grant_list_table(rows: Sequence[funds.GrantRow]) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Statsbidrag"),
        _("År"),
        _("Region"),
        _("Fördelas av"),
        _("Belopp (kr)"),
        _("Ungefärligt belopp"),
        _("Fördelat (kr)"),
        _("Ej fördelat (kr)"),
        _("Upparbetat (kr)"),
        _("Ej förbrukat (kr)"),
        _("Återbetalt (kr)"),
        _("Att återbetala (kr)"),
        _("Period från"),
        _("Period till"),
        _("Rekvireras senast"),
        _("Rekvirerat"),
        _("Redovisas senast"),
        _("Redovisat"),
    ]
    table = []
    for row in rows:
        grant, f = row.grant, row.figures
        table.append(
            [
                grant.name,
                grant.year,
                grant.recipient_region.name,
                grant.responsible_body.name,
                _money(f.amount),
                grant.amount_is_approximate,
                _money(f.allocated),
                _money(f.unallocated),
                _money(f.spent),
                _money(f.unspent),
                _money(f.repaid),
                _money(f.to_repay) if f.to_repay is not None else _("ej förbrukat ännu"),
                grant.period_start,
                grant.period_end,
                grant.requisition_deadline,
                grant.requisitioned_on,
                grant.reporting_deadline,
                grant.reported_on,
            ]
        )
    return headers, table


def grant_tables(grant: Grant) -> list[Table]:
    """The summary, the allocations and the spending of one grant (four queries)."""
    rows = funds.allocation_rows(grant)
    f = funds.figures(
        grant,
        allocated=sum((r.allocation.amount for r in rows), Decimal(0)),
        spent=sum((r.spent for r in rows), Decimal(0)),
    )
    summary: list[list[Any]] = [
        [_("Statsbidrag"), grant.name],
        [_("Källa"), grant.source],
        [_("År"), grant.year],
        [_("Mottagande region"), grant.recipient_region.name],
        [
            _("Mottagare"),
            grant.recipient_organisation.name if grant.recipient_organisation else "",
        ],
        [_("Fördelas av"), grant.responsible_body.name],
        [_("Period från"), grant.period_start],
        [_("Period till"), grant.period_end],
        [_("Belopp (kr)"), _money(f.amount)],
        [_("Ungefärligt belopp"), grant.amount_is_approximate],
        [_("Fördelat (kr)"), _money(f.allocated)],
        [_("Ej fördelat (kr)"), _money(f.unallocated)],
        [_("Upparbetat (kr)"), _money(f.spent)],
        [_("Ej förbrukat (kr)"), _money(f.unspent)],
        [_("Återbetalt (kr)"), _money(f.repaid)],
        [
            _("Att återbetala (kr)"),
            _money(f.to_repay) if f.to_repay is not None else _("ej förbrukat ännu"),
        ],
        [_("Rekvireras senast"), grant.requisition_deadline],
        [_("Rekvirerat"), grant.requisitioned_on],
        [_("Redovisas senast"), grant.reporting_deadline],
        [_("Redovisat"), grant.reported_on],
        [_("Villkor"), grant.conditions],
        [_("Beslut"), grant.decision.text if grant.decision else ""],
        [_("Anmärkning"), grant.note],
    ]
    allocations = [
        [
            row.allocation.measure,
            row.allocation.responsible_body.name if row.allocation.responsible_body else "",
            (
                row.allocation.responsible_organisation.name
                if row.allocation.responsible_organisation
                else ""
            ),
            row.allocation.period_start,
            row.allocation.period_end,
            _money(row.allocation.amount),
            _money(row.spent),
            _money(row.remaining),
            row.overspent,
            row.allocation.note,
        ]
        for row in rows
    ]
    spendings = [
        [
            s.allocation.measure,
            s.spent_on,
            _money(s.amount),
            s.description,
            s.reported_by.get_full_name() if s.reported_by else "",
        ]
        for s in Spending.objects.filter(allocation__grant=grant)
        .select_related("allocation", "reported_by")
        .order_by("allocation__measure", "spent_on", "pk")
    ]
    return [
        (_("Sammanfattning"), [_("Uppgift"), _("Värde")], summary),
        (
            _("Fördelningar"),
            [
                _("Insats"),
                _("Ansvarigt organ"),
                _("Ansvarig organisation"),
                _("Period från"),
                _("Period till"),
                _("Fördelat (kr)"),
                _("Upparbetat (kr)"),
                _("Kvar (kr)"),
                _("Överskridet"),
                _("Anmärkning"),
            ],
            allocations,
        ),
        (
            _("Upparbetat"),
            [
                _("Insats"),
                _("Avser datum"),
                _("Belopp (kr)"),
                _("Beskrivning"),
                _("Rapporterad av"),
            ],
            spendings,
        ),
    ]


def _csv(tables: Sequence[Table]) -> bytes:
    parts = []
    for index, (title, headers, rows) in enumerate(tables):
        body = to_csv([title], []).decode("utf-8").lstrip("\ufeff")
        body += to_csv(headers, rows).decode("utf-8").lstrip("\ufeff")
        parts.append(("\r\n" if index else "") + body)
    return ("\ufeff" + "".join(parts)).encode("utf-8")


def grant_workbook(grant: Grant, fmt: str) -> tuple[bytes, str]:
    """The grant as ``fmt`` (``csv`` or ``xlsx``) and its content type."""
    tables = grant_tables(grant)
    if fmt == "xlsx":
        return to_xlsx_sheets(tables), CONTENT_TYPES["xlsx"]
    if fmt == "csv":
        return _csv(tables), CONTENT_TYPES["csv"]
    raise ValueError(f"unknown export format {fmt!r}")
