"""Decisions: one per ``att`` clause, with the body that decided and the item it stands in.

Reads, inside an item:

- a lead-in ``Länschefsnätverket beslutade:`` (also ``beslutar:``, ``beslöt:``, the inverted
  ``… beslutade styrgruppen:``, or ``Nämnden beslutar`` with the clauses on the next lines)
  followed by one or more ``att …`` clauses, or by a list of points;
- ``Det beslutades att …`` in running text (no body);
- ``X beslutar att …`` in running text (present tense: what this meeting decides), and
  ``X beslutade/beslöt att …`` when X is a body that decides in this document (one that has a
  lead-in, the meeting's own body, or a generic word for it: ``Mötet``, ``Nämnden``);
  a past decision told as background (``På möte i september beslutades att``, ``Styrgruppen
  har beslutat att``) is not a decision of this meeting;
- a ``Beslut`` / ``Nämndens beslut`` / ``Beslut:`` section (protokoll), each sentence or clause;
- in protokoll, the outcome sentence in formula form (``Dagordningen fastställs``, ``…läggs till
  handlingarna``, ``Nämnden utser X att jämte ordföranden justera protokollet``).

Proposals (``Förslag till beslut``, ``Yrkanden``, ``X föreslår att …``) are not decisions. A
decision's text runs from ``att`` to the end of its clause, with the final full stop as written;
a formula sentence is taken whole. Items that were struck (``Punkten utgick``) decide nothing.
"""

from __future__ import annotations

import re

from .clean import squash
from .layout import is_bullet, sentences, strip_bullet
from .model import Decision

_LEAD = re.compile(
    r"^(?P<body>[^:]{1,80}?)\s+(?:beslutade|beslutar|beslöt|har\s+beslutat|fattade\s+"
    r"(?:följande\s+)?beslut(?:et)?)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LEAD_INVERTED = re.compile(
    r"^(?:.*?\s)?(?:beslutade|beslutar|beslöt)\s+(?P<body>[\wåäöÅÄÖ\-]+(?:\s+[\wåäöÅÄÖ\-]+)?)"
    r"\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LEAD_OPEN = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\wåäö\-]*(?:\s+[\wåäöÅÄÖ\-]+){0,3})\s+(?:beslutade|beslutar|beslöt)"
    r"(?P<att>\s+att)?$"
)
# "Beslut", "Nämndens beslut", "Hälso- och sjukvårdsnämndens beslut" (the body in the genitive).
_GENITIVE = r"(?:(?P<body>[A-ZÅÄÖ][\wåäö\-]*(?:\s+[\wåäö\-]+){0,3}?)s\s+)?"
_BESLUT_LABEL = re.compile(rf"^{_GENITIVE}beslut\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_BESLUT_HEADING = re.compile(rf"^{_GENITIVE}beslut(?:\s+i\s+korthet)?\s*:?$", re.IGNORECASE)
_PROPOSAL_HEADING = re.compile(
    r"^(?:[\wåäöÅÄÖ]+s\s+)?(?:förslag(?:\s+till\s+beslut)?|yrkanden?|beslutsförslag|"
    r"propositionsordning|beslutsgång)\s*:?$",
    re.IGNORECASE,
)
_OTHER_SECTION = re.compile(
    r"^(?:bakgrund|ärendebeskrivning|beskrivning\s+av\s+ärendet|sammanfattning(?:\s+av\s+"
    r"ärendet)?|beslutsunderlag|reservationer?|protokollsanteckning|jäv|expedieras|"
    r"handläggare|motivering|särskilt\s+yttrande|ärendet|underlag|bilagor?)\s*:?$"
    r"|^(?:beslutet\s+)?(?:skickas\s+till|expedieras)\b",
    re.IGNORECASE,
)
_DET_BESLUTADES = re.compile(
    r"(?:^|\s)(?:[Dd]et\s+)?[Bb]eslutades\s+"
    r"(?:också\s+|även\s+)?(att\b.*)$"
)
_RUNNING = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ\-]*(?:\s+[\wåäöÅÄÖ\-]+){0,2}?)\s+(?P<verb>beslutar|beslutade|"
    r"beslöt)\s+(?:därför\s+|också\s+|även\s+|slutligen\s+|enhälligt\s+)?(?P<text>att\b.*)$"
)
_FORMULA_PASSIVE = re.compile(
    r"\b(?:fastställs|fastställes|godkänns|godkännes|antas|antages|bifalls|bifalles|avslås|"
    r"läggs\s+till\s+handlingarna|lägges\s+till\s+handlingarna|noteras\s+till\s+protokollet|"
    r"förklaras|beviljas|återremitteras|tillstyrks|avstyrks|utses|anmäls)\b",
    re.IGNORECASE,
)
_FORMULA_ACTIVE = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\wåäö\-]*(?:nämnden|styrelsen|utskottet|fullmäktige|rådet|gruppen|"
    r"direktionen|presidiet)|Nämnden|Styrelsen|Utskottet|Mötet|Fullmäktige)\s+(?:utser|"
    r"godkänner|antar|fastställer|beviljar|avslår|tillstyrker|avstyrker|överlämnar|uppdrar|"
    r"noterar|lägger|beslutar|återremitterar|bordlägger|förklarar|väljer)\b"
)
# A sentence whose subject is a group in the definite form: "Gruppen ställer sig bakom …".
_SUBJECT_BODY = re.compile(
    r"^(?P<body>(?=[A-ZÅÄÖ])(?i:[a-zåäö]*(?:gruppen|nämnden|styrelsen|utskottet|rådet|nätverket|"
    r"mötet|presidiet|ledningen)))\s+[a-zåäö]+r\b"
)
_NOT_BODY_WORDS = {"att", "om", "föreslår", "föreslog", "yrkar", "förslag", "som", "har", "hade"}
_GENERIC_BODIES = {"mötet", "vi", "gruppen", "nätverket", "nämnden", "styrelsen", "utskottet"}
ATT_LIST = "\x00att-list"  # a lead-in "X beslutar att" whose clauses are the points below
_SPLIT_ATT = re.compile(r"(?:[,;]\s*|\s+(?:och|samt)\s+)(?=att\s)")


