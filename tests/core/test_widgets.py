"""LongSelect writes the same select as Django's widget, only faster."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django import forms

from kunskapsnav.core.widgets import LongSelect, LongSelectMultiple
from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase


class _Options(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.select: dict[str, str | None] = {}
        self.groups: list[str | None] = []
        self.options: list[tuple[str | None, str | None, bool, str]] = []
        self._open: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "select":
            self.select = found
        elif tag == "optgroup":
            self.groups.append(found.get("label"))
        elif tag == "option":
            group = self.groups[-1] if self.groups else None
            self._open = [group, found.get("value"), "selected" in found, ""]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[3] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._open is not None:
            self.options.append(tuple(self._open))
            self._open = None


def _read(html: str) -> _Options:
    parser = _Options()
    parser.feed(html)
    return parser


CHOICES = [
    ("", "---------"),
    ("1", 'LPO <Barn> & "unga"'),
    ("Regioner", [("20", "Dalarna"), ("21", "Gävleborg")]),
    ("3", "Styrgrupp"),
]


def test_a_long_select_has_the_options_labels_and_choice_of_djangos_select() -> None:
    attrs = {"id": "id_organ", "required": True, "aria-describedby": "hint"}
    django_html = forms.Select(choices=CHOICES).render("organ", "21", attrs)
    ours = LongSelect(choices=CHOICES).render("organ", "21", attrs)
    theirs, mine = _read(django_html), _read(ours)
    assert mine.options == theirs.options
    assert mine.select == theirs.select
    assert ("Regioner", "21", True, "Gävleborg") in mine.options
    assert "&lt;Barn&gt; &amp; &quot;unga&quot;" in ours


def test_a_long_multiple_select_marks_every_chosen_value() -> None:
    django_html = forms.SelectMultiple(choices=CHOICES).render("who", ["1", "3"])
    ours = LongSelectMultiple(choices=CHOICES).render("who", ["1", "3"])
    assert _read(ours).options == _read(django_html).options
    assert "multiple" in _read(ours).select


class LongSelectFormTests(BaseTestCase):
    def test_a_model_choice_field_with_a_long_select_reads_back_the_chosen_body(self) -> None:
        class BodyForm(forms.Form):
            organ = forms.ModelChoiceField(
                queryset=Body.objects.order_by("name"), widget=LongSelect
            )

        html = str(BodyForm(initial={"organ": self.lpo.pk})["organ"])
        assert (None, str(self.lpo.pk), True, "LPO Barn och unga") in _read(html).options
        form = BodyForm(data={"organ": str(self.styrgrupp.pk)})
        assert form.is_valid()
        assert form.cleaned_data["organ"] == self.styrgrupp
