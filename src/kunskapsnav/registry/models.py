"""The registry of kunskapsstyrning: organisations, people, bodies, seats, memberships,
nominations and commissions.

The shape follows Popolo (Organization, Post, Membership) and OParl (Body): a ``Body`` has
``Seat``\\s (posts with a quota), a ``Membership`` puts a ``Person`` in a body, usually in one of
its seats, for a period; a ``Nomination`` is how a seat gets its holder; a ``Commission`` is the
body's uppdragsbeskrivning, in versions.

Chair and coordinator are not stored on the body: they are the current memberships with those
roles, so they cannot disagree with the member list.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunskapsnav.core.models import Kommun, ProgrammeArea, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


def today() -> dt.date:
    return timezone.localdate()


class Organisation(models.Model):
    """A region, a kommun, an agency, a university, a company, or a unit within one of them."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        KOMMUN = "kommun", _("Kommun")
        MYNDIGHET = "myndighet", _("Statlig myndighet")
        LAROSATE = "larosate", _("Lärosäte")
        FORETAG = "foretag", _("Företag")
        FORENING = "forening", _("Förening eller intresseorganisation")
        ENHET = "enhet", _("Enhet, förvaltning eller division")
        OTHER = "other", _("Annan organisation")

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    region = models.OneToOneField(
        Region,
        verbose_name=_("region (referensdata)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
    )
    kommun = models.OneToOneField(
        Kommun,
        verbose_name=_("kommun (referensdata)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ingår i"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(kind="region"),
                name="organisation_region_row_only_for_regions",
            ),
            models.CheckConstraint(
                condition=Q(kommun__isnull=True) | Q(kind="kommun"),
                name="organisation_kommun_row_only_for_kommuner",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def with_current_memberships(self) -> PersonQuerySet:
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.current().select_related("body", "seat"),
                to_attr="current_memberships",
            )
        )


class Person(models.Model):
    """Someone who sits in, chairs, presents to or is nominated to a body.

    A person need not have a user account: most members in the seeds never log in.
    """

    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-postadress"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("arbetsgivare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("användarkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    note = models.TextField(_("anteckning"), blank=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", args=[self.pk])


class BodyQuerySet(models.QuerySet["Body"]):
    def visible_to(self, user: User | AnonymousUser) -> BodyQuerySet:
        """The bodies ``user`` may see: public ones, those they hold a role in, all for admins."""
        if user.is_authenticated and user.is_systemforvaltare:
            return self
        if not user.is_authenticated:
            return self.filter(is_public=True)
        from kunskapsnav.accounts.models import BodyRole

        return self.filter(
            Q(is_public=True) | Q(pk__in=BodyRole.objects.filter(user=user).values("body_id"))
        )

    def active(self) -> BodyQuerySet:
        return self.exclude(status=Body.Status.AVVECKLAD)


class Body(models.Model):
    """A body (organ): NPO, RPO, LPO, LAG, a network, a styrgrupp, a council."""

    class Kind(models.TextChoices):
        NPO = "npo", _("Nationellt programområde (NPO)")
        NAG = "nag", _("Nationell arbetsgrupp (NAG)")
        NSG = "nsg", _("Nationell samverkansgrupp (NSG)")
        RPO = "rpo", _("Regionalt programområde (RPO)")
        RAG = "rag", _("Regional arbetsgrupp (RAG)")
        LPO = "lpo", _("Lokalt programområde (LPO)")
        LAG = "lag", _("Lokal arbetsgrupp (LAG)")
        NATVERK = "natverk", _("Nätverk")
        STYRGRUPP = "styrgrupp", _("Styrgrupp")
        ARBETSGRUPP = "arbetsgrupp", _("Arbetsgrupp")
        RAD = "rad", _("Råd")
        OTHER = "other", _("Annat organ")

    class Level(models.TextChoices):
        NATIONELL = "nationell", _("Nationell")
        SJUKVARDSREGIONAL = "sjukvardsregional", _("Sjukvårdsregional")
        REGIONAL = "regional", _("Regional")
        LANSGEMENSAM = "lansgemensam", _("Länsgemensam")
        KOMMUNAL = "kommunal", _("Kommunal")

    class Status(models.TextChoices):
        PLANERAD = "planerad", _("Planerad")
        UNDER_INRATTANDE = "under_inrattande", _("Under inrättande")
        AKTIV = "aktiv", _("Aktiv")
        AVVECKLAD = "avvecklad", _("Avvecklad")

    #: The order in which levels are drawn in the organisation chart, top down.
    LEVEL_ORDER = [
        Level.NATIONELL,
        Level.SJUKVARDSREGIONAL,
        Level.REGIONAL,
        Level.LANSGEMENSAM,
        Level.KOMMUNAL,
    ]

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AKTIV
    )
    purpose = models.TextField(
        _("syfte"), blank=True, help_text=_("Kort om vad organet är till för.")
    )
    programme_area = models.ForeignKey(
        ProgrammeArea,
        verbose_name=_("programområde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        help_text=_("Regionen (länet) som organet hör till; tomt för nationella organ."),
    )
    sjukvardsregion = models.ForeignKey(
        "core.Sjukvardsregion",
        verbose_name=_("sjukvårdsregion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    owners = models.ManyToManyField(
        Organisation,
        verbose_name=_("huvudmän"),
        blank=True,
        related_name="owned_bodies",
        help_text=_("Organisationerna som driver organet, t.ex. regionen och länets kommuner."),
    )
    planned_on = models.DateField(_("planerat"), null=True, blank=True)
    established_on = models.DateField(_("inrättat"), null=True, blank=True)
    closed_on = models.DateField(_("avvecklat"), null=True, blank=True)
    is_public = models.BooleanField(
        _("offentligt"),
        default=True,
        help_text=_(
            "Offentliga organ, deras ledamöter och publicerade protokoll visas i portalen."
        ),
    )
    history = HistoricalRecords(m2m_fields=[owners])

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="body_is_not_its_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(closed_on__gte=models.F("established_on")),
                name="body_closes_after_it_is_established",
            ),
            models.CheckConstraint(
                condition=~Q(status="avvecklad") | Q(closed_on__isnull=False),
                name="closed_body_has_a_closing_date",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "level"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:body_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.parent_id is not None and self.pk is not None:
            ancestor = self.parent
            seen: set[int] = set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("Ett organ kan inte ligga under sig självt.")}
                    )
                seen.add(ancestor.pk)
                ancestor = ancestor.parent

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.AVVECKLAD

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class SeatQuerySet(models.QuerySet["Seat"]):
    def open(self) -> SeatQuerySet:
        return self.filter(closed_on__isnull=True)

    def with_holders(self, on: dt.date | None = None) -> SeatQuerySet:
        """Seats with ``current_holders`` (memberships on ``on``, default today) prefetched."""
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.current(on).select_related(
                    "person", "person__organisation"
                ),
                to_attr="current_holders",
            )
        )


