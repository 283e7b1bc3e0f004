"""The next meeting."""

from __future__ import annotations

from .conftest import read


def test_a_heading_wins_over_a_sentence_about_another_group() -> None:
    data = read(
        "Minnesanteckningar\nDatum: 2022-04-25\n\n1. Rapport\nReferensgruppen träffas. "
        "Nästa möte är 27/4.\n\nNästa möte\nAugusti 2022. Datum meddelas senare. "
        "Kontakt via mail.\n"
    )
    assert data["next_meeting"] == {
        "date": "augusti 2022",
        "text": "Augusti 2022. Datum meddelas senare.",
    }


def test_an_exact_date_without_year_after_the_meeting() -> None:
    data = read(
        "Minnesanteckningar\nDatum: 2023-10-05\n\n1. Övrigt\nNästa möte är den 7 december "
        "kl 13–16.\n"
    )
    assert data["next_meeting"] == {
        "date": "2023-12-07",
        "text": "Nästa möte är den 7 december kl 13–16.",
    }


def test_a_label_with_the_value_on_the_same_line() -> None:
    data = read("## Nästa möte\nNästa möte: 5 december 2023 kl. 09.30, Teams.\n")
    assert data["next_meeting"]["date"] == "2023-12-05"


def test_a_new_follow_up_meeting_with_a_period() -> None:
    data = read("1. Övrigt\nNytt uppföljande möte i januari/februari 2021 för att summera.\n")
    assert data["next_meeting"]["date"] == "januari/februari 2021"


def test_no_next_meeting() -> None:
    data = read("1. Möten\nDet beslutades att flytta mötet den 9 juni till den 1 juni.\n")
    assert data["next_meeting"] is None
