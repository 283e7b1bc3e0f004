"""Decisions: one per att-clause, with the deciding body and the item."""

from __future__ import annotations

from typing import Any

from .conftest import read


def decisions(text: str, kind: str = "Minnesanteckningar") -> list[dict[str, Any]]:
    return read(f"{kind}\n\n{text}")["decisions"]  # type: ignore[no-any-return]


def test_a_lead_in_with_several_att_clauses() -> None:
    found = decisions(
        "3. Strategi\nNätverket beslutade:\natt godkänna strategin, och\n"
        "att lägga rapporten till handlingarna.\n4. Avslut\nSlut.\n"
    )
    assert found == [
        {"item": "3", "body": "Nätverket", "text": "att godkänna strategin"},
        {"item": "3", "body": "Nätverket", "text": "att lägga rapporten till handlingarna."},
    ]


def test_a_lead_in_and_its_clause_on_one_line_and_without_final_stop() -> None:
    found = decisions("1. X\nStyrgruppen beslutade: att lägga informationen till handlingarna\n")
    assert found == [
        {"item": "1", "body": "Styrgruppen", "text": "att lägga informationen till handlingarna"}
    ]


def test_det_beslutades_in_running_text_has_no_body() -> None:
    found = decisions(
        "1. Möten\nByte av dag. Det beslutades att flytta mötet till den 1 juni "
        "kl. 13-16. Kallelse skickas.\n"
    )
    assert found == [
        {"item": "1", "body": None, "text": "att flytta mötet till den 1 juni kl. 13-16."}
    ]


def test_past_decisions_told_as_background_are_not_decisions() -> None:
    found = decisions(
        "1. Bakgrund\nPå möte i september beslutades att en grupp skulle bildas. Styrgruppen har "
        "beslutat att finansiera insatser. I mars beslutade rådet att ge ett uppdrag.\n"
    )
    assert found == []


def test_beslutar_in_running_text() -> None:
    found = decisions("1. X\nGruppen beslutar att anta planen och att följa upp den i maj.\n")
    assert [d["text"] for d in found] == ["att anta planen", "att följa upp den i maj."]


def test_a_struck_item_decides_nothing() -> None:
    assert decisions("1. X Punkten utgick\nNätverket beslutade:\natt godkänna.\n") == []


def test_a_beslut_section_in_a_protokoll_and_not_the_proposal() -> None:
    found = decisions(
        "§ 4 Budget\nFörslag till beslut\nSocialnämnden godkänner budgeten.\nBeslut\n"
        "Socialnämnden godkänner budgeten för 2025.\nBeslutet skickas till\nEkonomienheten\n",
        kind="Protokoll",
    )
    assert found == [
        {
            "item": "§ 4",
            "body": "Socialnämnden",
            "text": "Socialnämnden godkänner budgeten för 2025.",
        }
    ]


def test_a_beslutar_att_lead_in_with_points() -> None:
    found = decisions(
        "§ 5 Remiss\nBeslut\nNämnden beslutar att\n- anta yttrandet, och\n- skicka det till "
        "regionen.\n",
        kind="Protokoll",
    )
    assert [d["text"] for d in found] == ["att anta yttrandet", "att skicka det till regionen."]


def test_formula_outcomes_in_a_protokoll() -> None:
    found = decisions(
        "§ 1 Justering\nNämnden utser Anna Berg att jämte ordföranden justera protokollet.\n"
        "§ 2 Dagordning\nDagordningen fastställs.\n§ 3 Anmälningar\nAnmälningarna läggs till "
        "handlingarna.\n§ 4 Rapport\nFörvaltningen föreslår att förslaget godkänns.\n",
        kind="Protokoll",
    )
    assert [(d["item"], d["body"]) for d in found] == [
        ("§ 1", "Nämnden"),
        ("§ 2", None),
        ("§ 3", None),
    ]


def test_formula_sentences_are_not_decisions_in_minnesanteckningar() -> None:
    assert decisions("1. Dagordning\nDagordningen fastställs.\n") == []


def test_beslut_label_gives_its_subject_as_body() -> None:
    found = decisions("1. Rutin\nBeslut: Gruppen ställer sig bakom rutinen.\n")
    assert found == [{"item": "1", "body": "Gruppen", "text": "Gruppen ställer sig bakom rutinen."}]


def test_a_genitive_decision_heading_with_numbered_points() -> None:
    found = decisions(
        "§ 46 Tillgänglighet\nSammanfattning\nEn rapport har tagits fram.\n"
        "Hälso- och sjukvårdsnämndens beslut\n1. Rapporten godkänns.\n"
        "2. Förvaltningen får i uppdrag att återkomma senast i september.\n",
        kind="Protokoll",
    )
    assert [(d["body"], d["text"]) for d in found] == [
        ("Hälso- och sjukvårdsnämnden", "Rapporten godkänns."),
        (
            "Hälso- och sjukvårdsnämnden",
            "Förvaltningen får i uppdrag att återkomma senast i september.",
        ),
    ]
