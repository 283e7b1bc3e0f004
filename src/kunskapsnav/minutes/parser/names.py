"""What a piece of text names: a person, an organisation, a title, or a responsible party.

Swedish minutes list people as ``Name, Title, Organisation`` in every order and wrap, so the
readers of attendance lists, ``Föredragande:`` lines and responsibility markers all ask the same
questions of a comma-separated segment. The answers come from the *shape* of the words, not from
a list of known people: a person's name is two to four capitalised words that are neither
organisation words (``Region``, ``… kommun``, ``…kliniken``) nor titles (``…chef``, ``…ledare``)
nor acronyms (``RAG``, ``NPO``); an organisation has such an organisation word; a responsible
party is a person, an acronym group (``LPO``, ``LPO Psykisk Hälsa``), an organisation or a body in
the definite form (``Styrgruppen``, ``kommunerna``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ORG_WORDS = {
    "region",
    "regionen",
    "regionens",
    "kommun",
    "kommunen",
    "kommuner",
    "stad",
    "staden",
    "landsting",
    "landstinget",
    "län",
    "läns",
    "länsstyrelsen",
    "skr",
    "socialstyrelsen",
    "försäkringskassan",
    "arbetsförmedlingen",
    "högskola",
    "högskolan",
    "universitet",
    "universitetet",
    "sjukhus",
    "sjukhuset",
    "förvaltning",
    "förvaltningen",
    "ab",
    "rss",
    "kommunförbund",
    "kommunförbundet",
}
_ORG_SUFFIXES = (
    "kommun",
    "staden",
    "förvaltningen",
    "förvaltning",
    "enheten",
    "avdelningen",
    "centrum",
    "center",
    "centret",
    "kliniken",
    "sjukhuset",
    "styrelsen",
    "verket",
    "kassan",
    "myndigheten",
    "institutet",
    "inspektionen",
    "universitetet",
    "högskolan",
    "förbundet",
    "kansliet",
    "vårdcentral",
    "vårdcentralen",
    "regionen",
    "bolaget",
    "stiftelsen",
)
_ROLE_SUFFIXES = (
    "chef",
    "chefen",
    "ledare",
    "utvecklare",
    "sekreterare",
    "ordförande",
    "ordf",
    "handläggare",
    "strateg",
    "samordnare",
    "direktör",
    "läkare",
    "sköterska",
    "terapeut",
    "koordinator",
    "controller",
    "konsult",
    "ombud",
    "kurator",
    "psykolog",
    "assistent",
    "specialist",
    "rådgivare",
    "ansvarig",
    "ledamot",
    "ersättare",
    "representant",
    "utredare",
    "ekonom",
    "jurist",
    "revisor",
    "inspektör",
    "analytiker",
    "administratör",
    "planerare",
    "instruktör",
    "medarbetare",
    "föreståndare",
    "rektor",
    "förvaltare",
    "ingenjör",
    "justerare",
    "tolk",
    "vice",
    "adjungerad",
    "gäst",
)
# Capitalised words that start sentences or headings but are never a person's name.
_NOT_NAMES = {
    "alla",
    "att",
    "av",
    "beslut",
    "bilaga",
    "dagordning",
    "datum",
    "de",
    "den",
    "denna",
    "dessa",
    "det",
    "detta",
    "diskussion",
    "dnr",
    "efter",
    "enligt",
    "er",
    "för",
    "frånvarande",
    "från",
    "föredragande",
    "han",
    "hon",
    "i",
    "information",
    "inför",
    "ingen",
    "jag",
    "justerare",
    "kl",
    "man",
    "med",
    "minnesanteckningar",
    "mötet",
    "ni",
    "nästa",
    "närvarande",
    "och",
    "om",
    "ordförande",
    "plats",
    "protokoll",
    "punkt",
    "på",
    "rapport",
    "samtliga",
    "sekreterare",
    "sin",
    "tid",
    "till",
    "under",
    "varje",
    "vi",
    "vid",
    "våra",
    "vårt",
    "övriga",
}
# Definite forms of nouns for groups and bodies: "Föredragarna", "Styrgruppen", "Kansliet".
_DEFINITE_BODY = (
    "arna",
    "erna",
    "orna",
    "ningen",
    "gruppen",
    "nämnden",
    "rådet",
    "ledningen",
    "iatet",
    "skapet",
    "presidiet",
    "utskottet",
    "nätverket",
    "kollegiet",
    "mötet",
    "teamet",
    "forumet",
    "kontoret",
    "ionen",
)
_PARTICLES = {"von", "af", "de", "van", "der", "den", "da", "di", "la", "le", "du", "el", "al"}
_NAME_TOKEN = re.compile(r"^[A-ZÅÄÖÉÈÜØÆ][a-zåäöéèüøæáíóúñç'’]+(?:-[A-ZÅÄÖÉÜ]?[a-zåäöéèüøæ]+)*$")
_INITIAL = re.compile(r"^[A-ZÅÄÖ]\.$")
_ACRONYM = re.compile(r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,7}(?:[-/][A-ZÅÄÖ0-9]+)*(?::?[a-zåäö]{1,3})?$")
_PARTY = re.compile(r"^\(?([A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,3})\)?$")
_PREPOSITIONS = {"för", "vid", "på", "inom", "i", "av", "hos", "till", "mot"}


def tokens(text: str) -> list[str]:
    return text.split()


def _clean_token(token: str) -> str:
    return token.strip(".,;:!?()”\"'")


def is_org_word(token: str) -> bool:
    low = _clean_token(token).lower()
    return low in _ORG_WORDS or (len(low) > 4 and low.endswith(_ORG_SUFFIXES))


def is_role_word(token: str) -> bool:
    low = _clean_token(token).lower()
    return len(low) > 2 and low.endswith(_ROLE_SUFFIXES)


def is_acronym(token: str) -> bool:
    return bool(_ACRONYM.match(_clean_token(token)))


def is_name_token(token: str) -> bool:
    """A capitalised word that may be part of a person's name (``Marie-Louise``, ``B.``)."""
    if _INITIAL.match(token):
        return True
    if not _NAME_TOKEN.match(token):
        return False
    low = token.lower()
    return not (
        low in _NOT_NAMES or is_org_word(token) or is_role_word(token) or _is_definite_body(low)
    )


