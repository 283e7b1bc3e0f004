"""The body list as CSV and XLSX: the page's filters, only the bodies the user may see."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import openpyxl
from django.urls import reverse

from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase
from tests.registry import factories as f

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def csv_rows(response: Response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]


def xlsx_rows(response: Response) -> list[tuple[object, ...]]:
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]


class BodyExportTests(BaseTestCase):
    lag: Body

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lag = f.body(
            "LAG Barnhälsa", parent=cls.lpo, region=cls.dalarna, kind=Body.Kind.LAG, short_name="BH"
        )
        f.seat(cls.lag, "Regionrepresentant", quota=2)

    def test_xlsx_holds_a_row_per_body_with_its_columns(self) -> None:
        self.client.force_login(self.alice)
        rows = xlsx_rows(self.client.get(reverse("registry:body_export", args=["xlsx"])))
        assert rows[0] == (
            "Namn",
            "Kortnamn",
            "Typ",
            "Nivå",
            "Status",
            "Region",
            "Programområde",
            "Överordnat organ",
            "Offentligt",
            "Vakanta platser",
        )
        by_name = {row[0]: row for row in rows[1:]}
        assert set(by_name) == {"LAG Barnhälsa", "LPO Barn och unga", "Styrgrupp välfärdsteknik"}
        lag = by_name["LAG Barnhälsa"]
        assert lag[1] == "BH"
        assert lag[5] == "Region Dalarna"
        assert lag[7] == "LPO Barn och unga"
        assert lag[8] == "ja"
        assert lag[9] == 2
        assert by_name["Styrgrupp välfärdsteknik"][8] == "nej"

    def test_csv_has_a_header_row_and_the_page_filters_apply(self) -> None:
        url = reverse("registry:body_export", args=["csv"])
        rows = csv_rows(self.client.get(url, {"kind": Body.Kind.LAG}))
        assert rows[0][:3] == ["Namn", "Kortnamn", "Typ"]
        assert [row[0] for row in rows[1:]] == ["LAG Barnhälsa"]
        rows = csv_rows(self.client.get(url, {"vacancies": "nej"}))
        assert [row[0] for row in rows[1:]] == ["LPO Barn och unga"]
        rows = csv_rows(self.client.get(url, {"q": "barn"}))
        assert [row[0] for row in rows[1:]] == ["LAG Barnhälsa", "LPO Barn och unga"]

    def test_the_export_holds_every_page_not_only_the_first(self) -> None:
        f.grow(self.dalarna, self.lpo, 55)
        rows = csv_rows(self.client.get(reverse("registry:body_export", args=["csv"])))
        assert len(rows) == 1 + 55 + 2

    def test_the_non_public_body_is_exported_only_to_those_who_see_it(self) -> None:
        url = reverse("registry:body_export", args=["csv"])
        for user in (None, self.dave, self.bob):
            if user is not None:
                self.client.force_login(user)
            text = self.client.get(url).content.decode("utf-8-sig")
            assert "Styrgrupp välfärdsteknik" not in text
            assert "LPO Barn och unga" in text
        self.client.force_login(self.erin)
        assert "Styrgrupp välfärdsteknik" in self.client.get(url).content.decode("utf-8-sig")

    def test_an_unknown_format_is_not_found(self) -> None:
        assert self.client.get("/organ.pdf").status_code == 404
        assert self.client.get(f"/organ/{self.lpo.pk}/").status_code == 200

    def test_the_list_page_links_to_the_export_with_its_filters(self) -> None:
        response = self.client.get(reverse("registry:body_list"), {"kind": "lag"})
        self.assertContains(response, reverse("registry:body_export", args=["xlsx"]) + "?kind=lag")
        self.assertContains(response, reverse("registry:body_export", args=["csv"]) + "?kind=lag")

    def test_the_export_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        self.client.force_login(self.dave)
        url = reverse("registry:body_export", args=["xlsx"])
        # session, user, the filter form's programme areas and regions, the bodies
        with self.assertNumQueries(5) as small:
            self.client.get(url)
        f.grow(self.dalarna, self.lpo, 10)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)
