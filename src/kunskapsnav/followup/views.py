"""Pages of follow-up: the maturity matrix and a body's overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kunskapsnav.core.http import Request
from kunskapsnav.core.models import Region, Sjukvardsregion
from kunskapsnav.followup.dashboard import body_dashboard as build_dashboard
from kunskapsnav.followup.matrix import LEVEL_DESCRIPTIONS, maturity_matrix
from kunskapsnav.registry.forms import DateInput, NoColonMixin
from kunskapsnav.registry.models import Body, today


class MatrixDateForm(NoColonMixin, forms.Form):
    """The matrix's date: empty is today; a future date is refused (the matrix cannot know it)
    and today's matrix is shown instead."""

    datum = forms.DateField(
        label=_("Visa läget den"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("Lämna tomt för läget i dag. Datumet kan inte ligga i framtiden."),
        error_messages={
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-01."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["datum"].widget.attrs["max"] = today().isoformat()

    def clean_datum(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("datum")
        if day is not None and day > today():
            raise ValidationError(
                _(
                    "%(date)s ligger i framtiden. Matrisen kan bara visa läget i dag eller "
                    "tidigare, så nedan visas läget i dag."
                ),
                params={"date": day.isoformat()},
            )
        if day is not None and day < dt.date(2000, 1, 1):
            raise ValidationError(_("Ange ett datum från år 2000 och framåt."))
        return None if day == today() else day


@dataclass
class MatrixFilters:
    sjukvardsregioner: list[Sjukvardsregion]
    selected: Sjukvardsregion | None
    form: MatrixDateForm
    on: dt.date | None


def matrix_filters(request: Request) -> MatrixFilters:
    """The matrix's filters from the query string, shared by the page and its export.

    Raises ``Http404`` for an unknown sjukvårdsregion; a bad date leaves ``on`` empty and the
    error on the form."""
    sjukvardsregioner = list(Sjukvardsregion.objects.order_by("order", "name"))
    code = request.GET.get("sjukvardsregion", "")
    selected = next((s for s in sjukvardsregioner if s.code == code), None)
    if code and selected is None:
        raise Http404
    form = MatrixDateForm(request.GET or None)
    on = form.cleaned_data.get("datum") if form.is_valid() else None
    return MatrixFilters(sjukvardsregioner, selected, form, on)


@require_GET
def matrix(request: Request) -> HttpResponse:
    if region_code := request.GET.get("region", ""):
        # Programme areas × kommuner is the region's own page: the kommuner take part in the
        # region's bodies through shared seats and representatives, shown there per area.
        region = get_object_or_404(Region, code=region_code)
        return HttpResponseRedirect(reverse("followup:region_dashboard", args=[region.code]))
    filters = matrix_filters(request)
    code = filters.selected.code if filters.selected else None
    result = maturity_matrix(request.user, code, on=filters.on)
    legend = [
        (level, label, LEVEL_DESCRIPTIONS[level], count)
        for level, label, count in result.level_counts()
    ]
    query = request.GET.copy()
    query.pop("region", None)
    if filters.form.errors:
        query.pop("datum", None)
    return render(
        request,
        "followup/matrix.html",
        {
            "matrix": result,
            "legend": legend,
            "sjukvardsregioner": filters.sjukvardsregioner,
            "selected": filters.selected,
            "form": filters.form,
            "on": filters.on,
            "today": today(),
            "export_query": query.urlencode(),
        },
    )


@require_GET
def body_dashboard(request: Request, pk: int) -> HttpResponse:
    body = get_object_or_404(
        Body.objects.select_related("region", "programme_area", "parent"), pk=pk
    )
    if not request.user.has_perm("registry.view_body", body):
        raise Http404
    return render(
        request, "followup/body_dashboard.html", {"dashboard": build_dashboard(request.user, body)}
    )
