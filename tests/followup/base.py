"""A country-sized stage for follow-up tests: 21 regions and 26 programme areas."""

from __future__ import annotations

from django.test import override_settings
from django.test.utils import modify_settings

from kunskapsnav.core.models import KunskapsstodType, ProgrammeArea, Region, Sjukvardsregion
from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase
from tests.registry import factories as f

URLCONF = "tests.followup.urlconf"


@modify_settings(INSTALLED_APPS={"append": "kunskapsnav.followup"})
@override_settings(ROOT_URLCONF=URLCONF)
class FollowupTestCase(BaseTestCase):
    norr: Sjukvardsregion
    regions: list[Region]
    areas: list[ProgrammeArea]
    barn: ProgrammeArea
    rad: ProgrammeArea
    vardforlopp: KunskapsstodType

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.norr = Sjukvardsregion.objects.create(
            code="norr", name="Norra sjukvårdsregionen", order=1
        )
        cls.regions = [cls.dalarna]
        for n in range(1, 26):
            code = f"{n:02d}"
            if code == "20" or len(cls.regions) == 21:
                continue
            cls.regions.append(
                Region.objects.create(
                    code=code,
                    name=f"Region {code}",
                    short_name=f"R{code}",
                    lan_name=f"Län {code}",
                    sjukvardsregion=cls.norr if n >= 17 else cls.mellansverige,
                )
            )
        cls.areas = [
            ProgrammeArea.objects.create(
                code=f"npo-{n:02d}",
                kind=ProgrammeArea.Kind.NPO,
                name=f"Programområde {n:02d}",
                full_name=f"Nationellt programområde {n:02d}",
            )
            for n in range(1, 26)
        ]
        cls.barn = ProgrammeArea.objects.get(code="npo-01")
        cls.rad = ProgrammeArea.objects.create(
            code="primarvard",
            kind=ProgrammeArea.Kind.RAD,
            name="Primärvård",
            full_name="Nationellt primärvårdsråd",
        )
        ProgrammeArea.objects.create(
            code="nsg-x", kind=ProgrammeArea.Kind.NSG, name="NSG X", full_name="NSG X"
        )
        cls.vardforlopp = KunskapsstodType.objects.create(code="vardforlopp", name="Vårdförlopp")


def lpo(area: ProgrammeArea, region: Region, **fields: object) -> Body:
    fields.setdefault("status", Body.Status.AKTIV)
    return f.body(f"LPO {area.name} {region.code}", programme_area=area, region=region, **fields)
