"""Forms of the funds pages. Forms validate input; the ``funds`` services decide and write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.models import Region
from kunskapsnav.core.widgets import LongSelect
from kunskapsnav.followup.models import Allocation, Grant, Spending
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.forms import DateInput, NoColonMixin, body_choices
from kunskapsnav.registry.models import Body, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User

MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}


class DecisionChoiceField(forms.ModelChoiceField[Decision]):
    def label_from_instance(self, obj: Decision) -> str:
        item = f" §{obj.item.number}" if obj.item is not None and obj.item.number else ""
        return f"{obj.meeting.date.isoformat()}{item}: {obj.text[:110]}"


class GrantFilterForm(NoColonMixin, forms.Form):
    """The grant list's filters; every field optional, unknown values ignored."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla regioner")),
            *Region.objects.filter(grants__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("code", "name"),
        ]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla år")),
            *((str(year), str(year)) for year in years),
        ]


class GrantForm(NoColonMixin, forms.ModelForm[Grant]):
    """A grant's facts. The decision is picked among the responsible body's meetings."""

    decision = DecisionChoiceField(
        label=_("Beslut"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Beslut vid ett möte i organet som fördelar bidraget."),
    )

    class Meta:
        model = Grant
        fields = [
            "name",
            "source",
            "year",
            "amount",
            "amount_is_approximate",
            "period_start",
            "period_end",
            "recipient_region",
            "recipient_organisation",
            "responsible_body",
            "requisition_deadline",
            "reporting_deadline",
            "conditions",
            "decision",
            "note",
        ]
        widgets = {
            "amount": forms.NumberInput(attrs=MONEY_ATTRS),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "requisition_deadline": DateInput(),
            "reporting_deadline": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "responsible_body": LongSelect(),
        }
        help_texts = {
            "reporting_deadline": _("För ÖK psykisk hälsa den 1 mars året efter."),
            "responsible_body": _(
                "Organet som beslutar om fördelningen; dess samordnare sköter bidraget."
            ),
        }

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[Body],
        decisions: QuerySet[Decision] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["recipient_region"].queryset = Region.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["recipient_organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]
        if decisions is None:
            del self.fields["decision"]
        else:
            self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan inte sluta innan den börjar."))
        return data

    def _post_clean(self) -> None:
        # The services validate the model (``save_audited`` calls ``full_clean``); here the
        # form only checks its fields, so a database constraint never surfaces as a form error
        # twice.
        pass


class AllocationForm(NoColonMixin, forms.ModelForm[Allocation]):
    decision = DecisionChoiceField(
        label=_("Beslut"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Beslut vid ett möte i organet som fördelar bidraget."),
    )

    class Meta:
        model = Allocation
        fields = [
            "measure",
            "description",
            "responsible_body",
            "responsible_organisation",
            "amount",
            "period_start",
            "period_end",
            "decision",
            "note",
        ]
        widgets = {
            "amount": forms.NumberInput(attrs=MONEY_ATTRS),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "responsible_body": LongSelect(),
        }
        help_texts = {
            "period_start": _("Lämna tomt om fördelningen gäller hela bidragets period."),
        }

    def __init__(
        self,
        *args: Any,
        decisions: QuerySet[Decision],
        user: User | AnonymousUser,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        # The bodies the user may see; an allocation being changed keeps its body on offer.
        self.fields["responsible_body"].queryset = body_choices(  # type: ignore[attr-defined]
            user, keep=[self.instance.responsible_body_id]
        )
        self.fields["responsible_organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan inte sluta innan den börjar."))
        return data

    def _post_clean(self) -> None:
        pass  # the services validate the model


class SpendingForm(NoColonMixin, forms.ModelForm[Spending]):
    class Meta:
        model = Spending
        fields = ["amount", "spent_on", "description"]
        widgets = {"amount": forms.NumberInput(attrs=MONEY_ATTRS), "spent_on": DateInput()}
        labels = {"amount": _("Upparbetat belopp (kr)")}
        help_texts = {"description": _("Till exempel vad pengarna användes till.")}

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Ange ett belopp större än 0 kr."))
        return amount

    def _post_clean(self) -> None:
        pass  # the services validate the model


class DateForm(NoColonMixin, forms.Form):
    """One date: when the funds were requisitioned, or their use reported."""

    on = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för att ta bort en felaktig registrering."),
    )

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label


class RepaymentForm(NoColonMixin, forms.Form):
    repaid_amount = forms.DecimalField(
        label=_("Återbetalt totalt (kr)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
        help_text=_("Allt som hittills har återbetalats till staten för bidraget."),
    )
    repaid_on = forms.DateField(
        label=_("Senast återbetalt den"), required=False, widget=DateInput()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount: Decimal | None = data.get("repaid_amount")
        day: dt.date | None = data.get("repaid_on")
        if amount and day is None and "repaid_on" not in self.errors:
            self.add_error("repaid_on", _("Ange när beloppet återbetalades."))
        return data
