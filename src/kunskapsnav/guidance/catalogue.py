"""Load the national catalogue of kunskapsstöd from the reference data, idempotently.

``kunskapsstod.json`` is matched on ``code``: a kunskapsstöd whose values are unchanged is not
written again (and so leaves no history entry); a changed one is updated and audited as the
loader's change (``acting_user=None``). Its remiss rounds are matched on (kind, opening date).
Nothing is deleted: a code that disappears from the file may still be referenced.

Run by ``kunskapsnav load_reference`` after the core tables (types and programme areas).

* ``type`` (vardforlopp, generisk_modell, nationellt_vardprogram) names a ``KunskapsstodType``
  by its code;
* ``npo`` / ``npo_other`` name ``ProgrammeArea`` codes;
* ``approved`` / ``published`` are an ISO date, a month ("2020-05") or a year ("2020"); the
  first day of the period is stored with ``approved_precision`` day/month/year;
* ``status``: godkant → fastställd, publicerat → publicerad, under_framtagande → under
  utveckling;
* ``remiss``: ``{from, to, kind}``; a missing ``to`` is proposed from the national remiss
  calendar (``remiss_dates``); ``oppen_remiss`` is a remiss, ``synpunktsinhamtning`` a
  synpunktsinhämtning;
* ``part_of`` groups parts under another kunskapsstöd when that code exists in the catalogue
  (it may also name a group that has no record of its own, e.g. "hoftledsartros").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kunskapsnav.core.audit import save_audited
from kunskapsnav.core.models import KunskapsstodType, ProgrammeArea
from kunskapsnav.core.reference import (
    REASON,
    LoadReport,
    ReferenceDataError,
    common,
    read_reference,
)
from kunskapsnav.guidance import remiss_dates
from kunskapsnav.guidance.models import Kunskapsstod, RemissRound

STATUS = {
    "godkant": Kunskapsstod.Status.FASTSTALLD,
    "publicerat": Kunskapsstod.Status.PUBLICERAD,
    "under_framtagande": Kunskapsstod.Status.UNDER_UTVECKLING,
    "remiss": Kunskapsstod.Status.REMISS,
    "under_revision": Kunskapsstod.Status.UNDER_REVISION,
    "upphavd": Kunskapsstod.Status.UPPHAVD,
}

REMISS_KIND = {
    "oppen_remiss": RemissRound.Kind.REMISS,
    "remiss": RemissRound.Kind.REMISS,
    "synpunktsinhamtning": RemissRound.Kind.SYNPUNKTSINHAMTNING,
}


def parse_partial_date(value: Any) -> tuple[dt.date | None, str]:
    """ "2021-02-24" → (that day, "day"); "2020-05" → (1 May 2020, "month"); "2020" → year."""
    if value in (None, ""):
        return None, ""
    text = str(value).strip()
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return dt.date.fromisoformat(text), "day"
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1), "month"
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1), "year"
    except ValueError as exc:
        raise ReferenceDataError(f"not a date, month or year: {value!r}") from exc
    raise ReferenceDataError(f"not a date, month or year: {value!r}")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fields(
    row: dict[str, Any],
    types: dict[str, KunskapsstodType],
    areas: dict[str, ProgrammeArea],
) -> dict[str, Any]:
    code = row["code"]
    try:
        kind = types[row["type"]]
    except KeyError as exc:
        raise ReferenceDataError(f"{code} refers to unknown type {row.get('type')!r}") from exc
    area = None
    if row.get("npo"):
        try:
            area = areas[row["npo"]]
        except KeyError as exc:
            raise ReferenceDataError(f"{code} refers to unknown npo {row['npo']!r}") from exc
    try:
        status = STATUS[row.get("status") or "under_framtagande"]
    except KeyError as exc:
        raise ReferenceDataError(f"{code} has unknown status {row.get('status')!r}") from exc
    approved_on, precision = parse_partial_date(row.get("approved"))
    published_on, _published_precision = parse_partial_date(row.get("published"))
    return {
        **common(row),
        "name": row["name"],
        "full_name": _text(row.get("full_name")),
        "type": kind,
        "programme_area": area,
        "status": status,
        "approved_on": approved_on,
        "approved_precision": _text(row.get("approved_precision")) or precision,
        "published_on": published_on,
        "aliases": list(row.get("aliases") or []),
    }


def _rounds(stod: Kunskapsstod, row: dict[str, Any], report: LoadReport) -> None:
    label = str(RemissRound._meta.verbose_name_plural)
    existing = {(r.kind, r.opens): r for r in stod.remiss_rounds.all()}
    for entry in row.get("remiss") or []:
        kind = REMISS_KIND.get(_text(entry.get("kind")), RemissRound.Kind.REMISS)
        opens, _precision = parse_partial_date(entry.get("from"))
        if opens is None:
            raise ReferenceDataError(f"{stod.code}: a remiss has no start date")
        closes, _precision = parse_partial_date(entry.get("to"))
        note = _text(entry.get("note"))
        if closes is None:
            closes = remiss_dates.proposed_closing(opens, str(kind))
            proposed = "Slutdatum enligt den nationella remisskalendern."
            note = f"{note}. {proposed}" if note else proposed
        values = {"closes": closes, "note": note}
        found = existing.get((kind, opens))
        if found is None:
            found = RemissRound(kunskapsstod=stod, kind=kind, opens=opens, **values)
            save_audited(found, acting_user=None, reason=REASON)
            report.count(report.created, label)
        elif any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            save_audited(found, acting_user=None, reason=REASON)
            report.count(report.updated, label)
        else:
            report.count(report.unchanged, label)


@transaction.atomic
def load_catalogue(report: LoadReport | None = None) -> LoadReport:
    """Create or update every kunskapsstöd of ``kunskapsstod.json`` and its remiss rounds."""
    report = report if report is not None else LoadReport()
    label = str(Kunskapsstod._meta.verbose_name_plural)
    rows = read_reference("kunskapsstod.json")
    types = {t.code: t for t in KunskapsstodType.objects.all()}
    areas = {a.code: a for a in ProgrammeArea.objects.all()}
    existing = {k.code: k for k in Kunskapsstod.objects.prefetch_related("other_programme_areas")}
    by_code: dict[str, Kunskapsstod] = {}
    for row in rows:
        code = _text(row.get("code"))
        if not code:
            raise ReferenceDataError(f"{label}: a row has no code: {row!r}")
        values = _fields(row, types, areas)
        stod = existing.get(code)
        if stod is None:
            stod = Kunskapsstod(code=code, **values)
            save_audited(stod, acting_user=None, reason=REASON)
            report.count(report.created, label)
        elif any(getattr(stod, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(stod, name, value)
            save_audited(stod, acting_user=None, reason=REASON)
            report.count(report.updated, label)
        else:
            report.count(report.unchanged, label)
        by_code[code] = stod

    # Relations to other rows, once every row exists.
    for row in rows:
        stod = by_code[row["code"]]
        other_codes = [c for c in row.get("npo_other") or [] if c != row.get("npo")]
        unknown = [c for c in other_codes if c not in areas]
        if unknown:
            raise ReferenceDataError(f"{stod.code} refers to unknown npo_other {unknown!r}")
        wanted = {areas[c].pk for c in other_codes}
        if {a.pk for a in stod.other_programme_areas.all()} != wanted:
            stod.other_programme_areas.set(wanted)
        parent = by_code.get(_text(row.get("part_of")))
        if parent is not None and parent.pk == stod.pk:
            parent = None  # the group's own record names itself
        if stod.part_of_id != (parent.pk if parent else None):
            stod.part_of = parent
            save_audited(stod, acting_user=None, reason=REASON)
        _rounds(stod, row, report)
    return report
