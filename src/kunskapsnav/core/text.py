"""Swedish text helpers shared by every app."""

from __future__ import annotations

# The Swedish alphabet: å, ä and ö come after z; é sorts as e and ü as y, as in SAOL.
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_FOLD = {"é": "e", "è": "e", "à": "a", "ü": "y", "æ": "ä", "ø": "ö"}


def swedish_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Sort key for Swedish collation, independent of the database or the OS locale.

    Letters outside the alphabet (spaces, dashes, punctuation) sort first; ties break on the
    original text so the order is total and stable.
    """
    folded = [_FOLD.get(ch, ch) for ch in text.casefold()]
    primary = tuple(_ORDER.get(ch, -1) + 1 for ch in folded if ch in _ORDER)
    return primary, text


def initial_letter(text: str) -> str:
    """The index letter for a headword: its first letter, upper case, digits grouped as '#'."""
    for ch in text:
        if ch.isalpha():
            folded = _FOLD.get(ch.casefold(), ch.casefold())
            return folded.upper() if folded in _ORDER else ch.upper()
        if ch.isdigit():
            return "#"
    return "#"
