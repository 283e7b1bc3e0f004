"""The registry of bodies in kunskapsstyrning: who meets, at which level, for which area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunskapsnav.core.models import ProgrammeArea, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


class BodyQuerySet(models.QuerySet["Body"]):
    def visible_to(self, user: User | AnonymousUser) -> BodyQuerySet:
        """The bodies ``user`` may see: public ones, those they hold a role in, all for admins."""
        if user.is_authenticated and user.is_systemforvaltare:
            return self
        if not user.is_authenticated:
            return self.filter(is_public=True)
        return self.filter(models.Q(is_public=True) | models.Q(roles__user=user)).distinct()


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
        KOMMUNAL = "kommunal", _("Kommunal")
        LANSGEMENSAM = "lansgemensam", _("Länsgemensam")

    class Status(models.TextChoices):
        PLANERAD = "planerad", _("Planerad")
        UNDER_INRATTANDE = "under_inrattande", _("Under inrättande")
        AKTIV = "aktiv", _("Aktiv")
        AVVECKLAD = "avvecklad", _("Avvecklad")

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AKTIV
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
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat organ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_public = models.BooleanField(
        _("offentligt"),
        default=True,
        help_text=_(
            "Offentliga organ, deras ledamöter och publicerade protokoll visas i portalen."
        ),
    )
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="body_is_not_its_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name
