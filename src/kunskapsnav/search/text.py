"""Swedish search keys: one word → one key, the same on both backends and for highlighting.

A key is the word lower-cased, stemmed with the Snowball Swedish stemmer (the algorithm of
PostgreSQL's ``swedish`` dictionary), with the definite endings Snowball leaves alone taken off
("vårdförloppet" → "vårdförlopp", "strategin" → "strategi"), and with its diacritics folded
("Älvdalen" → "alvdal"), so "Alvdalen" finds "Älvdalen". Documents are indexed as their keys;
a query is turned into keys the same way and each key matches as a prefix, which also finds
compounds that begin with it ("vårdförlopp" finds "vårdförloppsarbete").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

WORD = re.compile(r"[^\W_]+", re.UNICODE)
PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_stemmer = snowballstemmer.stemmer("swedish")

#: Endings of the definite form that Snowball's Swedish stemmer keeps, taken off longer stems.
_DEFINITE = (("et", 7), ("in", 7))


def fold(text: str) -> str:
    """Lower case without diacritics: "Älvdalen" → "alvdalen"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def key(word: str) -> str:
    stem: str = _stemmer.stemWord(word.lower())
    for ending, min_length in _DEFINITE:
        if len(stem) >= min_length and stem.endswith(ending):
            stem = stem[: -len(ending) if ending != "in" else -1]
            break
    return fold(stem)


def keys(text: str) -> list[str]:
    return [key(word) for word in WORD.findall(text)]


def index_text(text: str) -> str:
    """What the index stores for ``text``: its keys, in order, separated by spaces."""
    return " ".join(keys(text))


@dataclass
class Query:
    """A parsed query: words (each a prefix) and phrases in quotes (keys in order)."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def all_keys(self) -> set[str]:
        return set(self.words) | {k for phrase in self.phrases for k in phrase}


def parse(text: str) -> Query:
    """``beslutade "samordnad individuell plan"`` → words [beslut], phrases [[samordn, …]]."""
    query = Query()
    for phrase, word in PHRASE_OR_WORD.findall(text[:500]):
        if phrase:
            found = keys(phrase)
            if len(found) > 1:
                query.phrases.append(found)
            elif found:
                query.words.extend(found)
        else:
            query.words.extend(keys(word))
    # Each word once, in order; phrases keep their repeated words.
    query.words = list(dict.fromkeys(query.words))
    return query
