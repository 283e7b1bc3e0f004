"""Questionnaires sent in rounds: the services that write them and the reads that show them.

The life of a round: ``create_round`` (a draft, numbered after the last round) → recipients are
added (people from the registry, the current members of a body, or a name and an e-mail
address) → ``send_round`` opens it and e-mails every recipient their own answer link →
recipients save drafts and submit with ``save_answers`` until the deadline → ``remind_round``
writes to those who have not submitted → ``close_round``. ``repeat_round`` starts the next round
with the same questions and recipients, so the rounds compare question by question.

The answer link carries a signed token of the recipient and their ``token_nonce``: it needs no
account, it cannot be guessed, and replacing the nonce (``renew_link``) makes a sent link
invalid. Once a round has been sent, questions keep their kind and choices (answers would no
longer compare); their wording may still be clarified and new questions added.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnav.core.audit import delete_audited, save_audited
from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.followup.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireRound,
    Recipient,
    SentFollowupReminder,
    today,
)
from kunskapsnav.registry.models import Body, Membership, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User

TOKEN_SALT = "kunskapsnav.followup.answer-link"  # noqa: S105 - a salt, not a secret
#: Automatic reminders go this many days before the deadline, to those who have not answered.
REMIND_DAYS_BEFORE = 3

Status = QuestionnaireRound.Status


def _require(user: User | None, perm: str, obj: Any) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied


# --- Questionnaires and questions -----------------------------------------------------------


@transaction.atomic
def create_questionnaire(
    *, owner_body: Body, title: str, description: str = "", acting_user: User | None
) -> Questionnaire:
    if acting_user is not None and not acting_user.has_perm(
        "followup.change_questionnaire", Questionnaire(owner_body=owner_body)
    ):
        raise PermissionDenied
    questionnaire = Questionnaire(
        owner_body=owner_body, title=title.strip(), description=description.strip()
    )
    questionnaire.created_by = acting_user
    save_audited(questionnaire, acting_user=acting_user, reason="Enkät skapad")
    return questionnaire


@transaction.atomic
def update_questionnaire(
    questionnaire: Questionnaire, *, title: str, description: str, acting_user: User | None
) -> None:
    _require(acting_user, "followup.change_questionnaire", questionnaire)
    questionnaire.title = title.strip()
    questionnaire.description = description.strip()
    save_audited(questionnaire, acting_user=acting_user, reason="Enkät ändrad")


def clean_choices(raw: str | Iterable[str]) -> list[str]:
    """One choice per line (or an iterable of them), trimmed, blank and repeated ones dropped."""
    lines = raw.splitlines() if isinstance(raw, str) else list(raw)
    seen: list[str] = []
    for line in lines:
        text = line.strip()
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen.append(text)
    return seen


def has_been_sent(questionnaire: Questionnaire) -> bool:
    return questionnaire.rounds.exclude(status=Status.DRAFT).exists()


def _check_question(question: Question) -> None:
    if question.has_choices and len(question.choices) < 2:
        raise ValidationError(_("Ange minst två svarsalternativ, ett per rad."))
    if not question.has_choices:
        question.choices = []
    if question.kind != Question.Kind.SCALE:
        question.scale_low_label = question.scale_high_label = ""
        if question.self_assessment:
            raise ValidationError(_("Bara en skalfråga (1–5) kan vara självskattning i matrisen."))


@transaction.atomic
def add_question(
    questionnaire: Questionnaire,
    *,
    text: str,
    kind: str,
    required: bool = False,
    choices: Iterable[str] = (),
    help_text: str = "",
    scale_low_label: str = "",
    scale_high_label: str = "",
    self_assessment: bool = False,
    acting_user: User | None,
) -> Question:
    _require(acting_user, "followup.change_questionnaire", questionnaire)
    last = questionnaire.questions.aggregate(last=Max("order"))["last"]
    question = Question(
        questionnaire=questionnaire,
        order=(last or 0) + 1,
        text=text.strip(),
        kind=kind,
        required=required,
        choices=clean_choices(choices),
        help_text=help_text.strip(),
        scale_low_label=scale_low_label.strip(),
        scale_high_label=scale_high_label.strip(),
        self_assessment=self_assessment,
    )
    _check_question(question)
    save_audited(question, acting_user=acting_user, reason="Fråga tillagd")
    return question


@transaction.atomic
def update_question(
    question: Question,
    *,
    text: str,
    kind: str,
    required: bool,
    choices: Iterable[str],
    help_text: str,
    scale_low_label: str = "",
    scale_high_label: str = "",
    self_assessment: bool = False,
    acting_user: User | None,
) -> None:
    _require(acting_user, "followup.change_questionnaire", question.questionnaire)
    new_choices = clean_choices(choices)
    if question.answers.exists() and (kind != question.kind or new_choices != question.choices):
        raise ValidationError(
            _(
                "Frågan har redan besvarats. Typ av svar och svarsalternativ kan inte ändras, "
                "eftersom svaren då inte längre går att jämföra; lägg till en ny fråga i stället."
            )
        )
    question.text = text.strip()
    question.kind = kind
    question.required = required
    question.choices = new_choices
    question.help_text = help_text.strip()
    question.scale_low_label = scale_low_label.strip()
    question.scale_high_label = scale_high_label.strip()
    question.self_assessment = self_assessment
    _check_question(question)
    save_audited(question, acting_user=acting_user, reason="Fråga ändrad")


@transaction.atomic
def delete_question(question: Question, *, acting_user: User | None) -> None:
    _require(acting_user, "followup.change_questionnaire", question.questionnaire)
    if question.answers.exists():
        raise ValidationError(
            _("Frågan har redan besvarats och kan inte tas bort; svaren finns kvar i resultaten.")
        )
    delete_audited(question, acting_user=acting_user, reason="Fråga borttagen")


@transaction.atomic
def move_question(question: Question, *, up: bool, acting_user: User | None) -> None:
    _require(acting_user, "followup.change_questionnaire", question.questionnaire)
    questions = list(question.questionnaire.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for order, item in enumerate(questions, start=1):
        if item.order != order:
            item.order = order
            save_audited(item, acting_user=acting_user, reason="Frågornas ordning ändrad")


# --- Rounds and recipients ------------------------------------------------------------------


def _check_deadline(opens_on: dt.date, deadline: dt.date) -> None:
    if deadline < opens_on:
        raise ValidationError(_("Sista svarsdag kan inte vara före den dag enkäten skickas."))


@transaction.atomic
def create_round(
    questionnaire: Questionnaire,
    *,
    deadline: dt.date,
    title: str = "",
    opens_on: dt.date | None = None,
    acting_user: User | None,
) -> QuestionnaireRound:
    _require(acting_user, "followup.change_questionnaire", questionnaire)
    opens_on = opens_on or today()
    _check_deadline(opens_on, deadline)
    # Lock the questionnaire so two rounds started at once get different numbers.
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    last = questionnaire.rounds.aggregate(last=Max("number"))["last"] or 0
    round = QuestionnaireRound(
        questionnaire=questionnaire,
        number=last + 1,
        title=title.strip(),
        opens_on=opens_on,
        deadline=deadline,
    )
    save_audited(round, acting_user=acting_user, reason="Omgång skapad")
    return round


@transaction.atomic
def change_deadline(
    round: QuestionnaireRound, *, deadline: dt.date, acting_user: User | None
) -> None:
    _require(acting_user, "followup.change_questionnaire", round.questionnaire)
    if round.status == Status.CLOSED:
        raise ValidationError(_("Omgången är stängd."))
    _check_deadline(round.opens_on, deadline)
    round.deadline = deadline
    save_audited(round, acting_user=acting_user, reason="Sista svarsdag ändrad")


@dataclass(frozen=True)
class NewRecipient:
    name: str
    email: str = ""
    person: Person | None = None
    region: Region | None = None
    kommun: Kommun | None = None
    body: Body | None = None


def recipients_from_people(people: Iterable[Person]) -> list[NewRecipient]:
    """People from the registry, answering for the region or kommun of their organisation."""
    result = []
    for person in people:
        region, kommun = None, None
        organisation = person.organisation
        # A unit answers for the region or kommun it belongs to (two levels up at most).
        for _level in range(3):
            if organisation is None:
                break
            region, kommun = organisation.region, organisation.kommun
            if region or kommun:
                break
            organisation = organisation.parent
        result.append(
            NewRecipient(
                name=person.name, email=person.email, person=person, region=region, kommun=kommun
            )
        )
    return result


def recipients_from_bodies(bodies: Iterable[Body], on: dt.date | None = None) -> list[NewRecipient]:
    """The current named members of each body, answering for that body."""
    body_list = list(bodies)
    memberships = (
        Membership.objects.current(on or today())
        .filter(body__in=body_list)
        .select_related("person", "body")
        .order_by("body__name", "person__name")
    )
    return [
        NewRecipient(name=m.person.name, email=m.person.email, person=m.person, body=m.body)
        for m in memberships
    ]


@transaction.atomic
def add_recipients(
    round: QuestionnaireRound, new: Iterable[NewRecipient], *, acting_user: User | None
) -> tuple[list[Recipient], list[str]]:
    """Add recipients, skipping anyone already in the round; the added and the skipped names."""
    _require(acting_user, "followup.change_questionnaire", round.questionnaire)
    if round.status == Status.CLOSED:
        raise ValidationError(_("Omgången är stängd och kan inte få fler mottagare."))
    existing = list(round.recipients.values_list("person_id", "email"))
    people = {person for person, _email in existing if person}
    emails = {email.lower() for _person, email in existing if email}
    added: list[Recipient] = []
    skipped: list[str] = []
    for item in new:
        email = item.email.strip().lower()
        if (item.person and item.person.pk in people) or (email and email in emails):
            skipped.append(item.name)
            continue
        recipient = Recipient(
            round=round,
            person=item.person,
            name=item.name.strip(),
            email=email,
            region=item.region,
            kommun=item.kommun,
            body=item.body,
            token_nonce=secrets.token_hex(8),
        )
        save_audited(recipient, acting_user=acting_user, reason="Mottagare tillagd")
        added.append(recipient)
        if item.person:
            people.add(item.person.pk)
        if email:
            emails.add(email)
    if round.status == Status.OPEN:
        for recipient in added:
            _send_link(recipient, reminder=False)
    return added, skipped


@transaction.atomic
def remove_recipient(recipient: Recipient, *, acting_user: User | None) -> None:
    _require(acting_user, "followup.change_questionnaire", recipient.round.questionnaire)
    if recipient.answers.exists():
        raise ValidationError(
            _("%(name)s har redan svarat; svaret tas inte bort.") % {"name": recipient.name}
        )
    delete_audited(recipient, acting_user=acting_user, reason="Mottagare borttagen")


@transaction.atomic
def renew_link(recipient: Recipient, *, acting_user: User | None) -> None:
    """Make the recipient's sent link invalid; a new one goes out if the round is open."""
    _require(acting_user, "followup.change_questionnaire", recipient.round.questionnaire)
    recipient.token_nonce = secrets.token_hex(8)
    save_audited(recipient, acting_user=acting_user, reason="Ny svarslänk")
    if recipient.round.status == Status.OPEN:
        _send_link(recipient, reminder=False, force=True)


