"""Line layout: where a written paragraph continues on the next line and where it ends.

Text from PDF has one line per printed line, so a sentence runs over several lines and blank
lines may stand inside a paragraph; text from Word or markdown has one line per paragraph. The
rules here decide, for two lines in a row, whether the second continues the first:

- a line that reaches the text width of the document was wrapped by the layout (the width is
  read from the document itself: the 90th percentile of its line lengths, and only when many
  lines come close to it, which is what hard-wrapped text looks like);
- a line that starts in lower case continues a sentence that did not end;
- a line that ends with a comma, a hyphen (``patient-`` / ``och``) or a word that cannot end a
  sentence (``och``, ``för``) continues on the next;
- a bullet, a numbered point or a label (``Föredragande:``) always starts a new line, and a line
  that ends a sentence followed by a capital starts a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import BULLET

_BULLET_LINE = re.compile(rf"^(?:{BULLET}\s|[-–*]\s?(?=\S)|\d{{1,2}}[.)]\s+\S|[a-h]\)\s+\S)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_DANGLING = {
    "och",
    "eller",
    "samt",
    "för",
    "av",
    "om",
    "i",
    "till",
    "med",
    "på",
    "inom",
    "från",
    "att",
    "som",
    "den",
    "det",
    "de",
    "en",
    "ett",
    "vid",
    "mellan",
    "kring",
    "gällande",
    "avseende",
    "&",
    "–",
    "—",
    "-",
}
_ENDS_WITH_RESPONSIBLE = re.compile(
    r"(?:\s[-–—]|[–—])\s*\S+(?:\s+\S+){0,5}\s+(?:ansvarig|ansvariga|ansvarar)\.?$", re.IGNORECASE
)
# "Key: value" at the start of a line: a short key of words, then a colon.
LABEL = re.compile(r"^([A-ZÅÄÖ][\wåäöÅÄÖéÉ/.\- ]{0,40}?)\s*:\s*(.*)$")
SENTENCE_END = re.compile(r"[.!?:]$")


@dataclass(frozen=True)
class Layout:
    """The document's text width (``None`` when lines are paragraphs, not printed lines)."""

    width: int | None
    full: int | None = None

    @classmethod
    def of(cls, lines: list[str]) -> Layout:
        lengths = sorted(len(line) for line in lines if line.strip())
        if len(lengths) < 8:
            return cls(None)
        width = lengths[int(len(lengths) * 0.9)]
        full = lengths[min(len(lengths) - 1, int(len(lengths) * 0.98))]
        near = sum(1 for n in lengths if n >= 0.75 * width)
        if width > 160 or width < 30 or near < 0.25 * len(lengths):
            return cls(None)
        return cls(width, full)

    def is_wide(self, line: str) -> bool:
        return self.width is not None and len(line) >= 0.75 * self.width

    def wrapped(self, previous: str, line: str) -> bool:
        """Whether the layout broke ``previous`` because the next word did not fit on it.

        A line is wide and the first word of the next line would not have fitted into what is
        left of the text width (with a margin for proportional fonts); a word that would have
        fitted means the writer broke the line (the end of a point).
        """
        if self.full is None or not self.is_wide(previous):
            return False
        first = line.split()[0] if line.split() else ""
        return len(previous) + 1 + len(first) > 0.93 * self.full

    def continues(self, previous: str, line: str, blank_between: bool = False) -> bool:
        """Whether ``line`` continues the paragraph that ``previous`` belongs to."""
        if not previous or not line or is_bullet(line) or is_markdown_heading(line):
            return False
        if previous.endswith("-") and not previous.endswith(" -"):
            return True
        first = line[0]
        if line.startswith("att ") and previous[-1] in ".:;":
            return False  # a new "att" clause of a decision
        ended = bool(re.search(r"[.!?]$", previous)) or previous.endswith(":")
        if ended and last_word(previous) in _ABBREVIATIONS:
            ended = False
        if ended and (blank_between or first.isupper() or first.isdigit() or first in "\"”'(«"):
            return False
        if first.islower():
            return True
        if previous.endswith(",") or last_word(previous) in _DANGLING:
            return True
        if _ENDS_WITH_RESPONSIBLE.search(previous):
            return False  # "… – Tanja ansvarig" closes a point; the next one starts here
        return self.wrapped(previous, line) and not looks_like_label(line)


def last_word(line: str) -> str:
    words = line.split()
    return words[-1].lower() if words else ""


def is_bullet(line: str) -> bool:
    return bool(_BULLET_LINE.match(line))


def strip_bullet(line: str) -> str:
    if line.startswith(BULLET):
        return line[1:].lstrip()
    m = re.match(r"^[-–*]\s*(?:\[[ xX]\]\s*)?(?=\S)", line)
    if m and not re.match(r"^-\d", line):
        return line[m.end() :]
    return line


def is_markdown_heading(line: str) -> bool:
    return bool(_MD_HEADING.match(line))


def markdown_heading(line: str) -> tuple[int, str] | None:
    m = _MD_HEADING.match(line)
    return (len(m.group(1)), m.group(2)) if m else None


def looks_like_label(line: str) -> bool:
    m = LABEL.match(line)
    return m is not None and len(m.group(1).split()) <= 4


def paragraphs(lines: list[str], layout: Layout) -> list[str]:
    """Join printed lines into written paragraphs (one string each, single spaces)."""
    out: list[str] = []
    blank = False
    last = ""  # the last printed line: its width, not the paragraph's, tells a wrap
    for raw in lines:
        line = raw.strip()
        if not line:
            blank = True
            continue
        if out and layout.continues(last, line, blank):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        last = line
        blank = False
    return [" ".join(p.split()) for p in out]


# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = {
    "t.ex.",
    "bl.a.",
    "s.k.",
    "kl.",
    "ca.",
    "dvs.",
    "d.v.s.",
    "resp.",
    "t.o.m.",
    "fr.o.m.",
    "nr.",
    "avd.",
    "jfr.",
    "enl.",
    "ang.",
    "inkl.",
    "exkl.",
    "tel.",
    "p.g.a.",
    "pga.",
    "o.",
    "st.",
}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"«(])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ``. ! ?`` followed by a space and a capital.

    A full stop after a common abbreviation (``t.ex.``, ``kl.``, ``bl.a.``) does not end one.
    """
    text = text.strip()
    out: list[str] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        before = text[start : m.start()].split()
        if before and before[-1].lower() in _ABBREVIATIONS:
            continue
        out.append(text[start : m.start()])
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s]
