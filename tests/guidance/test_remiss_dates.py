"""The national remiss calendar with the helgdag rule: weekends, Easter, Midsummer, New Year."""

from __future__ import annotations

import datetime as dt

import pytest

from kunskapsnav.guidance import remiss_dates as rd

D = dt.date


def window(year: int, code: str) -> rd.Window:
    return next(w for w in rd.remiss_windows(year) if w.code == code)


def test_there_are_four_remiss_periods_and_eight_synpunktsinhamtningar_a_year() -> None:
    assert len(rd.remiss_windows(2023, rd.REMISS)) == 4
    assert len(rd.remiss_windows(2023, rd.SYNPUNKTSINHAMTNING)) == 8
    windows = rd.remiss_windows(2023)
    assert [w.opens for w in windows] == sorted(w.opens for w in windows)


def test_periods_on_weekdays_keep_their_fixed_dates() -> None:
    sep = window(2022, "remiss-sep")
    assert (sep.kind, sep.opens, sep.closes) == ("remiss", D(2022, 9, 15), D(2022, 11, 14))
    assert sep.label == "15 september – 14 november"


def test_a_period_ending_on_a_sunday_ends_the_friday_before() -> None:
    # 14 November 2021 is a Sunday.
    assert window(2021, "remiss-sep").closes == D(2021, 11, 12)


def test_a_period_starting_on_a_saturday_starts_the_monday_after() -> None:
    # 15 April 2023 is a Saturday.
    assert window(2023, "remiss-apr").opens == D(2023, 4, 17)


def test_skartorsdag_is_a_weekday_but_langfredag_and_easter_monday_are_not() -> None:
    feb = window(2022, "remiss-feb")
    assert feb.closes == D(2022, 4, 14)  # Skärtorsdag: a weekday
    # 15 April 2022 is Långfredag, then a weekend and Annandag påsk (18 April).
    assert window(2022, "remiss-apr").opens == D(2022, 4, 19)
    assert not rd.is_weekday(D(2022, 4, 15))
    assert not rd.is_weekday(D(2022, 4, 18))
    assert rd.is_weekday(D(2022, 4, 14))


def test_the_winter_period_crosses_the_new_year() -> None:
    nov = window(2022, "remiss-nov")
    assert (nov.opens, nov.closes) == (D(2022, 11, 15), D(2023, 2, 14))
    # In 2020 it opens on a Sunday and closes on Sunday 14 February 2021.
    nov20 = window(2020, "remiss-nov")
    assert (nov20.opens, nov20.closes) == (D(2020, 11, 16), D(2021, 2, 12))


def test_new_years_day_and_the_aftons_are_not_weekdays() -> None:
    assert not rd.is_weekday(D(2025, 1, 1))  # Nyårsdagen, a Wednesday
    assert not rd.is_weekday(D(2024, 12, 31))  # Nyårsafton, a Tuesday
    assert not rd.is_weekday(D(2024, 12, 24))  # Julafton
    assert rd.previous_weekday(D(2025, 1, 1)) == D(2024, 12, 30)
    assert rd.next_weekday(D(2024, 12, 24)) == D(2024, 12, 27)


def test_midsummer_eve_and_day_are_not_weekdays() -> None:
    assert rd.holiday_name(D(2022, 6, 24)) == "Midsommarafton"
    assert not rd.is_weekday(D(2022, 6, 24))  # a Friday
    assert rd.previous_weekday(D(2022, 6, 25)) == D(2022, 6, 23)
    assert rd.next_weekday(D(2022, 6, 24)) == D(2022, 6, 27)


def test_plain_sundays_are_weekends_not_named_holidays() -> None:
    assert rd.holiday_name(D(2022, 9, 18)) == ""
    assert not rd.is_weekday(D(2022, 9, 18))
    assert rd.holiday_name(D(2022, 4, 17)) == "Påskdagen"


def test_synpunktsinhamtning_opens_on_the_first_weekday_and_closes_on_the_29th() -> None:
    rounds = {w.code: w for w in rd.remiss_windows(2022, rd.SYNPUNKTSINHAMTNING)}
    # 1 October 2022 is a Saturday.
    assert rounds["synpunkt-okt"].opens == D(2022, 10, 3)
    # Första maj is a helgdag: May's round opens on the 2nd.
    assert rounds["synpunkt-maj"].opens == D(2022, 5, 2)
    # 29 May 2022 is a Sunday: the round closes on Friday the 27th.
    assert rounds["synpunkt-maj"].closes == D(2022, 5, 27)
    # February has no 29th in 2022: four weeks after the 1st is 1 March.
    assert rounds["synpunkt-feb"].closes == D(2022, 3, 1)
    # December's round closes on 29 January.
    assert (rounds["synpunkt-dec"].opens, rounds["synpunkt-dec"].closes) == (
        D(2022, 12, 1),
        D(2023, 1, 27),  # 29 January 2023 is a Sunday
    )


def test_in_a_leap_year_februarys_round_closes_on_the_29th() -> None:
    feb = next(
        w for w in rd.remiss_windows(2024, rd.SYNPUNKTSINHAMTNING) if w.code == "synpunkt-feb"
    )
    assert feb.closes == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("after", "opens", "closes"),
    [
        (D(2022, 9, 1), D(2022, 9, 15), D(2022, 11, 14)),
        (D(2022, 9, 15), D(2022, 9, 15), D(2022, 11, 14)),
        (D(2022, 9, 16), D(2022, 11, 15), D(2023, 2, 14)),
        (D(2022, 12, 1), D(2023, 2, 15), D(2023, 4, 14)),
        (D(2022, 4, 15), D(2022, 4, 19), D(2022, 6, 14)),
    ],
)
def test_next_window_proposes_the_next_remiss_period(
    after: dt.date, opens: dt.date, closes: dt.date
) -> None:
    proposed = rd.next_window(after)
    assert (proposed.opens, proposed.closes) == (opens, closes)


def test_next_synpunktsinhamtning_skips_the_summer() -> None:
    assert rd.next_window(D(2022, 6, 1), rd.SYNPUNKTSINHAMTNING).opens == D(2022, 9, 1)


def test_a_round_opening_inside_a_window_closes_with_it() -> None:
    assert rd.proposed_closing(D(2022, 9, 15)) == D(2022, 11, 14)
    assert rd.proposed_closing(D(2021, 9, 15)) == D(2021, 11, 12)
    assert rd.proposed_closing(D(2023, 1, 10)) == D(2023, 2, 14)


def test_weekday_before_counts_calendar_days_and_lands_on_a_weekday() -> None:
    assert rd.weekday_before(D(2022, 11, 14), 7) == D(2022, 11, 7)
    # A week before Friday 1 July 2022 is Midsommarafton: the Thursday before.
    assert rd.weekday_before(D(2022, 7, 1), 7) == D(2022, 6, 23)
