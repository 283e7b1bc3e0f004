"""Forms for the registry's services. Forms validate input; services decide and write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.models import ProgrammeArea, Region
from kunskapsnav.core.widgets import LongSelect
from kunskapsnav.registry.models import (
    Body,
    Membership,
    Organisation,
    Person,
    Seat,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


def body_choices(user: User | AnonymousUser, *, keep: Iterable[int | None] = ()) -> QuerySet[Body]:
    """The bodies a form may offer ``user``: the active ones they may see, by name.

    A form must not name a body the user may not see (the API refuses such a body in the same
    fields). ``keep`` are the bodies the object being changed already names: they are offered
    too, even when the user may not see them or they are closed, so that someone who may change
    the object can save it without losing the reference (the object's own page names them
    already). One query when the choices are drawn, however many they are.
    """
    bodies = Body.objects.visible_to(user).active()
    kept = [pk for pk in keep if pk is not None]
    if kept:
        bodies = bodies | Body.objects.filter(pk__in=kept)
    return bodies.order_by("name")


class NoColonMixin:
    """Labels without Django's trailing colon, as everywhere else in the product."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BodyFilterForm(NoColonMixin, forms.Form):
    """The filters of the body list; every field optional, unknown values ignored."""

    q = forms.CharField(label=_("Namn"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Nivå"), required=False, choices=[("", _("Alla nivåer")), *Body.Level.choices]
    )
    kind = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla typer")), *Body.Kind.choices]
    )
    programme_area = forms.ChoiceField(label=_("Programområde"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla")), *Body.Status.choices]
    )
    vacancies = forms.ChoiceField(
        label=_("Vakanser"),
        required=False,
        choices=[("", _("Alla")), ("ja", _("Har vakanser")), ("nej", _("Inga vakanser"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme_area"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla programområden")),
            *ProgrammeArea.objects.order_by("name").values_list("code", "name"),
        ]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla regioner")),
            *Region.objects.order_by("name").values_list("code", "name"),
        ]


class BodyForm(NoColonMixin, forms.ModelForm[Body]):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "kind",
            "level",
            "status",
            "purpose",
            "programme_area",
            "region",
            "sjukvardsregion",
            "parent",
            "owners",
            "planned_on",
            "established_on",
            "is_public",
        ]
        widgets = {
            "planned_on": DateInput(),
            "established_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "owners": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, parents: QuerySet[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        status.choices = [  # type: ignore[attr-defined]
            choice for choice in Body.Status.choices if choice[0] != Body.Status.AVVECKLAD
        ]
        if parents is not None:
            parent_field = self.fields["parent"]
            parent_field.queryset = parents  # type: ignore[attr-defined]
        owners = self.fields["owners"]
        owners.queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            kind=Organisation.Kind.ENHET
        )


