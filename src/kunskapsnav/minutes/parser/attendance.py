"""Attendance: the people named in the attendance parts, with status, organisation and role.

An attendance part starts with a label at the start of a line (``Närvarande:``, ``Deltagare``,
``Ledamöter``, ``Beslutande``, ``Ersättare``, ``Tjänstgörande ersättare``, ``Övriga
närvarande``, ``Adjungerade``, ``Frånvarande``, ``Förhinder``, ``Anmält förhinder``, ``Ej
närvarande`` …) followed by a colon, a tab, a table bar, the end of the line, or directly by a
name. The label gives the status (``present``, ``guest``, ``adjunct``, ``absent``); a remark with
the person overrides it (``(del av mötet)``, ``t.o.m. § 108``, ``från kl. 10`` → ``partial``).

The part runs over the following lines while they still list people: a line that starts with a
name, a line that continues one that ended with a comma or ``och``/``samt``, a name wrapped over
the line end (``Inga-Lill`` / ``Frank, …``), a role wrapped onto the next line, or a table row.
It ends at another label, a heading, or prose. People are read with the same rules for every
layout: comma-separated across lines, one per line as ``Name, Organisation, Role``, tables
(``Namn | Organisation | Roll``, with a ``Närvaro`` column read as the status), and party letters
``(S)`` read as the role ``S``. ``samt föredragande enligt nedan`` names nobody.
"""

from __future__ import annotations

import re

from .clean import squash
from .layout import looks_like_label, markdown_heading, strip_bullet
from .model import Attendee, AttendeeStatus
from .names import (
    Person,
    group_people,
    is_org,
    is_person_name,
    leading_name,
    party_letters,
    split_commas,
    split_title_org,
)

_STATUS: list[tuple[str, AttendeeStatus]] = [
    (r"närvarande\s+ledamöter", "present"),
    (r"närvarande\s+ersättare", "present"),
    (r"övriga\s+(?:närvarande|deltagare|deltagande|närvarande\s+tjänstepersoner)", "guest"),
    (r"ej\s+tjänstgörande\s+ersättare|icke\s+tjänstgörande\s+ersättare", "present"),
    (r"tjänstgörande\s+ersättare", "present"),
    (r"frånvarande\s+ledamöter|frånvarande\s+ersättare|frånvarande", "absent"),
    (r"anmält\s+förhinder|anmälda\s+förhinder|anmält\s+frånvaro|anmäld\s+frånvaro", "absent"),
    (r"ej\s+närvarande|förhinder", "absent"),
    (r"beslutande\s+ledamöter|beslutande", "present"),
    (
        r"närvarande|närvarolista|närvaro|mötesdeltagare|deltagare|deltagande|ledamöter|ersättare",
        "present",
    ),
    (r"adjungerade|adjungerad", "adjunct"),
    (
        r"(?:närvarande\s+|övriga\s+)?(?:tjänstepersoner|tjänstemän)|gäster|gäst|inbjudna|"
        r"inbjuden|övriga",
        "guest",
    ),
    (r"föredragande", "guest"),
]
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(p for p, _ in _STATUS) + r")\b"
    r"(?P<sep>\s*:|\s*\t|\s*\|\s*|\s*$|,\s|\s+(?=[A-ZÅÄÖ][a-zåäöéü]+[\s,-]))\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_END = re.compile(
    r"^(?:utses\s+att\s+justera|justeras|justerare|justering|sekreterare|ordförande|paragrafer|"
    r"underskrifter|anteckningar|dagordning|ärenden|plats\s+och\s+tid|tid\s+och\s+plats|"
    r"protokollförare|antecknare)\b",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"del\s+av|delvis|t\.?\s?o\.?\s?m\b|fr\.?\s?o\.?\s?m\b|från\s+kl|till\s+kl|kl\.?\s*\d|§|"
    r"paragraf|anslöt|lämnade|avvek|ankom|utom\b|ej\s+närvarande\s+vid|ej\s+§|efter\s+kl",
    re.IGNORECASE,
)
_ABSENT = re.compile(r"frånvarande|förhinder|ej\s+närvarande|deltog\s+ej|ej\s+deltog", re.I)
_ADJUNCT = re.compile(r"adjungerad", re.IGNORECASE)
_GUEST = re.compile(r"\bgäst|inbjuden|föredragande", re.IGNORECASE)
_SUBSTITUTE = re.compile(
    r"\s*(?:,\s*)?\b(?:tjänstgör(?:ande)?(?:\s+ersättare)?\s+för|ersätter|i\s+stället\s+för|"
    r"istället\s+för|ersättare\s+för)\s+[A-ZÅÄÖ][^,()]*(?:\([^()]*\))?",
)
_HEADER_WORDS = {
    "namn": "name",
    "name": "name",
    "deltagare": "name",
    "ledamot": "name",
    "organisation": "org",
    "org": "org",
    "förvaltning": "org",
    "region": "org",
    "kommun": "org",
    "representerar": "org",
    "verksamhet": "org",
    "roll": "role",
    "funktion": "role",
    "titel": "role",
    "befattning": "role",
    "uppdrag": "role",
    "parti": "party",
    "närvaro": "status",
    "närvarande": "status",
    "status": "status",
}


