"""Tables to CSV and XLSX downloads, written once for every export in the product.

CSV is UTF-8 with a byte-order mark and semicolons, which is what Excel with Swedish settings
opens correctly. Cells that a spreadsheet would read as a formula (=, +, -, @, tab, CR) are
prefixed with an apostrophe, so exported text can never run as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should hold it: text that looks like a formula is defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow(
            [
                cell.isoformat() if isinstance(cell, dt.date) else cell
                for cell in (safe_cell(value) for value in row)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return to_xlsx_sheets([(title, headers, rows)])


def to_xlsx_sheets(
    tables: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
) -> bytes:
    """One workbook, one sheet per (title, headers, rows), header rows in bold."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in tables:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=safe_cell(header))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str
) -> HttpResponse:
    """A download of the table as ``fmt`` (``csv`` or ``xlsx``)."""
    if fmt == "xlsx":
        content = to_xlsx(title, headers, rows)
    elif fmt == "csv":
        content = to_csv(headers, rows)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