def _is_definite_body(low: str) -> bool:
    return low.endswith(_DEFINITE_BODY)


def is_person_name(text: str, allow_single: bool = False) -> bool:
    """Two to four name words (particles like ``von`` allowed inside), or one if allowed."""
    words = tokens(text)
    if not words or len(words) > 4:
        return False
    if words[0].lower() in _PARTICLES or words[-1].lower() in _PARTICLES:
        return False
    real = [w for w in words if w.lower() not in _PARTICLES]
    if not all(is_name_token(w) for w in real):
        return False
    if len(real) == 1:
        return allow_single and not _INITIAL.match(real[0]) and len(real[0]) > 1
    return not all(_INITIAL.match(w) for w in real)


def leading_name(text: str, allow_single: bool = False) -> tuple[str, str]:
    """The person's name at the start of ``text`` and what follows it, or ``("", text)``."""
    words = tokens(text)
    n = 0
    while n < len(words) and n < 4:
        word = words[n]
        if is_name_token(word) or (n > 0 and word.lower() in _PARTICLES):
            n += 1
            continue
        break
    while n > 0 and words[n - 1].lower() in _PARTICLES:
        n -= 1
    # A name of one word followed by another capitalised word is a wrapped name, not a name.
    for size in range(n, 0, -1):
        candidate = " ".join(words[:size])
        if is_person_name(candidate, allow_single=allow_single):
            return candidate, " ".join(words[size:])
    return "", text


def is_org(text: str) -> bool:
    """Text that names an organisation: it holds an organisation word."""
    return any(is_org_word(w) for w in tokens(text))


