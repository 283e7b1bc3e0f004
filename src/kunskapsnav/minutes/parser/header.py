"""The header: document type, body, meeting date, times, place and diary number.

Reads the lines before the first item. ``Key: value`` labels (also ``Key<tab>value`` and table
rows ``Key | value``) give the values: ``Datum``, ``Mötesdatum``, ``Sammanträdesdatum``, ``Tid``,
``Plats``, ``Plats och tid``, ``Lokal``, ``Dnr``, ``Diarienummer``, ``Möte``, ``Organ``,
``Nämnd``. Without labels, the title line (``Protokoll fört vid sammanträde med socialnämnden
den 12 mars 2024 kl. 13.00–15.30``, ``# Minnesanteckningar – Arbetsgrupp X 2024-05-03``) is read.

The meeting date is not the date the minutes were written: when several dates stand in the
header, the one on a line with times or beside ``Tid``/``Plats`` (or labelled as the meeting's)
wins over one beside ``Dnr`` or labelled ``Upprättad``/``Justerat``/``Anslag``.

The body is the meeting body as the header writes it: a label, the rest of the title line
(``Minnesanteckningar från styrgruppen för …``), or the first header line with a word for a body
(``…nämnden``, ``…nätverket``, ``…gruppen``, ``RPO``, ``LPO`` …). The writer's letterhead (``Central
förvaltning``, ``Hälso- och sjukvårdsenheten``, ``Falu kommun``) is not the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attendance import label_status
from .clean import squash
from .dates import find_dates, find_times, time_only
from .layout import LABEL, markdown_heading, strip_bullet
from .model import DocumentType, Minutes

_PROTOKOLL = re.compile(
    r"^(?:sammanträdesprotokoll|mötesprotokoll|styrelseprotokoll|justerat\s+protokoll|"
    r"protokollsutdrag|utdrag\s+ur\s+protokoll|protokoll)\b",
    re.IGNORECASE,
)
_ANTECKNINGAR = re.compile(
    r"^(?:minnesanteckningar|minnesanteckning|mötesanteckningar|mötesanteckning|anteckningar|"
    r"anteckning)\b",
    re.IGNORECASE,
)
_JUSTERAS = re.compile(r"^(?:justeras|justerare|justerandes?\s+signatur|justerat)\b", re.I)
_DATE_KEYS = {
    "datum",
    "mötesdatum",
    "sammanträdesdatum",
    "dag",
    "när",
    "datum och tid",
    "tid och datum",
    "datum/tid",
    "datum och plats",
}
_MEETING_DATE_KEYS = {"mötesdatum", "sammanträdesdatum", "datum för mötet"}
_WRITTEN_KEYS = re.compile(
    r"^(?:upprättad|upprättat|skriven|skrivet|justeringsdatum|justerat|justerad|anslag|"
    r"anslaget|datum\s+för\s+(?:anslag|protokoll|justering|upprättande)|protokollet\s+justerat|"
    r"datum\s+då\s+anslaget|utskriftsdatum|publicerad)",
    re.IGNORECASE,
)
_TIME_KEYS = {"tid", "tidpunkt", "klockan", "kl", "mötestid"}
_PLACE_KEYS = {
    "plats",
    "lokal",
    "mötesplats",
    "var",
    "plats och tid",
    "tid och plats",
    "sammanträdesplats",
    "mötesrum",
    "rum",
    "datum och plats",
    "plats och datum",
}
_DNR_KEYS = {"dnr", "dnr.", "diarienummer", "diarienr", "diarie nr", "dnr nr"}
_BODY_KEYS = {"möte", "mötesforum", "organ", "grupp", "nämnd", "forum", "mötets namn", "styrelse"}
_BODY_WORDS = re.compile(
    r"(?:nämnd|styrelse|fullmäktige|utskott|råd\b|rådet|nätverk|grupp|kommitté|beredning|"
    r"presidi|forum|samråd|delegation|kollegi|programområde|\b[NRL]PO\b|\bN?[RL]?AG\b|\bNSG\b|"
    r"\bNAG\b|\bRAG\b|\bLAG\b|konferens|team\b|teamet)",
    re.IGNORECASE,
)
_LETTERHEAD = re.compile(
    r"(?:förvaltning(?:en)?\b|enhet(?:en)?\b|avdelning(?:en)?\b|kansli(?:et)?\b|"
    r"sekretariat(?:et)?\b|^region\s+\w+$|\bkommun$|^sida\b)",
    re.IGNORECASE,
)
_TITLE_BODY = re.compile(
    r"^\S+(?:\s+fört)?\s*(?:[-–:]\s*|\s(?:från|för|vid|med|över)\s+(?:mötet?\s+(?:i|med|för)\s+|"
    r"sammanträde(?:t)?\s+(?:i|med)\s+|möte\s+(?:i|med)\s+)?)(?P<body>.+)$",
    re.IGNORECASE,
)
_ONLINE = re.compile(r"\b(Teams|Zoom|Skype|Google Meet|Webex)\b")
_DNR_INLINE = re.compile(r"\bDnr\.?\s*:?\s*(?P<dnr>[A-ZÅÄÖ0-9][\w./\-]*(?:\s+\d[\w./\-]*)?)")


@dataclass
class _Dated:
    line: int
    iso: str
    rank: int  # 2 = surely the meeting, 1 = plain, 0 = surely the writing date


def _plain(line: str) -> str:
    md = markdown_heading(line)
    text = strip_bullet(md[1] if md else line).strip()
    cells = [c.strip() for c in re.split(r"\s*[|\t]\s*", text.strip("| ")) if c.strip()]
    if len(cells) == 2 and len(cells[0].split()) <= 3 and not cells[0].endswith(":"):
        return f"{cells[0]}: {cells[1]}"
    return text


def _label(line: str) -> tuple[str, str] | None:
    m = LABEL.match(line)
    if not m or len(m.group(1).split()) > 4:
        return None
    return " ".join(m.group(1).lower().split()), m.group(2).strip()


def read_header(header_lines: list[str], all_lines: list[str]) -> Minutes:
    """Minutes with the header fields (and their warnings) read from the lines before the first
    item (see the module doc); the parser fills in the rest."""
    header = Minutes()
    lines = [_plain(line) for line in header_lines]
    header.document_type = _document_type(lines, all_lines)
    dated: list[_Dated] = []
    body_label: str | None = None
    time_value: str | None = None
    for i, line in enumerate(lines):
        if not line or label_status(line):
            continue
        label = _label(line)
        if label is None:
            continue
        key, value = label
        if _WRITTEN_KEYS.match(key):
            iso = _first_date(value)
            if iso:
                dated.append(_Dated(i, iso, 0))
            continue
        if key in _DATE_KEYS or key in _MEETING_DATE_KEYS or key in _PLACE_KEYS:
            iso = _first_date(value)
            if iso:
                rank = 2 if key in _MEETING_DATE_KEYS or find_times(value)[0] else 1
                dated.append(_Dated(i, iso, rank))
            if time_value is None and find_times(value)[0]:
                time_value = value
        if key in _TIME_KEYS and time_value is None:
            time_value = value
            iso = _first_date(value)
            if iso:
                dated.append(_Dated(i, iso, 2))
        if key in _PLACE_KEYS and header.place is None:
            header.place = _place(value)
        if key in _DNR_KEYS and header.diary_number is None and value:
            header.diary_number = squash(value.split("  ")[0])
        if key in _BODY_KEYS and body_label is None and value:
            body_label = squash(value)
    header.date = _meeting_date(dated, lines)
    if header.date is None:
        header.date = _date_in_title(lines)
    times_from = time_value
    if times_from is None:
        times_from = next(
            (line for line in lines if line and not _WRITTEN_KEYS.match(line) and _has_time(line)),
            None,
        )
    if times_from is not None:
        start, end, _ = time_only(times_from)
        header.start_time, header.end_time = start, end
    if header.diary_number is None:
        for line in lines:
            m = _DNR_INLINE.search(line)
            if m:
                header.diary_number = squash(m.group("dnr"))
                break
    if header.place is None:
        for line in lines:
            m = _ONLINE.search(line)
            if m and not _label(line):
                header.place = m.group(1)
                break
    header.body = body_label or _body(lines)
    written = [d for d in dated if d.rank == 0 or (d.iso != header.date and d.rank == 1)]
    if header.date and written:
        header.warnings.append(
            f"Dokumentet har flera datum; {header.date} lästes som mötesdatum "
            f"(inte {written[0].iso})."
        )
    return header


def _first_date(value: str) -> str | None:
    dates = find_dates(value, compact=True)
    return dates[0].iso if dates else None


def _has_time(line: str) -> bool:
    return bool(re.search(r"\b(?:kl\.?|klockan)\s*\d", line, re.IGNORECASE))


def _meeting_date(dated: list[_Dated], lines: list[str]) -> str | None:
    if not dated:
        return None
    best = max(d.rank for d in dated)
    if best == 0:
        return None
    if best == 2:
        return next(d.iso for d in dated if d.rank == 2)
    plain = [d for d in dated if d.rank == 1]
    if len(plain) == 1:
        return plain[0].iso
    for d in plain:
        near = [lines[j] for j in range(max(0, d.line - 3), min(len(lines), d.line + 4))]
        keys = {label[0] for line in near if (label := _label(line))}
        if keys & (_TIME_KEYS | _PLACE_KEYS):
            return d.iso
    return plain[-1].iso


def _date_in_title(lines: list[str]) -> str | None:
    for line in lines:
        if not line or _WRITTEN_KEYS.match(line):
            continue
        dates = find_dates(line)
        if dates:
            return dates[0].iso
    return None


def _place(value: str) -> str | None:
    text = value
    spans = [(d.start, d.end) for d in find_dates(text)]
    _, _, span = find_times(text)
    if span:
        spans.append(span)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    text = re.sub(r"\b(?:kl\.?|klockan|den)\s*$", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^\s*(?:,|;|–|-|i\b)\s*", "", text)
    text = re.sub(r"\s*(?:,|;|–|-)\s*$", "", text)
    text = squash(re.sub(r"\s*,\s*,\s*", ", ", text))
    return text or None


def _document_type(lines: list[str], all_lines: list[str]) -> DocumentType:
    for line in lines[:40]:
        if _PROTOKOLL.match(line):
            return "protokoll"
        if _ANTECKNINGAR.match(line):
            return "minnesanteckningar"
    head = [_plain(line) for line in all_lines[:5]]
    for line in head:
        if _PROTOKOLL.match(line):
            return "protokoll"
        if _ANTECKNINGAR.match(line):
            return "minnesanteckningar"
    if any(_JUSTERAS.match(_plain(line)) for line in all_lines):
        return "protokoll"
    return "other"


def _body(lines: list[str]) -> str | None:
    for line in lines:
        if _PROTOKOLL.match(line) or _ANTECKNINGAR.match(line):
            m = _TITLE_BODY.match(line)
            rest = m.group("body") if m else line.partition(" ")[2]
            if m or _BODY_WORDS.search(rest):  # "Minnesanteckningar NAG Stroke"
                body = _strip_dates(rest)
                if body and not _label(line):
                    return body
    candidates = [
        line
        for line in lines
        if line
        and not _label(line)
        and not label_status(line)
        and not _PROTOKOLL.match(line)
        and not _ANTECKNINGAR.match(line)
        and not find_dates(line)
        and len(line.split()) <= 16
        and not line.endswith(".")
    ]
    for line in candidates:
        if _BODY_WORDS.search(line) and not _LETTERHEAD.search(line.split("(")[0]):
            return squash(line)
    return None


def _strip_dates(text: str) -> str | None:
    for d in sorted(find_dates(text), key=lambda d: -d.start):
        text = text[: d.start] + text[d.end :]
    _, _, span = find_times(text)
    if span:
        text = text[: span[0]] + text[span[1] :]
    text = re.sub(r"\s+(?:den|kl\.?|,)?\s*$", "", text.strip(), flags=re.IGNORECASE)
    text = squash(text).strip(" ,–-:")
    return text or None
