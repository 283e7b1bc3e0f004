"""The gap analysis as the Excel sheet coordinators use, out and back in.

Sheet "Gapanalys": row 1 holds ``Nr``, ``Rekommendation`` and, above each unit's two columns,
the unit's name (merged across them); row 2 names the columns ``Nuläge`` and ``Kommentar``; one
row per recommendation follows. Nuläge is written as its Swedish label, with a drop-down of the
allowed labels. Sheet "Iakttagelser" lists the findings by dimension (for reading; it is not
read back).

An upload passes the shared guard (:mod:`kunskapsnav.core.uploads`) before openpyxl opens it:
size, type, the zip directory (zip bombs) and XML without DOCTYPE or entities. Reading back
checks every cell first and reports each bad one by sheet, row and column letter;
if any is bad nothing changes. Otherwise each changed assessment is saved through
:func:`kunskapsnav.guidance.implementation.set_assessment`, so every change is audited.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kunskapsnav.accounts.models import User
from kunskapsnav.core import uploads
from kunskapsnav.core.exports import FORMULA_START, safe_cell
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import (
    Finding,
    GapAssessment,
    Implementation,
    ImplementationUnit,
    Recommendation,
)
from kunskapsnav.registry.services import require

SHEET = "Gapanalys"
FINDINGS_SHEET = "Iakttagelser"
HEADER_ROWS = 2
FIRST_UNIT_COLUMN = 3  # C
NUMBER_HEADER = "Nr"
TEXT_HEADER = "Rekommendation"
STATE_HEADER = "Nuläge"
COMMENT_HEADER = "Kommentar"

#: An upload larger than this is refused before it is opened.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The sum of the uncompressed sizes in the zip directory may not exceed this (zip bombs).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 2_000
MAX_COLUMNS = 2 + 2 * 200
MAX_COMMENT = 5_000

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _swedish_labels() -> list[str]:
    with translation.override("sv"):
        return [str(label) for _value, label in GapAssessment.State.choices]


def _label_of(state: str) -> str:
    with translation.override("sv"):
        return str(GapAssessment.State(state).label) if state else ""


def _states_by_label() -> dict[str, str]:
    """Every accepted spelling of a state (Swedish and the active language), folded."""
    states: dict[str, str] = {}
    for language in ("sv", translation.get_language() or "sv"):
        with translation.override(language):
            for value, label in GapAssessment.State.choices:
                states[str(label).casefold()] = value
    return states


# --- Export ---------------------------------------------------------------------------------


def export_gap_analysis(implementation: Implementation) -> bytes:
    units = list(implementation.units.all())
    recommendations = list(implementation.kunskapsstod.recommendations.order_by("order", "id"))
    assessments = {
        (a.unit_id, a.recommendation_id): a
        for a in GapAssessment.objects.filter(unit__implementation=implementation)
    }
    findings = list(
        Finding.objects.filter(implementation=implementation).select_related(
            "unit", "recommendation"
        )
    )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EA")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    sheet.cell(row=1, column=1, value=NUMBER_HEADER)
    sheet.cell(row=1, column=2, value=TEXT_HEADER)
    sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
    sheet.merge_cells(start_row=1, start_column=2, end_row=2, end_column=2)
    for index, unit in enumerate(units):
        column = FIRST_UNIT_COLUMN + 2 * index
        sheet.cell(row=1, column=column, value=safe_cell(unit.name))
        sheet.merge_cells(start_row=1, start_column=column, end_row=1, end_column=column + 1)
        sheet.cell(row=2, column=column, value=STATE_HEADER)
        sheet.cell(row=2, column=column + 1, value=COMMENT_HEADER)
        sheet.column_dimensions[get_column_letter(column)].width = 18
        sheet.column_dimensions[get_column_letter(column + 1)].width = 36
    last_column = FIRST_UNIT_COLUMN + 2 * len(units) - 1
    for header_row in sheet.iter_rows(min_row=1, max_row=2, max_col=max(last_column, 2)):
        for cell in header_row:
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = centre
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 60
    sheet.freeze_panes = "C3"

    for offset, recommendation in enumerate(recommendations):
        row = HEADER_ROWS + 1 + offset
        sheet.cell(row=row, column=1, value=safe_cell(recommendation.number))
        sheet.cell(row=row, column=2, value=safe_cell(recommendation.text)).alignment = wrap
        for index, unit in enumerate(units):
            column = FIRST_UNIT_COLUMN + 2 * index
            assessment = assessments.get((unit.pk, recommendation.pk))
            state = assessment.state if assessment else ""
            comment = assessment.comment if assessment else ""
            sheet.cell(row=row, column=column, value=_label_of(state) or None)
            sheet.cell(
                row=row, column=column + 1, value=safe_cell(comment) or None
            ).alignment = wrap

    if units and recommendations:
        labels = _swedish_labels()
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(labels) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Okänt nuläge"),
            error=_("Välj %(labels)s.") % {"labels": ", ".join(labels)},
        )
        sheet.add_data_validation(validation)
        last_row = HEADER_ROWS + len(recommendations)
        for index in range(len(units)):
            letter = get_column_letter(FIRST_UNIT_COLUMN + 2 * index)
            validation.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last_row}")

    notes = workbook.create_sheet(FINDINGS_SHEET)
    notes.append([_("Dimension"), _("Enhet"), _("Rekommendation"), _("Iakttagelse")])
    for cell in notes[1]:
        cell.font = bold
        cell.fill = header_fill
    for finding in findings:
        notes.append(
            [
                safe_cell(finding.get_dimension_display()),
                safe_cell(finding.unit.name if finding.unit else _("Hela regionen")),
                safe_cell(finding.recommendation.number if finding.recommendation else ""),
                safe_cell(finding.text),
            ]
        )
    for letter, width in zip("ABCD", (34, 28, 16, 80), strict=True):
        notes.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(implementation: Implementation) -> str:
    return f"gapanalys-{implementation.kunskapsstod.code}-{implementation.region.code}.xlsx"


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    unit: ImplementationUnit
    recommendation: Recommendation
    state: str
    comment: str


@dataclass
class ImportResult:
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _check_zip(data: bytes) -> list[str]:
    """Refuse what is not an xlsx, would unpack to far more than it weighs, or holds XML with
    DOCTYPE or entities, before it is opened (the shared upload guard)."""
    not_xlsx = _("Filen är ingen Excel-fil (.xlsx). Spara den som Excel-arbetsbok och försök igen.")
    limits = uploads.Limits(
        max_bytes=MAX_UPLOAD_BYTES,
        max_unpacked=MAX_UNCOMPRESSED_BYTES,
        max_entries=MAX_ZIP_ENTRIES,
    )
    try:
        uploads.check_upload(data, _("Filen"), limits, "xlsx")
    except uploads.UploadError as refused:
        if refused.code in {uploads.WRONG_TYPE, uploads.NOT_OFFICE}:
            return [not_xlsx]
        return [refused.message]
    return []


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unquote(text: str) -> str:
    """Undo the apostrophe our export put before text that looked like a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def read_gap_analysis(
    implementation: Implementation, data: bytes
) -> tuple[list[CellChange], list[str]]:
    """Every cell of the upload checked; the wanted values, and every error found."""
    errors = _check_zip(data)
    if errors:
        return [], errors
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a broken file
        return [], [_("Filen är skadad och kunde inte läsas som en Excel-fil.")]
    try:
        if SHEET not in workbook.sheetnames:
            return [], [_("Filen saknar bladet ”%(sheet)s”.") % {"sheet": SHEET}]
        sheet = workbook[SHEET]
        rows: list[list[tuple[object, str]]] = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + HEADER_ROWS + 1, max_col=MAX_COLUMNS + 1):
            rows.append([(cell.value, getattr(cell, "data_type", "s")) for cell in row])
    except Exception:
        return [], [_("Filen är skadad och kunde inte läsas som en Excel-fil.")]
    finally:
        workbook.close()
    if len(rows) > MAX_ROWS + HEADER_ROWS:
        return [], [_("Bladet har för många rader (högst %(max)s).") % {"max": MAX_ROWS}]
    return _check_cells(implementation, rows)


