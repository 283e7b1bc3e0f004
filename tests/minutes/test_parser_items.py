"""Items: numbering styles, the rising sequence, wrapped titles, kinds, presenters, text."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import read


def items(text: str) -> list[dict[str, Any]]:
    return read(text)["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("5. Budget", "5"),
        ("5) Budget", "5"),
        ("§ 12 Budget", "§ 12"),
        ("12 § Budget", "12 §"),
        ("Punkt 4 – Budget", "4"),
        ("## 3. Budget", "3"),
    ],
)
def test_numbering_styles(heading: str, number: str) -> None:
    first = heading.replace("5", "4").replace("12", "11").replace("3.", "2.").replace("4 –", "3 –")
    found = items(f"{first.replace('Budget', 'Inledning')}\nText.\n{heading}\nMer text.\n")
    assert [i["title"] for i in found] == ["Inledning", "Budget"]
    assert found[1]["number"] == number


def test_a_numbered_list_inside_an_item_is_text() -> None:
    found = items(
        "17. Rapporter\nText.\n18. Övriga frågor\nFyra punkter:\n1. Första\n2. Andra\n3. Tredje\n"
    )
    assert [i["number"] for i in found] == ["17", "18"]
    assert "3. Tredje" in found[1]["text"]


def test_an_agenda_before_the_items_loses_to_the_items_with_text() -> None:
    found = items(
        "Dagordning\n1. Öppnande\n2. Budget\n\n1. Öppnande\nOrdföranden öppnade.\n"
        "2. Budget\nBudgeten gicks igenom.\n"
    )
    assert [i["text"] for i in found] == ["Ordföranden öppnade.", "Budgeten gicks igenom."]


def test_sub_points_are_text_when_whole_numbers_exist() -> None:
    found = items("1. Ekonomi\n1.1 Utfall\nText.\n1.2 Prognos\nText.\n2. Övrigt\nInget.\n")
    assert [i["number"] for i in found] == ["1", "2"]
    assert "1.2 Prognos" in found[0]["text"]


def test_dotted_points_are_items_when_alone() -> None:
    assert [i["number"] for i in items("2.1 Utfall\nText.\n2.2 Prognos\nText.\n")] == ["2.1", "2.2"]


def test_a_title_that_wraps_in_lower_case_or_after_a_comma() -> None:
    found = items(
        "3. Beslut: Strategi för god och nära vård\ni Dalarna 2022-2030\n"
        "Föredragande: Anna Berg, utredare\n\nText.\n4. Rapport: Uppdrag om syn-,\n"
        "Bilaga 9\n\nText.\n"
    )
    assert found[0]["title"] == "Strategi för god och nära vård i Dalarna 2022-2030"
    assert found[0]["kind"] == "decision"
    assert found[1]["title"] == "Uppdrag om syn-, Bilaga 9"
    assert found[1]["kind"] == "report"


def test_a_paragraph_title_on_the_line_below_with_a_dnr() -> None:
    found = items("§ 22 Dnr SN 2024/031\nMånadsuppföljning\nText.\n§ 23\nDnr SN 2024/2\nYttrande\n")
    assert [i["title"] for i in found] == ["Månadsuppföljning", "Yttrande"]


@pytest.mark.parametrize(
    ("title", "kind", "shown"),
    [
        ("Information: Nya riktlinjer", "information", "Nya riktlinjer"),
        ("Info - Nya riktlinjer", "information", "Nya riktlinjer"),
        ("Rapport från NPO", "report", "Rapport från NPO"),
        ("Diskussion: Bemanning", "discussion", "Bemanning"),
        ("Övriga frågor", "other", "Övriga frågor"),
    ],
)
def test_kind_from_the_title_prefix(title: str, kind: str, shown: str) -> None:
    found = items(f"1. {title}\nText.\n2. Avslut\nText.\n")
    assert (found[0]["kind"], found[0]["title"]) == (kind, shown)


def test_an_item_with_a_decision_is_a_decision() -> None:
    found = items("1. Dagordning\nMötet beslutade:\natt godkänna dagordningen.\n2. Avslut\nSlut.\n")
    assert found[0]["kind"] == "decision"
    assert found[0]["text"] == "att godkänna dagordningen."


def test_struck_items() -> None:
    found = items(
        "1. Rapport om X Punkten utgick\nText.\n2. Y (utgår)\n\n3. Z\nÄrendet bordläggs.\n"
        "4. W\nText.\n"
    )
    assert [(i["title"], i["struck"]) for i in found] == [
        ("Rapport om X", True),
        ("Y", True),
        ("Z", True),
        ("W", False),
    ]


def test_presenters_from_a_wrapped_foredragande_line() -> None:
    found = items(
        "1. Ekonomi\nFöredragande: Ewa Welén, Processledare, Region\nDalarna, Per Holm, "
        "Socialchef Mora kommun, Lisa\nDahl, chef för Medicinkliniken\n\nText.\n2. Avslut\nSlut.\n"
    )
    assert found[0]["presenters"] == [
        {"name": "Ewa Welén", "title": "Processledare", "organisation": "Region Dalarna"},
        {"name": "Per Holm", "title": "Socialchef", "organisation": "Mora kommun"},
        {"name": "Lisa Dahl", "title": "chef för Medicinkliniken", "organisation": None},
    ]
    assert found[0]["text"] == "Text."


def test_presenters_from_sentences_once_and_never_groups() -> None:
    found = items(
        "1. Ekonomi\nFöredragande: Tanja Mårtensson\nTanja presenterade läget. Föredragarna "
        "presenterade sig. Länsstyrelsen presenterade en plan.\nPer och Lisa Ek redogjorde för "
        "budgeten.\nOla Berg har informerat om detta tidigare.\n2. Avslut\nSlut.\n"
    )
    assert [p["name"] for p in found[0]["presenters"]] == ["Tanja Mårtensson", "Per", "Lisa Ek"]


def test_markdown_headings_without_numbers_are_items_and_closing_sections_are_not() -> None:
    found = items(
        "# Minnesanteckningar\n\n## Ekonomi\n1. Utfall\n2. Prognos\n## Personal\nText.\n"
        "## Nästa möte\n5 maj.\n"
    )
    assert [(i["number"], i["title"]) for i in found] == [(None, "Ekonomi"), (None, "Personal")]
    assert "5 maj" not in found[1]["text"]


def test_plain_headings_in_a_document_without_numbers() -> None:
    found = items(
        "Anteckningar\n\nEkonomi\nUtfallet gicks igenom av gruppen.\n\nPersonal\n"
        "Rekryteringen pågår enligt plan.\n"
    )
    assert [i["title"] for i in found] == ["Ekonomi", "Personal"]


def test_closing_sections_after_the_last_item_are_not_its_text() -> None:
    found = items("1. Inledning\nText.\n2. Övrigt\nInget.\n\nVid protokollet\nAnna Berg\n")
    assert found[1]["text"] == "Inget."
