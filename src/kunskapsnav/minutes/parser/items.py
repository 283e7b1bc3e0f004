"""Agenda items: where each one starts, its number, title, kind, presenters and text.

An item starts at a numbered heading: ``5.``, ``5)``, ``§ 12``, ``12 §``, ``Punkt 4`` or a
numbered markdown heading (``## 3. Ekonomi``). Numbered lines also occur inside items (a list of
four points under "Övriga frågor", a repeated agenda at the top), so the items are the *longest
rising sequence* of numbers of one style, each step one to a few higher than the last: a list
``1. 2. 3.`` inside item 18 cannot continue a sequence that has reached 18 (and a bare list that
restarts below a higher number weighs less than items), and an agenda that repeats the item
titles without text under them loses to the items that have text. Documents
without numbered points take their markdown headings (or, in plain text, their short heading
lines) as items, with ``number`` null; ``2.1`` points become items only when the document has no
whole-number points, otherwise they are text inside their item.

A title that wraps is joined: the next line continues it when it starts in lower case, when the
title line ends with a comma or a word like ``och``/``för``, or when the title line reached the
text width and the next line is short. After the last item, closing sections (``Nästa möte``,
``Tillagt efter mötet``, ``Justeras``, the secretary's signature) are not part of that item.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from .clean import squash
from .decisions import is_section_heading
from .layout import (
    Layout,
    is_bullet,
    last_word,
    looks_like_label,
    markdown_heading,
    paragraphs,
    sentences,
    strip_bullet,
)
from .model import Item, ItemKind, Presenter
from .names import group_people, is_person_name, split_commas, split_responsible, split_title_org

_PARA = re.compile(r"^§\s*(\d{1,4})\s*(?:[.:\-–]\s*)?(.*)$")
_PARA_AFTER = re.compile(r"^(\d{1,4})\s*§\s*(?:[.:\-–]\s*)?(.*)$")
_PUNKT = re.compile(
    r"^(?:Punkt|Ärende|Ärendepunkt|Dagordningspunkt)\s+(\d{1,3})\s*(?:[.:\-–]\s*)?(.*)$",
    re.IGNORECASE,
)
_SUB = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_DOT = re.compile(r"^(\d{1,3})[.)](?:\s+(\S.*))?$")
_BARE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_DNR = re.compile(r"^(?:Dnr|Diarienummer|Dnr\.)\b", re.IGNORECASE)
_KIND_WORDS: dict[str, ItemKind] = {
    "beslut": "decision",
    "beslutsärende": "decision",
    "beslutsärenden": "decision",
    "beslutspunkt": "decision",
    "rapport": "report",
    "rapporter": "report",
    "rapportering": "report",
    "information": "information",
    "info": "information",
    "informationsärende": "information",
    "informationsärenden": "information",
    "informationspunkt": "information",
    "diskussion": "discussion",
    "diskussionsärende": "discussion",
    "diskussionsärenden": "discussion",
    "diskussionspunkt": "discussion",
}
_KIND_PREFIX = re.compile(r"^([A-Za-zÅÄÖåäö]+)\s*(?:[:]|\s[-–]\s)\s*(.*)$")
_KIND_SUFFIX = re.compile(
    r"\(\s*(beslut|information|info|rapport|diskussion)\s*\)\s*$", re.IGNORECASE
)
_STRUCK_PHRASE = re.compile(
    r"[\s,(–-]*\b(?:punkten|ärendet|frågan)\s+(?:utgick|utgår|stryks|ströks|bordläggs|bordlades"
    r"|skjuts upp|sköts upp|flyttas|flyttades)\b[^.)]*[.)]?",
    re.IGNORECASE,
)
_STRUCK_TAIL = re.compile(
    r"\s*(?:[(–-]\s*)?\b(?:utgår|utgick|struken|strukits)\b\s*\)?\.?\s*$",
    re.IGNORECASE,
)
_STRUCK_LINE = re.compile(
    r"^(?:(?:punkten|ärendet|frågan)\s+)?(?:utgick|utgår|stryks|ströks|bordläggs|bordlades)\b",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:nästa\s+(?:möte|sammanträde|mötestillfälle|träff)|kommande\s+möten?|tillagt\s+efter\s+"
    r"mötet|efter\s+mötet|vid\s+protokollet|vid\s+anteckningarna|justeras|justerat|justerare|"
    r"justerandes?|underskrifter|antecknat\s+av|antecknare|antecknad\s+av|mötessekreterare|"
    r"protokollförare|sekreterare|ordförande)\b\s*(?::.*|[A-ZÅÄÖ][\w\-]+(?:\s+[A-ZÅÄÖ][\w\-]+){0,3})?$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^[A-ZÅÄÖ][\w\-]+(?:\s+[A-ZÅÄÖ][\w\-]+){1,3},?\s+(?:sekreterare|ordförande|justerare|"
    r"antecknare|mötessekreterare|protokollförare)\b",
)
# Headings inside items that never start an item of their own in a document without numbers.
_NOT_ITEM_HEADINGS = re.compile(
    r"^(?:närvarande|deltagare|frånvarande|nästa\s+möte|nästa\s+sammanträde|dagordning|"
    r"minnesanteckningar|protokoll|mötesanteckningar|anteckningar)\b",
    re.IGNORECASE,
)
_PRESENTER_LABEL = re.compile(
    r"^(?:Föredragande|Föredragare|Föredras av|Presentatör|Presenteras av|Presentation av)"
    r"\s*:?\s*(.*)$",
    re.IGNORECASE,
)
_PRESENT_VERBS = re.compile(
    r"\s+(?:föredrog|föredrar|informerade|informerar|redogjorde|redogör|presenterade|presenterar|"
    r"berättade|berättar|inledde|inleder|anförde|rapporterade|rapporterar|gick igenom|går igenom|"
    r"visade)\b"
)
_GAP = {"para": 12, "punkt": 4, "dot": 4}


@dataclass
class Heading:
    """A line that starts an item, as found before the sequence is chosen."""

    line: int
    number: str | None
    major: int | None
    family: str
    title: str
    md_level: int = 0
    end: int = 0
    score: float = 1.0


@dataclass
class Segments:
    """The document cut into its header, its items and what follows the last item."""

    headings: list[Heading] = field(default_factory=list)
    bodies: list[tuple[int, int]] = field(default_factory=list)
    header_end: int = 0
    trailer_start: int = 0


def _candidate(index: int, line: str) -> Heading | None:
    md = markdown_heading(line)
    level, text = md if md else (0, line)
    text = text.strip()
    if not text:
        return None
    m = _PARA.match(text)
    if m:
        return Heading(index, f"§ {m.group(1)}", int(m.group(1)), "para", m.group(2), level)
    m = _PARA_AFTER.match(text)
    if m:
        return Heading(index, f"{m.group(1)} §", int(m.group(1)), "para", m.group(2), level)
    m = _PUNKT.match(text)
    if m:
        return Heading(index, m.group(1), int(m.group(1)), "punkt", m.group(2), level)
    m = _SUB.match(text)
    if m and _title_ok(m.group(3)):
        return Heading(index, f"{m.group(1)}.{m.group(2)}", None, "sub", m.group(3), level)
    m = _DOT.match(text) or (_BARE.match(text) if md else None)
    if m:
        title = m.group(2) or ""
        if title and not _title_ok(title):
            return None
        return Heading(index, m.group(1), int(m.group(1)), "dot", title, level)
    if md:
        return Heading(index, None, None, "md", text, level)
    return None


def _title_ok(title: str) -> bool:
    first = title[0]
    if not (first.isupper() or first in "”\"'«(§"):
        return False
    return len(title) <= 250 and not re.match(r"^\d", title)


def find_segments(lines: list[str], layout: Layout) -> Segments:
    """Cut the document into header, items and trailer (line indices)."""
    candidates = [c for i, line in enumerate(lines) if (c := _candidate(i, line)) is not None]
    chosen = _best_sequence(candidates, lines)
    if not chosen:
        subs = [c for c in candidates if c.family == "sub"]
        chosen = subs if len(subs) >= 2 else []
    md_items = _markdown_items(candidates)
    if (
        len(md_items) >= 2
        and chosen
        and not any(c.md_level for c in chosen)
        and chosen[0].line > md_items[0].line
    ):
        chosen = []  # numbered lists inside markdown sections: the sections are the items
    if not chosen:
        chosen = md_items
    if not chosen:
        chosen = _plain_headings(lines, layout)
    segments = Segments(headings=chosen, header_end=len(lines), trailer_start=len(lines))
    if not chosen:
        return segments
    segments.header_end = chosen[0].line
    starts = {h.line for h in chosen}
    for n, heading in enumerate(chosen):
        stop = chosen[n + 1].line if n + 1 < len(chosen) else len(lines)
        _read_title(heading, lines, layout, stop, starts)
    last = chosen[-1]
    segments.trailer_start = _trailer_start(lines, last.end + 1)
    for n, heading in enumerate(chosen):
        stop = chosen[n + 1].line if n + 1 < len(chosen) else segments.trailer_start
        if heading.md_level:
            # A markdown heading of the same or a higher level that is not an item
            # ("## Nästa möte") still ends the item.
            stop = next(
                (
                    c.line
                    for c in candidates
                    if heading.end < c.line < stop and 0 < c.md_level <= heading.md_level
                ),
                stop,
            )
        segments.bodies.append((heading.end + 1, stop))
    return segments


def _has_content_after(lines: list[str], start: int, stop: int) -> bool:
    return any(lines[i].strip() for i in range(start + 1, min(stop, len(lines))))


def _best_sequence(candidates: list[Heading], lines: list[str]) -> list[Heading]:
    """The best rising sequence of numbered headings of one style (see the module doc)."""
    best_chain: list[Heading] = []
    best_score = 0.0
    for family in ("para", "punkt", "dot"):
        cands = [c for c in candidates if c.family == family]
        if not cands:
            continue
        highest = 0
        for k, c in enumerate(cands):
            nxt = cands[k + 1].line if k + 1 < len(cands) else len(lines)
            content = _has_content_after(lines, c.line, nxt)
            # "§ 12" is always a heading; "1. Rapporten godkänns." is more likely a point.
            c.score = (1.5 if family == "para" else 1.0) + (0.3 if content else 0.0)
            if family == "dot" and re.search(r"[^.][.!?]$", c.title):
                c.score -= 0.4
            assert c.major is not None
            if highest > c.major and not content:
                c.score -= 0.5  # a bare list restarting inside a higher-numbered item
            highest = max(highest, c.major)
            if len(c.title) > 100 and c.title.endswith("."):
                c.score -= 0.6
            if c.md_level:
                c.score += 0.2
        gap = _GAP[family]
        total: list[float] = []
        back: list[int] = []
        by_number: dict[int, tuple[float, int]] = {}
        for k, c in enumerate(cands):
            assert c.major is not None
            prev = max(
                (by_number[n] for n in range(c.major - gap, c.major) if n in by_number),
                default=None,
            )
            total.append(c.score + (prev[0] if prev else 0.0))
            back.append(prev[1] if prev else -1)
            if c.major not in by_number or by_number[c.major][0] < total[k]:
                by_number[c.major] = (total[k], k)
        end = max(range(len(cands)), key=lambda k: (total[k], -k))
        chain = []
        k = end
        while k >= 0:
            chain.append(cands[k])
            k = back[k]
        chain.reverse()
        if family == "dot" and len(chain) < 2 and not _lone_heading(chain[0]):
            continue
        if total[end] > best_score + 1e-9:
            best_chain, best_score = chain, total[end]
    return best_chain


def _lone_heading(c: Heading) -> bool:
    """A single numbered point counts when it is a markdown heading or looks like ``1. Titel``."""
    title_like = c.major == 1 and len(c.title) <= 80 and not re.search(r"[.:;,]$", c.title)
    return bool(c.md_level) or title_like


def _markdown_items(candidates: list[Heading]) -> list[Heading]:
    heads = [c for c in candidates if c.family == "md" and not _NOT_ITEM_HEADINGS.match(c.title)]
    all_md = [c for c in candidates if c.md_level]
    if not heads:
        return []
    levels = sorted({h.md_level for h in all_md})
    level = levels[0]
    top = [h for h in all_md if h.md_level == level]
    if len(top) == 1 and len(levels) > 1 and top[0] is all_md[0]:
        level = levels[1]
    return [h for h in heads if h.md_level == level]


def _plain_headings(lines: list[str], layout: Layout) -> list[Heading]:
    """Short heading lines in a document with neither numbers nor markdown.

    A heading is a short line (at most eight words, no full stop, not a ``Key: value`` label)
    that follows a blank line and is followed by a longer line of text. At least two are needed
    before a document is read this way.
    """
    found: list[Heading] = []
    for i, line in enumerate(lines):
        if not line or (i > 0 and lines[i - 1]) or i + 1 >= len(lines):
            continue
        after = lines[i + 1]
        words = line.split()
        if (
            len(words) > 8
            or not line[0].isupper()
            or re.search(r"[.,;!?]$", line)
            or (looks_like_label(line) and not line.endswith(":"))
            or not after
            or len(after) <= len(line)
            or is_bullet(line)
            or _NOT_ITEM_HEADINGS.match(line)
        ):
            continue
        found.append(Heading(i, None, None, "plain", line.rstrip(":")))
    return found if len(found) >= 2 else []


def _read_title(
    heading: Heading, lines: list[str], layout: Layout, stop: int, starts: set[int]
) -> None:
    """Join a wrapped title and, for ``§ 12`` alone on its line, take the title below it."""
    heading.end = heading.line
    title = heading.title.strip()
    if heading.family == "md" or heading.md_level:
        heading.title = title
        return
    if not title or _DNR.match(title):
        title = re.split(r"\s*\bDnr\b", title)[0].strip() if title else ""
        j = heading.line + 1
        while j < stop and (not lines[j] or _DNR.match(lines[j])):
            j += 1
        if not title and j < stop and not looks_like_label(lines[j]) and len(lines[j]) < 150:
            title, heading.end = lines[j], j
    previous = lines[heading.end]
    for _ in range(3):
        j = heading.end + 1
        if j < stop and not lines[j]:
            j += 1
        if j >= stop or j in starts or not lines[j]:
            break
        line = lines[j]
        if not _continues_title(previous, line, layout):
            break
        title = f"{title} {line}"
        heading.end = j
        previous = line
    heading.title = " ".join(title.split())


def _continues_title(previous: str, line: str, layout: Layout) -> bool:
    if (
        looks_like_label(line)
        or _PRESENTER_LABEL.match(line)
        or is_bullet(line)
        or line.startswith("att ")
        or re.search(r"\bbeslut(?:ade|ar)?\s*:", line)
        or is_section_heading(line)
        or _CLOSING.match(line)
        or re.search(r"[.!?]$", previous)
    ):
        return False
    if line[0].islower() or line[0] in "(&":
        return True
    if previous.endswith(",") or last_word(previous) in {"och", "för", "i", "av", "om", "med"}:
        return True
    short = layout.width is not None and len(line) < 0.75 * layout.width
    return layout.is_wide(previous) and short and not line.endswith(".")


def _trailer_start(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        md = markdown_heading(lines[i])
        line = strip_bullet(md[1] if md else lines[i])
        if (_CLOSING.match(line) and len(line) <= 80) or _SIGNATURE.match(line):
            return i
    return len(lines)


def kind_and_title(title: str) -> tuple[ItemKind | None, str]:
    """The kind a title's own prefix word gives (``Beslut: X`` → decision, ``X``)."""
    m = _KIND_PREFIX.match(title)
    if m and m.group(1).lower() in _KIND_WORDS and m.group(2):
        return _KIND_WORDS[m.group(1).lower()], m.group(2)
    first = title.split()[0].lower().strip(":,") if title.split() else ""
    if first in _KIND_WORDS:
        return _KIND_WORDS[first], title
    m2 = _KIND_SUFFIX.search(title)
    if m2:
        return _KIND_WORDS[m2.group(1).lower()], title
    return None, title


