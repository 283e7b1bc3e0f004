"""Load the reference data shipped in ``core/reference_data/`` into the database, idempotently.

Rows are matched on ``code``; a row whose values are unchanged is not written again (and so
leaves no history entry), a changed row is updated and audited as the loader's change. Rows
are never deleted here: a code that disappears from the files may still be referenced.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.db import models, transaction

from kunskapsnav.core.audit import save_audited
from kunskapsnav.core.models import (
    GlossaryTerm,
    Kommun,
    KunskapsstodType,
    ProgrammeArea,
    Region,
    Sjukvardsregion,
)

REASON = "load_reference"

#: The files this package carries, copied from the project's shared reference data.
REFERENCE_FILES = (
    "sjukvardsregioner.json",
    "regions.json",
    "kommuner.json",
    "programomraden.json",
    "kunskapsstod_types.json",
    "glossary.json",
    "kunskapsstod.json",
    "remiss.json",
)


class ReferenceDataError(Exception):
    """A reference file is missing, malformed or points at a code that does not exist."""


def read_reference(name: str) -> list[dict[str, Any]]:
    try:
        text = (
            resources.files("kunskapsnav.core")
            .joinpath("reference_data", name)
            .read_text(encoding="utf-8")
        )
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"reference file {name} is missing from the package") from exc
    data = json.loads(text)
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ReferenceDataError(f"{name} must hold one list of objects")
    return data


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], label: str) -> None:
        bucket[label] = bucket.get(label, 0) + 1

    def lines(self) -> list[str]:
        labels = list(dict.fromkeys([*self.created, *self.updated, *self.unchanged]))
        return [
            f"{label}: {self.created.get(label, 0)} nya, {self.updated.get(label, 0)} ändrade, "
            f"{self.unchanged.get(label, 0)} oförändrade"
            for label in labels
        ]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _upsert(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    to_fields: Callable[[dict[str, Any]], dict[str, Any]],
    report: LoadReport,
) -> dict[str, Any]:
    label = str(model._meta.verbose_name_plural)
    existing = {obj.code: obj for obj in model._default_manager.all()}  # type: ignore[attr-defined]
    by_code: dict[str, Any] = {}
    for row in rows:
        code = _text(row.get("code"))
        if not code:
            raise ReferenceDataError(f"{label}: a row has no code: {row!r}")
        values = to_fields(row)
        obj = existing.get(code)
        if obj is None:
            obj = model(code=code, **values)
            save_audited(obj, acting_user=None, reason=REASON)
            report.count(report.created, label)
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            save_audited(obj, acting_user=None, reason=REASON)
            report.count(report.updated, label)
        else:
            report.count(report.unchanged, label)
        by_code[code] = obj
    return by_code


def common(row: dict[str, Any]) -> dict[str, Any]:
    """The fields every reference row has: verification, sources and a note."""
    return {
        "verified": row.get("verified") is not False,
        "sources": list(row.get("sources") or []),
        "note": _text(row.get("note")),
    }


def _lookup(table: dict[str, Any], code: Any, what: str, owner: str) -> Any:
    try:
        return table[_text(code)]
    except KeyError as exc:
        raise ReferenceDataError(f"{owner} refers to unknown {what} {code!r}") from exc


@transaction.atomic
def load_reference() -> LoadReport:
    """Load every reference table; all or nothing."""
    report = LoadReport()

    svr = _upsert(
        Sjukvardsregion,
        read_reference("sjukvardsregioner.json"),
        lambda row: {
            **common(row),
            "name": row["name"],
            "order": int(row.get("order") or 0),
            "other_names": list(row.get("other_names") or []),
            "cooperation_body": _text(row.get("cooperation_body")),
            "legal_basis": _text(row.get("legal_basis")),
        },
        report,
    )
    regions = _upsert(
        Region,
        read_reference("regions.json"),
        lambda row: {
            **common(row),
            "name": row["name"],
            "short_name": row["short_name"],
            "lan_name": row["lan_name"],
            "abbreviation": _text(row.get("abbreviation")),
            "sjukvardsregion": _lookup(svr, row["sjukvardsregion"], "sjukvårdsregion", row["name"]),
            "is_kommun_with_regional_responsibility": bool(
                row.get("is_kommun_with_regional_responsibility")
            ),
        },
        report,
    )
    _upsert(
        Kommun,
        read_reference("kommuner.json"),
        lambda row: {
            **common(row),
            "name": row["name"],
            "official_name": row["official_name"],
            "region": _lookup(regions, row.get("region") or row.get("lan"), "region", row["name"]),
            "sjukvardsregion": _lookup(svr, row["sjukvardsregion"], "sjukvårdsregion", row["name"]),
        },
        report,
    )
    _upsert(
        ProgrammeArea,
        read_reference("programomraden.json"),
        lambda row: {
            **common(row),
            "kind": row["kind"],
            "name": row["name"],
            "full_name": row.get("full_name") or row["name"],
            "abbreviations": list(row.get("abbreviations") or []),
            "aliases": list(row.get("aliases") or []),
            "host": _text(row.get("host")),
        },
        report,
    )
    _upsert(
        KunskapsstodType,
        read_reference("kunskapsstod_types.json"),
        lambda row: {
            **common(row),
            "name": row["name"],
            "producer": _text(row.get("producer")),
            "description": _text(row.get("description")),
            "audience": _text(row.get("audience")),
            "published_on": _text(row.get("published_on")),
            "uses_huvudprocess": row.get("uses_huvudprocess"),
        },
        report,
    )
    _upsert(
        GlossaryTerm,
        read_reference("glossary.json"),
        lambda row: {
            **common(row),
            "term": row["term"],
            "abbreviation": _text(row.get("abbreviation")),
            "english": _text(row.get("english")),
            "definition": _text(row.get("definition")),
            "category": row["category"],
            "aliases": list(row.get("aliases") or []),
            "see_also": list(row.get("see_also") or []),
        },
        report,
    )
    return report
