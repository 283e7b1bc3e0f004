"""``kunskapsnav parse-minutes FILE [FILE ...] [--json] [--out DIR]``: read minutes files.

Reads protokoll and minnesanteckningar (.txt, .md, .pdf, .docx) with the minutes parser and
prints, per file:

- without ``--json``: a short Swedish summary (type, body, date, attendance, items, decisions,
  actions, next meeting, warnings);
- with ``--json``: the JSON object of ``minutes.schema.json``. One file gives one object; several
  files give one JSON array of objects, in the order given, so stdout is always one JSON
  document (``kunskapsnav parse-minutes a.pdf --json > a.json``);
- with ``--out DIR``: also writes ``DIR/<name>.json`` for each file (``<name>`` is the file name
  without its extension).

A file that cannot be read gives one line on stderr (``protokoll.pdf är lösenordsskyddad; …``)
and the command ends with exit status 1 after the other files are done; there is never a
traceback. The command does not touch the database.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from kunskapsnav.minutes.extract import ExtractionError, extract_text
from kunskapsnav.minutes.parser import Minutes, parse, to_json

_STATUS_WORDS = {
    "present": "närvarande",
    "partial": "del av mötet",
    "absent": "frånvarande",
    "adjunct": "adjungerade",
    "guest": "gäster",
}
_TYPE_WORDS = {
    "protokoll": "Protokoll",
    "minnesanteckningar": "Minnesanteckningar",
    "other": "Anteckningar (typ ej angiven)",
}


class Command(BaseCommand):
    help = (
        "Läser protokoll och minnesanteckningar (.txt, .md, .pdf, .docx) och skriver ut "
        "punkter, beslut, åtgärder och närvaro. Rör inte databasen."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FIL", help="filer att läsa")
        parser.add_argument(
            "--json",
            action="store_true",
            help="skriv JSON enligt minutes.schema.json (ett objekt; en lista för flera filer)",
        )
        parser.add_argument(
            "--out", metavar="KATALOG", help="skriv också KATALOG/<namn>.json för varje fil"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out_dir = Path(options["out"]) if options.get("out") else None
        if out_dir is not None:
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._fail([f"Katalogen {out_dir} kan inte skapas ({exc.strerror or exc})."])
        results: list[dict[str, Any]] = []
        errors: list[str] = []
        for name in options["files"]:
            path = Path(name)
            try:
                minutes = parse(extract_text(path))
            except ExtractionError as exc:
                errors.append(str(exc))  # the message names the file
                continue
            except Exception as exc:  # a parser bug must not end in a traceback for the user
                errors.append(f"{path.name} kunde inte tolkas (internt fel: {type(exc).__name__}).")
                continue
            data = to_json(minutes)
            results.append(data)
            if out_dir is not None:
                target = out_dir / f"{path.stem}.json"
                try:
                    target.write_text(_dumps(data) + "\n", encoding="utf-8")
                except OSError as exc:
                    errors.append(f"{target} kan inte skrivas ({exc.strerror or exc}).")
            if not options["json"]:
                self.stdout.write(_summary(path.name, minutes))
        if options["json"] and results:
            self.stdout.write(_dumps(results[0] if len(options["files"]) == 1 else results))
        if errors:
            self._fail(errors)

    def _fail(self, errors: list[str]) -> None:
        for line in errors:
            self.stderr.write(line)
        sys.exit(1)


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _summary(filename: str, minutes: Minutes) -> str:
    when = minutes.date or "datum saknas"
    if minutes.start_time:
        when += f" kl. {minutes.start_time}" + (f"–{minutes.end_time}" if minutes.end_time else "")
    head = [_TYPE_WORDS[minutes.document_type], minutes.body or "organ saknas", when]
    if minutes.place:
        head.append(minutes.place)
    counts: dict[str, int] = {}
    for attendee in minutes.attendees:
        counts[attendee.status] = counts.get(attendee.status, 0) + 1
    attendance = ", ".join(f"{n} {_STATUS_WORDS[s]}" for s, n in counts.items()) or "ingen lista"
    struck = sum(1 for i in minutes.items if i.struck)
    lines = [
        f"{filename}: {', '.join(head)}",
        f"  Närvaro: {attendance}",
        f"  {len(minutes.items)} punkter"
        + (f" ({struck} utgick)" if struck else "")
        + f", {len(minutes.decisions)} beslut, {len(minutes.actions)} åtgärder",
    ]
    for item in minutes.items:
        number = f"{item.number} " if item.number else ""
        lines.append(f"    {number}{item.title}" + (" (utgick)" if item.struck else ""))
    if minutes.next_meeting:
        lines.append(f"  Nästa möte: {minutes.next_meeting.date or minutes.next_meeting.text}")
    lines.extend(f"  Varning: {w}" for w in minutes.warnings)
    return "\n".join(lines)