# --- Answer links and e-mail ----------------------------------------------------------------


def answer_token(recipient: Recipient) -> str:
    return signing.dumps([recipient.pk, recipient.token_nonce], salt=TOKEN_SALT, compress=True)


def recipient_for_token(token: str) -> Recipient | None:
    """The recipient a link was made for, or ``None`` for a forged, broken or renewed link."""
    try:
        pk, nonce = signing.loads(token, salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    recipient = (
        Recipient.objects.select_related("round__questionnaire__owner_body", "region", "kommun")
        .filter(pk=pk)
        .first()
    )
    if recipient is None or not secrets.compare_digest(str(nonce), recipient.token_nonce):
        return None
    return recipient


def answer_url(recipient: Recipient) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "followup:answer", args=[answer_token(recipient)]
    )


def _link_message(recipient: Recipient, *, reminder: bool) -> mail.EmailMessage:
    round = recipient.round
    questionnaire = round.questionnaire
    values = {
        "title": questionnaire.title,
        "body": questionnaire.owner_body.name,
        "deadline": round.deadline.isoformat(),
        "unit": str(recipient.unit) if recipient.unit else "",
    }
    lines = [_("Hej %(name)s!") % {"name": recipient.name}, ""]
    if reminder:
        lines.append(
            _(
                "Vi saknar fortfarande ditt svar på enkäten ”%(title)s” från %(body)s. "
                "Sista svarsdag är %(deadline)s."
            )
            % values
        )
    else:
        lines.append(
            _("%(body)s ber dig svara på enkäten ”%(title)s”. Sista svarsdag är %(deadline)s.")
            % values
        )
    if values["unit"]:
        lines += ["", _("Du svarar för %(unit)s.") % values]
    lines += [
        "",
        _(
            "Svara genom länken nedan. Den är personlig och kräver inget konto. Du kan spara "
            "ett utkast och ändra ditt svar fram till sista svarsdagen."
        ),
        answer_url(recipient),
        "",
        "-- ",
        _("Det här meddelandet skickades automatiskt från Kunskapsnav."),
    ]
    subject = (
        _("Påminnelse: %(title)s, svara senast %(deadline)s")
        if reminder
        else _("Enkät: %(title)s, svara senast %(deadline)s")
    )
    return mail.EmailMessage(
        subject=subject % values,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )


