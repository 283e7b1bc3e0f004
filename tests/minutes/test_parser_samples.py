"""Minutes in other styles than the seeds, written for these tests (tests/minutes/samples).

They guard that the rules are general: a kommun nämnd protokoll with § numbering, signatures and
party letters; a markdown note with headings and an "Att göra" list; region minnesanteckningar
with a table for attendance and a repeated agenda; a regional group's notes with "Punkt N".
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SAMPLES, read, schema_errors


def sample(name: str) -> dict[str, Any]:
    return read((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_every_sample_validates(path: Any) -> None:
    assert schema_errors(read(path.read_text("utf-8"))) == []


def test_kommun_protokoll() -> None:
    data = sample("socialnamnd_protokoll.txt")
    assert (data["document_type"], data["body"], data["date"]) == (
        "protokoll",
        "Socialnämnden",
        "2024-03-12",
    )
    assert (data["start_time"], data["end_time"]) == ("13:00", "16:15")
    assert data["place"] == "Stadshuset, sammanträdesrum Dalälven"
    status = {a["name"]: a["status"] for a in data["attendees"]}
    assert status["Pia Strand"] == "partial"
    assert status["Anna Falk"] == "absent"
    assert status["Maria Lindqvist"] == "guest"
    assert "Peter Åberg" in status
    assert len(status) == 11  # the signatures add nobody
    assert [i["number"] for i in data["items"]] == ["§ 20", "§ 21", "§ 22", "§ 23", "§ 24", "§ 25"]
    assert data["items"][2]["title"] == "Månadsuppföljning februari 2024"
    assert data["items"][5]["struck"] is True
    texts = [d["text"] for d in data["decisions"]]
    assert "Dagordningen fastställs." in texts
    assert "Socialnämnden godkänner månadsuppföljningen." not in texts  # the proposal
    assert "att skicka yttrandet till Region Dalarna senast den 29 mars 2024." in texts
    assert [(a["item"], a["responsible"], a["due"]) for a in data["actions"]] == [
        ("§ 22", ["förvaltningen"], "maj")
    ]
    assert data["next_meeting"]["date"] == "2024-04-16"


def test_markdown_note() -> None:
    data = sample("arbetsgrupp_anteckningar.md")
    assert data["body"] == "Arbetsgruppen för digital vård"
    assert (data["date"], data["start_time"], data["place"]) == ("2023-11-07", "09:30", "Teams")
    assert [i["title"] for i in data["items"]] == [
        "Uppföljning av förra mötet",
        "Införande av digitala vårdmöten",
        "Övriga frågor",
        "Att göra",
    ]
    assert {a["name"]: a["status"] for a in data["attendees"]}["Oskar Nilsson"] == "partial"
    assert [a["responsible"] for a in data["actions"]] == [
        ["Oskar"],
        ["Sofia"],
        ["Ahmed Hassan", "Linnea Berg"],
        ["Oskar"],
    ]
    assert data["next_meeting"]["date"] == "2023-12-05"


def test_region_notes_with_a_table_and_a_repeated_agenda() -> None:
    data = sample("lpo_minnesanteckningar.txt")
    assert (data["body"], data["date"], data["diary_number"]) == (
        "LPO Psykisk hälsa",
        "2023-02-14",
        "RV 2023-0117",
    )
    assert [(a["name"], a["status"]) for a in data["attendees"]][3:] == [
        ("Jonas Ek", "absent"),
        ("Karin Ström", "partial"),
    ]
    assert [i["text"] != "" for i in data["items"]] == [True] * 4
    assert len(data["decisions"]) == 2
    responsible = [a["responsible"] for a in data["actions"]]
    assert ["Tomas Lindgren"] in responsible
    assert data["actions"][0]["due"] == "2023-03-31"


def test_regional_group_with_punkt_numbering() -> None:
    data = sample("samverkansgrupp_anteckningar.txt")
    assert data["body"] == "Regional samverkansgrupp för vård och omsorg om äldre"
    assert [i["kind"] for i in data["items"]] == [
        "other",
        "information",
        "decision",
        "discussion",
        "other",
    ]
    assert {a["name"]: a["status"] for a in data["attendees"]} == {
        "Anna Persson": "present",
        "Bengt Olsson": "present",
        "Cecilia Wik": "partial",
        "David Sandberg": "present",
        "Eva Lind": "adjunct",
        "Fredrik Ahl": "guest",
        "Gunilla Höök": "absent",
        "Hans Berg": "absent",
    }
    assert data["items"][1]["presenters"][0]["name"] == "Fredrik Ahl"
    assert [(a["item"], a["due"]) for a in data["actions"]] == [
        ("3", "2023-10-20"),
        ("4", "2023-12-07"),
    ]
    assert "Antecknat av" not in data["items"][-1]["text"]