def struck_title(title: str) -> tuple[bool, str]:
    """``… Bilaga 9 Punkten utgick`` → (True, ``… Bilaga 9``)."""
    m = _STRUCK_PHRASE.search(title) or _STRUCK_TAIL.search(title)
    if not m:
        return False, title
    return True, (title[: m.start()] + title[m.end() :]).strip(" ,–-")


def is_struck_text(paras: list[str]) -> bool:
    """An item whose text says it was withdrawn or postponed (``Punkten utgick.``)."""
    return any(_STRUCK_LINE.match(p) and len(p) < 120 for p in paras[:3])


def presenter_block(lines: list[str], start: int, stop: int) -> tuple[str, int] | None:
    """A ``Föredragande:`` line with the lines it wraps onto: (its text, last line index)."""
    m = _PRESENTER_LABEL.match(strip_bullet(lines[start]))
    if not m:
        return None
    text, end = m.group(1).strip(), start
    j = start + 1
    while j < stop and lines[j]:
        line = lines[j]
        first_segment = line.split(",")[0].split()
        wrapped = text.endswith(",") or last_word(text) in {"för", "och", "i", "vid", "på"}
        name_wrap = (
            bool(text)
            and text.split()[-1][:1].isupper()
            and len(first_segment) <= 2
            and all(w[:1].isupper() for w in first_segment)
        )
        if not (wrapped or name_wrap) or looks_like_label(line):
            break
        text, end = f"{text} {line}", j
        j += 1
    return " ".join(text.split()), end