def _send_link(recipient: Recipient, *, reminder: bool, key: str = "", force: bool = False) -> bool:
    """E-mail the recipient their link once per ``key``; whether a message went out."""
    if not recipient.email:
        return False
    key = key or f"questionnaire:{recipient.pk}:{'remind' if reminder else 'invite'}"
    if force:
        key = f"{key}:{recipient.token_nonce}"
    if SentFollowupReminder.objects.filter(key=key).exists():
        return False
    _link_message(recipient, reminder=reminder).send()
    SentFollowupReminder.objects.create(key=key, recipient=recipient.email)
    now = timezone.now()
    if reminder:
        recipient.reminded_at = now
        recipient.reminder_count += 1
    else:
        recipient.invited_at = now
    recipient.save(update_fields=["reminded_at", "reminder_count", "invited_at"])
    return True


@transaction.atomic
def send_round(round: QuestionnaireRound, *, acting_user: User | None) -> int:
    """Open the round and e-mail each recipient their link; how many e-mails went out."""
    _require(acting_user, "followup.change_questionnaire", round.questionnaire)
    if round.status != Status.DRAFT:
        raise ValidationError(_("Omgången är redan skickad."))
    if not round.questionnaire.questions.exists():
        raise ValidationError(_("Enkäten har inga frågor ännu."))
    recipients = list(round.recipients.select_related("round__questionnaire__owner_body"))
    if not recipients:
        raise ValidationError(_("Lägg till mottagare innan omgången skickas."))
    if round.deadline < today():
        raise ValidationError(_("Sista svarsdag har redan passerat; ändra den först."))
    round.status = Status.OPEN
    round.sent_at = timezone.now()
    save_audited(round, acting_user=acting_user, reason="Omgång skickad")
    return sum(_send_link(recipient, reminder=False) for recipient in recipients)