def split_title_org(segment: str) -> tuple[str, str | None]:
    """``Socialchef Leksands kommun`` → (``Socialchef``, ``Leksands kommun``).

    A title written together with its organisation is split where a capitalised organisation
    phrase begins, unless a preposition ties the phrase to the title (``chef för
    Medicinkliniken`` stays a title).
    """
    words = tokens(segment)
    if words and is_org_word(words[0]):
        return "", segment
    for i in range(1, len(words)):
        word = words[i]
        if not word[:1].isupper() or words[i - 1].lower() in _PREPOSITIONS:
            continue
        rest = words[i:]
        if is_org_word(word) or (len(rest) <= 4 and is_org_word(rest[-1])):
            return " ".join(words[:i]), " ".join(rest)
    if is_org(segment) and words[0][:1].isupper() and not is_role_word(words[0]):
        return "", segment
    return segment, None


def split_parenthesised(text: str) -> tuple[str, list[str]]:
    """``Anna Berg (S) (del av mötet)`` → (``Anna Berg``, [``S``, ``del av mötet``])."""
    inner = re.findall(r"\(([^()]*)\)", text)
    outer = re.sub(r"\s*\([^()]*\)", " ", text)
    return " ".join(outer.split()), [" ".join(i.split()) for i in inner if i.strip()]


def party_letters(text: str) -> str | None:
    """A party abbreviation in brackets (``(S)``, ``(KD)``, ``(MP)``), else ``None``."""
    m = _PARTY.match(text.strip())
    if m and (m.group(1).isupper() or len(m.group(1)) <= 2):
        return m.group(1)
    return None


def split_commas(text: str) -> list[str]:
    """Split on commas and semicolons that are not inside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [" ".join(p.split()) for p in parts if p.strip()]


def split_responsible(text: str) -> list[str]:
    """``Lotta och Tanja och Per`` → three parties; also ``,``, ``/``, ``&`` and ``samt``."""
    parts = re.split(r"\s*(?:,|/|&|\boch\b|\bsamt\b)\s*", text.strip(" .,;:"))
    return [p.strip(" .,;:") for p in parts if p.strip(" .,;:")]


def is_party(text: str, lowercase_ok: bool = False) -> bool:
    """A person, group or body that can be responsible for a task.

    A person (a single first name is enough: ``Tanja``), an acronym group (``LPO``, ``LPO
    Psykisk Hälsa``), an organisation (``Region Dalarna``), or a body in the definite form
    (``Styrgruppen``; in lower case too where ``lowercase_ok``: ``kommunerna``).
    """
    words = tokens(text)
    if not words or len(words) > 5:
        return False
    first = _clean_token(words[0])
    if not first:
        return False
    if is_acronym(first) and first.lower() not in _NOT_NAMES:
        return all(w[:1].isupper() or w.lower() in {"och", "för", "i"} for w in words[1:])
    if is_person_name(text, allow_single=True):
        return True
    if is_org(text) and words[0][:1].isupper():
        return True
    low = first.lower()
    if len(words) == 1 and low not in _NOT_NAMES:
        definite = low.endswith(("en", "na", "et")) and len(low) >= 5
        if first[:1].isupper() and (definite or is_role_word(low)):
            return True
        if lowercase_ok and first.islower() and (definite or is_role_word(low)):
            return True
    return False


@dataclass
class Person:
    """A person read from a list: the name and the segments written after it."""

    name: str
    extras: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    party: str | None = None


def group_people(segments: list[str], allow_single: bool = False) -> list[Person]:
    """Group ``Name, Title, Org, Name, Title`` segments into people.

    A segment that starts with a person's name starts a new person; other segments belong to the
    person before. Bracketed parts become remarks, or the party for ``(S)``-style letters. A
    segment before the first name (``samt föredragande enligt nedan``) is dropped.
    """
    people: list[Person] = []
    for raw in segments:
        text, brackets = split_parenthesised(raw)
        name, rest = leading_name(text, allow_single=allow_single or not people)
        if name and (not people or len(tokens(name)) > 1 or allow_single):
            person = Person(name)
            people.append(person)
            if rest:
                person.extras.append(rest)
        elif people:
            person = people[-1]
            if text:
                person.extras.append(text)
        else:
            continue
        for inner in brackets:
            party = party_letters(inner)
            if party and person.party is None:
                person.party = party
            else:
                person.remarks.append(inner)
    return people