class Seat(models.Model):
    """A post in a body with a quota: "3–4 kommunrepresentanter (socialchef, IFO, …)"."""

    class Represents(models.TextChoices):
        REGION = "region", _("Regionen")
        KOMMUN = "kommun", _("Kommunerna")
        BADA = "bada", _("Båda huvudmännen")
        LAROSATE = "larosate", _("Lärosäte")
        NARINGSLIV = "naringsliv", _("Näringsliv")
        BRUKARE = "brukare", _("Patient, brukare eller närstående")
        OTHER = "other", _("Annan")

    class SeatType(models.TextChoices):
        ORDINARIE = "ordinarie", _("Ordinarie")
        ADJUNGERAD = "adjungerad", _("Adjungerad")
        ERSATTARE = "ersattare", _("Ersättare")

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="seats"
    )
    title = models.CharField(
        _("benämning"),
        max_length=200,
        help_text=_('T.ex. "Kommunrepresentant" eller "Representant för primärvården".'),
    )
    profile = models.CharField(
        _("profil"),
        max_length=300,
        blank=True,
        help_text=_('Vilken kompetens eller funktion platsen ska ha, t.ex. "IFO-chef".'),
    )
    represents = models.CharField(
        _("företräder"), max_length=20, choices=Represents.choices, default=Represents.REGION
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text=_("Om platsen tillhör en bestämd organisation, t.ex. Högskolan Dalarna."),
    )
    seat_type = models.CharField(
        _("typ av plats"), max_length=20, choices=SeatType.choices, default=SeatType.ORDINARIE
    )
    quota = models.PositiveSmallIntegerField(
        _("antal platser"), default=1, help_text=_("Högsta antal samtidiga innehavare.")
    )
    quota_min = models.PositiveSmallIntegerField(
        _("minst"),
        null=True,
        blank=True,
        help_text=_("När antalet anges som ett spann (3–4): det lägsta antalet."),
    )
    unnamed_holders = models.PositiveSmallIntegerField(
        _("tillsatta utan namn"),
        default=0,
        help_text=_(
            "Platser som är tillsatta men vars innehavare inte finns i registret, t.ex. när "
            "ett protokoll bara säger att ledamöterna är utsedda."
        ),
    )
    nominating_body = models.ForeignKey(
        Body,
        verbose_name=_("nomineras av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominates_to",
        help_text=_("Organet som nominerar till platsen, t.ex. Socialchefsnätverket."),
    )
    nominating_note = models.CharField(
        _("nomineras av (annan)"),
        max_length=200,
        blank=True,
        help_text=_('När den som utser inte är ett organ, t.ex. "primärvårdsledningen".'),
    )
    opened_on = models.DateField(_("inrättad"), default=today)
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["body", "order", "id"]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        constraints = [
            models.CheckConstraint(condition=Q(quota__gte=1), name="seat_quota_at_least_one"),
            models.CheckConstraint(
                condition=Q(quota_min__isnull=True) | Q(quota_min__lte=models.F("quota")),
                name="seat_quota_min_not_above_quota",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="seat_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(unnamed_holders__lte=models.F("quota")),
                name="seat_unnamed_holders_within_quota",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.body})"

    def clean(self) -> None:
        super().clean()
        if self.body_id and self.body.is_closed and self.closed_on is None:
            raise ValidationError(_("Ett avvecklat organ kan inte ha öppna platser."))
        if self.nominating_body_id is not None and self.nominating_body_id == self.body_id:
            raise ValidationError(
                {"nominating_body": _("Ett organ nominerar inte till sina egna platser.")}
            )

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def quota_label(self) -> str:
        if self.quota_min is not None and self.quota_min != self.quota:
            return f"{self.quota_min}–{self.quota}"
        return str(self.quota)

    def holders(self) -> list[Membership]:
        """Current holders; uses the ``with_holders`` prefetch when present."""
        prefetched: list[Membership] | None = getattr(self, "current_holders", None)
        if prefetched is not None:
            return prefetched
        return list(Membership.objects.current().filter(seat=self).select_related("person"))

    @property
    def filled(self) -> int:
        """Holders today: named memberships plus those known only as a number."""
        return len(self.holders()) + self.unnamed_holders

    @property
    def vacancies(self) -> int:
        """Places not filled today (0 for a closed seat)."""
        if not self.is_open:
            return 0
        return max(self.quota - self.filled, 0)

    @property
    def required_vacancies(self) -> int:
        """Places that must be filled to reach the lower bound of the quota."""
        if not self.is_open:
            return 0
        return max((self.quota_min or self.quota) - self.filled, 0)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Memberships running on ``on`` (default: today)."""
        day = on or today()
        return self.filter(Q(start_on__isnull=True) | Q(start_on__lte=day)).filter(
            Q(end_on__isnull=True) | Q(end_on__gte=day)
        )

    def overlapping(self, start: dt.date | None, end: dt.date | None) -> MembershipQuerySet:
        """Memberships whose period shares at least one day with [start, end]."""
        qs = self
        if end is not None:
            qs = qs.filter(Q(start_on__isnull=True) | Q(start_on__lte=end))
        if start is not None:
            qs = qs.filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        return qs


class Membership(models.Model):
    """A person in a body, usually in one of its seats, for a period, in a role."""

    class Role(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        VICE_ORDFORANDE = "vice_ordforande", _("Vice ordförande")
        LEDAMOT = "ledamot", _("Ledamot")
        ERSATTARE = "ersattare", _("Ersättare")
        ADJUNGERAD = "adjungerad", _("Adjungerad")
        SEKRETERARE = "sekreterare", _("Sekreterare")
        PROCESSLEDARE = "processledare", _("Processledare")
        SAMORDNARE = "samordnare", _("Samordnare")

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="memberships"
    )
    seat = models.ForeignKey(
        Seat,
        verbose_name=_("plats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.LEDAMOT)
    representing = models.ForeignKey(
        Organisation,
        verbose_name=_("företräder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="representatives",
    )
    start_on = models.DateField(_("från"), null=True, blank=True)
    end_on = models.DateField(_("till"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "person__name"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True)
                | Q(start_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="membership_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "end_on"]),
            models.Index(fields=["seat", "end_on"]),
            models.Index(fields=["person", "end_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    def is_current(self, on: dt.date | None = None) -> bool:
        day = on or today()
        return (self.start_on is None or self.start_on <= day) and (
            self.end_on is None or self.end_on >= day
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("Slutdatum kan inte ligga före startdatum.")
        if self.seat_id is not None and self.body_id is not None:
            seat = self.seat
            assert seat is not None
            if seat.body_id != self.body_id:
                errors["seat"] = _("Platsen hör till ett annat organ.")
            elif self._exceeds_quota(seat):
                errors["seat"] = _(
                    "Platsen är redan tillsatt under perioden (%(quota)s av %(quota)s)."
                ) % {"quota": seat.quota}
            elif seat.closed_on is not None and (
                self.end_on is None or self.end_on > seat.closed_on
            ):
                errors["seat"] = _("Platsen är avslutad.")
        if self.body_id is not None and self.body.is_closed and self.end_on is None:
            errors["end_on"] = _("Ett avvecklat organ kan inte ha pågående uppdrag.")
        if errors:
            raise ValidationError(errors)

    def _exceeds_quota(self, seat: Seat) -> bool:
        """Whether adding this membership would put more than the quota in the seat at once.

        The other memberships of the seat that overlap this one are swept in date order; the
        greatest number running on one day, plus this one, must not exceed the quota. The same
        person may not hold two overlapping memberships of one seat.
        """
        others = list(
            Membership.objects.filter(seat=seat)
            .exclude(pk=self.pk)
            .overlapping(self.start_on, self.end_on)
            .values_list("person_id", "start_on", "end_on")
        )
        if any(other[0] == self.person_id for other in others):
            return True
        capacity = seat.quota - seat.unnamed_holders
        if len(others) < capacity:
            return False
        events: list[tuple[dt.date, int]] = []
        for _person, start, end in others:
            events.append((max(start or dt.date.min, self.start_on or dt.date.min), 1))
            if end is not None and (self.end_on is None or end < self.end_on):
                events.append((end + dt.timedelta(days=1), -1))
        events.sort(key=lambda event: (event[0], event[1]))
        running = peak = 0
        for _day, delta in events:
            running += delta
            peak = max(peak, running)
        return peak + 1 > capacity


class Nomination(models.Model):
    """How a seat gets its holder: requested → nominated → decided (or withdrawn)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Begärd")
        NOMINATED = "nominated", _("Nominerad")
        DECIDED = "decided", _("Beslutad")
        WITHDRAWN = "withdrawn", _("Återkallad")

    seat = models.ForeignKey(
        Seat, verbose_name=_("plats"), on_delete=models.CASCADE, related_name="nominations"
    )
    nominating_body = models.ForeignKey(
        Body,
        verbose_name=_("nominerande organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_made",
    )
    deciding_body = models.ForeignKey(
        Body,
        verbose_name=_("beslutande organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_decided",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    candidate = models.ForeignKey(
        Person,
        verbose_name=_("kandidat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    requested_on = models.DateField(_("begärd"), default=today)
    deadline = models.DateField(_("svar senast"), null=True, blank=True)
    nominated_on = models.DateField(_("nominerad"), null=True, blank=True)
    decided_on = models.DateField(_("beslutad"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("uppdrag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
    )
    note = models.TextField(_("anteckning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "requested_on", "id"]
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "withdrawn"]) | Q(candidate__isnull=False),
                name="nomination_has_candidate_once_nominated",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decided_on__isnull=False),
                name="decided_nomination_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.seat} – {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.NOMINATED)

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return bool(
            self.status == self.Status.REQUESTED
            and self.deadline is not None
            and self.deadline < (on or today())
        )


class Commission(models.Model):
    """A body's uppdragsbeskrivning or uppdragsdirektiv; its text lives in versions."""

    class Kind(models.TextChoices):
        UPPDRAGSBESKRIVNING = "uppdragsbeskrivning", _("Uppdragsbeskrivning")
        UPPDRAGSDIREKTIV = "uppdragsdirektiv", _("Uppdragsdirektiv")

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="commissions"
    )
    kind = models.CharField(
        _("typ"), max_length=30, choices=Kind.choices, default=Kind.UPPDRAGSBESKRIVNING
    )
    title = models.CharField(_("rubrik"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "kind", "id"]
        verbose_name = _("uppdrag (beskrivning)")
        verbose_name_plural = _("uppdragsbeskrivningar")

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> CommissionVersion | None:
        versions: list[CommissionVersion] | None = getattr(self, "all_versions", None)
        if versions is None:
            versions = list(self.versions.all())
        approved = [v for v in versions if v.status == CommissionVersion.Status.APPROVED]
        return approved[0] if approved else None


def commission_upload_to(instance: CommissionVersion, filename: str) -> str:
    return f"commissions/{instance.commission_id}/{filename}"


class CommissionVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Fastställd")
        SUPERSEDED = "superseded", _("Ersatt")

    commission = models.ForeignKey(
        Commission, verbose_name=_("uppdrag"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(
        _("bilaga"), upload_to=commission_upload_to, blank=True, max_length=300
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        Body,
        verbose_name=_("fastställd av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_commissions",
    )
    approved_on = models.DateField(_("fastställd"), null=True, blank=True)
    created = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "-number"]
        verbose_name = _("version av uppdragsbeskrivning")
        verbose_name_plural = _("versioner av uppdragsbeskrivningar")
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "number"], name="one_version_number_per_commission"
            ),
            models.UniqueConstraint(
                fields=["commission"],
                condition=Q(status="approved"),
                name="one_approved_version_per_commission",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False),
                name="approved_version_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commission}, version {self.number}"