def _pending(round: QuestionnaireRound) -> QuerySet[Recipient]:
    return round.recipients.filter(submitted_at__isnull=True).select_related(
        "round__questionnaire__owner_body", "region", "kommun", "body"
    )


@transaction.atomic
def remind_round(round: QuestionnaireRound, *, acting_user: User | None) -> int:
    """Remind everyone who has not submitted (once a day at most); how many were written to."""
    _require(acting_user, "followup.change_questionnaire", round.questionnaire)
    if not round.accepts_answers():
        raise ValidationError(_("Omgången tar inte emot svar, så ingen påminns."))
    day = today().isoformat()
    return sum(
        _send_link(r, reminder=True, key=f"questionnaire:{r.pk}:remind:{day}")
        for r in _pending(round)
    )


def send_questionnaire_reminders(on: dt.date | None = None) -> int:
    """From cron: remind those who have not answered, ``REMIND_DAYS_BEFORE`` days before."""
    on = on or today()
    rounds = QuestionnaireRound.objects.filter(
        status=Status.OPEN, deadline__gte=on, deadline__lte=on + dt.timedelta(REMIND_DAYS_BEFORE)
    )
    count = 0
    for round in rounds:
        for recipient in _pending(round):
            key = f"questionnaire:{recipient.pk}:auto-remind:{round.deadline.isoformat()}"
            with transaction.atomic():
                count += _send_link(recipient, reminder=True, key=key)
    return count


