"""The benchmark runs and reports its figures (with tiny sizes, to stay fast)."""

from __future__ import annotations

from kunskapsnav.minutes.bench import run, synthetic_minutes, table
from kunskapsnav.minutes.parser import parse


def test_the_generated_minutes_read_as_minutes() -> None:
    minutes = parse(synthetic_minutes(3, items=4))
    assert minutes.document_type == "protokoll"
    assert [i.number for i in minutes.items] == ["§ 1", "§ 2", "§ 3", "§ 4"]
    assert len(minutes.attendees) == 9
    assert len(minutes.decisions) == 4


def test_run_returns_the_figures_and_the_table_shows_them() -> None:
    result = run(documents=1, big_pages=2)
    assert result["documents"] == 1
    assert result["big_pdf"]["pages"] >= 2
    assert result["txt"]["parse"]["docs_per_s"] > 0
    assert result["pdf"]["parse_to_extract_ratio"] is not None
    assert "peak memory" in table(result)