def split_clauses(text: str) -> list[str]:
    """``att A, och att B`` → [``att A,``-less clauses]: one decision per ``att`` clause."""
    parts = [squash(p) for p in _SPLIT_ATT.split(text)]
    return [p.rstrip(",;") for p in parts[:-1]] + parts[-1:]


def _body(text: str) -> str | None:
    body = squash(strip_bullet(text)).strip(" ,:–-")
    words = body.split()
    if not words or len(words) > 5 or any(w.lower() in _NOT_BODY_WORDS for w in words):
        return None
    if words[0].lower() in {"det", "man"}:
        return None
    return body


def is_section_heading(line: str) -> bool:
    """A sub-heading inside a protokoll item: ``Beslut``, ``Förslag till beslut``, ``Bakgrund``…"""
    return bool(
        _BESLUT_HEADING.match(line) or _PROPOSAL_HEADING.match(line) or _OTHER_SECTION.match(line)
    )


def _starts_att(para: str) -> bool:
    return strip_bullet(para).lower().startswith("att ")


def read_decisions(
    paras: list[str],
    item: str | None,
    protokoll: bool,
    bodies: set[str],
) -> tuple[list[Decision], list[str]]:
    """The decisions in an item's paragraphs, and the paragraphs for its text.

    The text paragraphs are the input without the ``X beslutade:`` lead-ins (their clauses
    stay). ``bodies`` holds the lower-case names of bodies that decide in this document; it is
    extended with the bodies of the lead-ins found here.
    """
    decisions: list[Decision] = []
    text: list[str] = []
    section: str | None = None
    section_body: str | None = None
    has_beslut_section = any(_BESLUT_HEADING.match(squash(p)) for p in paras)
    i = 0
    while i < len(paras):
        para = squash(paras[i])
        plain = strip_bullet(para)
        lead = _lead(plain, paras[i + 1] if i + 1 < len(paras) else "")
        if lead is not None:
            body, rest = lead
            if body:
                bodies.add(body.lower())
            if rest == ATT_LIST:
                text.append(paras[i])
                i = _points(paras, i + 1, item, body, decisions, text, att=True)
                continue
            if rest:
                text.append(rest)
                decisions.extend(Decision(item, body, c) for c in split_clauses(rest))
            i += 1
            i = _follow_clauses(paras, i, item, body, decisions, text, bool(rest))
            continue
        text.append(paras[i])
        i += 1
        heading = _BESLUT_HEADING.match(plain)
        if heading:  # "Socialnämndens beslut": the body is written in the genitive
            section, section_body = "beslut", heading.group("body") or None
            continue
        if _PROPOSAL_HEADING.match(plain):
            section = "proposal"
            continue
        if _OTHER_SECTION.match(plain):
            section = "other"
            continue
        if section == "proposal":
            continue
        label = _BESLUT_LABEL.match(plain)
        if label:
            body = label.group("body") or None
            decisions.extend(_sentence_decisions(label.group("rest"), item, body))
            continue
        if section == "beslut":
            decisions.extend(_sentence_decisions(plain, item, section_body))
            continue
        found = _running(plain, item, bodies)
        if not found and protokoll and not has_beslut_section and section != "other":
            found = _formula(plain, item)
        decisions.extend(found)
    return decisions, text


