"""Swedish dates, times and periods as minutes write them.

Reads ``2022-01-28`` (also with ``.`` or ``/``), ``28 januari 2022``, ``den 28 jan. 2022``,
``Måndag den 25 april 2022``, ``den 25/4`` and ``25/4-2022`` (a missing year comes from the
context, normally the meeting's year), the compact ``220128``/``20220128`` forms only where the
caller knows a date stands (a ``Datum:`` label), times ``kl. 14.00-15.30``, ``Kl. 9.00 - 12.00``,
``kl 13–16``, ``13:00–16:00``, and periods that are not a single day (``januari/februari 2021``,
``augusti 2022``, ``hösten 2022``, ``vecka 12``). Dates are checked against the calendar, so
``2022-02-30`` or ``45/13`` are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = (
    r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)"
)
_WEEKDAY = r"(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?)"
_DASH = r"(?:-|–|—|till)"

_ISO = re.compile(r"(?<![\d/-])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d])")
_DAY_MONTH = re.compile(
    rf"(?<![\w/])(?:{_WEEKDAY}\s+)?(?:den\s+)?(\d{{1,2}})(?::[ae])?\s+({_MONTH})\b\.?"
    r"(?:\s*,?\s*(\d{4})\b)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\w/.,-])(\d{1,2})/(\d{1,2})"
    r"(?:(?:\s*-\s*|\s+|/)(\d{4}|\d{2}))?(?![\w/])"
)
_COMPACT = re.compile(r"(?<!\d)(20\d{2}|\d{2})(\d{2})(\d{2})(?!\d)")
# Periods in order of preference: a month (or two) with a year, a part of a month, a season,
# a week, and last a bare month after "i".
_PERIODS = [
    re.compile(rf"\b{_MONTH}(?:\s*(?:/|-|–|och|eller)\s*{_MONTH})?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(rf"\b(?:början|mitten|slutet)\s+av\s+{_MONTH}(?:\s+\d{{4}})?\b", re.IGNORECASE),
    re.compile(
        r"\b(?:våren|hösten|sommaren|vintern|vårterminen|höstterminen)(?:\s+\d{4})?\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:vecka|v\.)\s*\d{1,2}(?:\s*[-–]\s*\d{1,2})?(?:\s*,?\s*\d{4})?\b", re.I),
    re.compile(rf"(?<=\bi\s){_MONTH}(?:\s*(?:/|-|–)\s*{_MONTH})?\b", re.IGNORECASE),
]
_TIME_KL = re.compile(
    r"\b(?:kl\.?|klockan)\s*(\d{1,2})(?:[.:](\d{2}))?"
    rf"(?:\s*{_DASH}\s*(?:ca\.?\s*)?(?:kl\.?\s*)?(\d{{1,2}})(?:[.:](\d{{2}}))?)?(?![\d/])",
    re.IGNORECASE,
)
_TIME_RANGE = re.compile(
    rf"(?<![\d.:/-])(\d{{1,2}})[.:](\d{{2}})\s*{_DASH}\s*(?:ca\.?\s*)?(\d{{1,2}})[.:](\d{{2}})(?![\d.:])"
)
_TIME_ONE = re.compile(r"(?<![\d.:/-])(\d{1,2})[.:](\d{2})(?![\d.:/-])")


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: ``iso`` when the day is known, and where it stood."""

    iso: str
    start: int
    end: int
    has_year: bool


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str | None, year_hint: int | None) -> int | None:
    if text is None:
        return year_hint
    value = int(text)
    return value + 2000 if value < 100 else value


def find_dates(text: str, year_hint: int | None = None, compact: bool = False) -> list[DateMatch]:
    """Every calendar date in ``text``, in reading order.

    A date without a year takes ``year_hint``; without a hint it is skipped. ``compact`` also
    reads six- and eight-digit dates (``220128``), which only a caller that knows a date stands
    there should ask for: elsewhere such numbers are diary or case numbers.
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(iso: str | None, start: int, end: int, has_year: bool) -> None:
        if iso and not any(s < end and start < e for s, e in taken):
            found.append(DateMatch(iso, start, end, has_year))
            taken.append((start, end))

    for m in _ISO.finditer(text):
        add(_iso(int(m.group(1)), int(m.group(3)), int(m.group(4))), m.start(), m.end(), True)
    for m in _DAY_MONTH.finditer(text):
        year = _year(m.group(3), year_hint)
        if year is not None:
            month = MONTHS[m.group(2).lower()]
            add(_iso(year, month, int(m.group(1))), m.start(), m.end(), m.group(3) is not None)
    for m in _NUMERIC.finditer(text):
        year = _year(m.group(3), year_hint)
        if year is not None:
            add(_iso(year, int(m.group(2)), int(m.group(1))), m.start(), m.end(), bool(m.group(3)))
    if compact:
        for m in _COMPACT.finditer(text):
            year = _year(m.group(1), None)
            assert year is not None
            add(_iso(year, int(m.group(2)), int(m.group(3))), m.start(), m.end(), True)
    found.sort(key=lambda d: d.start)
    return found


def first_date(text: str, year_hint: int | None = None, compact: bool = False) -> str | None:
    """The first calendar date in ``text`` as ISO, or ``None``."""
    dates = find_dates(text, year_hint, compact)
    return dates[0].iso if dates else None


def find_period(text: str) -> str | None:
    """A period that is not one day, as written but in lower case (``januari/februari 2021``)."""
    for pattern in _PERIODS:
        m = pattern.search(text)
        if m:
            return " ".join(m.group(0).lower().split())
    return None


def _hhmm(hour: str, minute: str | None) -> str | None:
    h, mi = int(hour), int(minute or 0)
    if h > 24 or mi > 59:
        return None
    return f"{h % 24:02d}:{mi:02d}" if h < 24 else None


def find_times(text: str) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """Start and end time (``HH:MM``) and the span they were read from, or ``None`` values.

    Prefers ``kl``/``klockan`` forms; otherwise a range ``13:00–16:00`` or ``14.00-15.30``.
    A bare ``9.00`` counts only where the caller passes a ``Tid:`` value (see ``time_only``).
    """
    for pattern in (_TIME_KL, _TIME_RANGE):
        for m in pattern.finditer(text):
            start = _hhmm(m.group(1), m.group(2))
            end = _hhmm(m.group(3), m.group(4)) if m.group(3) else None
            if start is not None:
                return start, end, (m.start(), m.end())
    return None, None, None


_HOURS = re.compile(r"(?<![\d\-./:])(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\d\-./:])")


def time_only(text: str) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """Times in a value known to be a time (``Tid: 9.00``, ``Tid: 13-15``): also a single
    ``HH.MM`` and a range of whole hours."""
    start, end, span = find_times(text)
    if start is not None:
        return start, end, span
    m = _HOURS.search(text)
    if m and _hhmm(m.group(1), None) and _hhmm(m.group(2), None):
        return _hhmm(m.group(1), None), _hhmm(m.group(2), None), (m.start(), m.end())
    m = _TIME_ONE.search(text)
    if m:
        value = _hhmm(m.group(1), m.group(2))
        if value:
            return value, None, (m.start(), m.end())
    return None, None, None


def year_of(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


def roll_forward(iso: str, after: str | None, had_year: bool) -> str:
    """A date written without a year that falls before ``after`` belongs to the next year."""
    if had_year or after is None or iso >= after:
        return iso
    moved = _iso(int(iso[:4]) + 1, int(iso[5:7]), int(iso[8:10]))
    return moved or iso
