"""The kunskapsstöd catalogue and the införande list as CSV and XLSX, with the pages' filters;
an införande run by a body the user may not see is never exported to them."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import openpyxl
from django.urls import reverse

from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from tests.guidance.implementation_base import ImplementationTestCase, make_stod
from tests.guidance.remiss_base import RemissTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def csv_rows(response: Response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]


def xlsx_rows(response: Response) -> list[tuple[object, ...]]:
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]


class CatalogueExportTests(RemissTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tbi.approved_on = dt.date(2020, 5, 1)
        cls.tbi.approved_precision = "month"
        cls.tbi.published_on = dt.date(2020, 6, 2)
        cls.tbi.link = "https://example.org/ths"
        cls.tbi.save()
        Kunskapsstod.objects.create(
            code="kol", name="KOL", type=cls.vardforlopp, status=Kunskapsstod.Status.FASTSTALLD
        )

    def url(self, fmt: str) -> str:
        return reverse("guidance:kunskapsstod_export", args=[fmt])

    def test_xlsx_holds_a_row_per_kunskapsstod_with_its_columns(self) -> None:
        rows = xlsx_rows(self.client.get(self.url("xlsx")))
        assert rows[0] == (
            "Kod",
            "Namn",
            "Typ",
            "Programområde",
            "Nationell status",
            "Fastställt",
            "Publicerat",
            "Länk",
        )
        by_code = {row[0]: row for row in rows[1:]}
        assert set(by_code) == {"kol", "traumatisk-hjarnskada"}
        tbi = by_code["traumatisk-hjarnskada"]
        assert tbi[1:4] == (
            "Traumatisk hjärnskada (THS)",
            "Personcentrerat och sammanhållet vårdförlopp",
            "Nervsystemets sjukdomar",
        )
        assert tbi[5] == "2020-05"
        assert tbi[6] == dt.datetime(2020, 6, 2)
        assert tbi[7] == "https://example.org/ths"

    def test_csv_has_a_header_row_and_the_page_filters_apply(self) -> None:
        rows = csv_rows(self.client.get(self.url("csv"), {"status": "faststalld"}))
        assert rows[0][:2] == ["Kod", "Namn"]
        assert [row[0] for row in rows[1:]] == ["kol"]
        rows = csv_rows(self.client.get(self.url("csv"), {"programme_area": self.area.code}))
        assert [row[0] for row in rows[1:]] == ["traumatisk-hjarnskada"]
        rows = csv_rows(self.client.get(self.url("csv"), {"q": "hjärnskada"}))
        assert [row[0] for row in rows[1:]] == ["traumatisk-hjarnskada"]

    def test_an_unknown_format_is_not_found(self) -> None:
        assert self.client.get("/kunskapsstod.pdf").status_code == 404

    def test_the_catalogue_links_to_the_export_with_its_filters(self) -> None:
        response = self.client.get(reverse("guidance:kunskapsstod_list"), {"q": "kol"})
        self.assertContains(response, self.url("xlsx") + "?q=kol")
        self.assertContains(response, self.url("csv") + "?q=kol")

    def test_the_export_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        with self.assertNumQueries(3) as small:  # the form's types and areas, the catalogue
            self.client.get(self.url("xlsx"))
        for n in range(10):
            Kunskapsstod.objects.create(code=f"vp-{n}", name=f"Vp {n}", type=self.vardforlopp)
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url("xlsx"))
        assert len(xlsx_rows(response)) == 1 + 2 + 10


class ImplementationExportTests(ImplementationTestCase):
    def url(self, fmt: str) -> str:
        return reverse("guidance:implementation_export", args=[fmt])

    def test_xlsx_holds_a_row_per_implementation_with_its_columns(self) -> None:
        Implementation.objects.filter(pk=self.implementation.pk).update(
            decided_on=dt.date(2023, 3, 1), started_on=dt.date(2023, 4, 1)
        )
        self.client.force_login(self.alice)
        rows = xlsx_rows(self.client.get(self.url("xlsx")))
        assert rows[0] == (
            "Kunskapsstöd",
            "Region",
            "Status",
            "Ansvarigt organ",
            "Beslut om införande",
            "Införandet började",
            "Infört",
            "Enheter",
        )
        by_stod = {row[0]: row for row in rows[1:]}
        assert set(by_stod) == {"KOL", "Schizofreni"}
        row = by_stod["Schizofreni"]
        assert row[1] == "Region Dalarna"
        assert row[3] == "LPO Barn och unga"
        assert row[4:7] == (dt.datetime(2023, 3, 1), dt.datetime(2023, 4, 1), None)
        assert row[7] == 2

    def test_csv_has_a_header_row_and_the_page_filters_apply(self) -> None:
        self.client.force_login(self.alice)
        rows = csv_rows(self.client.get(self.url("csv"), {"kunskapsstod": "kol"}))
        assert rows[0][:2] == ["Kunskapsstöd", "Region"]
        assert [row[0] for row in rows[1:]] == ["KOL"]
        rows = csv_rows(self.client.get(self.url("csv"), {"organ": self.lpo.pk}))
        assert [row[0] for row in rows[1:]] == ["Schizofreni"]

    def test_an_implementation_of_a_non_public_body_is_exported_only_to_those_who_see_it(
        self,
    ) -> None:
        for user in (None, self.dave, self.bob):
            if user is not None:
                self.client.force_login(user)
            rows = csv_rows(self.client.get(self.url("csv")))
            assert [row[0] for row in rows[1:]] == ["Schizofreni"]
        self.client.force_login(self.erin)
        rows = csv_rows(self.client.get(self.url("csv")))
        assert sorted(row[0] for row in rows[1:]) == ["KOL", "Schizofreni"]

    def test_an_unknown_format_is_not_found(self) -> None:
        assert self.client.get("/inforanden.pdf").status_code == 404

    def test_the_list_links_to_the_export_with_its_filters(self) -> None:
        response = self.client.get(reverse("guidance:implementation_list"), {"status": "beslut"})
        self.assertContains(response, self.url("xlsx") + "?status=beslut")
        self.assertContains(response, self.url("csv") + "?status=beslut")

    def test_the_export_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        self.client.force_login(self.bob)
        with self.assertNumQueries(6) as small:
            # session, user, the form's regions, bodies and kunskapsstöd, the införanden
            self.client.get(self.url("xlsx"))
        for n in range(10):
            stod = make_stod(f"vp-{n}", f"Vp {n}")
            implementation = services.start_implementation(
                stod, self.dalarna, responsible_body=self.lpo, acting_user=None
            )
            services.add_unit(implementation, acting_user=None, name=f"Enhet {n}")
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url("xlsx"))
        assert len(xlsx_rows(response)) == 1 + 1 + 10