def _lead(plain: str, following: str) -> tuple[str | None, str] | None:
    m = _LEAD.match(plain)
    if m and len(m.group("body").split()) <= 8:
        body = m.group("body")
        inverted = _LEAD_INVERTED.match(plain)
        if _body(body) is None and inverted:
            return _body(inverted.group("body")), inverted.group("rest").strip()
        return _body(body), m.group("rest").strip()
    m = _LEAD_INVERTED.match(plain)
    if m:
        return _body(m.group("body")), m.group("rest").strip()
    m = _LEAD_OPEN.match(plain)
    if m and m.group("att") and is_bullet(squash(following)):
        return _body(m.group("body")), ATT_LIST
    if m and _starts_att(squash(following)):
        return _body(m.group("body")), ""
    return None


def _follow_clauses(
    paras: list[str],
    i: int,
    item: str | None,
    body: str | None,
    decisions: list[Decision],
    text: list[str],
    had_rest: bool,
) -> int:
    """The ``att`` clauses (or listed points) that follow a lead-in."""
    taken = had_rest
    while i < len(paras):
        para = squash(paras[i])
        if _starts_att(para):
            decisions.extend(Decision(item, body, c) for c in split_clauses(strip_bullet(para)))
        elif not taken and is_bullet(para):
            return _points(paras, i, item, body, decisions, text, att=False)
        elif not taken and para and not _BESLUT_HEADING.match(para):
            decisions.append(Decision(item, body, para))
            text.append(paras[i])
            return i + 1
        else:
            return i
        text.append(paras[i])
        taken = True
        i += 1
    return i


def _points(
    paras: list[str],
    i: int,
    item: str | None,
    body: str | None,
    decisions: list[Decision],
    text: list[str],
    att: bool,
) -> int:
    """Listed points after a lead-in: one decision each, without a trailing ``, och``.

    After ``Nämnden beslutar att`` (``att``) each point is an ``att`` clause and is written so.
    """
    while i < len(paras) and is_bullet(squash(paras[i])):
        point = squash(strip_bullet(squash(paras[i])))
        point = re.sub(r"(?:[,;]?\s+(?:och|samt)|[,;])\s*$", "", point)
        if point:
            clause = f"att {point}" if att and not _starts_att(point) else point
            decisions.append(Decision(item, body, clause))
        text.append(paras[i])
        i += 1
    return i


def _sentence_decisions(text: str, item: str | None, body: str | None) -> list[Decision]:
    """A decision section's text: ``att`` clauses, a ``X beslutar att`` sentence, or sentences.

    A point's own number or letter (``1.``, ``a)``) is not part of the decision.
    """
    text = re.sub(r"^(?:\d{1,2}[.)]|[a-h]\))\s+", "", strip_bullet(squash(text)))
    if not text:
        return []
    if text.lower().startswith("att "):
        return [Decision(item, body, c) for c in split_clauses(text)]
    out: list[Decision] = []
    for sentence in sentences(text):
        m = _RUNNING.match(sentence)
        if m and _body(m.group("body")):
            out.extend(Decision(item, _body(m.group("body")), c) for c in split_clauses(m["text"]))
            continue
        active = _FORMULA_ACTIVE.match(sentence) or _SUBJECT_BODY.match(sentence)
        out.append(Decision(item, active.group("body") if active else body, sentence))
    return out


def _running(para: str, item: str | None, bodies: set[str]) -> list[Decision]:
    out: list[Decision] = []
    for sentence in sentences(para):
        m = _DET_BESLUTADES.search(sentence)
        if m and (m.start() == 0 or sentence[: m.start()].strip().lower() in {"det", ""}):
            out.extend(Decision(item, None, c) for c in split_clauses(m.group(1)))
            continue
        m = _RUNNING.match(sentence)
        if not m:
            continue
        body = _body(m.group("body"))
        if body is None:
            continue
        if m.group("verb") != "beslutar" and not _known_body(body, bodies):
            continue
        out.extend(Decision(item, body, c) for c in split_clauses(m.group("text")))
    return out


def _known_body(body: str, bodies: set[str]) -> bool:
    low = body.lower()
    return low in bodies or low in _GENERIC_BODIES or any(b.startswith(low) for b in bodies)


def _formula(para: str, item: str | None) -> list[Decision]:
    out: list[Decision] = []
    for sentence in sentences(para):
        if len(sentence.split()) > 40:
            continue
        active = _FORMULA_ACTIVE.match(sentence)
        if active:
            out.append(Decision(item, active.group("body"), sentence))
        elif _FORMULA_PASSIVE.search(sentence) and not re.search(
            r"\b(?:föreslår|förslag|föreslås|yrkar|kommer att|ska|skall|bör)\b", sentence
        ):
            out.append(Decision(item, None, sentence))
    return out