@transaction.atomic
def close_round(round: QuestionnaireRound, *, acting_user: User | None) -> None:
    _require(acting_user, "followup.change_questionnaire", round.questionnaire)
    if round.status == Status.CLOSED:
        return
    round.status = Status.CLOSED
    round.closed_at = timezone.now()
    save_audited(round, acting_user=acting_user, reason="Omgång stängd")


@transaction.atomic
def reopen_round(round: QuestionnaireRound, *, deadline: dt.date, acting_user: User | None) -> None:
    _require(acting_user, "followup.change_questionnaire", round.questionnaire)
    if round.status != Status.CLOSED:
        raise ValidationError(_("Omgången är inte stängd."))
    if deadline < today():
        raise ValidationError(_("Den nya sista svarsdagen har redan passerat."))
    round.status = Status.OPEN
    round.closed_at = None
    round.deadline = deadline
    save_audited(round, acting_user=acting_user, reason="Omgång öppnad igen")


@transaction.atomic
def repeat_round(
    previous: QuestionnaireRound,
    *,
    deadline: dt.date,
    title: str = "",
    opens_on: dt.date | None = None,
    acting_user: User | None,
) -> QuestionnaireRound:
    """A new draft round of the same questionnaire, to the same recipients (new links)."""
    round = create_round(
        previous.questionnaire,
        deadline=deadline,
        title=title,
        opens_on=opens_on,
        acting_user=acting_user,
    )
    add_recipients(
        round,
        [
            NewRecipient(
                name=r.name,
                email=r.email,
                person=r.person,
                region=r.region,
                kommun=r.kommun,
                body=r.body,
            )
            for r in previous.recipients.select_related("person", "region", "kommun", "body")
        ],
        acting_user=acting_user,
    )
    return round


# --- Answering ------------------------------------------------------------------------------


def parse_value(question: Question, raw: Any) -> Any:
    """The stored value for what was entered, ``None`` for no answer; ValidationError if bad.

    ``raw`` is a string, or a list of strings for multiple choice (as a form posts them).
    """
    if isinstance(raw, list) and question.kind != Question.Kind.MULTIPLE:
        raw = raw[0] if raw else ""
    if question.kind == Question.Kind.MULTIPLE:
        values = [raw] if isinstance(raw, str) else list(raw or [])
        chosen = [v for v in values if v]
        unknown = [v for v in chosen if v not in question.choices]
        if unknown:
            raise ValidationError(_("Välj bland svarsalternativen."))
        return [c for c in question.choices if c in chosen] or None
    text = str(raw or "").strip()
    if not text:
        return None
    if question.kind == Question.Kind.SINGLE:
        if text not in question.choices:
            raise ValidationError(_("Välj ett av svarsalternativen."))
        return text
    if question.kind == Question.Kind.SCALE:
        if text not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(_("Välj ett värde från 1 till 5."))
        return int(text)
    if question.kind == Question.Kind.NUMBER:
        try:
            number = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Skriv ett tal, till exempel 12 eller 3,5.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValidationError(_("Skriv ett tal, till exempel 12 eller 3,5."))
        return int(number) if number == number.to_integral_value() else float(number)
    if question.kind == Question.Kind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(_("Skriv ett datum som ÅÅÅÅ-MM-DD.")) from None
    if len(text) > 10_000:
        raise ValidationError(_("Svaret är för långt (högst 10 000 tecken)."))
    return text


