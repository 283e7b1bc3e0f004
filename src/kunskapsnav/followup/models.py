"""Follow-up across bodies and regions: questionnaires in rounds, live polls and state funds.

A ``Questionnaire`` holds its ``Question``\\s once. It is sent in numbered ``QuestionnaireRound``\\s
with the same questions, so the answers of round 2 compare with those of round 1. Each round has
its ``Recipient``\\s: a person (from the registry, or only a name and an e-mail address), answering
for a region, kommun or body when the round follows units. A recipient answers through a signed
link (no account needed) or logged in, may save a draft and change the answer until the deadline;
``Answer`` rows hold one value per question.

A ``Poll`` is one quick anonymous question put to a meeting (what seed 003 did in Mentimeter);
``PollVote`` keeps only the choice and a hashed key that stops a browser voting twice.

A ``Grant`` is a state grant to a region (ÖK psykisk hälsa 2022): amount, period, conditions,
deadlines for rekvirering and reporting. ``Allocation``\\s divide it over measures with a
responsible body; ``Spending`` is reported against an allocation. What is unspent, and so to be
repaid, is computed, never typed in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.meetings.models import Decision, Meeting
from kunskapsnav.registry.models import Body, Organisation, Person


def today() -> dt.date:
    return timezone.localdate()


# --- Questionnaires -------------------------------------------------------------------------


class Questionnaire(models.Model):
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(
        _("inledning"), blank=True, help_text=_("Visas överst för den som svarar.")
    )
    owner_body = models.ForeignKey(
        Body,
        verbose_name=_("ansvarigt organ"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
        help_text=_("Organets samordnare sköter enkäten och ser svaren."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:questionnaire_detail", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Ett val")
        MULTIPLE = "multiple", _("Flera val")
        SCALE = "scale", _("Skala 1–5")
        NUMBER = "number", _("Tal")
        DATE = "date", _("Datum")
        TEXT = "text", _("Fritext")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("enkät"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    text = models.CharField(_("fråga"), max_length=500)
    help_text = models.CharField(_("förklaring"), max_length=500, blank=True)
    kind = models.CharField(_("typ av svar"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("obligatorisk"), default=False)
    choices = models.JSONField(
        _("svarsalternativ"),
        default=list,
        blank=True,
        help_text=_("Ett alternativ per rad, för frågor med ett eller flera val."),
    )
    self_assessment = models.BooleanField(
        _("självskattning i mognadsmatrisen"),
        default=False,
        help_text=_(
            "En skalfråga vars svar visas i mognadsmatrisen: för enkätens programområde och "
            "den region som mottagaren svarar för."
        ),
    )
    scale_low_label = models.CharField(_("etikett för 1"), max_length=100, blank=True)
    scale_high_label = models.CharField(_("etikett för 5"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class QuestionnaireRound(models.Model):
    """One sending of a questionnaire, with a deadline. Round numbers count from 1."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        OPEN = "open", _("Öppen")
        CLOSED = "closed", _("Stängd")

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("enkät"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    number = models.PositiveIntegerField(_("omgång"))
    title = models.CharField(
        _("benämning"), max_length=200, blank=True, help_text=_("Till exempel ”Våren 2023”.")
    )
    opens_on = models.DateField(_("skickas"), default=today)
    deadline = models.DateField(_("svar senast"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "number"]
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_round_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_on")),
                name="questionnaire_round_deadline_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("followup:round_detail", args=[self.pk])

    @property
    def label(self) -> str:
        return str(self.title or _("Omgång %(number)s") % {"number": self.number})

    def accepts_answers(self, on: dt.date | None = None) -> bool:
        """Answers may be given and changed while the round is open and the deadline not past."""
        return self.status == self.Status.OPEN and (on or today()) <= self.deadline


class Recipient(models.Model):
    """Someone a round was sent to, and their answer (a draft until submitted)."""

    round = models.ForeignKey(
        QuestionnaireRound,
        verbose_name=_("omgång"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_recipients",
    )
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-postadress"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("svarar för region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kommun = models.ForeignKey(
        Kommun,
        verbose_name=_("svarar för kommun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("svarar för organ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_nonce = models.CharField(
        max_length=32, help_text=_("Byts ut för att göra en skickad svarslänk ogiltig.")
    )
    invited_at = models.DateTimeField(_("inbjuden"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("senast påmind"), null=True, blank=True)
    reminder_count = models.PositiveIntegerField(_("antal påminnelser"), default=0)
    draft_saved_at = models.DateTimeField(_("utkast sparat"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("svar inskickat"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "name", "pk"]
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="questionnaire_recipient_person_once_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "email"],
                condition=~Q(email=""),
                name="questionnaire_recipient_email_once_per_round",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> Region | Kommun | Body | None:
        """What the recipient answers for, if anything."""
        return self.kommun or self.region or self.body

    @property
    def has_answered(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """One recipient's value for one question.

    ``value`` is a string for single choice, free text and dates (ISO), a list of strings for
    multiple choice and a number for scale and number questions; the services validate it
    against the question's kind.
    """

    recipient = models.ForeignKey(
        Recipient, verbose_name=_("mottagare"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("fråga"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField(_("svar"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["recipient", "question__order"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "question"], name="questionnaire_answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.question}"


# --- Live polls -----------------------------------------------------------------------------


class Poll(models.Model):
    """One anonymous question put to the people in a meeting, with results on screen."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Ett val")
        MULTIPLE = "multiple", _("Flera val")
        SCALE = "scale", _("Skala 1–5")
        WORDS = "words", _("Korta fritextsvar")

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        CLOSED = "closed", _("Stängd")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("möte"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="polls",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(_("fråga"), max_length=300)
    kind = models.CharField(_("typ av svar"), max_length=20, choices=Kind.choices)
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    code = models.CharField(
        _("kod"), max_length=12, unique=True, help_text=_("Skrivs in för att delta.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("snabbfråga")
        verbose_name_plural = _("snabbfrågor")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("followup:poll_detail", args=[self.pk])


class PollVote(models.Model):
    """One anonymous answer; ``voter_key`` is a keyed hash, so a browser votes once."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    voter_key = models.CharField(max_length=64)
    value = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="poll_one_vote_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.poll}: {self.value}"


# --- Funds ----------------------------------------------------------------------------------

_money = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Grant(models.Model):
    """A state grant to a region, e.g. ÖK psykisk hälsa 2022."""

    name = models.CharField(_("namn"), max_length=200)
    source = models.CharField(
        _("källa"),
        max_length=300,
        blank=True,
        help_text=_("Till exempel överenskommelsen mellan staten och SKR."),
    )
    year = models.PositiveIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (kr)"), **_money)  # type: ignore[arg-type]
    amount_is_approximate = models.BooleanField(
        _("ungefärligt belopp"),
        default=False,
        help_text=_("Beloppet är känt ungefär (”cirka 18 mkr”)."),
    )
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    conditions = models.TextField(_("villkor"), blank=True)
    recipient_region = models.ForeignKey(
        Region,
        verbose_name=_("mottagande region"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("mottagare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
    )
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("fördelas av"),
        on_delete=models.PROTECT,
        related_name="grants",
        help_text=_("Organet som föreslår eller beslutar fördelningen, t.ex. styrgruppen."),
    )
    requisition_deadline = models.DateField(_("rekvireras senast"), null=True, blank=True)
    requisitioned_on = models.DateField(_("rekvirerat"), null=True, blank=True)
    reporting_deadline = models.DateField(_("redovisas senast"), null=True, blank=True)
    reported_on = models.DateField(_("redovisat"), null=True, blank=True)
    repaid_amount = models.DecimalField(
        _("återbetalt (kr)"),
        null=True,
        blank=True,
        **_money,  # type: ignore[arg-type]
    )
    repaid_on = models.DateField(_("återbetalt den"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
    )
    note = models.TextField(_("anmärkning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("statsbidrag")
        verbose_name_plural = _("statsbidrag")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="grant_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:grant_detail", args=[self.pk])


class Allocation(models.Model):
    """A part of a grant set aside for one measure, with a responsible body."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("statsbidrag"), on_delete=models.CASCADE, related_name="allocations"
    )
    measure = models.CharField(_("insats"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("ansvarigt organ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarig organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
    )
    amount = models.DecimalField(_("belopp (kr)"), **_money)  # type: ignore[arg-type]
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
    )
    note = models.TextField(_("anmärkning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "measure"]
        verbose_name = _("fördelning")
        verbose_name_plural = _("fördelningar")

    def __str__(self) -> str:
        return self.measure


class Spending(models.Model):
    """Money reported as used against an allocation."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("fördelning"),
        on_delete=models.CASCADE,
        related_name="spendings",
    )
    amount = models.DecimalField(_("belopp (kr)"), **_money)  # type: ignore[arg-type]
    spent_on = models.DateField(_("avser datum"), default=today)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapporterad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("rapporterad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "spent_on", "pk"]
        verbose_name = _("upparbetat belopp")
        verbose_name_plural = _("upparbetade belopp")

    def __str__(self) -> str:
        return f"{self.allocation}: {self.amount}"


class SentFollowupReminder(models.Model):
    """One follow-up e-mail (questionnaire invitation or reminder, grant deadline), sent once."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
