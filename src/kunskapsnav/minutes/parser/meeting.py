"""The next meeting, when the document names it.

Reads a ``Nästa möte`` heading (also ``Nästa sammanträde``, ``Kommande möte``, with or without a
colon and a value) and the text under it, or else a sentence that begins with ``Nästa möte``,
``Nytt (uppföljande) möte`` and the like anywhere in the text; a heading wins over a sentence
(``Nästa möte är 27/4`` inside a report about another group is weaker than the document's own
``Nästa möte`` section), and of several sentences the last one wins. The date is ISO when the
day is given (the year from the meeting when not written, moved to the next year when the day
would fall before the meeting), otherwise the period as written (``augusti 2022``,
``januari/februari 2021``), otherwise null.
"""

from __future__ import annotations

import re

from .clean import squash
from .dates import find_dates, find_period, roll_forward
from .layout import Layout, markdown_heading, paragraphs, sentences, strip_bullet
from .model import NextMeeting

_HEADING = re.compile(
    r"^(?:nästa|kommande)\s+(?:möte|sammanträde|mötestillfälle|träff|möten)(?:t|n)?"
    r"(?:\s*(?::|–|-)\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(
    r"^(?:(?:nästa|kommande)\s+(?:möte|sammanträde|mötestillfälle|träff)|"
    r"(?:ett\s+)?nytt(?:\s+\w+)?\s+(?:möte|sammanträde)|uppföljande\s+möte|"
    r"vi\s+ses\s+(?:nästa\s+gång|igen))\b",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"\b(?:datum|möte|kl\.?|klockan|kallelse|meddelas|plats|lokal|teams)\b|\d", re.IGNORECASE
)


def read_next_meeting(
    lines: list[str], layout: Layout, meeting_date: str | None
) -> NextMeeting | None:
    year = int(meeting_date[:4]) if meeting_date else None
    for i, raw in enumerate(lines):
        md = markdown_heading(raw)
        line = strip_bullet(md[1] if md else raw).strip()
        m = _HEADING.match(line)
        if not m:
            continue
        rest = (m.group("rest") or "").strip()
        if rest:
            text = _leading_sentences(line)
        else:
            following = paragraphs(_until_blank_run(lines, i + 1), layout)
            text = _leading_sentences(following[0] if following else "")
        return NextMeeting(_date(text, year, meeting_date), text or squash(line))
    found: NextMeeting | None = None
    for para in paragraphs(lines, layout):
        for sentence in sentences(strip_bullet(para)):
            if _SENTENCE.match(sentence):
                text = squash(sentence)
                found = NextMeeting(_date(text, year, meeting_date), text)
    return found


def _until_blank_run(lines: list[str], start: int) -> list[str]:
    out: list[str] = []
    for line in lines[start : start + 12]:
        if not line and out:
            break
        if line:
            out.append(line)
    return out


def _leading_sentences(text: str) -> str:
    """The first sentence, and the sentences right after it that still speak of the meeting."""
    parts = sentences(squash(text))
    if not parts:
        return ""
    kept = [parts[0]]
    for part in parts[1:]:
        if not _RELATED.search(part):
            break
        kept.append(part)
    return " ".join(kept)


def _date(text: str, year: int | None, meeting_date: str | None) -> str | None:
    dates = find_dates(text, year)
    if dates:
        return roll_forward(dates[0].iso, meeting_date, dates[0].has_year)
    return find_period(text)
