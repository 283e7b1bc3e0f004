"""The search form: the query and its filters, all optional and forgiving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsnav.core.models import Region
from kunskapsnav.registry.models import Body
from kunskapsnav.search.engine import Filters
from kunskapsnav.search.models import SearchDocument

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Sök"), max_length=500, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), required=False)
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Alla regioner"),
        to_field_name="code",
    )
    niva = forms.ChoiceField(label=gettext_lazy("Nivå"), required=False)
    fran = forms.DateField(label=gettext_lazy("Från"), required=False, widget=DATE_WIDGET)
    till = forms.DateField(label=gettext_lazy("Till"), required=False, widget=DATE_WIDGET)
    organ = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Allt")), *SearchDocument.Kind.choices]  # type: ignore[attr-defined]
        self.fields["niva"].choices = [("", _("Alla nivåer")), *Body.Level.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("fran"), data.get("till")
        if start and end and end < start:
            self.add_error("till", _("Slutdatumet är före startdatumet."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        region = data.get("region")
        return Filters(
            kinds=(data["kind"],) if data.get("kind") else (),
            body_id=data.get("organ"),
            region_id=region.pk if region else None,
            level=data.get("niva") or "",
            date_from=data.get("fran"),
            date_to=data.get("till"),
        )
