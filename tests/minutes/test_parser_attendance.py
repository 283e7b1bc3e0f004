"""Attendance parts: labels, layouts, statuses, organisations, roles and party letters."""

from __future__ import annotations

from typing import Any

from .conftest import read


def people(text: str) -> list[dict[str, Any]]:
    return read(text + "\n\n1. Inledning\nText.\n")["attendees"]  # type: ignore[no-any-return]


def test_a_comma_list_across_lines_with_wrapped_names_and_partial_presence() -> None:
    found = people(
        "Närvarande: Anna Berg, Per Ek, Inga-Lill\nFrank (del av mötet), Maria\n"
        "Jonsson, Lena Dahl samt\nföredragande enligt nedan.\n\nAnteckningar:"
    )
    assert [(a["name"], a["status"]) for a in found] == [
        ("Anna Berg", "present"),
        ("Per Ek", "present"),
        ("Inga-Lill Frank", "partial"),
        ("Maria Jonsson", "present"),
        ("Lena Dahl", "present"),
    ]


def test_one_person_per_line_with_organisation_and_a_wrapped_role() -> None:
    found = people(
        "Närvarande:\nMarie Holm, Region Gävleborg, RAG Habilitering, Syn,\nHörsel\n"
        "Bo Lund, Region Dalarna, NPO Rehabilitering\n"
        "Frånvarande: Eva Ström, Region Örebro län, RAG Rehabilitering"
    )
    assert found == [
        {
            "name": "Marie Holm",
            "status": "present",
            "organisation": "Region Gävleborg",
            "role": "RAG Habilitering, Syn, Hörsel",
        },
        {
            "name": "Bo Lund",
            "status": "present",
            "organisation": "Region Dalarna",
            "role": "NPO Rehabilitering",
        },
        {
            "name": "Eva Ström",
            "status": "absent",
            "organisation": "Region Örebro län",
            "role": "RAG Rehabilitering",
        },
    ]


def test_kommun_lists_with_party_letters_substitutes_and_paragraph_remarks() -> None:
    found = people(
        "Beslutande\nKarin Lund (S), ordförande\n"
        "Mats Sjöberg (V) tjänstgörande ersättare för Anna Falk (V)\nPia Strand (KD) t.o.m. § 24\n"
        "Ersättare\nJohan Berg (S)\nÖvriga närvarande\nMaria Lind, socialchef\n"
        "Adjungerade: Eva Lind\nAnmält förhinder: Anna Falk (V)\n\nUtses att justera: Karin Lund"
    )
    by_name = {a["name"]: (a["status"], a["role"]) for a in found}
    assert by_name == {
        "Karin Lund": ("present", "ordförande, S"),
        "Mats Sjöberg": ("present", "tjänstgörande ersättare, V"),
        "Pia Strand": ("partial", "KD"),
        "Johan Berg": ("present", "S"),
        "Maria Lind": ("guest", "socialchef"),
        "Eva Lind": ("adjunct", None),
        "Anna Falk": ("absent", "V"),
    }


def test_a_table_with_a_presence_column() -> None:
    found = people(
        "Närvaro\nNamn\tFunktion\tNärvaro\nHelena Björk\tOrdförande\tX\n"
        "Jonas Ek\tUtvecklingsledare\tFrånvarande\nKarin Ström\tKommunrepresentant, Västerås stad"
        "\tDel av mötet"
    )
    assert [(a["name"], a["status"], a["organisation"]) for a in found] == [
        ("Helena Björk", "present", None),
        ("Jonas Ek", "absent", None),
        ("Karin Ström", "partial", "Västerås stad"),
    ]


def test_a_markdown_table() -> None:
    found = people(
        "Deltagare\n| Namn | Organisation | Roll |\n|---|---|---|\n"
        "| Anna Berg | Region Dalarna | ordförande |\n| Per Ek | Mora kommun | MAS |"
    )
    assert [(a["name"], a["organisation"], a["role"]) for a in found] == [
        ("Anna Berg", "Region Dalarna", "ordförande"),
        ("Per Ek", "Mora kommun", "MAS"),
    ]


def test_first_names_only() -> None:
    found = people("Deltagare: Anna, Per, Lisa och Omar")
    assert [a["name"] for a in found] == ["Anna", "Per", "Lisa", "Omar"]


def test_presenters_in_the_text_are_not_attendees() -> None:
    data = read("Närvarande: Anna Berg, Per Ek\n\n1. Budget\nLisa Holm föredrog ärendet.\n")
    assert [a["name"] for a in data["attendees"]] == ["Anna Berg", "Per Ek"]
    assert data["items"][0]["presenters"][0]["name"] == "Lisa Holm"


def test_officials_present_are_guests() -> None:
    found = people(
        "Närvarande ledamöter\nAnna Svensson (S), ordförande\n\n"
        "Närvarande tjänstepersoner\nKarin Nilsson, hälso- och sjukvårdsdirektör"
    )
    assert [(a["name"], a["status"]) for a in found] == [
        ("Anna Svensson", "present"),
        ("Karin Nilsson", "guest"),
    ]
