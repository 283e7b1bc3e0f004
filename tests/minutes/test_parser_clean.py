"""clean(): the one place where PDF and Word noise is removed."""

from __future__ import annotations

from kunskapsnav.minutes.parser.clean import clean, squash


def test_it_joins_a_word_hyphenated_at_the_line_end() -> None:
    assert clean("arbetet med Kunskaps-\nstyrningen på det lokala planet") == (
        "arbetet med Kunskapsstyrningen\npå det lokala planet"
    )


def test_it_joins_hyphenation_across_a_blank_line_and_a_trailing_space() -> None:
    assert clean("förslaget till uppdrags- \n\nbeskrivning för styrgruppen") == (
        "förslaget till uppdragsbeskrivning\n\nför styrgruppen"
    )


def test_it_keeps_a_suspended_compound() -> None:
    assert squash(clean("inom hälso-\noch sjukvården")) == "inom hälso- och sjukvården"


def test_it_keeps_the_hyphen_before_a_capital_an_acronym_or_a_digit() -> None:
    assert clean("Malung-\nSälen") == "Malung-Sälen"
    assert clean("LPO-\narbetet") == "LPO-arbetet"
    assert clean("perioden 2022-\n2030 gäller") == "perioden 2022-2030\ngäller"
    assert clean("Covid-\n19") == "Covid-19"


def test_it_keeps_the_hyphen_the_document_itself_uses() -> None:
    text = "Vi gör region-kommunsamverkan.\nMer region-\nkommunsamverkan behövs."
    assert "region-kommunsamverkan behövs" in squash(clean(text))


def test_it_turns_private_use_bullets_into_one_bullet() -> None:
    assert clean("\uf0b7 Inrättande av ett LPO pågår") == "• Inrättande av ett LPO pågår"
    assert squash(clean("\uf0b7\tInrättande")) == "Inrättande"


def test_it_removes_non_breaking_zero_width_and_soft_hyphen_characters() -> None:
    assert (
        clean("Region\u00a0Dalarna\u200b och kom\u00admunerna") == "Region Dalarna och kommunerna"
    )


def test_it_strips_stray_leading_spaces_and_collapses_blank_runs() -> None:
    assert clean("  Närvarande:\n\n\n\n \n  Anna Berg  ") == "Närvarande:\n\nAnna Berg"


def test_it_drops_page_numbers_and_margin_furniture() -> None:
    text = "Text före\nSida 2 av 5\n3 (12)\nJusterandes sign\nUtdragsbestyrkande\nText efter"
    assert clean(text) == "Text före\nText efter"


def test_it_removes_markdown_bold_markers() -> None:
    assert clean("**Datum:** 2023-11-07") == "Datum: 2023-11-07"


def test_it_is_idempotent_on_a_hyphen_chain() -> None:
    once = clean("a-\nb-\nc")
    assert clean(once) == once


def test_squash_gives_single_spaces_without_bullet() -> None:
    assert squash("•  två  saknas\n-  utses ") == "två saknas - utses"
