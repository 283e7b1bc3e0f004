"""The read endpoints take as many queries with ten times the data as with the fixture's.

Each count is measured on the fixture, the registry is grown tenfold (bodies, seats, holders,
past members, nominations, commission versions, memberships of one person), and the same
request must then take exactly as many queries. Callers: anonymous, bob with a token (his roles
are read once) and erin through a browser session.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Membership, Seat
from tests.api.base import API, ApiTestCase, fill, make_body, make_person, make_seat
from tests.base import LoginClient

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

GROWTH = 10


class QueryCountTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.erin_browser = LoginClient()
        self.erin_browser.force_login(self.erin)

    def grow(self) -> None:
        """Ten times more of everything the read endpoints show."""
        for i in range(GROWTH):
            for public in (True, False):
                child = make_body(
                    f"LAG {i} {'öppen' if public else 'sluten'}",
                    kind=Body.Kind.LAG,
                    parent=self.lpo,
                    region=self.dalarna,
                    programme_area=self.programme_area,
                    is_public=public,
                )
                seat = make_seat(child, "Representant", quota=2, nominating_body=self.schnv)
                fill(seat, self.per)
                services.request_nomination(seat, acting_user=None)
                services.add_commission_version(child, acting_user=None, text="Uppdrag")
            seat = make_seat(self.lpo, f"Plats {i}", quota=3, nominating_body=self.styrgrupp)
            holder = make_person(f"Ledamot {i}", organisation=self.region_dalarna)
            fill(seat, holder, role=Membership.Role.LEDAMOT)
            past = make_person(f"Tidigare {i}")
            fill(seat, past, start_on=dt.date(2020, 1, 1), end_on=dt.date(2020, 12, 31))
            services.request_nomination(seat, acting_user=None)
            services.add_commission_version(self.lpo, acting_user=None, text=f"Utkast {i}")
            make_seat(self.styrgrupp, f"Styrgruppsplats {i}")

    def queries_for(self, path: str, caller: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.request(path, caller)
        assert response.status_code == 200, response.content
        return len(queries)

    def request(self, path: str, caller: str) -> Response:
        if caller == "erin (session)":
            return self.erin_browser.get(API + path)
        return self.get(path, caller)

    def assert_same_queries_after_growth(self, path: str) -> dict[str, int]:
        callers = ("anonymous", "bob", "erin (session)")
        self.get("/bodies", "bob")  # the token's first use of the minute is noted once
        before = {caller: self.queries_for(path, caller) for caller in callers}
        self.grow()
        for caller in callers:
            with self.subTest(caller=caller), self.assertNumQueries(before[caller]):
                self.request(path, caller)
        return before

    def test_body_list_takes_the_same_queries_with_ten_times_the_bodies(self) -> None:
        counts = self.assert_same_queries_after_growth("/bodies?limit=500")
        # The count and the page; a token adds its lookup and the caller's roles, a session
        # its session and user and the roles.
        assert counts == {"anonymous": 2, "bob": 4, "erin (session)": 5}
        assert self.get("/bodies", limit="500").json()["count"] == 4 + GROWTH

    def test_body_detail_takes_the_same_queries_with_ten_times_the_seats(self) -> None:
        self.assert_same_queries_after_growth(f"/bodies/{self.lpo.pk}")
        data = self.get(f"/bodies/{self.lpo.pk}", "bob").json()
        assert len(data["seats"]) == 2 + GROWTH
        assert (
            len(data["sub_bodies"]) == 1 + GROWTH
        )  # the public ones; bob has no role in the others

    def test_vacancies_take_the_same_queries_with_ten_times_the_vacancies(self) -> None:
        self.assert_same_queries_after_growth("/vacancies")
        assert self.get("/vacancies", limit="500").json()["count"] == 3 + 2 * GROWTH

    def test_person_takes_the_same_queries_with_ten_times_the_memberships(self) -> None:
        self.assert_same_queries_after_growth(f"/people/{self.per.pk}")
        assert len(self.get(f"/people/{self.per.pk}").json()["memberships"]) == 1 + GROWTH
        assert Seat.objects.filter(memberships__person=self.per).count() == 2 + 2 * GROWTH