def _where(row: int, column: int) -> str:
    return f"{SHEET}!{get_column_letter(column)}{row}"


def _check_cells(
    implementation: Implementation, rows: list[list[tuple[object, str]]]
) -> tuple[list[CellChange], list[str]]:
    errors: list[str] = []
    width = max((len(r) for r in rows), default=0)
    grid = [[*r, *[(None, "n")] * (width - len(r))] for r in rows]

    def value(row: int, column: int) -> str:
        if row - 1 >= len(grid) or column - 1 >= width:
            return ""
        return _text(grid[row - 1][column - 1][0])

    if len(grid) < HEADER_ROWS:
        return [], [_("Bladet ”%(sheet)s” saknar rubrikraderna.") % {"sheet": SHEET}]
    for column, expected in ((1, NUMBER_HEADER), (2, TEXT_HEADER)):
        if value(1, column).casefold() != expected.casefold():
            errors.append(
                _("%(cell)s: rubriken ska vara ”%(expected)s”.")
                % {"cell": _where(1, column), "expected": expected}
            )

    units_by_name = {u.name.casefold(): u for u in implementation.units.all()}
    columns: list[tuple[int, ImplementationUnit]] = []
    seen_units: set[int] = set()
    for column in range(FIRST_UNIT_COLUMN, width + 1, 2):
        name = value(1, column)
        if not name:
            if value(2, column) or value(2, column + 1):
                errors.append(
                    _("%(cell)s: enhetens namn saknas ovanför kolumnerna.")
                    % {"cell": _where(1, column)}
                )
            continue
        unit = units_by_name.get(_unquote(name).casefold())
        if unit is None:
            errors.append(
                _("%(cell)s: ”%(name)s” är ingen enhet i införandet.")
                % {"cell": _where(1, column), "name": name}
            )
            continue
        if unit.pk in seen_units:
            errors.append(
                _("%(cell)s: enheten ”%(name)s” finns två gånger.")
                % {"cell": _where(1, column), "name": name}
            )
            continue
        seen_units.add(unit.pk)
        for offset, expected in ((0, STATE_HEADER), (1, COMMENT_HEADER)):
            if value(2, column + offset).casefold() != expected.casefold():
                errors.append(
                    _("%(cell)s: rubriken ska vara ”%(expected)s”.")
                    % {"cell": _where(2, column + offset), "expected": expected}
                )
        columns.append((column, unit))

    recommendations = {
        r.number.casefold(): r for r in implementation.kunskapsstod.recommendations.all()
    }
    states = _states_by_label()
    allowed = _swedish_labels()
    allowed_text = _("%(first)s eller %(last)s") % {
        "first": ", ".join(allowed[:-1]),
        "last": allowed[-1],
    }
    changes: list[CellChange] = []
    seen_numbers: dict[str, int] = {}
    for row in range(HEADER_ROWS + 1, len(grid) + 1):
        row_cells = grid[row - 1]
        if not any(_text(v) for v, _t in row_cells):
            continue
        for column, (cell_value, data_type) in enumerate(row_cells, start=1):
            if data_type == "f" or (isinstance(cell_value, str) and cell_value.startswith("=")):
                errors.append(
                    _("%(cell)s: formler läses inte in; skriv värdet i cellen.")
                    % {"cell": _where(row, column)}
                )
        number = value(row, 1)
        recommendation = recommendations.get(_unquote(number).casefold())
        if not number:
            errors.append(
                _("%(cell)s: rekommendationens nummer saknas.") % {"cell": _where(row, 1)}
            )
            continue
        if recommendation is None:
            errors.append(
                _("%(cell)s: rekommendation ”%(number)s” finns inte i %(stod)s.")
                % {
                    "cell": _where(row, 1),
                    "number": number,
                    "stod": implementation.kunskapsstod,
                }
            )
            continue
        if number.casefold() in seen_numbers:
            errors.append(
                _("%(cell)s: rekommendation ”%(number)s” finns redan på rad %(other)s.")
                % {
                    "cell": _where(row, 1),
                    "number": number,
                    "other": seen_numbers[number.casefold()],
                }
            )
            continue
        seen_numbers[number.casefold()] = row
        for column, unit in columns:
            label = value(row, column)
            state = ""
            if label:
                found = states.get(label.casefold())
                if found is None:
                    errors.append(
                        _("%(cell)s: ”%(label)s” är inget nuläge; använd %(allowed)s.")
                        % {"cell": _where(row, column), "label": label, "allowed": allowed_text}
                    )
                    continue
                state = found
            # Stripped again after the apostrophe: "'\tKlart" is the comment "Klart", as stored.
            comment = _unquote(value(row, column + 1)).strip()
            if len(comment) > MAX_COMMENT:
                errors.append(
                    _("%(cell)s: kommentaren är längre än %(max)s tecken.")
                    % {"cell": _where(row, column + 1), "max": MAX_COMMENT}
                )
                continue
            changes.append(CellChange(unit, recommendation, state, comment))
    return changes, errors


def import_gap_analysis(
    implementation: Implementation, data: bytes, *, acting_user: User | None
) -> ImportResult:
    """Read the upload back; all or nothing. ``ValidationError`` lists every bad cell."""
    require(acting_user, "guidance.change_implementation", implementation)
    changes, errors = read_gap_analysis(implementation, data)
    if errors:
        raise ValidationError(errors)
    current = {
        (a.unit_id, a.recommendation_id): a
        for a in GapAssessment.objects.filter(unit__implementation=implementation)
    }
    result = ImportResult()
    with transaction.atomic():
        for change in changes:
            existing = current.get((change.unit.pk, change.recommendation.pk))
            if existing is None and not change.state and not change.comment:
                result.unchanged += 1
                continue
            if (
                existing is not None
                and existing.state == change.state
                and existing.comment == change.comment
            ):
                result.unchanged += 1
                continue
            change.unit.implementation = implementation
            services.set_assessment(
                change.unit,
                change.recommendation,
                acting_user=acting_user,
                state=change.state,
                comment=change.comment,
                reason="import_gap_analysis",
            )
            result.changed += 1
    return result
