"""``parse(text)``: the whole reading of one set of minutes, in the order the parts depend on.

1. clean the text (:mod:`.clean`) and measure its layout (:mod:`.layout`);
2. cut it into header, items and trailer (:mod:`.items`);
3. read the header (:mod:`.header`) and the attendance parts (:mod:`.attendance`);
4. read the next meeting (:mod:`.meeting`), which due dates of actions may refer to;
5. read each item: title, kind, presenters, decisions (:mod:`.decisions`), actions
   (:mod:`.actions`) and text; then what follows the last item (``Tillagt efter mötet: …``);
6. note for the review screen what could not be read with confidence.

Pure Python, deterministic, no I/O: the same text always gives the same result.
"""

from __future__ import annotations

from .actions import TODO_HEADING, ActionReader
from .attendance import read_attendance
from .clean import clean, squash
from .decisions import read_decisions
from .header import read_header
from .items import Segments, build_item, find_segments, item_text
from .layout import Layout, paragraphs
from .meeting import read_next_meeting
from .model import Minutes


def parse(text: str) -> Minutes:
    """Read minutes (protokoll or minnesanteckningar) from their text."""
    lines = clean(text).split("\n")
    layout = Layout.of(lines)
    segments = find_segments(lines, layout)
    head = lines[: segments.header_end]
    minutes = read_header(head, lines)
    attendees, used = read_attendance(head)
    if not attendees and segments.headings:
        tail = lines[segments.trailer_start :]
        attendees, _ = read_attendance(tail)
    minutes.attendees = attendees
    minutes.next_meeting = read_next_meeting(lines, layout, minutes.date)
    reader = ActionReader(minutes.date, minutes.next_meeting.date if minutes.next_meeting else None)
    bodies: set[str] = set()
    if minutes.body:
        bodies.add(minutes.body.split()[0].lower())
    protokoll = minutes.document_type == "protokoll"
    for heading, body in zip(segments.headings, segments.bodies, strict=True):
        item, paras = build_item(heading, lines, body, layout)
        decisions, text_paras = read_decisions(paras, item.number, protokoll, bodies)
        item.text = item_text(text_paras)
        if item.struck:
            decisions = []
        elif item.kind == "other" and decisions:
            item.kind = "decision"
        minutes.items.append(item)
        minutes.decisions.extend(decisions)
        if not item.struck:
            texts = [(d.text, d.body) for d in decisions]
            todo = bool(TODO_HEADING.match(item.title))
            raw = lines[body[0] : body[1]]
            table_actions, used_lines = reader.tables(raw, item.number)
            if used_lines:
                paras = paragraphs([ln for n, ln in enumerate(raw) if n not in used_lines], layout)
            minutes.actions.extend(table_actions)
            minutes.actions.extend(reader.read(paras, item.number, texts, todo_list=todo))
    rest = _outside_items(lines, segments, used)
    if rest:
        paras = paragraphs(rest, layout)
        decisions, _ = read_decisions(paras, None, protokoll, bodies)
        minutes.decisions.extend(decisions)
        minutes.actions.extend(reader.read(paras, None, [(d.text, d.body) for d in decisions]))
    minutes.warnings.extend(_warnings(minutes, segments.headings == []))
    return minutes


def _outside_items(lines: list[str], segments: Segments, used: list[tuple[int, int]]) -> list[str]:
    """The trailer after the last item, or the whole body of a document without items."""
    if segments.headings:
        return lines[segments.trailer_start :]
    skip = {i for start, stop in used for i in range(start, stop)}
    return [line for i, line in enumerate(lines) if i not in skip]


def _warnings(minutes: Minutes, no_items: bool) -> list[str]:
    out: list[str] = []
    if minutes.date is None:
        out.append("Inget mötesdatum hittades i dokumentets huvud.")
    if not minutes.attendees:
        out.append("Ingen närvarolista hittades.")
    if no_items:
        out.append("Inga dagordningspunkter hittades; beslut och åtgärder saknar punkt.")
    for item in minutes.items:
        if not squash(item.title):
            out.append(f"Punkt {item.number}: rubriken kunde inte läsas.")
    if minutes.document_type == "other":
        out.append("Dokumentet anger inte om det är protokoll eller minnesanteckningar.")
    return out
