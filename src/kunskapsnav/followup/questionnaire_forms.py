"""Forms for questionnaires, rounds, recipients, answers and live polls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.followup.models import Poll, Question
from kunskapsnav.followup.questionnaire_results import display_value
from kunskapsnav.followup.questionnaires import NewRecipient, clean_choices
from kunskapsnav.registry.models import Body

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuestionnaireForm(forms.Form):
    owner_body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        label=gettext_lazy("Ansvarigt organ"),
        help_text=gettext_lazy("Organets samordnare sköter enkäten; ordföranden ser svaren."),
    )
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Inledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Visas överst för den som svarar: syfte, vem som ser svaren."),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["owner_body"]
        else:
            self.fields["owner_body"].queryset = bodies  # type: ignore[attr-defined]


class QuestionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Fråga"), max_length=500)
    kind = forms.ChoiceField(label=gettext_lazy("Typ av svar"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=gettext_lazy("Obligatorisk"), required=False)
    choices = forms.CharField(
        label=gettext_lazy("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Ett alternativ per rad, för frågor med ett eller flera val."),
    )
    help_text = forms.CharField(label=gettext_lazy("Förklaring"), max_length=500, required=False)
    scale_low_label = forms.CharField(
        label=gettext_lazy("Skala: vad betyder 1?"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Till exempel ”Inte påbörjat”."),
    )
    scale_high_label = forms.CharField(
        label=gettext_lazy("Skala: vad betyder 5?"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Till exempel ”Helt infört”."),
    )
    self_assessment = forms.BooleanField(
        label=gettext_lazy("Visa svaren som självskattning i mognadsmatrisen"),
        required=False,
        help_text=gettext_lazy(
            "Bara för skalfrågor. Svaren visas i matrisen för det ansvariga organets "
            "programområde, per region som mottagarna svarar för."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in Question.CHOICE_KINDS and len(clean_choices(data.get("choices", ""))) < 2:
            self.add_error("choices", _("Ange minst två svarsalternativ, ett per rad."))
        if data.get("self_assessment") and kind != Question.Kind.SCALE:
            self.add_error(
                "self_assessment", _("Bara en skalfråga (1–5) kan vara självskattning i matrisen.")
            )
        return data

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "text": question.text,
            "kind": question.kind,
            "required": question.required,
            "choices": "\n".join(question.choices),
            "help_text": question.help_text,
            "scale_low_label": question.scale_low_label,
            "scale_high_label": question.scale_high_label,
            "self_assessment": question.self_assessment,
        }


class RoundForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Benämning"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Till exempel ”Våren 2023”. Utan benämning heter den Omgång 1, 2 …"),
    )
    opens_on = forms.DateField(label=gettext_lazy("Skickas"), widget=DATE_WIDGET)
    deadline = forms.DateField(label=gettext_lazy("Sista svarsdag"), widget=DATE_WIDGET)
    same_recipients = forms.BooleanField(
        label=gettext_lazy("Samma mottagare som förra omgången"), required=False, initial=True
    )

    def __init__(self, *args: Any, can_repeat: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_repeat:
            del self.fields["same_recipients"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error(
                "deadline", _("Sista svarsdag kan inte vara före den dag enkäten skickas.")
            )
        return data


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=gettext_lazy("Ny sista svarsdag"), widget=DATE_WIDGET)


class RecipientsForm(forms.Form):
    bodies = forms.ModelMultipleChoiceField(
        queryset=Body.objects.none(),
        label=gettext_lazy("Ledamöterna i organ"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy(
            "Alla nuvarande ledamöter med namn får enkäten och svarar för sitt organ."
        ),
    )
    lines = forms.CharField(
        label=gettext_lazy("Enskilda mottagare"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "En per rad: namn; e-postadress; region eller kommun som personen svarar för "
            "(frivilligt). Till exempel: Anna Berg; anna.berg@regiondalarna.se; Region Dalarna"
        ),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies  # type: ignore[attr-defined]

    def clean_lines(self) -> list[NewRecipient]:
        text: str = self.cleaned_data.get("lines", "")
        raw = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
        raw = [(n, line) for n, line in raw if line]
        if not raw:
            return []
        regions: dict[str, Region] = {}
        for each_region in Region.objects.all():
            for name in (each_region.name, each_region.short_name):
                if name:
                    key = name.casefold()
                    regions[key] = regions[key.removeprefix("region ")] = each_region
        kommuner: dict[str, Kommun] = {}
        for each_kommun in Kommun.objects.all():
            for name in (each_kommun.name, each_kommun.official_name):
                if name:
                    kommuner[name.casefold()] = each_kommun
        result: list[NewRecipient] = []
        errors: list[str] = []
        for number, line in raw:
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or len(parts) > 3 or not parts[0]:
                errors.append(
                    _("Rad %(n)s: skriv namn; e-postadress; region eller kommun.") % {"n": number}
                )
                continue
            name, email = parts[0], parts[1]
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    _("Rad %(n)s: ”%(email)s” är ingen e-postadress.")
                    % {"n": number, "email": email}
                )
                continue
            region: Region | None = None
            kommun: Kommun | None = None
            if len(parts) == 3 and parts[2]:
                key = parts[2].casefold()
                kommun = kommuner.get(key) or kommuner.get(key.removesuffix(" kommun"))
                region = (
                    None if kommun else regions.get(key) or regions.get(key.removeprefix("region "))
                )
                if kommun is None and region is None:
                    errors.append(
                        _("Rad %(n)s: ingen region eller kommun heter ”%(unit)s”.")
                        % {"n": number, "unit": parts[2]}
                    )
                    continue
            result.append(NewRecipient(name=name, email=email, region=region, kommun=kommun))
        if errors:
            raise ValidationError(errors)
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("bodies") and not data.get("lines"):
            raise ValidationError(_("Välj organ eller skriv minst en mottagare."))
        return data


def answer_field(question: Question, *, disabled: bool = False) -> forms.Field:
    """The form field for one question; the services decide what is valid and required."""
    common: dict[str, Any] = {
        "label": question.text,
        "required": False,
        "help_text": question.help_text,
        "disabled": disabled,
    }
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if question.kind == Question.Kind.SCALE:
        labels = {1: question.scale_low_label, 5: question.scale_high_label}
        return forms.ChoiceField(
            choices=[
                (str(n), f"{n} – {labels[n]}" if labels.get(n) else str(n)) for n in range(1, 6)
            ],
            widget=forms.RadioSelect(attrs={"class": "scale-choices"}),
            **common,
        )
    if question.kind == Question.Kind.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if question.kind == Question.Kind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, **common)


class AnswerForm(forms.Form):
    """One field ``q<id>`` per question, filled with the recipient's saved answers."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        saved: dict[int, Any],
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            field = answer_field(question, disabled=disabled)
            if question.required:
                field.widget.attrs["aria-required"] = "true"
                field.label = f"{question.text} *"
            self.fields[name] = field
            value = saved.get(question.pk)
            if value is not None:
                self.initial[name] = (
                    value if isinstance(value, list) else display_value(question, value)
                )

    def raw_answers(self) -> dict[int, Any]:
        """What was posted, per question id, before any validation (the services validate)."""
        result: dict[int, Any] = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.MULTIPLE:
                result[question.pk] = self.data.getlist(name)  # type: ignore[attr-defined]
            else:
                result[question.pk] = self.data.get(name, "")
        return result


class PollForm(forms.Form):
    question = forms.CharField(label=gettext_lazy("Fråga"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("Typ av svar"), choices=Poll.Kind.choices)
    choices = forms.CharField(
        label=gettext_lazy("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Ett alternativ per rad, för frågor med ett eller flera val."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE) and (
            len(clean_choices(data.get("choices", ""))) < 2
        ):
            self.add_error("choices", _("Ange minst två svarsalternativ, ett per rad."))
        return data


class PollCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kod"),
        max_length=12,
        help_text=gettext_lazy("Koden visas på skärmen i mötet."),
    )
