"""Names, organisations, titles and responsible parties, read from the shape of the words."""

from __future__ import annotations

import pytest

from kunskapsnav.minutes.parser.names import (
    group_people,
    is_org,
    is_party,
    is_person_name,
    split_commas,
    split_responsible,
    split_title_org,
)


@pytest.mark.parametrize(
    "name", ["Anna Berg", "Marie-Louise Liljergren", "Annika Öst Nilsson", "Karl von Essen"]
)
def test_people_are_names(name: str) -> None:
    assert is_person_name(name)


@pytest.mark.parametrize(
    "text", ["Region Gävleborg", "RAG Rehabilitering", "Ludvika kommun", "Hälsa och välfärd"]
)
def test_organisations_groups_and_phrases_are_not_names(text: str) -> None:
    assert not is_person_name(text)


def test_a_single_first_name_only_where_allowed() -> None:
    assert not is_person_name("Tanja")
    assert is_person_name("Tanja", allow_single=True)
    assert not is_person_name("Länsstyrelsen", allow_single=True)
    assert not is_person_name("Föredragarna", allow_single=True)


def test_organisation_words() -> None:
    assert is_org("Dalarnas Hjälpmedelscenter")
    assert is_org("Västerås stad")
    assert not is_org("Divisionschef Psykiatri och habilitering")


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("Socialchef Leksands kommun", ("Socialchef", "Leksands kommun")),
        ("IT-chef Hedemora kommun", ("IT-chef", "Hedemora kommun")),
        ("chef för Medicinkliniken", ("chef för Medicinkliniken", None)),
        ("Chef Hälsa och välfärd", ("Chef Hälsa och välfärd", None)),
        ("Region Dalarna", ("", "Region Dalarna")),
    ],
)
def test_a_title_written_with_its_organisation_is_split(
    segment: str, expected: tuple[str, str | None]
) -> None:
    assert split_title_org(segment) == expected


def test_responsible_parties_split_on_och_comma_and_slash() -> None:
    assert split_responsible("Lotta och Tanja och Per") == ["Lotta", "Tanja", "Per"]
    assert split_responsible("LPO / LAG") == ["LPO", "LAG"]


@pytest.mark.parametrize("party", ["Tanja", "LPO", "LPO Psykisk Hälsa", "Region Dalarna"])
def test_named_parties(party: str) -> None:
    assert is_party(party)


def test_lower_case_bodies_only_where_allowed() -> None:
    assert not is_party("kommunerna")
    assert is_party("kommunerna", lowercase_ok=True)
    assert not is_party("man", lowercase_ok=True)


def test_commas_inside_brackets_do_not_split() -> None:
    assert split_commas("Anna Berg (t.o.m. § 4, ej § 2), Per Ek") == [
        "Anna Berg (t.o.m. § 4, ej § 2)",
        "Per Ek",
    ]


def test_people_are_grouped_with_what_follows_their_name() -> None:
    people = group_people(["Anna Berg (S)", "ordförande", "Per Ek", "Region Dalarna"])
    assert [(p.name, p.extras, p.party) for p in people] == [
        ("Anna Berg", ["ordförande"], "S"),
        ("Per Ek", ["Region Dalarna"], None),
    ]
