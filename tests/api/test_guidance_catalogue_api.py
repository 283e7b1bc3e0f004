"""``/api/v1/kunskapsstod`` and ``/api/v1/remisser``: the catalogue is public; a remiss is seen
with its coordinating body, its synpunkter and draft remissvar only by those who work on it."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunskapsnav.accounts.models import User
from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.guidance import remiss
from kunskapsnav.guidance.models import Kunskapsstod
from tests.guidance.remiss_base import RemissTestCase

API = "/api/v1"
D = dt.date


class CatalogueApiTests(RemissTestCase):
    def setUp(self) -> None:
        (self.from_rehab,) = remiss.request_contributions(
            self.assignment, acting_user=None, bodies=[self.rehab], kommuner=[]
        )
        remiss.submit_contribution(self.from_rehab, acting_user=None, text="Hemlig synpunkt.")
        section = self.assignment.sections.first()
        assert section is not None
        remiss.update_section(section, acting_user=None, text="Utkast.")
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        self.hidden = remiss.assign_round(
            round, region=self.dalarna, coordinating_body=self.styrgrupp, acting_user=None
        )

    def get(self, path: str, user: User | None = None, **params: str | int) -> dict[str, object]:
        headers = {}
        if user is not None:
            headers["Authorization"] = (
                f"Bearer {create_api_token(user, 'test', acting_user=user)[1]}"
            )
        response = self.client.get(f"{API}{path}", params, headers=headers)
        self.last_status = response.status_code
        data: dict[str, object] = response.json()
        return data

    def test_anyone_lists_the_catalogue_with_filters(self) -> None:
        Kunskapsstod.objects.create(code="kol", name="KOL", type=self.vardforlopp)
        data = self.get("/kunskapsstod")
        assert self.last_status == 200
        assert data["count"] == 2
        items = data["items"]
        assert isinstance(items, list)
        assert items[0]["code"] == "kol"
        tbi = items[1]
        assert tbi["type"] == {"code": "vardforlopp", "name": self.vardforlopp.name}
        assert tbi["programme_area"]["code"] == "nervsystemets-sjukdomar"
        assert self.get("/kunskapsstod", q="hjärnskada")["count"] == 1
        assert self.get("/kunskapsstod", status="faststalld")["count"] == 0
        assert self.get("/kunskapsstod", programme_area="nervsystemets-sjukdomar")["count"] == 1

    def test_an_unknown_status_is_422_in_swedish(self) -> None:
        data = self.get("/kunskapsstod", status="okand")
        assert self.last_status == 422
        assert data["detail"] == ["Okänd status: okand."]

    def test_one_kunskapsstod_with_lifecycle_and_the_visible_assignments(self) -> None:
        data = self.get(f"/kunskapsstod/{self.tbi.code}")
        assert self.last_status == 200
        lifecycle = data["lifecycle"]
        assert isinstance(lifecycle, list)
        assert len(lifecycle) == 16
        assert [s["code"] for s in lifecycle if s["current"]] == ["remiss"]
        rounds = data["remiss_rounds"]
        assert isinstance(rounds, list)
        by_opens = {r["opens"]: r for r in rounds}
        assert [a["id"] for a in by_opens["2022-09-15"]["assignments"]] == [self.assignment.pk]
        assert by_opens["2023-02-15"]["assignments"] == []
        erin_view = self.get(f"/kunskapsstod/{self.tbi.code}", self.erin)
        rounds = erin_view["remiss_rounds"]
        assert isinstance(rounds, list)
        assert [
            a["id"] for r in rounds for a in r["assignments"] if r["opens"] == "2023-02-15"
        ] == [self.hidden.pk]
        self.get("/kunskapsstod/finns-inte")
        assert self.last_status == 404

    def test_remisser_are_listed_with_their_coordinating_body(self) -> None:
        data = self.get("/remisser")
        assert [item["id"] for item in data["items"]] == [self.assignment.pk]  # type: ignore[attr-defined]
        data = self.get("/remisser", self.alice)
        assert data["count"] == 2
        data = self.get("/remisser", self.erin, body=self.styrgrupp.pk)
        assert [item["id"] for item in data["items"]] == [self.hidden.pk]  # type: ignore[attr-defined]
        assert self.get("/remisser", self.alice, open="false")["count"] == 0
        assert self.get("/remisser", region="20")["count"] == 1
        data = self.get("/remisser", region="99")
        assert self.last_status == 422
        assert data["detail"] == ["Det finns ingen region med koden 99."]
        self.get("/remisser", self.dave, body=self.styrgrupp.pk)
        assert self.last_status == 422

    def test_a_remiss_shows_drafts_and_synpunkter_only_to_those_who_work_on_it(self) -> None:
        public = self.get(f"/remisser/{self.assignment.pk}", self.dave)
        assert self.last_status == 200
        assert public["sections"] is None
        contributions = public["contributions"]
        assert isinstance(contributions, list)
        assert contributions[0]["text"] is None
        assert contributions[0]["body"]["name"] == "LPO Rehabilitering"
        bob = self.get(f"/remisser/{self.assignment.pk}", self.bob)
        sections = bob["sections"]
        assert isinstance(sections, list)
        assert sections[0]["text"] == "Utkast."
        contributions = bob["contributions"]
        assert isinstance(contributions, list)
        assert contributions[0]["text"] == "Hemlig synpunkt."
        frank = self.get(f"/remisser/{self.assignment.pk}", self.frank)
        contributions = frank["contributions"]
        assert isinstance(contributions, list)
        assert contributions[0]["text"] == "Hemlig synpunkt."

    def test_a_remiss_of_a_non_public_body_is_404_to_outsiders(self) -> None:
        for user in (None, self.dave, self.bob, self.carol):
            with self.subTest(user=user):
                self.get(f"/remisser/{self.hidden.pk}", user)
                assert self.last_status == 404
        self.get(f"/remisser/{self.hidden.pk}", self.erin)
        assert self.last_status == 200

    def test_the_remiss_list_query_count_does_not_grow(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(f"{API}/remisser")
            return len(queries)

        before = count()
        for n in range(10):
            round = remiss.create_round(self.tbi, acting_user=None, opens=D(2024 + n, 2, 15))
            remiss.assign_round(
                round, region=self.dalarna, coordinating_body=self.lpo, acting_user=None
            )
        assert count() == before
