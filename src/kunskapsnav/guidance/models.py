"""National kunskapsstöd and their way into practice in each region.

The catalogue (``Kunskapsstod``) is national. A ``RemissRound`` is a national remiss period for
one version; inside a region it is routed as a ``RemissAssignment`` to one coordinating body,
which gathers ``RemissContribution``\\s and writes one consolidated remissvar in sections.

An ``Implementation`` follows one kunskapsstöd in one region, through the statuses of införande,
with its participating units (units of the region and kommuner: both huvudmän). Its gap
analysis assesses each ``Recommendation`` of the kunskapsstöd per unit (``GapAssessment``) and
records ``Finding``\\s in four dimensions; its ``ActionPlan`` turns findings into action items of
the meetings app, so they are followed up like any other action. ``Indicator``\\s and their
``Measurement``\\s are the uppföljning.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunskapsnav.core.models import Kommun, KunskapsstodType, ProgrammeArea, Region
from kunskapsnav.meetings.models import ActionItem, Decision
from kunskapsnav.registry.models import Body, Organisation, Person


class Kunskapsstod(models.Model):
    class Status(models.TextChoices):
        UNDER_UTVECKLING = "under_utveckling", _("Under utveckling")
        REMISS = "remiss", _("På remiss")
        FASTSTALLD = "faststalld", _("Fastställd")
        PUBLICERAD = "publicerad", _("Publicerad")
        UNDER_REVISION = "under_revision", _("Under revision")
        UPPHAVD = "upphavd", _("Upphävd")

    code = models.SlugField(_("kod"), max_length=80, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    full_name = models.CharField(_("fullständigt namn"), max_length=400, blank=True)
    type = models.ForeignKey(
        KunskapsstodType,
        verbose_name=_("typ"),
        on_delete=models.PROTECT,
        related_name="kunskapsstod",
    )
    programme_area = models.ForeignKey(
        ProgrammeArea,
        verbose_name=_("ägande programområde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kunskapsstod",
    )
    other_programme_areas = models.ManyToManyField(
        ProgrammeArea, verbose_name=_("andra programområden"), blank=True, related_name="+"
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("del av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    status = models.CharField(
        _("nationell status"),
        max_length=30,
        choices=Status.choices,
        default=Status.UNDER_UTVECKLING,
    )
    approved_on = models.DateField(_("fastställt"), null=True, blank=True)
    approved_precision = models.CharField(
        _("precision"),
        max_length=10,
        blank=True,
        help_text=_("day, month eller year: hur exakt fastställelsedatumet är känt."),
    )
    published_on = models.DateField(_("publicerat"), null=True, blank=True)
    link = models.URLField(_("länk"), blank=True)
    aliases = models.JSONField(_("andra namn"), default=list, blank=True)
    verified = models.BooleanField(_("verifierad"), default=True)
    sources = models.JSONField(_("källor"), default=list, blank=True)
    note = models.TextField(_("anmärkning"), blank=True)
    history = HistoricalRecords(m2m_fields=[other_programme_areas])

    class Meta:
        ordering = ["name"]
        verbose_name = _("kunskapsstöd")
        verbose_name_plural = _("kunskapsstöd")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("guidance:kunskapsstod_detail", args=[self.code])


class RemissRound(models.Model):
    """A national remiss (or synpunktsinhämtning) of one version of a kunskapsstöd."""

    class Kind(models.TextChoices):
        REMISS = "remiss", _("Remiss")
        SYNPUNKTSINHAMTNING = "synpunktsinhamtning", _("Synpunktsinhämtning")

    kunskapsstod = models.ForeignKey(
        Kunskapsstod,
        verbose_name=_("kunskapsstöd"),
        on_delete=models.CASCADE,
        related_name="remiss_rounds",
    )
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices, default=Kind.REMISS)
    version = models.CharField(_("version"), max_length=40, blank=True)
    opens = models.DateField(_("öppnar"))
    closes = models.DateField(_("stänger"))
    note = models.TextField(_("anmärkning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens"]
        verbose_name = _("remissomgång")
        verbose_name_plural = _("remissomgångar")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gte=models.F("opens")), name="remiss_closes_after_it_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kunskapsstod} – {self.get_kind_display()} {self.opens:%Y-%m-%d}"


class RemissAssignment(models.Model):
    """A remiss round inside one region: one coordinating body writes one remissvar."""

    class Status(models.TextChoices):
        MOTTAGEN = "mottagen", _("Mottagen")
        UNDER_BEREDNING = "under_beredning", _("Under beredning")
        GODKAND = "godkand", _("Godkänd")
        SKICKAD = "skickad", _("Skickad")

    round = models.ForeignKey(
        RemissRound,
        verbose_name=_("remissomgång"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="remiss_assignments",
    )
    coordinating_body = models.ForeignKey(
        Body,
        verbose_name=_("samordnande organ"),
        on_delete=models.PROTECT,
        related_name="remiss_assignments",
    )
    internal_deadline = models.DateField(_("intern svarstid"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.MOTTAGEN
    )
    approved_decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut om remissvaret"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remiss_assignments",
    )
    signatory = models.ForeignKey(
        Person,
        verbose_name=_("undertecknare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_remissvar",
    )
    approved_on = models.DateField(_("godkänt"), null=True, blank=True)
    sent_on = models.DateField(_("skickat"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round__closes", "region"]
        verbose_name = _("remiss i region")
        verbose_name_plural = _("remisser i regioner")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region"], name="one_remiss_assignment_per_region"
            ),
            models.CheckConstraint(
                condition=~Q(status="skickad") | Q(sent_on__isnull=False),
                name="sent_remissvar_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.region}"

    def get_absolute_url(self) -> str:
        return reverse("guidance:remiss_detail", args=[self.pk])


class RemissContribution(models.Model):
    """Input to a remissvar from a contributing body or kommun, by an internal deadline."""

    class Status(models.TextChoices):
        BEGARD = "begard", _("Begärd")
        INLAMNAD = "inlamnad", _("Inlämnad")
        AVSTAR = "avstar", _("Avstår")

    assignment = models.ForeignKey(
        RemissAssignment,
        verbose_name=_("remiss"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remiss_contributions",
    )
    kommun = models.ForeignKey(
        Kommun,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remiss_contributions",
    )
    deadline = models.DateField(_("svara senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BEGARD
    )
    text = models.TextField(_("synpunkter"), blank=True)
    submitted_on = models.DateField(_("inlämnad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlämnad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["assignment", "deadline", "id"]
        verbose_name = _("remissbidrag")
        verbose_name_plural = _("remissbidrag")
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=False) | Q(kommun__isnull=False),
                name="contribution_names_a_contributor",
            ),
        ]

    def __str__(self) -> str:
        return str(self.body or self.kommun)


class RemissAnswerSection(models.Model):
    """One section of the consolidated remissvar: a question of the remiss and the answer."""

    assignment = models.ForeignKey(
        RemissAssignment,
        verbose_name=_("remiss"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    heading = models.CharField(_("fråga eller avsnitt"), max_length=400)
    text = models.TextField(_("svar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assignment", "order", "id"]
        verbose_name = _("avsnitt i remissvar")
        verbose_name_plural = _("avsnitt i remissvar")

    def __str__(self) -> str:
        return self.heading


class Implementation(models.Model):
    """One kunskapsstöd in one region, from the decision on införande to uppföljning."""

    class Status(models.TextChoices):
        EJ_PABORJAD = "ej_paborjad", _("Ej påbörjad")
        BESLUT = "beslut_om_inforande", _("Beslut om införande")
        GAPANALYS = "gapanalys_pagar", _("Gapanalys pågår")
        HANDLINGSPLAN = "handlingsplan_faststalld", _("Handlingsplan fastställd")
        INFORANDE = "inforande_pagar", _("Införande pågår")
        INFORT = "infort", _("Infört")
        UPPFOLJNING = "uppfoljning", _("Uppföljning")

    #: The statuses in the order införande moves through them.
    ORDER = [value for value, _label in Status.choices]

    kunskapsstod = models.ForeignKey(
        Kunskapsstod,
        verbose_name=_("kunskapsstöd"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="implementations"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.EJ_PABORJAD
    )
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("ansvarigt organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementations",
    )
    decided_on = models.DateField(_("beslut om införande"), null=True, blank=True)
    started_on = models.DateField(_("införandet började"), null=True, blank=True)
    completed_on = models.DateField(_("infört"), null=True, blank=True)
    note = models.TextField(_("anmärkning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kunskapsstod__name", "region"]
        verbose_name = _("införande")
        verbose_name_plural = _("införanden")
        constraints = [
            models.UniqueConstraint(
                fields=["kunskapsstod", "region"], name="one_implementation_per_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kunskapsstod} i {self.region}"

    def get_absolute_url(self) -> str:
        return reverse("guidance:implementation_detail", args=[self.pk])


class ImplementationUnit(models.Model):
    """A unit that takes part in an införande: a unit of the region, or a kommun."""

    class Huvudman(models.TextChoices):
        REGION = "region", _("Regionen")
        KOMMUN = "kommun", _("Kommun")
        PRIVAT = "privat", _("Privat vårdgivare")

    implementation = models.ForeignKey(
        Implementation, verbose_name=_("införande"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("namn"), max_length=200)
    huvudman = models.CharField(_("huvudman"), max_length=20, choices=Huvudman.choices)
    kommun = models.ForeignKey(
        Kommun,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["implementation", "order", "id"]
        verbose_name = _("deltagande enhet")
        verbose_name_plural = _("deltagande enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["implementation", "name"], name="unit_names_unique_per_implementation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImplementationEvent(models.Model):
    """A dated step on an införande's timeline (a status change, a decision, a note)."""

    implementation = models.ForeignKey(
        Implementation, verbose_name=_("införande"), on_delete=models.CASCADE, related_name="events"
    )
    date = models.DateField(_("datum"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=30, choices=Implementation.Status.choices, blank=True
    )
    text = models.TextField(_("händelse"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["implementation", "date", "id"]
        verbose_name = _("händelse i införande")
        verbose_name_plural = _("händelser i införanden")

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class Recommendation(models.Model):
    """One recommendation or step of a kunskapsstöd, assessed unit by unit in a gap analysis."""

    kunskapsstod = models.ForeignKey(
        Kunskapsstod,
        verbose_name=_("kunskapsstöd"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.CharField(_("nummer"), max_length=20)
    text = models.TextField(_("rekommendation"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kunskapsstod", "order", "id"]
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")
        constraints = [
            models.UniqueConstraint(
                fields=["kunskapsstod", "number"], name="one_recommendation_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class GapAssessment(models.Model):
    """How far one unit meets one recommendation today (nuläge)."""

    class State(models.TextChoices):
        UPPFYLLT = "uppfyllt", _("Uppfyllt")
        DELVIS = "delvis", _("Delvis uppfyllt")
        EJ_UPPFYLLT = "ej_uppfyllt", _("Ej uppfyllt")
        EJ_TILLAMPLIGT = "ej_tillampligt", _("Ej tillämpligt")

    unit = models.ForeignKey(
        ImplementationUnit,
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("rekommendation"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    state = models.CharField(_("nuläge"), max_length=20, choices=State.choices, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "recommendation__order"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "recommendation"], name="one_assessment_per_unit_and_recommendation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.recommendation.number} {self.get_state_display()}"


class Finding(models.Model):
    """What the gap analysis found, in one of the four dimensions."""

    class Dimension(models.TextChoices):
        UTRUSTNING = "utrustning", _("Sjukvårdsprodukter och utrustning")
        KOMPETENS = "kompetens", _("Kunskap och kompetens")
        ARBETSORGANISATION = "arbetsorganisation", _("Arbetsorganisation")
        ARBETSSATT = "arbetssatt", _("Arbetssätt och rutiner")

    implementation = models.ForeignKey(
        Implementation,
        verbose_name=_("införande"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    unit = models.ForeignKey(
        ImplementationUnit,
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("rekommendation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
    )
    dimension = models.CharField(_("dimension"), max_length=30, choices=Dimension.choices)
    text = models.TextField(_("iakttagelse"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["implementation", "dimension", "id"]
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")

    def __str__(self) -> str:
        return self.text[:80]


class ActionPlan(models.Model):
    """The handlingsplan of an införande; approving it is a decision."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        FASTSTALLD = "faststalld", _("Fastställd")

    implementation = models.OneToOneField(
        Implementation,
        verbose_name=_("införande"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UTKAST
    )
    approved_decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("fastställd"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def __str__(self) -> str:
        return f"{_('Handlingsplan')}: {self.implementation}"


class PlanAction(models.Model):
    """An action of a handlingsplan: an action item of the meetings app, from a finding."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("handlingsplan"),
        on_delete=models.CASCADE,
        related_name="plan_actions",
    )
    action = models.OneToOneField(
        ActionItem, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="plan_action"
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("iakttagelse"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
    )

    class Meta:
        verbose_name = _("åtgärd i handlingsplan")
        verbose_name_plural = _("åtgärder i handlingsplaner")

    def __str__(self) -> str:
        return str(self.action)


class Indicator(models.Model):
    kunskapsstod = models.ForeignKey(
        Kunskapsstod,
        verbose_name=_("kunskapsstöd"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("namn"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    target = models.DecimalField(
        _("målvärde"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(
        _("enhet"), max_length=40, blank=True, help_text=_('T.ex. "%" eller "dagar".')
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kunskapsstod", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="measurements"
    )
    unit = models.ForeignKey(
        ImplementationUnit,
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
    )
    period_start = models.DateField(_("periodens början"))
    period_end = models.DateField(_("periodens slut"))
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=3)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "region", "period_start"]
        verbose_name = _("mätvärde")
        verbose_name_plural = _("mätvärden")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="measurement_period_is_ordered",
            ),
            models.UniqueConstraint(
                fields=["indicator", "region", "unit", "period_start"],
                name="one_measurement_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.period_start}: {self.value}"
