"""Properties that hold for any text: no exception, valid JSON, idempotent cleaning."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kunskapsnav.minutes.parser import clean, parse, to_json

from .conftest import schema_errors

# Pieces of real minutes, so that random texts reach the parser's rules, not only its guards.
_PIECES = [
    "Närvarande:",
    "Frånvarande:",
    "Beslutande",
    "§ 3",
    "12 §",
    "1.",
    "2.",
    "3)",
    "Punkt 4",
    "Beslut:",
    "Beslut",
    "att",
    "beslutade:",
    "Det beslutades att",
    "Anna Berg",
    "Tanja",
    "LPO",
    "Region Dalarna",
    "–",
    "-",
    "ansvarig",
    "ansvarar för att",
    "tar fram",
    "Föredragande:",
    "Datum:",
    "2022-01-28",
    "den 25/4",
    "220128",
    "kl. 9.00-12.00",
    "Nästa möte",
    "Att göra:",
    "(del av mötet)",
    "(S)",
    ",",
    ".",
    ":",
    "\n",
    "\n\n",
    "\t",
    "|",
    "# ",
    "## ",
    "- ",
    "\uf0b7",
    "Kunskaps-",
    "styrningen",
    "hälso-",
    "och",
    "Punkten utgick",
    "Dnr:",
    "Justeras",
    "\u00a0",
    "\u00ad",
    "**",
    "Protokoll",
    "Minnesanteckningar",
    "Sida 2 av 3",
]
_texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(_PIECES), max_size=120).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=120).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_texts)
def test_any_text_parses_to_valid_json(text: str) -> None:
    data = to_json(parse(text))
    assert schema_errors(data) == []
    assert all(a["name"].strip() for a in data["attendees"])
    assert all(r.strip() for a in data["actions"] for r in a["responsible"])


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_texts)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(_texts)
def test_parse_is_deterministic(text: str) -> None:
    assert to_json(parse(text)) == to_json(parse(text))
