"""Reference data: the geography and vocabulary of Swedish kunskapsstyrning.

Loaded idempotently from the package's ``reference_data/*.json`` by ``kunskapsnav load_reference``
and edited afterwards by a systemförvaltare. Rows are matched on their stable ``code``.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunskapsnav.core.text import swedish_sort_key


class ReferenceModel(models.Model):
    """A reference row: a stable code, whether a public source confirmed it, where it came from."""

    code = models.CharField(_("kod"), max_length=64, unique=True)
    verified = models.BooleanField(
        _("verifierad"),
        default=True,
        help_text=_("Falskt när uppgiften inte kunde bekräftas i en offentlig källa."),
    )
    sources = models.JSONField(_("källor"), default=list, blank=True)
    note = models.TextField(_("anmärkning"), blank=True)

    class Meta:
        abstract = True


class Sjukvardsregion(ReferenceModel):
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    other_names = models.JSONField(_("andra namn"), default=list, blank=True)
    cooperation_body = models.CharField(_("samverkansorgan"), max_length=300, blank=True)
    legal_basis = models.CharField(_("rättslig grund"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("sjukvårdsregion")
        verbose_name_plural = _("sjukvårdsregioner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:region_list") + f"#sjukvardsregion-{self.code}"


class Region(ReferenceModel):
    """One of the 21 regions, keyed by its SCB county code (``"20"`` is Region Dalarna)."""

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kort namn"), max_length=100)
    lan_name = models.CharField(_("län"), max_length=100)
    abbreviation = models.CharField(_("förkortning"), max_length=20, blank=True)
    sjukvardsregion = models.ForeignKey(
        Sjukvardsregion,
        verbose_name=_("sjukvårdsregion"),
        on_delete=models.PROTECT,
        related_name="regions",
        help_text=_("Den primära sjukvårdsregionen; Halland delas mellan två."),
    )
    is_kommun_with_regional_responsibility = models.BooleanField(
        _("kommun med regionalt ansvar"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.code])


class Kommun(ReferenceModel):
    """One of the 290 kommuner, keyed by its four-digit SCB code (keep the leading zero)."""

    name = models.CharField(_("namn"), max_length=100)
    official_name = models.CharField(_("officiellt namn"), max_length=150)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="kommuner"
    )
    sjukvardsregion = models.ForeignKey(
        Sjukvardsregion,
        verbose_name=_("sjukvårdsregion"),
        on_delete=models.PROTECT,
        related_name="kommuner",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{4}$"), name="kommun_code_is_four_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.region.code]) + f"#kommun-{self.code}"


class ProgrammeArea(ReferenceModel):
    """A national programme area (NPO), the primärvårdsråd, or a national samverkansgrupp."""

    class Kind(models.TextChoices):
        NPO = "npo", _("Nationellt programområde (NPO)")
        RAD = "rad", _("Nationellt primärvårdsråd")
        NSG = "nsg", _("Nationell samverkansgrupp (NSG)")
        NSG_SOCIALTJANST = "nsg-socialtjanst", _("Nationell samverkansgrupp, socialtjänst")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=200)
    full_name = models.CharField(_("fullständigt namn"), max_length=300)
    abbreviations = models.JSONField(_("förkortningar"), default=list, blank=True)
    aliases = models.JSONField(_("andra skrivningar"), default=list, blank=True)
    host = models.CharField(
        _("värdskap"),
        max_length=200,
        blank=True,
        help_text=_("Sjukvårdsregionen eller organisationen som har värdskapet, om det är känt."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("programområde")
        verbose_name_plural = _("programområden")

    def __str__(self) -> str:
        return self.name


class KunskapsstodType(ReferenceModel):
    name = models.CharField(_("namn"), max_length=200)
    producer = models.CharField(_("producent"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    audience = models.CharField(_("målgrupp"), max_length=300, blank=True)
    published_on = models.CharField(_("publiceras på"), max_length=300, blank=True)
    uses_huvudprocess = models.BooleanField(_("följer huvudprocessen"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("typ av kunskapsstöd")
        verbose_name_plural = _("typer av kunskapsstöd")

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(ReferenceModel):
    """A term or abbreviation needed to read minutes: one spelling, one definition."""

    class Category(models.TextChoices):
        SYSTEM = "system", _("Systemet för kunskapsstyrning")
        BODY = "body", _("Organ")
        ROLE = "role", _("Roll")
        MEETING = "meeting", _("Möte")
        DOCUMENT = "document", _("Dokument")
        PROCESS = "process", _("Process")
        KUNSKAPSSTOD = "kunskapsstod", _("Kunskapsstöd")
        CARE = "care", _("Vård och omsorg")
        GEOGRAPHY = "geography", _("Geografi")
        GOVERNANCE = "governance", _("Styrning")
        LAW = "law", _("Lag och förordning")
        ORGANISATION = "organisation", _("Organisation")
        IT = "it", _("IT")
        OTHER = "other", _("Övrigt")

    term = models.CharField(_("term"), max_length=200)
    abbreviation = models.CharField(_("förkortning"), max_length=50, blank=True)
    english = models.CharField(_("engelska"), max_length=300, blank=True)
    definition = models.TextField(_("definition"))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    aliases = models.JSONField(_("andra skrivningar"), default=list, blank=True)
    see_also = models.JSONField(_("se även"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = _("ordlisteterm")
        verbose_name_plural = _("ordlistan")

    def __str__(self) -> str:
        return f"{self.abbreviation} – {self.term}" if self.abbreviation else self.term

    def get_absolute_url(self) -> str:
        return reverse("core:glossary") + f"#term-{self.code}"

    @property
    def headword(self) -> str:
        """What the glossary is sorted and indexed by: the abbreviation if any, else the term."""
        return self.abbreviation or self.term

    @property
    def sort_key(self) -> tuple[tuple[int, ...], str]:
        return swedish_sort_key(self.headword)
