"""The header: document type, body, meeting date (not the writing date), times, place, dnr."""

from __future__ import annotations

from .conftest import read


def test_a_minnesanteckningar_header_with_letterhead_and_two_dates() -> None:
    data = read(
        "Central förvaltning\nHälsoenheten\n\nMinnesanteckningar\nDatum: 2023-02-03\n"
        "Dnr:  RD23/00123\n\nStyrgruppen för barn och unga\nDatum: 30 januari 2023\n"
        "Tid: Kl. 9.00 - 11.30\nPlats: Teams\n\n1. Inledning\nText.\n"
    )
    assert data["document_type"] == "minnesanteckningar"
    assert data["body"] == "Styrgruppen för barn och unga"
    assert data["date"] == "2023-01-30"
    assert (data["start_time"], data["end_time"]) == ("09:00", "11:30")
    assert data["place"] == "Teams"
    assert data["diary_number"] == "RD23/00123"
    assert any("2023-01-30" in w for w in data["warnings"])


def test_date_and_times_on_one_line() -> None:
    data = read(
        "Minnesanteckningar\nRPO rörelseorganens sjukdomar\n"
        "Datum: Tisdag den 7 mars 2023 kl. 13.00-15.00\n\n1. Inledning\n"
    )
    assert (data["date"], data["start_time"], data["end_time"]) == ("2023-03-07", "13:00", "15:00")
    assert data["body"] == "RPO rörelseorganens sjukdomar"


def test_a_protokoll_with_the_body_before_the_type_and_place_with_time() -> None:
    data = read(
        "Borlänge kommun\nKommunstyrelsens arbetsutskott\nSAMMANTRÄDESPROTOKOLL\n"
        "Sammanträdesdatum 2024-02-06\nPlats och tid: Stadshuset, sal B, kl. 08.30–12.00\n\n"
        "§ 1\nVal av justerare\nUtskottet utser Anna Berg att justera protokollet.\n"
    )
    assert data["document_type"] == "protokoll"
    assert data["body"] == "Kommunstyrelsens arbetsutskott"
    assert data["date"] == "2024-02-06"
    assert data["place"] == "Stadshuset, sal B"
    assert data["start_time"] == "08:30"


def test_the_type_and_body_from_a_title_line() -> None:
    data = read(
        "# Minnesanteckningar – Nätverket för MAS 2023-05-04\n\n## Ekonomi\nText\n## Övrigt\nText\n"
    )
    assert data["document_type"] == "minnesanteckningar"
    assert data["body"] == "Nätverket för MAS"
    assert data["date"] == "2023-05-04"


def test_justeras_makes_a_protokoll_and_nothing_makes_other() -> None:
    assert read("1. Inledning\nText\n\nJusteras\nAnna Berg\n")["document_type"] == "protokoll"
    untyped = read("1. Inledning\nText\n2. Avslut\nText\n")
    assert untyped["document_type"] == "other"
    assert untyped["body"] is None
    assert untyped["date"] is None


def test_a_written_date_label_is_not_the_meeting_date() -> None:
    data = read("Protokoll\nSocialnämnden\nJusterat: 2024-03-20\nDatum: 2024-03-12\n\n§ 1 Ärende\n")
    assert data["date"] == "2024-03-12"


def test_a_compact_date_in_a_date_label() -> None:
    assert read("Minnesanteckningar\nDatum: 220128\n\n1. Inledning\n")["date"] == "2022-01-28"


def test_a_body_after_the_type_word_and_whole_hours_in_a_time_label() -> None:
    data = read(
        "# Mötesanteckningar NAG Stroke\n\nDatum: 12/9 2023\nTid: 13-15\n\n## 1. Inledning\n"
    )
    assert (data["body"], data["date"]) == ("NAG Stroke", "2023-09-12")
    assert (data["start_time"], data["end_time"]) == ("13:00", "15:00")


def test_protokoll_fort_vid_sammantrade() -> None:
    data = read(
        "Protokoll fört vid sammanträde med socialnämnden den 12 mars 2024 "
        "kl 13.00-15.00\n\n§ 1 Val av justerare\n"
    )
    assert (data["body"], data["date"], data["end_time"]) == (
        "socialnämnden",
        "2024-03-12",
        "15:00",
    )
