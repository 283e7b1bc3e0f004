"""Meetings of bodies: agenda, attendance, decisions and the actions that follow them.

A ``Meeting`` belongs to one body. Its agenda is a list of ``AgendaItem``; ``Attendance`` says
who was there; a ``Decision`` is what the body decided under an item ("beslutade: att …"); an
``ActionItem`` is work handed out, owned by a body and followed up at that body's next meetings
until it is closed ("Uppföljning av åtgärder" is computed from the open actions, never copied).

Minutes follow a workflow: planerat → kallat → genomfört (draft minutes) → justerat (approved,
locked) → publicerat. Approved minutes change only through ``reopen_for_correction``, which
records why, so every correction is visible in the history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunskapsnav.registry.models import Body, CommissionVersion, Nomination, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


class MeetingSeries(models.Model):
    """A body's planned meetings for a period ("LCHNV möts sex gånger om året")."""

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="meeting_series"
    )
    name = models.CharField(_("namn"), max_length=200)
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_link = models.URLField(_("länk till digitalt möte"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("mötesserie")
        verbose_name_plural = _("mötesserier")

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User | AnonymousUser) -> MeetingQuerySet:
        """Meetings ``user`` may see: published ones of bodies they see; all of their bodies."""
        if user.is_authenticated and user.is_systemforvaltare:
            return self
        published = Q(status=Meeting.Status.PUBLICERAT, body__in=Body.objects.visible_to(user))
        if not user.is_authenticated:
            return self.filter(published)
        from kunskapsnav.accounts.models import BodyRole

        member_of = BodyRole.objects.filter(user=user).values("body_id")
        return self.filter(published | Q(body_id__in=member_of))

    def upcoming(self, on: dt.date | None = None) -> MeetingQuerySet:
        return self.filter(date__gte=on or timezone.localdate()).exclude(
            status=Meeting.Status.INSTALLT
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANERAT = "planerat", _("Planerat")
        KALLAT = "kallat", _("Kallat")
        GENOMFORT = "genomfort", _("Genomfört")
        JUSTERAT = "justerat", _("Justerat")
        PUBLICERAT = "publicerat", _("Publicerat")
        INSTALLT = "installt", _("Inställt")

    class DocumentType(models.TextChoices):
        MINNESANTECKNINGAR = "minnesanteckningar", _("Minnesanteckningar")
        PROTOKOLL = "protokoll", _("Protokoll")

    #: Statuses in which the minutes are approved and locked.
    LOCKED = (Status.JUSTERAT, Status.PUBLICERAT)

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("mötesserie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(
        _("rubrik"), max_length=200, blank=True, help_text=_('T.ex. "Extra möte"; tomt annars.')
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_link = models.URLField(_("länk till digitalt möte"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANERAT
    )
    document_type = models.CharField(
        _("dokumenttyp"),
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.MINNESANTECKNINGAR,
    )
    diary_number = models.CharField(_("diarienummer"), max_length=60, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("ordförande"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("sekreterare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretary_of_meetings",
    )
    justerare = models.ManyToManyField(
        Person, verbose_name=_("justerare"), blank=True, related_name="adjusted_meetings"
    )
    introduction = models.TextField(
        _("inledning"), blank=True, help_text=_("Text före dagordningen, om någon.")
    )
    next_meeting_note = models.CharField(_("nästa möte"), max_length=300, blank=True)
    moved_from = models.DateField(
        _("flyttat från"),
        null=True,
        blank=True,
        help_text=_("Ursprungligt datum om mötet flyttats."),
    )
    change_note = models.CharField(
        _("ändring"),
        max_length=300,
        blank=True,
        help_text=_("Varför mötet flyttats eller ställts in."),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    revision = models.PositiveSmallIntegerField(
        _("version av protokollet"), default=1, editable=False
    )
    approved_at = models.DateTimeField(_("justerat"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True, editable=False)
    source_hash = models.CharField(
        _("källfilens kontrollsumma"), max_length=64, blank=True, editable=False
    )
    source_name = models.CharField(_("källfil"), max_length=255, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[justerare], excluded_fields=["lock_version"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["source_hash"],
                condition=~Q(source_hash=""),
                name="one_meeting_per_imported_file",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "date"]),
            models.Index(fields=["date"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        label = self.title or str(self.body)
        return f"{label} {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Mötet måste sluta efter att det börjar.")})

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLICERAT

    @property
    def has_minutes(self) -> bool:
        """Whether the meeting has been held, so its minutes are being written or are done."""
        return self.status in (
            self.Status.GENOMFORT,
            self.Status.JUSTERAT,
            self.Status.PUBLICERAT,
        )

    def starts_at(self) -> dt.datetime | None:
        if self.start_time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))

    def ends_at(self) -> dt.datetime | None:
        if self.end_time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date, self.end_time))


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        BESLUT = "beslut", _("Beslut")
        RAPPORT = "rapport", _("Rapport")
        INFORMATION = "information", _("Information")
        DISKUSSION = "diskussion", _("Diskussion")
        OVRIGT = "ovrigt", _("Övrigt")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    number = models.CharField(
        _("nummer"), max_length=20, blank=True, help_text=_("Som det skrivs: 5, § 12, 2.1.")
    )
    title = models.CharField(_("rubrik"), max_length=500)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OVRIGT)
    presenters = models.ManyToManyField(
        Person, verbose_name=_("föredragande"), blank=True, related_name="presented_items"
    )
    presenter_text = models.TextField(
        _("föredragande (text)"),
        blank=True,
        help_text=_("Föredragande som inte finns i registret: namn, titel, organisation."),
    )
    text = models.TextField(_("text"), blank=True)
    struck = models.BooleanField(_("punkten utgick"), default=False)
    struck_reason = models.CharField(_("varför punkten utgick"), max_length=300, blank=True)
    added_after_meeting = models.BooleanField(_("tillagd efter mötet"), default=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(m2m_fields=[presenters], excluded_fields=["lock_version"])

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("punkter på dagordningen")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex[:8]}-{filename}"


class Attachment(models.Model):
    """A bilaga: a document attached to a meeting or one of its items."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="attachments"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    label = models.CharField(
        _("beteckning"), max_length=60, blank=True, help_text=_('T.ex. "Bilaga 9".')
    )
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to=attachment_upload_to, max_length=400)
    size = models.PositiveBigIntegerField(_("storlek"), default=0)
    content_type = models.CharField(max_length=120, blank=True)
    text = models.TextField(
        _("text"), blank=True, editable=False, help_text=_("Texten i filen, för sökning.")
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["meeting", "label", "title"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class Attendance(models.Model):
    class Status(models.TextChoices):
        NARVARANDE = "narvarande", _("Närvarande")
        DEL_AV_MOTET = "del_av_motet", _("Del av mötet")
        FRANVARANDE = "franvarande", _("Frånvarande")
        ADJUNGERAD = "adjungerad", _("Adjungerad")
        FOREDRAGANDE = "foredragande", _("Föredragande")
        GAST = "gast", _("Gäst")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(
        _("namn"), max_length=200, blank=True, help_text=_("När personen inte finns i registret.")
    )
    status = models.CharField(
        _("närvaro"), max_length=20, choices=Status.choices, default=Status.NARVARANDE
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="a_person_attends_a_meeting_once",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="attendance_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id and self.person else self.name


class Decision(models.Model):
    """What a body decided under an item: one "att …" clause (or a plain sentence)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punkt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions",
    )
    deciding_body = models.ForeignKey(
        Body, verbose_name=_("beslutande organ"), on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(_("beslut"), help_text=_('T.ex. "att godkänna dagordningen."'))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    commission_version = models.ForeignKey(
        CommissionVersion,
        verbose_name=_("uppdragsbeskrivning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nominering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    closed_body = models.ForeignKey(
        Body,
        verbose_name=_("avvecklat organ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closing_decisions",
    )
    document_title = models.CharField(
        _("styrdokument"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. en strategi som beslutet gäller."),
    )
    document_url = models.URLField(_("länk till styrdokumentet"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "item__order", "order", "id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=ActionItem.OPEN)

    def overdue(self, on: dt.date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def for_person(self, person: Person) -> ActionItemQuerySet:
        return self.filter(responsible_people=person)

    def for_user(self, user: User) -> ActionItemQuerySet:
        """Actions the user answers for: as a person, or as samordnare of a responsible body."""
        from kunskapsnav.accounts.models import BodyRole

        coordinated = BodyRole.objects.filter(user=user, role=BodyRole.Role.SAMORDNARE).values(
            "body_id"
        )
        # Two id lists read from the link tables' indexes, not a scan of every action joined to
        # both link tables (1.1 s at national scale).
        by_body = ActionItem.responsible_bodies.through.objects.filter(body_id__in=coordinated)
        by_person = ActionItem.responsible_people.through.objects.filter(person__user=user)
        return self.filter(
            pk__in=by_body.values("actionitem_id").union(by_person.values("actionitem_id"))
        )

    def overdue_first(self) -> ActionItemQuerySet:
        return self.order_by(models.F("due_date").asc(nulls_last=True), "created_at", "pk")

    def on_follow_up_of(self, meeting: Meeting) -> ActionItemQuerySet:
        """The actions that meeting follows up: its body's actions from earlier meetings that
        were still open when it met, or that were closed at it."""
        earlier = Q(meeting__isnull=True, created_at__date__lt=meeting.date) | Q(
            meeting__date__lt=meeting.date
        )
        still_open = (
            Q(status__in=ActionItem.OPEN) | Q(closed_on__gte=meeting.date) | Q(closed_in=meeting)
        )
        return self.filter(body=meeting.body).filter(earlier).filter(still_open)


class ActionItem(models.Model):
    """Work handed out by a body, followed up at its meetings until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klar")
        CANCELLED = "cancelled", _("Avbruten")

    OPEN = (Status.OPEN, Status.IN_PROGRESS)

    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        on_delete=models.PROTECT,
        related_name="actions",
        help_text=_("Organet som följer upp åtgärden."),
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("möte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Mötet där åtgärden beslutades."),
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    text = models.TextField(_("åtgärd"))
    responsible_people = models.ManyToManyField(
        Person, verbose_name=_("ansvariga personer"), blank=True, related_name="actions"
    )
    responsible_bodies = models.ManyToManyField(
        Body, verbose_name=_("ansvariga organ"), blank=True, related_name="responsible_for"
    )
    responsible_text = models.CharField(
        _("ansvarig (text)"),
        max_length=300,
        blank=True,
        help_text=_('Som det står i protokollet, t.ex. "Tanja", när ingen matchning gjorts.'),
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    due_text = models.CharField(
        _("tidsperiod"), max_length=100, blank=True, help_text=_('T.ex. "under hösten".')
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closed_in = models.ForeignKey(
        Meeting,
        verbose_name=_("avslutad vid möte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_actions",
    )
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    closing_note = models.CharField(_("kommentar vid avslut"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[responsible_people, responsible_bodies])

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "created_at", "id"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress"]) | Q(closed_on__isnull=False),
                name="closed_action_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return bool(
            self.is_open
            and self.due_date is not None
            and self.due_date < (on or timezone.localdate())
        )


class Approval(models.Model):
    """A justerare's (or for minnesanteckningar the chair's or secretary's) approval of one
    revision of the minutes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="approvals"
    )
    revision = models.PositiveSmallIntegerField(_("version"))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="approvals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkänt"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "revision", "approved_at"]
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "revision", "person"],
                name="one_approval_per_person_and_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class Correction(models.Model):
    """Why approved minutes were reopened: the record of a new revision."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="corrections"
    )
    revision = models.PositiveSmallIntegerField(_("ny version"))
    reason = models.TextField(_("anledning"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "revision"]
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")

    def __str__(self) -> str:
        return f"{self.meeting}, version {self.revision}"


class SentReminder(models.Model):
    """One e-mail the reminder run sent, so that it is never sent twice."""

    class Kind(models.TextChoices):
        ACTION_DUE = "action_due", _("Åtgärd snart klar senast")
        ACTION_OVERDUE = "action_overdue", _("Åtgärd försenad")
        KALLELSE = "kallelse", _("Kallelse")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    recipient = models.EmailField()
    key = models.CharField(
        max_length=120,
        help_text="What makes this reminder unique: the action or meeting and the date it was for.",
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "key"], name="each_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
