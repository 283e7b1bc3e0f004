"""An införande around ``tests.base``: Vårdförlopp schizofreni in Region Dalarna, run by the
public LPO Barn och unga (bob samordnare, carol ledamot), with three recommendations, two units
(Psykiatrin, a unit of the region, and Falun, a kommun) and an indicator with a target.

A second införande (KOL) is run by the non-public Styrgrupp välfärdsteknik (erin ordförande):
dave and the public do not see it.
"""

from __future__ import annotations

from decimal import Decimal

from django.test import override_settings

from kunskapsnav.core.models import KunskapsstodType
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import (
    Implementation,
    ImplementationUnit,
    Indicator,
    Kunskapsstod,
    Recommendation,
)
from tests.base import BaseTestCase

URLCONF = "tests.guidance.implementation_urlconf"


def make_stod(code: str, name: str) -> Kunskapsstod:
    kind, _created = KunskapsstodType.objects.get_or_create(
        code="vardforlopp", defaults={"name": "Personcentrerat och sammanhållet vårdförlopp"}
    )
    return Kunskapsstod.objects.create(code=code, name=name, type=kind)


@override_settings(ROOT_URLCONF=URLCONF)
class ImplementationTestCase(BaseTestCase):
    stod: Kunskapsstod
    kol: Kunskapsstod
    r1: Recommendation
    r2: Recommendation
    r3: Recommendation
    implementation: Implementation
    hidden: Implementation
    psykiatri: ImplementationUnit
    falun_unit: ImplementationUnit
    indicator: Indicator

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.stod = make_stod("schizofreni", "Schizofreni")
        cls.kol = make_stod("kol", "KOL")
        cls.r1, cls.r2, cls.r3 = (
            services.add_recommendation(cls.stod, number=str(n), text=text, acting_user=None)
            for n, text in (
                (1, "Utredning påbörjas inom fastställd tid."),
                (2, "En samordnad plan upprättas."),
                (3, "Somatisk hälsa följs upp varje år."),
            )
        )
        cls.implementation = services.start_implementation(
            cls.stod, cls.dalarna, responsible_body=cls.lpo, acting_user=None
        )
        cls.psykiatri = services.add_unit(
            cls.implementation, acting_user=None, name="Psykiatrin, Region Dalarna"
        )
        cls.falun_unit = services.add_unit(cls.implementation, acting_user=None, kommun=cls.falun)
        cls.indicator = services.add_indicator(
            cls.stod,
            acting_user=None,
            name="Andel med årlig uppföljning",
            target=Decimal(80),
            unit="%",
        )
        cls.hidden = services.start_implementation(
            cls.kol, cls.dalarna, responsible_body=cls.styrgrupp, acting_user=None
        )

    def refresh(self) -> Implementation:
        return Implementation.objects.select_related(
            "kunskapsstod", "region", "responsible_body"
        ).get(pk=self.implementation.pk)
