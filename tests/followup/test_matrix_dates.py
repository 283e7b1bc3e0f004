"""The maturity matrix on a past date, from dated facts, and its export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from kunskapsnav.followup.matrix import Level, maturity_matrix
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body
from kunskapsnav.registry.models import today as registry_today
from tests.followup.base import FollowupTestCase, lpo
from tests.followup.test_matrix import MATRIX_QUERIES, populate, populate_more
from tests.registry import factories as f

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime(year, month, day, 10, tzinfo=STOCKHOLM), tick=False)


def cell_on(day: dt.date, area: str = "npo-01", region: str = "20") -> object:
    return maturity_matrix(AnonymousUser(), on=day).cell(area, region)


class MatrixOnADateTests(FollowupTestCase):
    def test_an_lpo_registered_later_is_saknas_before_it(self) -> None:
        with at(2024, 3, 1):
            lpo(self.barn, self.dalarna, status=Body.Status.PLANERAD)
        assert maturity_matrix(AnonymousUser(), on=dt.date(2024, 2, 29)).cell(
            "npo-01", "20"
        ).level == (Level.SAKNAS)
        assert maturity_matrix(AnonymousUser(), on=dt.date(2024, 3, 1)).cell(
            "npo-01", "20"
        ).level == (Level.PLANERAD)

    def test_the_status_is_read_from_the_history_on_that_day(self) -> None:
        with at(2023, 1, 10):
            body = lpo(self.barn, self.dalarna, status=Body.Status.PLANERAD)
        with at(2023, 6, 1):
            services.update_body(body, acting_user=None, status=Body.Status.UNDER_INRATTANDE)
        with at(2024, 1, 15):
            services.update_body(body, acting_user=None, status=Body.Status.AKTIV)
        levels = [
            maturity_matrix(AnonymousUser(), on=day).cell("npo-01", "20").level
            for day in (dt.date(2023, 3, 1), dt.date(2023, 12, 31), dt.date(2024, 2, 1))
        ]
        assert levels == [Level.PLANERAD, Level.UNDER_INRATTANDE, Level.AKTIV]
        assert maturity_matrix(AnonymousUser()).cell("npo-01", "20").level == Level.AKTIV

    def test_without_old_history_the_dates_of_the_body_decide(self) -> None:
        lpo(
            self.barn,
            self.dalarna,
            planned_on=dt.date(2020, 5, 1),
            established_on=dt.date(2021, 2, 1),
        )
        assert maturity_matrix(AnonymousUser(), on=dt.date(2020, 4, 30)).cell(
            "npo-01", "20"
        ).level == (Level.SAKNAS)
        assert maturity_matrix(AnonymousUser(), on=dt.date(2020, 6, 1)).cell(
            "npo-01", "20"
        ).level == (Level.PLANERAD)
        assert maturity_matrix(AnonymousUser(), on=dt.date(2021, 2, 1)).cell(
            "npo-01", "20"
        ).level == (Level.AKTIV)

    def test_a_closed_lpo_shows_until_it_closed(self) -> None:
        with at(2022, 1, 1):
            body = lpo(self.barn, self.dalarna)
        with at(2024, 1, 1):
            services.close_body(body, closed_on=dt.date(2023, 12, 31), acting_user=None)
        assert maturity_matrix(AnonymousUser()).cell("npo-01", "20").level == Level.SAKNAS
        assert maturity_matrix(AnonymousUser(), on=dt.date(2023, 12, 30)).cell(
            "npo-01", "20"
        ).level == (Level.AKTIV)
        assert maturity_matrix(AnonymousUser(), on=dt.date(2023, 12, 31)).cell(
            "npo-01", "20"
        ).level == (Level.SAKNAS)

    def test_a_seat_filled_after_the_date_is_unfilled_on_it(self) -> None:
        with at(2022, 1, 1):
            body = lpo(self.barn, self.dalarna)
        seat = f.seat(body, "Regionrepresentant", quota=2, opened_on=dt.date(2022, 1, 1))
        f.seat(body, "Senare plats", opened_on=dt.date(2024, 6, 1))
        f.member(seat, f.person("Ann"), start=dt.date(2022, 2, 1))
        f.member(seat, f.person("Bo"), start=dt.date(2023, 9, 1))
        version = services.add_commission_version(body, acting_user=None, text="Uppdrag")
        services.approve_commission_version(
            version, acting_user=None, approved_on=dt.date(2022, 3, 1)
        )
        before = maturity_matrix(AnonymousUser(), on=dt.date(2023, 8, 31)).cell("npo-01", "20")
        assert (before.filled, before.places) == (1, 2)
        assert before.level == Level.AKTIV
        after = maturity_matrix(AnonymousUser(), on=dt.date(2023, 9, 1)).cell("npo-01", "20")
        assert (after.filled, after.places) == (2, 2)
        assert after.level == Level.KOMPLETT
        early = maturity_matrix(AnonymousUser(), on=dt.date(2022, 2, 15)).cell("npo-01", "20")
        assert not early.has_commission
        today_cell = maturity_matrix(AnonymousUser()).cell("npo-01", "20")
        assert (today_cell.filled, today_cell.places) == (2, 3)

    def test_a_superseded_commission_still_counts_for_its_time(self) -> None:
        body = lpo(self.barn, self.dalarna, established_on=dt.date(2020, 1, 1))
        first = services.add_commission_version(body, acting_user=None, text="Uppdrag 1")
        services.approve_commission_version(
            first, acting_user=None, approved_on=dt.date(2021, 1, 1)
        )
        second = services.add_commission_version(body, acting_user=None, text="Uppdrag 2")
        services.approve_commission_version(
            second, acting_user=None, approved_on=dt.date(2023, 1, 1)
        )
        assert cell_on(dt.date(2022, 1, 1)).has_commission  # type: ignore[attr-defined]
        assert not cell_on(dt.date(2020, 6, 1)).has_commission  # type: ignore[attr-defined]

    def test_lags_and_implementations_are_counted_as_they_were(self) -> None:
        with at(2022, 1, 1):
            body = lpo(self.barn, self.dalarna)
        with at(2023, 5, 1):
            f.body("LAG BHV", parent=body, region=self.dalarna, kind=Body.Kind.LAG)
        stod = Kunskapsstod.objects.create(
            code="adhd", name="ADHD", type=self.vardforlopp, programme_area=self.barn
        )
        with at(2022, 6, 1):
            impl = Implementation.objects.create(kunskapsstod=stod, region=self.dalarna)
        with at(2023, 6, 1):
            impl.status = Implementation.Status.INFORT
            impl.save()
        old = Kunskapsstod.objects.create(
            code="astma", name="Astma", type=self.vardforlopp, programme_area=self.barn
        )
        Implementation.objects.create(
            kunskapsstod=old,
            region=self.dalarna,
            status=Implementation.Status.INFORT,
            completed_on=dt.date(2021, 1, 1),
        )
        first = cell_on(dt.date(2022, 12, 31))
        assert first.lag_count == 0  # type: ignore[attr-defined]
        assert [(c.status, c.count) for c in first.implementations] == [  # type: ignore[attr-defined]
            ("ej_paborjad", 1),
            ("infort", 1),
        ]
        later = cell_on(dt.date(2023, 6, 1))
        assert later.lag_count == 1  # type: ignore[attr-defined]
        assert [(c.status, c.count) for c in later.implementations] == [("infort", 2)]  # type: ignore[attr-defined]
        assert cell_on(dt.date(2020, 1, 1)).implementations == []  # type: ignore[attr-defined]

    def test_visibility_is_todays_on_every_date(self) -> None:
        lpo(self.barn, self.dalarna, is_public=False, established_on=dt.date(2020, 1, 1))
        day = dt.date(2022, 1, 1)
        assert maturity_matrix(self.dave, on=day).cell("npo-01", "20").body is None
        assert maturity_matrix(self.alice, on=day).cell("npo-01", "20").level == Level.AKTIV

    def test_a_dated_matrix_is_a_fixed_number_of_queries_at_national_scale(self) -> None:
        day = registry_today() - dt.timedelta(days=1)
        with self.assertNumQueries(MATRIX_QUERIES):
            maturity_matrix(self.dave, on=day)
        populate(self, per_area=2)
        populate_more(self)
        # 21 regions × 26 areas; 200 LPOs with seats, holders, LAGs, commissions, införanden
        with self.assertNumQueries(MATRIX_QUERIES):
            matrix = maturity_matrix(self.dave, on=day)
        assert len(matrix.regions) * len(matrix.areas) == 21 * 26
        with self.assertNumQueries(MATRIX_QUERIES):
            matrix = maturity_matrix(self.dave, on=registry_today())
        assert sum(1 for r in matrix.rows for c in r.cells if c.body) == 200


class MatrixDatePageTests(FollowupTestCase):
    url = "/uppfoljning/mognad/"

    def test_the_page_says_which_date_it_shows(self) -> None:
        lpo(self.barn, self.dalarna, established_on=dt.date(2021, 1, 1))
        response = self.client.get(reverse("followup:matrix"), {"datum": "2020-06-01"})
        assert response.context["on"] == dt.date(2020, 6, 1)
        self.assertContains(
            response, "<h1>Mognadsmatris för lokala programområden den 2020-06-01</h1>"
        )
        self.assertContains(response, "läget den 2020-06-01")
        self.assertContains(response, '<label for="id_datum">Visa läget den</label>', html=True)
        self.assertNotContains(response, 'class="maturity-cell maturity--aktiv"')
        today_page = self.client.get(reverse("followup:matrix"))
        self.assertContains(today_page, 'class="maturity-cell maturity--aktiv"')
        self.assertContains(today_page, "Mognadsmatris för lokala programområden i dag")

    def test_a_bad_date_is_explained_in_swedish_and_today_is_shown(self) -> None:
        response = self.client.get(reverse("followup:matrix"), {"datum": "2024-13-45"})
        assert response.status_code == 200
        assert response.context["on"] is None
        self.assertContains(response, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-01.")
        self.assertContains(response, 'aria-invalid="true"')

    def test_a_future_date_is_refused_and_today_is_shown(self) -> None:
        future = registry_today() + dt.timedelta(days=3)
        response = self.client.get(reverse("followup:matrix"), {"datum": future.isoformat()})
        assert response.status_code == 200
        assert response.context["on"] is None
        self.assertContains(response, "ligger i framtiden")
        self.assertContains(response, f'max="{registry_today().isoformat()}"')

    def test_the_dated_page_is_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.dave)
        params = {"datum": "2024-01-01"}
        self.client.get(self.url, params)
        with self.assertNumQueries(9) as empty:
            self.client.get(self.url, params)
        populate(self, per_area=2)
        populate_more(self)
        with self.assertNumQueries(len(empty.captured_queries)):
            self.client.get(self.url, params)

    def test_region_goes_to_the_regions_overview(self) -> None:
        response = self.client.get(reverse("followup:matrix"), {"region": "20"})
        self.assertRedirects(response, reverse("followup:region_dashboard", args=["20"]))
        assert self.client.get(reverse("followup:matrix"), {"region": "99"}).status_code == 404


class MatrixExportTests(FollowupTestCase):
    def test_csv_has_a_row_per_cell_with_the_level_as_text(self) -> None:
        body = f.body("=HYPERLINK(evil)", programme_area=self.barn, region=self.dalarna)
        seat = f.seat(body, quota=2)
        f.member(seat, f.person("Ann"))
        response = self.client.get(
            reverse("followup:matrix_export", args=["csv"]), {"sjukvardsregion": "mellansverige"}
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(
            'attachment; filename="mognadsmatris-mellansverige-'
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][:6] == [
            "Datum",
            "Programområde",
            "Region",
            "Länskod",
            "Sjukvårdsregion",
            "Mognadsnivå",
        ]
        assert "Bemanning (%)" in rows[0]
        assert "Införanden: Infört" in rows[0]
        assert len(rows) == 1 + 26 * 17  # the regions of Mellansverige in the test stage
        dalarna = next(r for r in rows if r[1] == "Programområde 01" and r[3] == "20")
        assert dalarna[5] == "Aktiv"
        assert dalarna[6] == "'=HYPERLINK(evil)"
        assert dalarna[8:11] == ["1", "2", "50"]
        assert dalarna[11] == "nej"

    def test_xlsx_follows_the_date(self) -> None:
        lpo(self.barn, self.dalarna, established_on=dt.date(2021, 1, 1))
        url = reverse("followup:matrix_export", args=["xlsx"])
        response = self.client.get(url, {"datum": "2020-06-01"})
        assert response.status_code == 200
        assert 'mognadsmatris-2020-06-01.xlsx"' in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        dalarna = next(r for r in rows[1:] if r[1] == "Programområde 01" and r[3] == "20")
        assert dalarna[0] == dt.datetime(2020, 6, 1)
        assert dalarna[5] == "Saknas"
        later = load_workbook(io.BytesIO(self.client.get(url).content)).active
        assert later is not None
        row = next(
            r
            for r in later.iter_rows(values_only=True)
            if r[1] == "Programområde 01" and r[3] == "20"
        )
        assert row[5] == "Aktiv"

    def test_a_bad_date_or_format_is_refused(self) -> None:
        url = reverse("followup:matrix_export", args=["csv"])
        response = self.client.get(url, {"datum": "igår"})
        assert response.status_code == 400
        assert "ÅÅÅÅ-MM-DD" in response.content.decode()
        assert self.client.get("/uppfoljning/mognad/export.pdf").status_code == 404

    def test_a_non_public_lpo_is_not_exported_to_dave(self) -> None:
        f.body("Dolt LPO", programme_area=self.barn, region=self.dalarna, is_public=False)
        self.client.force_login(self.dave)
        url = reverse("followup:matrix_export", args=["csv"])
        assert "Dolt LPO" not in self.client.get(url).content.decode("utf-8-sig")
        self.client.force_login(self.alice)
        assert "Dolt LPO" in self.client.get(url).content.decode("utf-8-sig")
