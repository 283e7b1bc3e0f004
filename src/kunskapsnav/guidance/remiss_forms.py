"""Forms of the catalogue and remiss pages. Forms validate input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.models import Kommun, KunskapsstodType, ProgrammeArea, Region
from kunskapsnav.guidance.models import (
    Kunskapsstod,
    RemissAnswerSection,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.forms import DateInput, NoColonMixin
from kunskapsnav.registry.models import Body, Person


class CatalogueFilterForm(NoColonMixin, forms.Form):
    """The catalogue's filters; every field optional, unknown values ignored."""

    q = forms.CharField(label=_("Namn"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Typ"), required=False)
    programme_area = forms.ChoiceField(label=_("Programområde"), required=False)
    status = forms.ChoiceField(
        label=_("Nationell status"),
        required=False,
        choices=[("", _("Alla")), *Kunskapsstod.Status.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla typer")),
            *KunskapsstodType.objects.filter(kunskapsstod__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("code", "name"),
        ]
        self.fields["programme_area"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla programområden")),
            *ProgrammeArea.objects.order_by("name").values_list("code", "name"),
        ]


class RoundForm(NoColonMixin, forms.ModelForm[RemissRound]):
    class Meta:
        model = RemissRound
        fields = ["kind", "version", "opens", "closes", "note"]
        widgets = {
            "opens": DateInput(),
            "closes": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "opens": _("Föreslås från den nationella remisskalendern."),
            "closes": _("Infaller sluttiden på en helgdag flyttas den till vardagen före."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("Remissen kan inte stänga innan den öppnar."))
        return data


class AssignForm(NoColonMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"))
    coordinating_body = forms.ModelChoiceField(
        label=_("Samordnande organ"),
        queryset=Body.objects.none(),
        help_text=_("Organet som samlar in synpunkter och skriver regionens remissvar."),
    )
    internal_deadline = forms.DateField(
        label=_("Intern svarstid"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för en vardag en vecka innan remissen stänger."),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinating_body"].queryset = bodies  # type: ignore[attr-defined]


class DeadlineForm(NoColonMixin, forms.Form):
    internal_deadline = forms.DateField(
        label=_("Intern svarstid"), required=False, widget=DateInput()
    )


class RequestContributionsForm(NoColonMixin, forms.Form):
    bodies = forms.ModelMultipleChoiceField(
        label=_("Organ"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kommuner = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Kommun.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label=_("Svara senast"), widget=DateInput())

    def __init__(
        self, *args: Any, bodies: QuerySet[Body], kommuner: QuerySet[Kommun], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["kommuner"].queryset = kommuner  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("bodies") and not data.get("kommuner"):
            raise forms.ValidationError(
                _("Välj minst ett organ eller en kommun att begära synpunkter från.")
            )
        return data


class ContributionForm(NoColonMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Svar"),
        choices=[
            (RemissContribution.Status.INLAMNAD, _("Vi lämnar synpunkter")),
            (RemissContribution.Status.AVSTAR, _("Vi avstår från att lämna synpunkter")),
        ],
        widget=forms.RadioSelect,
        initial=RemissContribution.Status.INLAMNAD,
    )
    text = forms.CharField(
        label=_("Synpunkter"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == RemissContribution.Status.INLAMNAD
            and not (data.get("text") or "").strip()
        ):
            self.add_error("text", _("Skriv synpunkterna, eller välj att avstå."))
        return data


class SectionForm(NoColonMixin, forms.ModelForm[RemissAnswerSection]):
    class Meta:
        model = RemissAnswerSection
        fields = ["heading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class NewSectionForm(NoColonMixin, forms.Form):
    heading = forms.CharField(label=_("Rubrik för nytt avsnitt"), max_length=400)


class ApproveForm(NoColonMixin, forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Beslut"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Ett beslut av det samordnande organet om att godkänna remissvaret."),
    )
    signatory = forms.ModelChoiceField(
        label=_("Eller: undertecknas av"),
        queryset=Person.objects.none(),
        required=False,
    )
    approved_on = forms.DateField(
        label=_("Godkänt"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för beslutets mötesdag, eller i dag."),
    )

    def __init__(
        self,
        *args: Any,
        decisions: QuerySet[Decision],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        decision_field: Any = self.fields["decision"]
        decision_field.queryset = decisions
        decision_field.label_from_instance = lambda d: f"{d.meeting.date:%Y-%m-%d}: {d.text[:120]}"
        self.fields["signatory"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("decision")) == bool(data.get("signatory")):
            raise forms.ValidationError(
                _("Ange antingen beslutet om remissvaret eller den som undertecknar det.")
            )
        return data


class SentForm(NoColonMixin, forms.Form):
    sent_on = forms.DateField(label=_("Skickat"), widget=DateInput())