def parse_presenters(text: str) -> list[Presenter]:
    """``Name, Title, Org, Name, Title`` → presenters; a name with only a title has no org."""
    segments: list[str] = []
    for seg in split_commas(text):
        segments.extend(_split_and(seg))
    out: list[Presenter] = []
    for person in group_people(segments):
        title: str | None = None
        orgs: list[str] = []
        for n, extra in enumerate(person.extras):
            if n == 0:
                t, org = split_title_org(extra)
                title = t or None
                if org:
                    orgs.append(org)
            else:
                orgs.append(extra)
        if person.remarks and title is None:
            title = ", ".join(person.remarks)
        out.append(Presenter(person.name, title, ", ".join(orgs) or None))
    return out


def _split_and(segment: str) -> list[str]:
    """``Anna Berg och Per Ek`` is two people; ``Hälsa och välfärd`` is one phrase."""
    parts = re.split(r"\s+(?:och|samt)\s+", segment)
    if len(parts) > 1 and all(is_person_name(p, allow_single=True) for p in parts):
        return parts
    return [segment]


def presenters_in_text(paras: list[str], known: list[Presenter]) -> list[Presenter]:
    """People a sentence says presented the item (``Tanja Mårtensson föredrog ärendet``).

    The subject is the run of capitalised names right before the verb, at the start of a
    clause; a person already listed (by full name, first name or a spelling variant) is not
    added twice, and words for groups (``Föredragarna``, ``Länsstyrelsen``) are not people.
    """
    found: list[Presenter] = []
    for para in paras:
        for sentence in sentences(para):
            for m in _PRESENT_VERBS.finditer(sentence):
                for name in _subject_before(sentence[: m.start()]):
                    if not _known(name, known + found):
                        found.append(Presenter(name))
    return found