def label_status(line: str) -> tuple[AttendeeStatus, str] | None:
    """(status, the rest of the line) when ``line`` starts an attendance part."""
    m = _LABEL.match(_plain(line))
    if not m:
        return None
    label = " ".join(m.group("label").lower().split())
    for pattern, status in _STATUS:
        if re.fullmatch(pattern, label):
            return status, m.group("rest").strip()
    return None


def _plain(line: str) -> str:
    md = markdown_heading(line)
    return strip_bullet(md[1] if md else line).strip()


def _cells(line: str) -> list[str]:
    if "|" in line:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    elif "\t" in line:
        cells = [c.strip() for c in line.split("\t")]
    else:
        return []
    return cells if len(cells) >= 2 else []


def _is_separator_row(line: str) -> bool:
    return bool(re.fullmatch(r"[\s|:\-+=]+", line)) and "-" in line


def _starts_person(line: str) -> bool:
    first = split_commas(_plain(line))
    if not first:
        return False
    head = re.split(r"\s*\(", first[0])[0]
    name, _ = leading_name(head)
    return bool(name) and len(name.split()) >= 2


def read_attendance(lines: list[str]) -> tuple[list[Attendee], list[tuple[int, int]]]:
    """Every attendance part in ``lines``: the people, and the line ranges the parts used."""
    attendees: list[Attendee] = []
    used: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        found = label_status(lines[i]) if lines[i] else None
        if not found:
            i += 1
            continue
        status, rest = found
        block = [rest] if rest else []
        j = i + 1
        previous = rest
        while j < len(lines):
            k = j
            while k < len(lines) and not lines[k]:
                k += 1
            if k >= len(lines) or not _continues(previous, lines[k], k > j, bool(block)):
                break
            block.append(lines[k])
            previous = lines[k]
            j = k + 1
        attendees.extend(_read_block(block, status))
        used.append((i, j))
        i = j
    return _unique(attendees), used


def _continues(previous: str, line: str, blank_before: bool, started: bool) -> bool:
    plain = _plain(line)
    if not plain or label_status(line) or _END.match(plain) or markdown_heading(line):
        return False
    if re.match(r"^(?:§\s*\d|\d{1,3}[.)]\s)", plain):
        return False
    if _cells(line) or _is_separator_row(plain):
        return True
    if looks_like_label(plain) and not is_person_name(plain.split(":")[0]):
        return False
    prev = previous.rstrip()
    if _starts_person(plain):
        return True
    if not prev and not started:
        return True
    if prev.endswith(",") or prev.split()[-1:] in (["och"], ["samt"], ["&"]):
        return True
    if prev.endswith("."):
        return False
    first_segment = split_paren(plain.split(",")[0]).split()
    if plain[0].isupper() and "," in plain and len(first_segment) <= 2:
        return all(w[:1].isupper() for w in first_segment)
    return plain[0].islower() and len(plain.split()) <= 6


def _read_block(block: list[str], status: AttendeeStatus) -> list[Attendee]:
    columns: dict[int, str] | None = None
    text_parts: list[str] = []
    out: list[Attendee] = []
    for raw in block:
        line = _plain(raw)
        if not line or _is_separator_row(line):
            continue
        cells = _cells(line)
        if cells:
            header = _header_columns(cells)
            if header:
                columns = header
                continue
            if columns:
                row = _table_row(cells, columns, status)
                if row:
                    out.append(row)
                continue
            line = ", ".join(c for c in cells if c)
        if ":" in line and is_person_name(line.split(":")[0]):
            line = line.replace(":", ",", 1)
        if text_parts and not text_parts[-1].rstrip().endswith(",") and _starts_person(line):
            text_parts.append(", " + line)
        else:
            text_parts.append(" " + line)
    text = "".join(text_parts)
    if text.strip():
        out.extend(_read_list(text, status))
    return out


