"""The national remiss calendar, proposed as defaults when a remiss round is registered.

Read from the reference data (``remiss.json``):

* four **remissperioder** a year with fixed dates since 2021: 15 februari – 14 april,
  15 april – 14 juni, 15 september – 14 november and 15 november – 14 februari (which crosses
  the new year);
* eight **synpunktsinhämtningar** a year, opening on the first weekday of February, March,
  April, May, September, October, November and December and closing on the 29th (December's
  round on 29 January). For February "the 29th" is read as four weeks after the 1st, so
  1 March in a common year, as in the published example calendar ("1 februari – 1 mars");
* the **helgdag rule**: a period that would start on a helgdag starts on the next weekday, one
  that would end on a helgdag ends on the previous weekday.

What is not a weekday: Saturdays and Sundays (the reference data's interpretation), the named
Swedish public holidays from the ``holidays`` package (only the named ones: some versions of
that package also list every Sunday, which we count ourselves), and midsommarafton, julafton
and nyårsafton, which Swedish law treats like helgdagar when a time limit ends
(lag (1930:173) om beräkning av lagstadgad tid, 2 §).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import holidays

from kunskapsnav.core.reference import read_reference

REMISS = "remiss"
SYNPUNKTSINHAMTNING = "synpunktsinhamtning"

#: Names the ``holidays`` package may give a plain Sunday; those are weekends, not holidays.
_SUNDAY_NAMES = {"sunday", "söndag"}


@dataclass(frozen=True)
class Window:
    """One national remiss or synpunktsinhämtning period, with the helgdag rule applied."""

    kind: str  # "remiss" or "synpunktsinhamtning", as ``RemissRound.Kind``
    code: str  # the reference row, e.g. "remiss-sep"
    label: (
        str  # the nominal period as the reference data writes it, e.g. "15 september – 14 november"
    )
    opens: dt.date
    closes: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


@cache
def _holidays(year: int) -> dict[dt.date, str]:
    """The named public holidays of ``year`` and the three aftons, Sundays left out."""
    days: dict[dt.date, str] = {}
    for day, name in holidays.country_holidays("SE", years=year, language="sv").items():
        if str(name).strip().lower() in _SUNDAY_NAMES:
            continue
        days[day] = str(name)
    midsommarafton = next(
        dt.date(year, 6, d) for d in range(19, 26) if dt.date(year, 6, d).weekday() == 4
    )
    # Not helgdagar in law, but treated as such when a time limit ends.
    days.setdefault(midsommarafton, "Midsommarafton")
    days.setdefault(dt.date(year, 12, 24), "Julafton")
    days.setdefault(dt.date(year, 12, 31), "Nyårsafton")
    return days


def holiday_name(day: dt.date) -> str:
    """The holiday's Swedish name, or "" when ``day`` is no holiday (weekends are not named)."""
    return _holidays(day.year).get(day, "")


def is_weekday(day: dt.date) -> bool:
    """Monday to Friday and no helgdag (nor midsommarafton, julafton, nyårsafton)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_weekday(day: dt.date) -> dt.date:
    """``day`` itself if it is a weekday, else the first weekday after it."""
    while not is_weekday(day):
        day += dt.timedelta(days=1)
    return day


def previous_weekday(day: dt.date) -> dt.date:
    """``day`` itself if it is a weekday, else the last weekday before it."""
    while not is_weekday(day):
        day -= dt.timedelta(days=1)
    return day


def weekday_before(day: dt.date, days: int) -> dt.date:
    """The weekday on or before the date ``days`` calendar days before ``day``."""
    return previous_weekday(day - dt.timedelta(days=days))


# --- The calendar from the reference data --------------------------------------------------


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(
        row
        for row in read_reference("remiss.json")
        if row.get("kind") in ("remissperiod", "synpunktsinhamtning")
    )


def _remiss_window(row: dict[str, Any], year: int) -> Window:
    start, end = row["start"], row["end"]
    end_year = year + 1 if row.get("crosses_year") else year
    return Window(
        kind=REMISS,
        code=row["code"],
        label=row.get("label", ""),
        opens=next_weekday(dt.date(year, start["month"], start["day"])),
        closes=previous_weekday(dt.date(end_year, end["month"], end["day"])),
    )


def _synpunkt_window(row: dict[str, Any], year: int) -> Window:
    month = int(row["start"]["month"])
    first = dt.date(year, month, 1)
    if row.get("crosses_year"):
        # December's round runs over the holidays and closes on 29 January.
        end_month = int(row["end"]["month"])
        nominal_end = dt.date(year + 1, end_month, int(row["end"]["day"]))
    else:
        # "By the 29th": four weeks after the 1st (1 March when February has no 29th).
        nominal_end = first + dt.timedelta(weeks=int(row.get("response_time_weeks") or 4))
    return Window(
        kind=SYNPUNKTSINHAMTNING,
        code=row["code"],
        label=row.get("label", ""),
        opens=next_weekday(first),
        closes=previous_weekday(nominal_end),
    )


def remiss_windows(year: int, kind: str | None = None) -> list[Window]:
    """The windows that open in ``year`` (of one ``kind``, or both), in order of opening."""
    windows: list[Window] = []
    for row in _rows():
        if row["kind"] == "remissperiod" and kind in (None, REMISS):
            windows.append(_remiss_window(row, year))
        elif row["kind"] == "synpunktsinhamtning" and kind in (None, SYNPUNKTSINHAMTNING):
            windows.append(_synpunkt_window(row, year))
    return sorted(windows, key=lambda w: (w.opens, w.kind))


def next_window(after: dt.date, kind: str = REMISS) -> Window:
    """The first window of ``kind`` that opens on or after ``after``."""
    for year in (after.year, after.year + 1):
        for window in remiss_windows(year, kind):
            if window.opens >= after:
                return window
    raise LookupError(f"no {kind} window after {after}")  # pragma: no cover - 8 a year


def window_containing(day: dt.date, kind: str = REMISS) -> Window | None:
    """The window of ``kind`` that is open on ``day`` (``None`` between windows)."""
    for year in (day.year - 1, day.year):
        for window in remiss_windows(year, kind):
            if window.contains(day):
                return window
    return None


def proposed_closing(opens: dt.date, kind: str = REMISS) -> dt.date:
    """When a round that opens on ``opens`` closes by the national calendar.

    The window that is open that day, else the next one to open; a remiss that opens on an
    ad hoc date (before 2021) closes when the window it falls in would.
    """
    window = window_containing(opens, kind) or next_window(opens, kind)
    return window.closes