class SeatForm(NoColonMixin, forms.ModelForm[Seat]):
    class Meta:
        model = Seat
        fields = [
            "title",
            "profile",
            "represents",
            "organisation",
            "seat_type",
            "quota",
            "quota_min",
            "unnamed_holders",
            "nominating_body",
            "nominating_note",
            "opened_on",
        ]
        widgets = {"opened_on": DateInput(), "nominating_body": LongSelect()}

    def __init__(self, *args: Any, body: Body, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bodies the user may see; a seat being changed keeps its nominating body on offer.
        nominating = self.fields["nominating_body"]
        nominating.queryset = body_choices(  # type: ignore[attr-defined]
            user, keep=[self.instance.nominating_body_id]
        ).exclude(pk=body.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        quota, quota_min = data.get("quota"), data.get("quota_min")
        if quota and quota_min and quota_min > quota:
            self.add_error("quota_min", _("Det lägsta antalet kan inte vara större än antalet."))
        unnamed = data.get("unnamed_holders") or 0
        if quota and unnamed > quota:
            self.add_error("unnamed_holders", _("Fler än antalet platser."))
        return data


class PersonPickerMixin(NoColonMixin, forms.Form):
    """Choose a person already in the registry, or register a new one, in the same form."""

    person_query = forms.CharField(
        label=_("Sök person i registret"), required=False, max_length=100
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    new_person_name = forms.CharField(label=_("…eller ny person: namn"), required=False)
    new_person_title = forms.CharField(label=_("Titel"), required=False)
    new_person_organisation = forms.ModelChoiceField(
        label=_("Arbetsgivare"), queryset=Organisation.objects.all(), required=False
    )
    new_person_email = forms.EmailField(label=_("E-postadress"), required=False)

    MAX_MATCHES = 20

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        query = (self.data.get("person_query") or "").strip() if self.is_bound else ""
        chosen = self.data.get("person") if self.is_bound else None
        matches = Person.objects.none()
        condition = Q()
        if query:
            condition |= Q(name__icontains=query)
        if chosen and str(chosen).isdigit():
            condition |= Q(pk=int(chosen))
        if condition:
            matches = Person.objects.filter(condition)
        if condition:
            first = list(matches.order_by("name").values_list("pk", flat=True)[: self.MAX_MATCHES])
            matches = Person.objects.filter(pk__in=first).select_related("organisation")
        person_field = self.fields["person"]
        person_field.queryset = matches.order_by("name")  # type: ignore[attr-defined]
        person_field.label_from_instance = _person_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") and data.get("new_person_name"):
            self.add_error(
                "new_person_name", _("Välj en person i listan eller ange en ny, inte båda.")
            )
        elif not data.get("person") and not data.get("new_person_name"):
            self.add_error(
                "person_query",
                _("Sök fram och välj en person, eller ange namnet på en ny person."),
            )
        return data


def _person_label(person: Person) -> str:
    parts = [person.name]
    if person.title:
        parts.append(person.title)
    if person.organisation:
        parts.append(str(person.organisation))
    return ", ".join(parts)


class AppointForm(PersonPickerMixin):
    role = forms.ChoiceField(label=_("Roll"), choices=Membership.Role.choices)
    representing = forms.ModelChoiceField(
        label=_("Företräder"), queryset=Organisation.objects.all(), required=False
    )
    start_on = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    end_on = forms.DateField(label=_("Till"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)

    field_order = [
        "person_query",
        "person",
        "new_person_name",
        "new_person_title",
        "new_person_organisation",
        "new_person_email",
        "role",
        "representing",
        "start_on",
        "end_on",
        "note",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("Slutdatum kan inte ligga före startdatum."))
        return data


class EndMembershipForm(NoColonMixin, forms.Form):
    end_on = forms.DateField(label=_("Sista dag"), widget=DateInput())


class NominationRequestForm(NoColonMixin, forms.Form):
    nominating_body = forms.ModelChoiceField(
        label=_("Nominerande organ"),
        queryset=Body.objects.none(),
        required=False,
        widget=LongSelect,
    )
    deciding_body = forms.ModelChoiceField(
        label=_("Beslutande organ"),
        queryset=Body.objects.none(),
        required=False,
        widget=LongSelect,
    )
    deadline = forms.DateField(label=_("Svar senast"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, seat: Seat, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bodies the user may see, and those the seat already names (its nominating body,
        # its body's parent), which the form proposes: the request keeps them.
        bodies = body_choices(user, keep=[seat.nominating_body_id, seat.body.parent_id])
        for name in ("nominating_body", "deciding_body"):
            self.fields[name].queryset = bodies  # type: ignore[attr-defined]


class NominationRecordForm(PersonPickerMixin):
    nominated_on = forms.DateField(label=_("Nominerad den"), required=False, widget=DateInput())


class NominationDecideForm(NoColonMixin, forms.Form):
    decided_on = forms.DateField(label=_("Beslutad den"), required=False, widget=DateInput())
    start_on = forms.DateField(label=_("Uppdraget börjar"), required=False, widget=DateInput())
    end_on = forms.DateField(label=_("Uppdraget slutar"), required=False, widget=DateInput())
    role = forms.ChoiceField(
        label=_("Roll"), choices=Membership.Role.choices, initial=Membership.Role.LEDAMOT
    )


class CommissionVersionForm(NoColonMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=[
            ("uppdragsbeskrivning", _("Uppdragsbeskrivning")),
            ("uppdragsdirektiv", _("Uppdragsdirektiv")),
        ],
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    attachment = forms.FileField(
        label=_("Bilaga (PDF eller Word)"),
        required=False,
        help_text=_("Högst 20 MB."),
    )

    MAX_BYTES = 20 * 1024 * 1024
    ALLOWED_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".txt")

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        if not upload.name.lower().endswith(self.ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Bara PDF, Word, OpenDocument eller textfiler."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("attachment") and not self.errors:
            raise forms.ValidationError(_("Skriv en text eller bifoga en fil."))
        return data


class CommissionApproveForm(NoColonMixin, forms.Form):
    approved_by = forms.ModelChoiceField(
        label=_("Fastställd av"), queryset=Body.objects.none(), required=False, widget=LongSelect
    )
    approved_on = forms.DateField(label=_("Fastställd den"), required=False, widget=DateInput())

    def __init__(self, *args: Any, body: Body, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bodies the user may see, and the parent of the commission's body, which the body
        # already names and the form proposes.
        approved_by = self.fields["approved_by"]
        approved_by.queryset = body_choices(user, keep=[body.parent_id])  # type: ignore[attr-defined]


class CloseBodyForm(NoColonMixin, forms.Form):
    closed_on = forms.DateField(label=_("Avvecklas den"), widget=DateInput())
    confirm = forms.BooleanField(
        label=_("Jag förstår att pågående uppdrag avslutas och platserna stängs."),
        required=True,
    )


class PersonForm(NoColonMixin, forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = ["name", "title", "organisation", "email", "phone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
