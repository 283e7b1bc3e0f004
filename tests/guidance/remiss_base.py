"""A small remiss world around ``tests.base``: one vårdförlopp with a round assigned in Region
Dalarna to LPO Barn och unga (bob samordnare, carol ledamot), and two more bodies:

* LPO Rehabilitering (public): asked for synpunkter; frank is its samordnare;
* Styrgrupp välfärdsteknik (from ``tests.base``, not public, erin ordförande).
"""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import KunskapsstodType, ProgrammeArea
from kunskapsnav.guidance import remiss
from kunskapsnav.guidance.models import Kunskapsstod, RemissAssignment, RemissRound
from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase, make_user

URLCONF = "tests.guidance.remiss_urlconf"


@override_settings(ROOT_URLCONF=URLCONF)
class RemissTestCase(BaseTestCase):
    vardforlopp: KunskapsstodType
    area: ProgrammeArea
    tbi: Kunskapsstod
    round: RemissRound
    assignment: RemissAssignment
    rehab: Body
    frank: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.vardforlopp = KunskapsstodType.objects.create(
            code="vardforlopp", name="Personcentrerat och sammanhållet vårdförlopp"
        )
        cls.area = ProgrammeArea.objects.create(
            code="nervsystemets-sjukdomar",
            kind=ProgrammeArea.Kind.NPO,
            name="Nervsystemets sjukdomar",
            full_name="Nervsystemets sjukdomar",
        )
        cls.tbi = Kunskapsstod.objects.create(
            code="traumatisk-hjarnskada",
            name="Traumatisk hjärnskada (THS)",
            type=cls.vardforlopp,
            programme_area=cls.area,
            status=Kunskapsstod.Status.REMISS,
        )
        cls.round = remiss.create_round(cls.tbi, acting_user=None, opens=dt.date(2022, 9, 15))
        cls.assignment = remiss.assign_round(
            cls.round, region=cls.dalarna, coordinating_body=cls.lpo, acting_user=None
        )
        cls.rehab = Body.objects.create(
            name="LPO Rehabilitering",
            kind=Body.Kind.LPO,
            level=Body.Level.REGIONAL,
            region=cls.dalarna,
            is_public=True,
        )
        cls.frank = make_user("frank@example.org", "Frank Fors")
        BodyRole.objects.create(user=cls.frank, body=cls.rehab, role=BodyRole.Role.SAMORDNARE)
