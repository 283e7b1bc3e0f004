"""Forms of the meeting pages. Forms validate input; services decide and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.widgets import LongSelect, LongSelectMultiple
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from kunskapsnav.registry.forms import DateInput, NoColonMixin
from kunskapsnav.registry.models import Body, Person


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(NoColonMixin, forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "online_link",
            "document_type",
            "diary_number",
            "chair",
            "secretary",
            "justerare",
            "introduction",
            "next_meeting_note",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "justerare": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            for name in ("chair", "secretary", "justerare"):
                self.fields[name].queryset = people  # type: ignore[attr-defined]


class SeriesForm(NoColonMixin, forms.Form):
    name = forms.CharField(label=_("Namn på serien"), required=False, max_length=200)
    dates = forms.CharField(
        label=_("Datum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett datum per rad eller separerade med komma, t.ex. 2022-01-28, 2022-03-11."),
    )
    first = forms.DateField(label=_("…eller från"), required=False, widget=DateInput())
    until = forms.DateField(label=_("till"), required=False, widget=DateInput())
    every_weeks = forms.IntegerField(
        label=_("var n:e vecka"), required=False, min_value=1, max_value=52
    )
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Plats"), required=False, max_length=200)
    online_link = forms.URLField(label=_("Länk till digitalt möte"), required=False)
    document_type = forms.ChoiceField(label=_("Dokumenttyp"), choices=Meeting.DocumentType.choices)

    def clean(self) -> dict[str, Any]:
        from kunskapsnav.meetings.services import every_n_weeks

        data = super().clean() or {}
        days: list[dt.date] = []
        for part in (data.get("dates") or "").replace(",", "\n").split():
            try:
                days.append(dt.date.fromisoformat(part.strip()))
            except ValueError:
                self.add_error(
                    "dates", _("”%(value)s” är inget datum (ÅÅÅÅ-MM-DD).") % {"value": part}
                )
        first, until, weeks = data.get("first"), data.get("until"), data.get("every_weeks")
        if first and until and weeks:
            if until < first:
                self.add_error("until", _("Slutdatum kan inte ligga före startdatum."))
            elif (until - first).days > 3 * 366:
                self.add_error("until", _("Planera högst tre år i taget."))
            else:
                days.extend(every_n_weeks(first, until, weeks))
        if not days and not self.errors:
            raise forms.ValidationError(
                _("Ange datum, eller ett första och sista datum och hur många veckor emellan.")
            )
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Mötet måste sluta efter att det börjar."))
        data["all_dates"] = sorted(set(days))
        return data


class MoveMeetingForm(NoColonMixin, forms.Form):
    date = forms.DateField(label=_("Nytt datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    reason = forms.CharField(label=_("Anledning"), required=False, max_length=300)


class ReasonForm(NoColonMixin, forms.Form):
    reason = forms.CharField(
        label=_("Anledning"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(NoColonMixin, forms.ModelForm[AgendaItem]):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ["number", "kind", "title", "presenters", "presenter_text", "text"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "presenter_text": forms.Textarea(attrs={"rows": 2}),
            "presenters": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        if people is not None:
            self.fields["presenters"].queryset = people  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version


class ItemTextForm(NoColonMixin, forms.Form):
    """The autosaved text of an item while the meeting runs."""

    text = forms.CharField(label=_("Anteckningar"), required=False, widget=forms.Textarea)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceForm(NoColonMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person i registret"),
        queryset=Person.objects.none(),
        required=False,
        widget=LongSelect,
    )
    name = forms.CharField(label=_("…eller namn"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Närvaro"), choices=Attendance.Status.choices, initial=Attendance.Status.GAST
    )
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    role = forms.CharField(label=_("Roll eller titel"), required=False, max_length=200)

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Välj en person eller skriv ett namn."))
        return data


class DecisionForm(NoColonMixin, forms.Form):
    text = forms.CharField(
        label=_("Beslut"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skriv som i protokollet: ”att godkänna dagordningen”."),
    )


class ActionForm(NoColonMixin, forms.Form):
    text = forms.CharField(label=_("Åtgärd"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_people = forms.ModelMultipleChoiceField(
        label=_("Ansvariga"),
        queryset=Person.objects.none(),
        required=False,
        widget=LongSelectMultiple(attrs={"size": 4}),
    )
    responsible_bodies = forms.ModelMultipleChoiceField(
        label=_("Ansvariga organ"),
        queryset=Body.objects.none(),
        required=False,
        widget=LongSelectMultiple(attrs={"size": 3}),
    )
    responsible_text = forms.CharField(
        label=_("Ansvarig (fritext)"),
        required=False,
        max_length=300,
        help_text=_("Om den ansvariga inte finns i listan."),
    )
    due_date = forms.DateField(label=_("Klart senast"), required=False, widget=DateInput())
    due_text = forms.CharField(label=_("…eller period"), required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person] | None = None,
        bodies: QuerySet[Body] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["responsible_people"].queryset = people  # type: ignore[attr-defined]
        if bodies is not None:
            self.fields["responsible_bodies"].queryset = bodies  # type: ignore[attr-defined]


class CloseActionForm(NoColonMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Avsluta som"),
        choices=[(ActionItem.Status.DONE, _("Klar")), (ActionItem.Status.CANCELLED, _("Avbruten"))],
    )
    note = forms.CharField(label=_("Kommentar"), required=False, max_length=500)


class ActionFilterForm(NoColonMixin, forms.Form):
    organ = forms.ModelChoiceField(
        label=_("Organ"), queryset=Body.objects.none(), required=False, widget=LongSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Öppna")), ("all", _("Alla")), *ActionItem.Status.choices],
    )
    forsenade = forms.BooleanField(label=_("Bara försenade"), required=False)
    mina = forms.BooleanField(label=_("Bara mina"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["organ"].queryset = bodies  # type: ignore[attr-defined]
