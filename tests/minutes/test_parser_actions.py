"""Actions: responsibility markers, verbs of future work, to-do lists, assignments, due dates."""

from __future__ import annotations

from typing import Any

from .conftest import read


def actions(body: str, head: str = "Minnesanteckningar\nDatum: 2023-03-01\n\n") -> list[Any]:
    return [
        (a["item"], a["responsible"], a["text"], a["due"]) for a in read(head + body)["actions"]
    ]


def test_a_dash_marker_at_the_end_of_a_point() -> None:
    assert actions(
        "1. Läget\nFörslag på 4 representanter – Anders ansvarig\n"
        "Kommunens ledamot utses via nominering (SCHNV)– Tanja ansvarig\n"
        "Vårdförloppet är på remiss - LPO / LAG ansvarig för remisshantering\n"
        "Planering pågår – ansvariga Ulf och Tanja.\nSamordning behövs – Lotta och\nPer ansvarar\n"
    ) == [
        ("1", ["Anders"], "Förslag på 4 representanter", None),
        ("1", ["Tanja"], "Kommunens ledamot utses via nominering (SCHNV)", None),
        ("1", ["LPO", "LAG"], "Vårdförloppet är på remiss", None),
        ("1", ["Ulf", "Tanja"], "Planering pågår", None),
        ("1", ["Lotta", "Per"], "Samordning behövs", None),
    ]


def test_a_bare_dash_party_once_the_convention_is_used() -> None:
    found = actions(
        "1. X\nGruppen ska bildas – Anna ansvarig\nLAG schizofreni planeras att "
        "starta upp – LPO Psykisk Hälsa\n"
    )
    assert found[1] == ("1", ["LPO Psykisk Hälsa"], "LAG schizofreni planeras att starta upp", None)
    assert actions("1. X\nUppföljning av budget för året – Region Dalarna\n") == []


def test_the_task_is_the_sentence_before_the_marker() -> None:
    assert actions("1. X\nEtablerad sedan 2019. Behov av granskning – Susanna ansvarig\n") == [
        ("1", ["Susanna"], "Behov av granskning", None)
    ]


def test_a_named_subject_with_a_verb_of_future_work() -> None:
    assert actions(
        "1. X\nEn beskrivning behövs, Tanja samråder med ordföranden. Per tar tillbaka frågan. "
        "Kommunen har skickat ut enkäten. NAG Trauma ska startas upp. Man återkommer i frågan. "
        "Vi tar fram ett förslag. Anna tar inte fram något.\n"
    ) == [
        ("1", ["Tanja"], "samråder med ordföranden.", None),
        ("1", ["Per"], "tar tillbaka frågan.", None),
    ]


def test_ansvarar_for_att_gives_the_task_and_the_next_meeting_date_when_convening() -> None:
    found = actions(
        "1. Övrigt\nNytt möte i mars/april 2023. Tanja ansvarar för att sammankalla till mötet.\n"
    )
    assert found == [("1", ["Tanja"], "sammankalla till mötet.", "mars/april 2023")]


def test_states_and_proposals_are_not_actions() -> None:
    assert (
        actions(
            "1. X\nLPO är ansvariga för rutinen. Styrgruppen föreslår att Region Dalarna "
            "får i uppdrag att rekvirera medlen.\n"
        )
        == []
    )


def test_assignments_in_decisions() -> None:
    found = actions(
        "1. Medel\nNätverket beslutade:\natt Region Dalarna får i uppdrag att rekvirera medlen.\n"
        "2. Kontakt\nNätverket beslutade:\natt kommunerna utser en kontaktperson.\n"
        "3. Plan\nNämnden beslutar att ge förvaltningen i uppdrag att ta fram en plan.\n"
        "4. Justering\nNämnden beslutar att Nämnden utser Anna.\n"
    )
    assert found == [
        ("1", ["Region Dalarna"], "rekvirera medlen.", None),
        ("2", ["kommunerna"], "utser en kontaktperson.", None),
        ("3", ["förvaltningen"], "ta fram en plan.", None),
    ]


def test_a_to_do_list_and_due_dates() -> None:
    found = actions(
        "1. Ekonomi\nText.\n2. Att göra\n- Sofia: boka lokal senast 2023-03-20\n"
        "- Ahmed och Lina sammanställer svaren till nästa möte\n- Uppdatera planen (Oskar)\n"
        "- Rensa arkivet\n\nNästa möte: 12 april 2023 kl. 9.\n"
    )
    assert found == [
        ("2", ["Sofia"], "boka lokal senast 2023-03-20", "2023-03-20"),
        ("2", ["Ahmed", "Lina"], "sammanställer svaren till nästa möte", "2023-04-12"),
        ("2", ["Oskar"], "Uppdatera planen", None),
    ]


def test_atgard_and_ansvarig_labels_with_a_date_without_year() -> None:
    found = actions(
        "1. X\nÅtgärd: Tomas sammankallar gruppen. Klart senast 31/3.\n"
        "Inventera behoven (ansvarig: Region Dalarna).\n"
    )
    assert found == [
        ("1", ["Tomas"], "sammankallar gruppen.", "2023-03-31"),
        ("1", ["Region Dalarna"], "Inventera behoven", None),
    ]


def test_a_date_before_the_meeting_belongs_to_the_next_year() -> None:
    found = actions(
        "1. X\nPer skickar ut underlaget senast 15/1.\n",
        head="Minnesanteckningar\nDatum: 2023-11-20\n\n",
    )
    assert found == [("1", ["Per"], "skickar ut underlaget senast 15/1.", "2024-01-15")]


def test_after_the_last_item_the_action_has_no_item() -> None:
    found = actions(
        "1. X\nText.\n\nNästa möte\nAugusti 2023.\n\nTillagt efter mötet: Anna Berg "
        "skickar ut artiklarna.\n"
    )
    assert found == [(None, ["Anna Berg"], "skickar ut artiklarna.", None)]


def test_an_action_table_from_word_or_markdown() -> None:
    found = actions(
        "1. Uppföljning\nÅtgärd, Ansvarig, Klart till\nBoka lokal, Anna Berg, 2023-05-01\n"
        "Ta fram underlag, om kostnader, Per Ek och Lisa Dahl, v. 20\n"
        "Skicka enkät, förvaltningen, juni\n\n2. Hemsidan\n| Åtgärd | Ansvarig | Klart |\n"
        "|---|---|---|\n| Uppdatera sidan | Omar Ali | 30/4 |\n"
    )
    assert found == [
        ("1", ["Anna Berg"], "Boka lokal", "2023-05-01"),
        ("1", ["Per Ek", "Lisa Dahl"], "Ta fram underlag, om kostnader", "v. 20"),
        ("1", ["förvaltningen"], "Skicka enkät", "juni"),
        ("2", ["Omar Ali"], "Uppdatera sidan", "2023-04-30"),
    ]