def _header_columns(cells: list[str]) -> dict[int, str] | None:
    found = {}
    for n, cell in enumerate(cells):
        key = cell.lower().strip(" :*")
        if key in _HEADER_WORDS:
            found[n] = _HEADER_WORDS[key]
    return found if len(found) >= 2 and "name" in found.values() else None


def _table_row(
    cells: list[str], columns: dict[int, str], status: AttendeeStatus
) -> Attendee | None:
    values: dict[str, str] = {}
    for n, cell in enumerate(cells):
        if n in columns and cell:
            values[columns[n]] = squash(cell)
    name, remarks = _split_name(values.get("name", ""))
    if not name:
        return None
    row_status = _status_from(values.get("status", ""), status, table=True)
    for remark in remarks:
        row_status = _status_from(remark, row_status)
    org = values.get("org") or None
    role_parts: list[str] = []
    for part in split_commas(values.get("role", "")):
        if org is None and is_org(part):
            org = part
        else:
            role_parts.append(part)
    if values.get("party"):
        role_parts.append(values["party"].strip("()"))
    return Attendee(name, row_status, org, ", ".join(role_parts) or None)


def _split_name(text: str) -> tuple[str, list[str]]:
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", text)
    if m:
        return m.group(1).strip(), [m.group(2)]
    return text.strip(), []


def _status_from(remark: str, default: AttendeeStatus, table: bool = False) -> AttendeeStatus:
    low = remark.strip().lower()
    if not low:
        return "absent" if table and default == "present" else default
    if table and low in {"x", "ja", "närvarande", "✓", "✔", "j"}:
        return default
    if table and low in {"nej", "-", "–", "n", "ej"}:
        return "absent"
    if _ABSENT.search(low):
        return "absent"
    if _PARTIAL.search(low):
        return "partial"
    if _ADJUNCT.search(low):
        return "adjunct"
    if _GUEST.search(low):
        return "guest"
    return default


def _read_list(text: str, status: AttendeeStatus) -> list[Attendee]:
    text = _SUBSTITUTE.sub(" tjänstgörande ersättare", text)
    text = re.sub(r"\s+samt\s+", ", ", text)
    segments: list[str] = []
    for seg in split_commas(text):
        parts = re.split(r"\s+och\s+", seg)
        if len(parts) > 1 and all(_starts_person(p) for p in parts):
            segments.extend(parts)
        else:
            segments.append(seg)
    singles = (
        not any(_starts_person(s) for s in segments)
        and sum(1 for s in segments if is_person_name(split_paren(s), allow_single=True)) >= 2
    )
    if singles:  # "Anna, Per, Lisa och Omar"
        segments = [part for seg in segments for part in _split_single_names(seg)]
    people = group_people(segments, allow_single=singles)
    return [_attendee(p, status) for p in people]


def _split_single_names(segment: str) -> list[str]:
    parts = re.split(r"\s+och\s+", segment)
    if all(is_person_name(p, allow_single=True) for p in parts):
        return parts
    return [segment]


def split_paren(segment: str) -> str:
    return re.sub(r"\s*\([^()]*\)", "", segment).strip()


def _attendee(person: Person, status: AttendeeStatus) -> Attendee:
    roles: list[str] = []
    org: str | None = None
    for extra in person.extras:
        extra = squash(extra).strip(" .;")
        if not extra:
            continue
        if _PARTIAL.search(extra) and len(extra.split()) <= 6 and not is_org(extra):
            status = _status_from(extra, status)
            continue
        if org is None and is_org(extra):
            title, org_part = split_title_org(extra)
            if org_part:
                org = org_part
                if title:
                    roles.append(title)
                continue
        roles.append(extra)
    for remark in person.remarks:
        new = _status_from(remark, status)
        if new != status:
            status = new
        elif not party_letters(remark):
            roles.append(remark)
    if person.party:
        roles.append(person.party)
    return Attendee(
        name=squash(person.name),
        status=status,
        organisation=org,
        role=", ".join(roles) or None,
    )


def _unique(attendees: list[Attendee]) -> list[Attendee]:
    seen: dict[str, int] = {}
    out: list[Attendee] = []
    for a in attendees:
        key = a.name.lower()
        if key in seen:
            continue
        seen[key] = len(out)
        out.append(a)
    return out