@transaction.atomic
def save_answers(
    recipient: Recipient,
    raw_answers: Mapping[int, Any],
    *,
    submit: bool,
    acting_user: User | None = None,
    on: dt.date | None = None,
) -> None:
    """Save a recipient's answers as a draft, or submit them (all required questions answered).

    Everything is checked before anything is written: one bad value raises a ``ValidationError``
    whose ``error_dict`` maps ``q<question id>`` to its message, and nothing is saved.
    """
    round = QuestionnaireRound.objects.select_for_update().get(pk=recipient.round_id)
    if not round.accepts_answers(on):
        raise ValidationError(_("Enkäten tar inte längre emot svar (sista svarsdag har passerat)."))
    questions = list(round.questionnaire.questions.all())
    values: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        try:
            values[question.pk] = parse_value(question, raw_answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if submit and question.required and values[question.pk] is None:
            errors[f"q{question.pk}"] = [_("Frågan måste besvaras.")]
    if errors:
        raise ValidationError(errors)
    existing = {a.question_id: a for a in recipient.answers.all()}
    reason = "Svar inskickat" if submit else "Utkast sparat"
    for question in questions:
        value = values[question.pk]
        answer = existing.get(question.pk)
        if value is None:
            if answer is not None:
                delete_audited(answer, acting_user=acting_user, reason=reason)
        elif answer is None:
            save_audited(
                Answer(recipient=recipient, question=question, value=value),
                acting_user=acting_user,
                reason=reason,
            )
        elif answer.value != value:
            answer.value = value
            save_audited(answer, acting_user=acting_user, reason=reason)
    now = timezone.now()
    if submit:
        recipient.submitted_at = now
    else:
        recipient.draft_saved_at = now
    save_audited(recipient, acting_user=acting_user, reason=reason, validate=False)


def _is_user(user: User) -> Q:
    """Recipients that are ``user``: by their registry person or their e-mail address."""
    person = user.linked_person()
    query = Q(email__iexact=user.email) if user.email else Q(pk__in=[])
    if person is not None:
        query |= Q(person=person)
    return query


def recipient_for_user(round: QuestionnaireRound, user: User | AnonymousUser) -> Recipient | None:
    """The logged-in user's place in a round."""
    if not user.is_authenticated:
        return None
    return round.recipients.filter(_is_user(user)).first()


def rounds_to_answer(user: User) -> list[Recipient]:
    """The open rounds the user is a recipient of, with their own answer status."""
    return list(
        Recipient.objects.filter(_is_user(user), round__status=Status.OPEN)
        .select_related("round__questionnaire__owner_body")
        .order_by("round__deadline")
    )


# --- Reads ----------------------------------------------------------------------------------


def visible_questionnaires(user: User | AnonymousUser) -> QuerySet[Questionnaire]:
    """The questionnaires the user runs or leads: owned by a body where they coordinate or chair."""
    from kunskapsnav.accounts.models import BodyRole

    base = Questionnaire.objects.select_related("owner_body").annotate(
        round_count=Count("rounds", distinct=True)
    )
    if not user.is_authenticated:
        return base.none()
    if user.is_systemforvaltare:
        return base
    body_ids = [
        body_id
        for body_id, roles in user.body_roles().items()
        if roles & {BodyRole.Role.SAMORDNARE, BodyRole.Role.ORDFORANDE}
    ]
    return base.filter(owner_body_id__in=body_ids)


def round_progress(round: QuestionnaireRound) -> dict[str, int]:
    counts = round.recipients.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        drafts=Count("pk", filter=Q(submitted_at__isnull=True, draft_saved_at__isnull=False)),
    )
    counts["pending"] = counts["total"] - counts["submitted"]
    return counts
