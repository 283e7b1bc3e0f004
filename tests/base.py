"""Test bases with named users, so that permission tests read like sentences.

* alice is systemförvaltare: she may change anything.
* bob is samordnare of LPO Barn och unga.
* carol is ledamot of LPO Barn och unga.
* dave has an account and no role at all.
* erin is ordförande of the non-public Styrgrupp välfärdsteknik.

LPO Barn och unga is public; Styrgrupp välfärdsteknik is not.
"""

from __future__ import annotations

from typing import Any

from django.test import Client, TestCase

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.models import Kommun, Region, Sjukvardsregion
from kunskapsnav.registry.models import Body

PASSWORD = "ett-langt-testlosenord"


def make_user(email: str, full_name: str, **extra: object) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=full_name, **extra)


class LoginClient(Client):
    """The test client, logging users in through the model backend.

    django-axes must be the first authentication backend, and Django's ``force_login`` takes the
    first one unless told; axes cannot load a user, so we name the backend that can.
    """

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend or "django.contrib.auth.backends.ModelBackend")


class BaseTestCase(TestCase):
    client_class = LoginClient
    alice: User
    bob: User
    carol: User
    dave: User
    erin: User
    mellansverige: Sjukvardsregion
    dalarna: Region
    falun: Kommun
    lpo: Body
    styrgrupp: Body

    @classmethod
    def setUpTestData(cls) -> None:
        cls.mellansverige = Sjukvardsregion.objects.create(
            code="mellansverige", name="Sjukvårdsregion Mellansverige", order=2
        )
        cls.dalarna = Region.objects.create(
            code="20",
            name="Region Dalarna",
            short_name="Dalarna",
            lan_name="Dalarnas län",
            sjukvardsregion=cls.mellansverige,
        )
        cls.falun = Kommun.objects.create(
            code="2080",
            name="Falun",
            official_name="Falu kommun",
            region=cls.dalarna,
            sjukvardsregion=cls.mellansverige,
        )
        cls.lpo = Body.objects.create(
            name="LPO Barn och unga",
            kind=Body.Kind.LPO,
            level=Body.Level.REGIONAL,
            region=cls.dalarna,
            is_public=True,
        )
        cls.styrgrupp = Body.objects.create(
            name="Styrgrupp välfärdsteknik",
            kind=Body.Kind.STYRGRUPP,
            level=Body.Level.LANSGEMENSAM,
            region=cls.dalarna,
            is_public=False,
        )
        cls.alice = make_user(
            "alice@example.org", "Alice Andersson", is_systemforvaltare=True, is_staff=True
        )
        cls.bob = make_user("bob@example.org", "Bob Berg")
        cls.carol = make_user("carol@example.org", "Carol Carlsson")
        cls.dave = make_user("dave@example.org", "Dave Dahl")
        cls.erin = make_user("erin@example.org", "Erin Ek")
        BodyRole.objects.create(user=cls.bob, body=cls.lpo, role=BodyRole.Role.SAMORDNARE)
        BodyRole.objects.create(user=cls.carol, body=cls.lpo, role=BodyRole.Role.LEDAMOT)
        BodyRole.objects.create(user=cls.erin, body=cls.styrgrupp, role=BodyRole.Role.ORDFORANDE)