def _subject_before(text: str) -> list[str]:
    words = text.split()
    run: list[str] = []
    while words:
        word = words[-1]
        name_like = word[:1].isupper() and re.match(r"^[\wÅÄÖåäöéÉ\-]+$", word)
        if name_like or (word == "och" and run):
            run.insert(0, words.pop())
        else:
            break
    while run and run[0] == "och":
        run.pop(0)
    if not run:
        return []
    before = " ".join(words)
    if before and not re.search(r"[,:;–—-]$", before):
        return []
    names = split_responsible(" ".join(run))
    if not names or not all(is_person_name(n, allow_single=True) for n in names):
        return []
    return names


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _known(name: str, people: list[Presenter]) -> bool:
    key = _key(name)
    for person in people:
        other = _key(person.name)
        if key == other or other.split()[0] == key or key.split()[0] == other:
            return True
        if difflib.SequenceMatcher(None, key, other).ratio() >= 0.85:
            return True
    return False


def item_text(paras: list[str]) -> str:
    return "\n".join(squash(p) for p in paras if squash(p))


def build_item(
    heading: Heading, lines: list[str], body: tuple[int, int], layout: Layout
) -> tuple[Item, list[str]]:
    """The item and its body paragraphs (for the decision and action readers)."""
    kind, title = kind_and_title(heading.title)
    struck, title = struck_title(title)
    presenters: list[Presenter] = []
    kept: list[str] = []
    i, stop = body
    while i < stop:
        block = presenter_block(lines, i, stop)
        if block:
            presenters.extend(parse_presenters(block[0]))
            i = block[1] + 1
            continue
        kept.append(lines[i])
        i += 1
    paras = paragraphs(kept, layout)
    struck = struck or is_struck_text(paras)
    presenters.extend(presenters_in_text(paras, presenters))
    item = Item(
        number=heading.number,
        title=squash(title) or squash(heading.title) or (heading.number or ""),
        kind=kind or "other",
        presenters=presenters,
        text="",
        struck=struck,
    )
    return item, paras
