"""Swedish dates, times and periods."""

from __future__ import annotations

import pytest

from kunskapsnav.minutes.parser.dates import find_dates, find_period, find_times, time_only


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Datum: 2022-01-28", "2022-01-28"),
        ("28 januari 2022", "2022-01-28"),
        ("den 28 jan. 2022", "2022-01-28"),
        ("Måndag den 25 april 2022 kl. 14.00-15.30", "2022-04-25"),
        ("tisdagen den 12 mars 2024", "2024-03-12"),
        ("25/4-2022", "2022-04-25"),
        ("2022.03.01", "2022-03-01"),
    ],
)
def test_it_reads_written_dates(text: str, iso: str) -> None:
    assert find_dates(text)[0].iso == iso


def test_a_date_without_year_takes_the_year_from_the_context() -> None:
    (date,) = find_dates("svar senast den 25/4", year_hint=2022)
    assert (date.iso, date.has_year) == ("2022-04-25", False)
    assert find_dates("svar senast den 25/4") == []


def test_compact_dates_only_where_asked() -> None:
    assert find_dates("Föregående anteckningar 211217") == []
    assert find_dates("Datum: 220128", compact=True)[0].iso == "2022-01-28"


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("2022-02-30 och 45/13 och 3-4 representanter", year_hint=2022) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Tid: Kl. 9.00 - 12.00", "09:00", "12:00"),
        ("kl. 14.00-15.30", "14:00", "15:30"),
        ("möte den 1 juni kl 13–16.", "13:00", "16:00"),
        ("13:00–16:00", "13:00", "16:00"),
        ("Kl. 13.15", "13:15", None),
        ("klockan 9", "09:00", None),
    ],
)
def test_it_reads_times(text: str, start: str, end: str | None) -> None:
    assert find_times(text)[:2] == (start, end)


def test_a_bare_time_counts_only_in_a_time_value() -> None:
    assert find_times("version 9.00")[0] is None
    assert time_only("9.00")[:2] == ("09:00", None)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Nytt möte i januari/februari 2021 för att", "januari/februari 2021"),
        ("Augusti 2022. Datum meddelas senare.", "augusti 2022"),
        ("under hösten 2022", "hösten 2022"),
        ("vecka 12", "vecka 12"),
        ("senast i mars", "mars"),
        ("inget datum här", None),
    ],
)
def test_it_reads_periods(text: str, period: str | None) -> None:
    assert find_period(text) == period
