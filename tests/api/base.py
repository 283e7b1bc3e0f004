"""The API's test base: the named users of ``tests.base``, each with a token, and a small
Dalarna registry around LPO Barn och unga.

* LPO Barn och unga (public, bob samordnare, carol ledamot) has two seats: a regional one for
  two (Anna holds one place as ordförande) and a municipal one for 3–4 nominated by
  Socialchefsnätverket (Per holds one place). One nomination to it is requested, another has a
  candidate (Kim). Its uppdragsbeskrivning has an approved version 1 and a draft version 2.
* Under the LPO: LAG Barn och unga (public, one vacant seat nominated by the styrgrupp) and
  Arbetsgrupp sekretess (not public).
* Styrgrupp välfärdsteknik (not public, erin ordförande) has a seat for two that Per holds once;
  under it sits the public Arbetsgrupp välfärdsteknik.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from kunskapsnav.accounts.models import User
from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.core.models import ProgrammeArea
from kunskapsnav.registry import services
from kunskapsnav.registry.models import (
    Body,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)
from tests.base import BaseTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

API = "/api/v1"
#: The named users, and ``None`` for an anonymous caller.
CALLERS = ("anonymous", "alice", "bob", "carol", "dave", "erin")


def make_body(name: str, **fields: Any) -> Body:
    fields.setdefault("kind", Body.Kind.LPO)
    fields.setdefault("level", Body.Level.REGIONAL)
    return services.create_body(acting_user=None, name=name, **fields)


def make_seat(body: Body, title: str, **fields: Any) -> Seat:
    fields.setdefault("opened_on", dt.date(2020, 1, 1))
    return services.add_seat(body, acting_user=None, title=title, **fields)


def make_person(name: str, **fields: Any) -> Person:
    return services.create_person(acting_user=None, name=name, **fields)


def fill(seat: Seat, person: Person, **fields: Any) -> Membership:
    fields.setdefault("start_on", dt.date(2021, 1, 1))
    return services.fill_seat(seat, person, acting_user=None, **fields)


class ApiTestCase(BaseTestCase):
    programme_area: ProgrammeArea
    region_dalarna: Organisation
    schnv: Body
    lag: Body
    hidden_child: Body
    under_styrgrupp: Body
    anna: Person
    per: Person
    kim: Person
    region_seat: Seat
    kommun_seat: Seat
    lag_seat: Seat
    styrgrupp_seat: Seat
    anna_in_lpo: Membership
    per_in_lpo: Membership
    per_in_styrgrupp: Membership
    requested: Nomination
    nominated: Nomination
    approved: CommissionVersion
    draft: CommissionVersion
    keys: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.programme_area = ProgrammeArea.objects.create(
            code="barn-och-ungdomars-halsa",
            kind=ProgrammeArea.Kind.NPO,
            name="Barn och ungdomars hälsa",
            full_name="Nationellt programområde barn och ungdomars hälsa",
        )
        cls.lpo.programme_area = cls.programme_area
        cls.lpo.save()
        cls.region_dalarna = services.create_organisation(
            acting_user=None, name="Region Dalarna", kind=Organisation.Kind.REGION
        )
        cls.schnv = make_body(
            "Socialchefsnätverket",
            short_name="SCHNV",
            kind=Body.Kind.NATVERK,
            level=Body.Level.LANSGEMENSAM,
            region=cls.dalarna,
        )
        cls.lag = make_body(
            "LAG Barn och unga", kind=Body.Kind.LAG, parent=cls.lpo, region=cls.dalarna
        )
        cls.hidden_child = make_body(
            "Arbetsgrupp sekretess",
            kind=Body.Kind.ARBETSGRUPP,
            parent=cls.lpo,
            region=cls.dalarna,
            is_public=False,
        )
        cls.under_styrgrupp = make_body(
            "Arbetsgrupp välfärdsteknik",
            kind=Body.Kind.ARBETSGRUPP,
            level=Body.Level.LANSGEMENSAM,
            parent=cls.styrgrupp,
            region=cls.dalarna,
        )
        cls.anna = make_person(
            "Anna Ahl",
            title="Överläkare",
            email="anna.ahl@example.org",
            phone="023-49 00 00",
            organisation=cls.region_dalarna,
        )
        cls.per = make_person("Per Persson", title="Socialchef", email="per.persson@example.org")
        cls.kim = make_person("Kim Kandidat", title="IFO-chef")

        cls.region_seat = make_seat(cls.lpo, "Regionrepresentant", quota=2)
        cls.kommun_seat = make_seat(
            cls.lpo,
            "Kommunrepresentant",
            profile="Socialchef, IFO, elevhälsa, förskola",
            represents=Seat.Represents.KOMMUN,
            quota=4,
            quota_min=3,
            nominating_body=cls.schnv,
        )
        cls.lag_seat = make_seat(cls.lag, "Representant", nominating_body=cls.styrgrupp)
        cls.styrgrupp_seat = make_seat(cls.styrgrupp, "Kommunrepresentant", quota=2)
        cls.anna_in_lpo = fill(cls.region_seat, cls.anna, role=Membership.Role.ORDFORANDE)
        cls.per_in_lpo = fill(cls.kommun_seat, cls.per, start_on=dt.date(2022, 1, 1))
        cls.per_in_styrgrupp = fill(cls.styrgrupp_seat, cls.per)

        cls.requested = services.request_nomination(
            cls.kommun_seat, acting_user=None, deadline=dt.date(2031, 3, 1)
        )
        cls.nominated = services.record_nomination(
            services.request_nomination(
                cls.kommun_seat, acting_user=None, deadline=dt.date(2031, 6, 1)
            ),
            cls.kim,
            acting_user=None,
        )
        cls.approved = services.approve_commission_version(
            services.add_commission_version(cls.lpo, acting_user=None, text="Version 1"),
            acting_user=None,
            approved_by=cls.schnv,
        )
        cls.draft = services.add_commission_version(cls.lpo, acting_user=None, text="Version 2")

        cls.keys = {}
        for user in (cls.alice, cls.bob, cls.carol, cls.dave, cls.erin):
            _token, raw = create_api_token(user, "Tester", acting_user=user, scope="write")
            cls.keys[user.full_name.split()[0].lower()] = raw

    # --- Requests ---------------------------------------------------------------------------

    def user(self, name: str) -> User:
        user: User = getattr(self, name)
        return user

    def headers(self, caller: str | None) -> dict[str, str]:
        if caller is None or caller == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.keys[caller]}"}

    def get(self, path: str, caller: str | None = None, **params: Any) -> Response:
        return self.client.get(API + path, params, headers=self.headers(caller))

    def send(
        self, method: str, path: str, payload: dict[str, Any] | None, caller: str | None
    ) -> Response:
        call = getattr(self.client, method)
        response: Response = call(
            API + path,
            payload if payload is not None else {},
            content_type="application/json",
            headers=self.headers(caller),
        )
        return response

    def post(
        self, path: str, payload: dict[str, Any] | None = None, caller: str | None = None
    ) -> Response:
        return self.send("post", path, payload, caller)

    def patch(
        self, path: str, payload: dict[str, Any] | None = None, caller: str | None = None
    ) -> Response:
        return self.send("patch", path, payload, caller)

    def names(self, response: Response, key: str = "items") -> list[str]:
        data = response.json()
        rows = data[key] if isinstance(data, dict) else data
        return [row["name"] for row in rows]
