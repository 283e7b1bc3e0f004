"""The införande pages: who sees and changes what, the HTMX grid, uploads, and query counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kunskapsnav.guidance import gap_xlsx
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import GapAssessment, Implementation, Measurement
from tests.guidance.implementation_base import ImplementationTestCase, make_stod

State = GapAssessment.State
GROWTH = 10


class PageTests(ImplementationTestCase):
    @property
    def detail(self) -> str:
        return f"/inforanden/{self.implementation.pk}/"

    @property
    def grid(self) -> str:
        return f"/inforanden/{self.implementation.pk}/gapanalys/"

    def cell(self, unit_id: int, rec_id: int) -> str:
        return f"{self.grid}{unit_id}/{rec_id}/"

    def test_the_list_shows_what_the_caller_may_see(self) -> None:
        html = self.client.get("/inforanden/").content.decode()
        assert "Schizofreni" in html
        assert "KOL" not in html
        self.client.force_login(self.erin)
        assert "KOL" in self.client.get("/inforanden/").content.decode()

    def test_the_list_filters_by_status_and_body(self) -> None:
        html = self.client.get("/inforanden/?status=infort").content.decode()
        assert "Inga införanden matchar" in html
        html = self.client.get(f"/inforanden/?organ={self.lpo.pk}&region=20").content.decode()
        assert "Schizofreni" in html

    def test_the_implementation_page_has_steps_units_timeline_and_no_inline_style(self) -> None:
        response = self.client.get(self.detail)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'aria-current="step"' in html
        assert "Psykiatrin, Region Dalarna" in html
        assert "Införandet registrerades" in html
        assert "Andel med årlig uppföljning" in html
        assert " style=" not in html
        assert "Ändra status" not in html

    def test_a_hidden_implementation_is_404_for_dave_and_shown_to_erin(self) -> None:
        self.client.force_login(self.dave)
        assert self.client.get(f"/inforanden/{self.hidden.pk}/").status_code == 404
        self.client.force_login(self.erin)
        assert self.client.get(f"/inforanden/{self.hidden.pk}/").status_code == 200

    def test_bob_changes_the_status_through_the_form(self) -> None:
        self.client.force_login(self.bob)
        assert "Ändra status" in self.client.get(self.detail).content.decode()
        response = self.client.post(
            f"{self.detail}status/",
            {"status": "gapanalys_pagar", "date": "2024-02-01", "text": "Start"},
        )
        assert response.status_code == 302
        assert self.refresh().status == Implementation.Status.GAPANALYS

    def test_carol_gets_403_on_every_form(self) -> None:
        self.client.force_login(self.carol)
        for url in (
            f"{self.detail}status/",
            f"{self.detail}andra/",
            f"{self.detail}enheter/ny/",
            f"{self.detail}iakttagelser/ny/",
            f"{self.detail}handlingsplan/atgarder/ny/",
            f"{self.detail}matvarden/ny/",
            f"{self.detail}matvarden/importera/",
            f"{self.detail}gapanalys/importera/",
            f"{self.detail}rekommendationer/ny/",
            self.cell(self.psykiatri.pk, self.r1.pk),
        ):
            with self.subTest(url=url):
                assert self.client.get(url).status_code == 403

    def test_bob_adds_a_kommun_and_a_plan_action_through_the_forms(self) -> None:
        self.client.force_login(self.bob)
        self.client.post(
            f"{self.detail}enheter/ny/", {"name": "Primärvården", "huvudman": "region"}
        )
        assert self.implementation.units.filter(name="Primärvården").exists()
        response = self.client.post(
            f"{self.detail}handlingsplan/atgarder/ny/",
            {"text": "Utbilda personalen.", "due_date": "2030-01-01"},
        )
        assert response.status_code == 302
        html = self.client.get(self.detail).content.decode()
        assert "Utbilda personalen." in html
        assert "Fastställ handlingsplanen" in html

    def test_the_grid_has_a_labelled_select_per_cell_for_bob_only(self) -> None:
        self.client.force_login(self.bob)
        html = self.client.get(self.grid).content.decode()
        name = f"nulage-{self.psykiatri.pk}-{self.r1.pk}"
        assert f'<label for="{name}" class="visually-hidden">' in html
        assert f'hx-post="{self.cell(self.psykiatri.pk, self.r1.pk)}"' in html
        assert html.count('<select id="nulage-') == 6
        self.client.force_login(self.carol)
        assert '<select id="nulage-' not in self.client.get(self.grid).content.decode()

    def test_a_cell_saves_itself_by_htmx_and_refreshes_the_summary(self) -> None:
        self.client.force_login(self.bob)
        name = f"nulage-{self.falun_unit.pk}-{self.r2.pk}"
        response = self.client.post(
            self.cell(self.falun_unit.pk, self.r2.pk), {name: "delvis"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Sparat: Falun, rekommendation 2: Delvis uppfyllt." in html
        assert 'id="gap-summary" hx-swap-oob="true"' in html
        assessment = GapAssessment.objects.get(unit=self.falun_unit, recommendation=self.r2)
        assert assessment.state == State.DELVIS
        assert assessment.history.get().history_user == self.bob

    def test_carol_cannot_save_a_cell(self) -> None:
        self.client.force_login(self.carol)
        name = f"nulage-{self.falun_unit.pk}-{self.r2.pk}"
        response = self.client.post(
            self.cell(self.falun_unit.pk, self.r2.pk), {name: "delvis"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 403
        assert not GapAssessment.objects.exists()

    def test_without_javascript_the_whole_grid_is_saved(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            self.grid,
            {
                f"nulage-{self.psykiatri.pk}-{self.r1.pk}": "uppfyllt",
                f"nulage-{self.psykiatri.pk}-{self.r2.pk}": "",
                f"nulage-{self.falun_unit.pk}-{self.r3.pk}": "ej_uppfyllt",
            },
        )
        assert response.status_code == 302
        assert GapAssessment.objects.count() == 2

    def test_the_cell_page_saves_a_comment(self) -> None:
        self.client.force_login(self.bob)
        url = self.cell(self.psykiatri.pk, self.r3.pk)
        assert self.client.get(url).status_code == 200
        self.client.post(url, {"state": "ej_uppfyllt", "comment": "Rutin saknas"})
        assessment = GapAssessment.objects.get()
        assert (assessment.state, assessment.comment) == ("ej_uppfyllt", "Rutin saknas")

    def test_export_and_a_refused_import_through_the_pages(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(f"{self.grid[:-1]}.xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == gap_xlsx.CONTENT_TYPE
        workbook = load_workbook(io.BytesIO(response.content))
        workbook["Gapanalys"]["C3"] = "Nja"
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("gap.xlsx", buffer.getvalue())
        page = self.client.post(f"{self.grid}importera/", {"file": upload})
        assert page.status_code == 200
        assert "Gapanalys!C3: ”Nja” är inget nuläge" in page.content.decode()
        assert not GapAssessment.objects.exists()

    def test_measurements_are_imported_from_csv_through_the_page(self) -> None:
        self.client.force_login(self.bob)
        data = (
            "indikator;region;enhet;från;till;värde\n"
            "Andel med årlig uppföljning;20;;2024-01-01;2024-12-31;77\n"
        )
        upload = SimpleUploadedFile("v.csv", data.encode())
        response = self.client.post(f"{self.detail}matvarden/importera/", {"file": upload})
        assert response.status_code == 302
        assert Measurement.objects.get().value == Decimal(77)
        html = self.client.get(self.detail).content.decode()
        assert 'role="img"' in html
        assert "<caption>Andel med årlig uppföljning: värden per period" in html


class QueryCountTests(ImplementationTestCase):
    """Pages take as many queries with ten times the data."""

    def grow(self) -> None:
        implementation = self.refresh()
        units = [
            services.add_unit(implementation, acting_user=None, name=f"Enhet {i}")
            for i in range(GROWTH)
        ]
        recommendations = [
            services.add_recommendation(self.stod, number=f"1{i}", text="Rek", acting_user=None)
            for i in range(GROWTH)
        ]
        for unit in units:
            for recommendation in recommendations:
                services.set_assessment(
                    unit, recommendation, acting_user=None, state=State.DELVIS, comment="k"
                )
        plan = services.create_action_plan(implementation, acting_user=None)
        for i in range(GROWTH):
            finding = services.add_finding(
                implementation,
                acting_user=None,
                dimension="kompetens",
                text=f"F {i}",
                unit=units[i],
            )
            services.add_plan_action(plan, acting_user=None, text=f"Åtgärd {i}", finding=finding)
            services.add_event(implementation, text=f"Händelse {i}", acting_user=None)
            services.add_indicator(self.stod, acting_user=None, name=f"Indikator {i}")
            services.record_measurement(
                implementation,
                self.indicator,
                acting_user=None,
                period_start=dt.date(2010 + i, 1, 1),
                period_end=dt.date(2010 + i, 12, 31),
                value=Decimal(i),
                unit=units[i],
            )
            services.start_implementation(
                make_stod(f"stod-{i}", f"Stöd {i}"),
                self.dalarna,
                responsible_body=self.lpo,
                acting_user=None,
            )

    def seed(self) -> None:
        """One of each kind, so that "none yet" branches do not differ from "many"."""
        implementation = self.refresh()
        plan = services.create_action_plan(implementation, acting_user=None)
        finding = services.add_finding(
            implementation, acting_user=None, dimension="utrustning", text="F", unit=self.psykiatri
        )
        services.add_plan_action(plan, acting_user=None, text="Åtgärd", finding=finding)
        services.set_assessment(self.psykiatri, self.r1, acting_user=None, state=State.UPPFYLLT)
        services.record_measurement(
            implementation,
            self.indicator,
            acting_user=None,
            period_start=dt.date(2009, 1, 1),
            period_end=dt.date(2009, 12, 31),
            value=Decimal(1),
        )

    def assert_constant(self, url: str) -> int:
        self.seed()
        self.client.force_login(self.bob)
        self.client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as small:
            assert self.client.get(url).status_code == 200
        self.grow()
        with CaptureQueriesContext(connection) as large:
            assert self.client.get(url).status_code == 200
        assert len(large.captured_queries) == len(small.captured_queries), [
            q["sql"] for q in large.captured_queries
        ]
        return len(small.captured_queries)

    def test_the_list_is_constant(self) -> None:
        assert self.assert_constant("/inforanden/") == 9

    def test_the_implementation_page_is_constant(self) -> None:
        assert self.assert_constant(f"/inforanden/{self.implementation.pk}/") == 13

    def test_the_grid_is_constant(self) -> None:
        assert self.assert_constant(f"/inforanden/{self.implementation.pk}/gapanalys/") == 8
