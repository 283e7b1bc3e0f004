"""Forms for the services of an införande. Forms validate input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.guidance.models import (
    Finding,
    GapAssessment,
    Implementation,
    ImplementationUnit,
    Indicator,
    Kunskapsstod,
    Recommendation,
)
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.forms import DateInput, NoColonMixin
from kunskapsnav.registry.models import Body, Organisation


class ImplementationFilterForm(NoColonMixin, forms.Form):
    """The filters of the list; every field optional, unknown values ignored."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    kunskapsstod = forms.ChoiceField(label=_("Kunskapsstöd"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), *Implementation.Status.choices],
    )
    organ = forms.ChoiceField(label=_("Ansvarigt organ"), required=False)

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[Body],
        stods: QuerySet[Kunskapsstod],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla regioner")),
            *Region.objects.order_by("name").values_list("code", "name"),
        ]
        self.fields["kunskapsstod"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla kunskapsstöd")),
            *stods.order_by("name").values_list("code", "name"),
        ]
        self.fields["organ"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla organ")),
            *((str(pk), name) for pk, name in bodies.order_by("name").values_list("pk", "name")),
        ]


class ImplementationForm(NoColonMixin, forms.Form):
    kunskapsstod = forms.ModelChoiceField(
        label=_("Kunskapsstöd"), queryset=Kunskapsstod.objects.order_by("name")
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"))
    responsible_body = forms.ModelChoiceField(label=_("Ansvarigt organ"), queryset=Body.objects)
    status = forms.ChoiceField(
        label=_("Status"), choices=Implementation.Status.choices, initial="beslut_om_inforande"
    )
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(label=_("Anmärkning"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].queryset = bodies  # type: ignore[attr-defined]


class ImplementationEditForm(NoColonMixin, forms.Form):
    responsible_body = forms.ModelChoiceField(label=_("Ansvarigt organ"), queryset=Body.objects)
    note = forms.CharField(label=_("Anmärkning"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].queryset = bodies  # type: ignore[attr-defined]


def _decisions(implementation: Implementation) -> QuerySet[Decision]:
    """Decisions of the responsible body, newest first: the ones a step is likely to cite."""
    return (
        Decision.objects.filter(deciding_body=implementation.responsible_body_id)
        .select_related("meeting")
        .order_by("-meeting__date", "order")
    )


class DecisionChoiceField(forms.ModelChoiceField[Decision]):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.meeting.date:%Y-%m-%d}: {obj.text[:80]}"


class StatusForm(NoColonMixin, forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Implementation.Status.choices)
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    text = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = DecisionChoiceField(
        label=_("Beslut"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Beslutet som steget bygger på, om det finns i ett protokoll."),
    )

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _decisions(implementation)  # type: ignore[attr-defined]


class EventForm(NoColonMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    text = forms.CharField(label=_("Händelse"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = DecisionChoiceField(
        label=_("Beslut"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _decisions(implementation)  # type: ignore[attr-defined]


class UnitForm(NoColonMixin, forms.Form):
    kommun = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Kommun.objects.none(),
        required=False,
        help_text=_("Välj en kommun, eller skriv namnet på en enhet i regionen nedan."),
    )
    name = forms.CharField(label=_("Enhetens namn"), required=False, max_length=200)
    huvudman = forms.ChoiceField(
        label=_("Huvudman"),
        choices=ImplementationUnit.Huvudman.choices,
        initial=ImplementationUnit.Huvudman.REGION,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = Kommun.objects.filter(  # type: ignore[attr-defined]
            region=implementation.region_id
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kommun") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Välj en kommun eller skriv enhetens namn."))
        return data


class RecommendationForm(NoColonMixin, forms.Form):
    number = forms.CharField(label=_("Nummer"), max_length=20)
    text = forms.CharField(label=_("Rekommendation"), widget=forms.Textarea(attrs={"rows": 4}))


class AssessmentForm(NoColonMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Nuläge"),
        required=False,
        choices=[("", _("Ej bedömd")), *GapAssessment.State.choices],
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class FindingForm(NoColonMixin, forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Finding.Dimension.choices)
    text = forms.CharField(label=_("Iakttagelse"), widget=forms.Textarea(attrs={"rows": 4}))
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=ImplementationUnit.objects.none(),
        required=False,
        empty_label=_("Hela regionen"),
    )
    recommendation = forms.ModelChoiceField(
        label=_("Rekommendation"),
        queryset=Recommendation.objects.none(),
        required=False,
        empty_label=_("Ingen särskild"),
    )

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = implementation.units.all()  # type: ignore[attr-defined]
        self.fields["recommendation"].queryset = (  # type: ignore[attr-defined]
            implementation.kunskapsstod.recommendations.order_by("order", "id")
        )


class ApprovePlanForm(NoColonMixin, forms.Form):
    decision = DecisionChoiceField(
        label=_("Beslut"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Beslutet i protokollet där handlingsplanen fastställdes."),
    )
    approved_on = forms.DateField(
        label=_("Fastställd"),
        widget=DateInput(),
        required=False,
        help_text=_("Datumet, om beslutet inte finns i Kunskapsnav."),
    )

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _decisions(implementation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("decision") and not data.get("approved_on"):
            raise forms.ValidationError(_("Välj beslutet eller ange datumet."))
        return data


class PlanActionForm(NoColonMixin, forms.Form):
    text = forms.CharField(label=_("Åtgärd"), widget=forms.Textarea(attrs={"rows": 3}))
    finding = forms.ModelChoiceField(
        label=_("Utifrån iakttagelse"),
        queryset=Finding.objects.none(),
        required=False,
        empty_label=_("Ingen"),
    )
    responsible_text = forms.CharField(label=_("Ansvarig"), required=False, max_length=300)
    due_date = forms.DateField(label=_("Klart senast"), required=False, widget=DateInput())

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = implementation.findings.all()  # type: ignore[attr-defined]


class IndicatorForm(NoColonMixin, forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    definition = forms.CharField(label=_("Definition"), required=False, widget=forms.Textarea)
    target = forms.DecimalField(
        label=_("Målvärde"), required=False, max_digits=12, decimal_places=3
    )
    unit = forms.CharField(label=_("Enhet"), required=False, max_length=40)


class MeasurementForm(NoColonMixin, forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indikator"), queryset=Indicator.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=ImplementationUnit.objects.none(),
        required=False,
        empty_label=_("Hela regionen"),
    )
    period_start = forms.DateField(label=_("Periodens början"), widget=DateInput())
    period_end = forms.DateField(label=_("Periodens slut"), widget=DateInput())
    value = forms.DecimalField(label=_("Värde"), max_digits=14, decimal_places=3)

    def __init__(self, *args: Any, implementation: Implementation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (  # type: ignore[attr-defined]
            implementation.kunskapsstod.indicators.all()
        )
        self.fields["unit"].queryset = implementation.units.all()  # type: ignore[attr-defined]


class UploadForm(NoColonMixin, forms.Form):
    file = forms.FileField(label=_("Fil"))
