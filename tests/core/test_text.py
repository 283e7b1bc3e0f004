from hypothesis import given
from hypothesis import strategies as st

from kunskapsnav.core.text import initial_letter, swedish_sort_key


def test_swedish_letters_sort_after_z() -> None:
    words = ["Öppenvård", "Ärende", "Zon", "Åtgärd", "Avvikelse"]
    assert sorted(words, key=swedish_sort_key) == [
        "Avvikelse",
        "Zon",
        "Åtgärd",
        "Ärende",
        "Öppenvård",
    ]


def test_case_and_accents_do_not_split_the_order() -> None:
    words = ["ifo", "IBD", "Idé", "idrott"]
    assert sorted(words, key=swedish_sort_key) == ["IBD", "Idé", "idrott", "ifo"]


def test_index_letter_groups_digits_and_folds_accents() -> None:
    assert initial_letter("1177 för vårdpersonal") == "#"
    assert initial_letter("överenskommelse") == "Ö"
    assert initial_letter("émigré") == "E"


@given(st.lists(st.text()))
def test_sorting_is_total_and_stable_for_any_text(words: list[str]) -> None:
    once = sorted(words, key=swedish_sort_key)
    assert sorted(once, key=swedish_sort_key) == once


def test_each_line_of_minutes_text_becomes_an_escaped_paragraph() -> None:
    from kunskapsnav.core.templatetags.kunskapsnav import paragraphs

    assert str(paragraphs("Första raden\n\n<b>andra</b>\n")) == (
        "<p>Första raden</p><p>&lt;b&gt;andra&lt;/b&gt;</p>"
    )
