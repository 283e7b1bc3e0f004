"""``/api/v1/implementations``: införanden, one with units, timeline and plan, its gap analysis."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import GapAssessment
from tests.guidance.implementation_base import ImplementationTestCase, make_stod

API = "/api/v1"


class ImplementationApiTests(ImplementationTestCase):
    def test_anonymous_callers_see_implementations_of_public_bodies(self) -> None:
        response = self.client.get(f"{API}/implementations")
        assert response.status_code == 200
        items = response.json()["items"]
        assert [i["kunskapsstod"]["code"] for i in items] == ["schizofreni"]
        item = items[0]
        assert item["region"] == {"code": "20", "name": "Region Dalarna"}
        assert item["status"] == "beslut_om_inforande"
        assert item["status_label"] == "Beslut om införande"
        assert item["responsible_body"] == {"id": self.lpo.pk, "name": "LPO Barn och unga"}
        assert item["unit_count"] == 2

    def test_erin_with_a_token_sees_the_styrgrupp_one_too(self) -> None:
        _token, secret = create_api_token(self.erin, name="test", acting_user=None)
        response = self.client.get(
            f"{API}/implementations", headers={"Authorization": f"Bearer {secret}"}
        )
        codes = {i["kunskapsstod"]["code"] for i in response.json()["items"]}
        assert codes == {"schizofreni", "kol"}

    def test_filters(self) -> None:
        self.client.force_login(self.alice)
        for query, expected in (
            ("region=20", 2),
            ("region=01", 0),
            ("kunskapsstod=kol", 1),
            ("status=infort", 0),
            ("status=beslut_om_inforande", 2),
        ):
            with self.subTest(query=query):
                response = self.client.get(f"{API}/implementations?{query}")
                assert response.json()["count"] == expected

    def test_one_implementation_with_units_timeline_and_plan(self) -> None:
        plan = services.create_action_plan(self.refresh(), acting_user=None)
        services.add_plan_action(plan, acting_user=None, text="Utbilda.", responsible_text="Ulf")
        response = self.client.get(f"{API}/implementations/{self.implementation.pk}")
        assert response.status_code == 200
        data = response.json()
        assert [u["name"] for u in data["units"]] == ["Psykiatrin, Region Dalarna", "Falun"]
        assert data["units"][1]["kommun_code"] == "2080"
        assert data["timeline"][0]["status"] == "beslut_om_inforande"
        assert data["plan"]["status"] == "utkast"
        assert data["plan"]["actions"][0]["text"] == "Utbilda."
        assert data["plan"]["actions"][0]["responsible"] == "Ulf"

    def test_a_hidden_implementation_is_404(self) -> None:
        assert self.client.get(f"{API}/implementations/{self.hidden.pk}").status_code == 404
        gap = self.client.get(f"{API}/implementations/{self.hidden.pk}/gap-analysis")
        assert gap.status_code == 404

    def test_the_gap_analysis_has_a_row_per_recommendation_and_a_cell_per_unit(self) -> None:
        services.set_assessment(
            self.falun_unit, self.r2, acting_user=None, state=GapAssessment.State.DELVIS
        )
        response = self.client.get(f"{API}/implementations/{self.implementation.pk}/gap-analysis")
        data = response.json()
        assert [row["recommendation"]["number"] for row in data["rows"]] == ["1", "2", "3"]
        cell = data["rows"][1]["cells"][1]
        assert cell == {
            "unit_id": self.falun_unit.pk,
            "state": "delvis",
            "state_label": "Delvis uppfyllt",
            "comment": "",
        }
        total = data["summary"][-1]
        assert total["unit"] == "Region Dalarna"
        assert total["counts"]["delvis"] == 1
        assert total["counts"]["ej_bedomd"] == 5

    def test_the_list_takes_as_many_queries_with_ten_times_the_data(self) -> None:
        with CaptureQueriesContext(connection) as small:
            self.client.get(f"{API}/implementations")
        for i in range(10):
            services.start_implementation(
                make_stod(f"s{i}", f"S {i}"),
                self.dalarna,
                responsible_body=self.lpo,
                acting_user=None,
            )
        with CaptureQueriesContext(connection) as large:
            self.client.get(f"{API}/implementations")
        assert len(large.captured_queries) == len(small.captured_queries)
