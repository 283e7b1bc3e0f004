"""The registry's pages as each named user meets them; query counts that do not grow."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.urls import reverse

from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Membership, Nomination, Person, Seat
from tests.base import BaseTestCase
from tests.registry import factories as f


class RegistryPageTestCase(BaseTestCase):
    schnv: Body
    kommunplats: Seat
    regionplats: Seat
    anders: Person
    kim: Person
    secret_seat: Seat
    hemlig: Person
    nomination: Nomination

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.schnv = f.body(
            "Socialchefsnätverket",
            short_name="SCHNV",
            kind=Body.Kind.NATVERK,
            level=Body.Level.LANSGEMENSAM,
            region=cls.dalarna,
        )
        cls.kommunplats = f.seat(
            cls.lpo,
            "Kommunrepresentant",
            represents=Seat.Represents.KOMMUN,
            quota=4,
            quota_min=3,
            profile="socialchef, IFO, elevhälsa, förskola",
            nominating_body=cls.schnv,
        )
        cls.regionplats = f.seat(cls.lpo, "Regionrepresentant", quota=4)
        cls.anders = f.person("Anders Grawé", title="Verksamhetschef")
        services.appoint(cls.lpo, cls.anders, acting_user=None, role=Membership.Role.ORDFORANDE)
        cls.kim = f.person("Kim Kommun", email="kim@example.org")
        f.member(cls.kommunplats, cls.kim)
        cls.secret_seat = f.seat(cls.styrgrupp, "Ledamot", quota=10, unnamed_holders=8)
        cls.hemlig = f.person("Hanna Hemlig")
        f.member(cls.secret_seat, cls.hemlig)
        cls.nomination = services.request_nomination(
            cls.kommunplats, acting_user=None, deadline=dt.date(2020, 3, 1)
        )
        services.add_commission_version(cls.lpo, acting_user=None, text="Att leda arbetet.")


class BodyListTests(RegistryPageTestCase):
    def test_a_visitor_sees_public_bodies_with_their_vacancies(self) -> None:
        response = self.client.get(reverse("registry:body_list"))
        self.assertContains(response, "LPO Barn och unga")
        self.assertNotContains(response, "Styrgrupp välfärdsteknik")
        bodies = {b.name: b.vacancy_count for b in response.context["page"].object_list}
        assert bodies["LPO Barn och unga"] == 3 + 4

    def test_erin_sees_the_non_public_body_she_chairs(self) -> None:
        self.client.force_login(self.erin)
        response = self.client.get(reverse("registry:body_list"))
        self.assertContains(response, "Styrgrupp välfärdsteknik")

    def test_filters_narrow_the_list_and_htmx_gets_the_results_only(self) -> None:
        response = self.client.get(
            reverse("registry:body_list"), {"kind": "natverk"}, HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert "<html" not in html
        assert "Socialchefsnätverket" in html
        assert "LPO Barn och unga" not in html

    def test_filter_on_vacancies(self) -> None:
        response = self.client.get(reverse("registry:body_list"), {"vacancies": "nej"})
        names = [b.name for b in response.context["page"].object_list]
        assert names == ["Socialchefsnätverket"]

    def test_the_list_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        url = reverse("registry:body_list")
        # filter choices (2), count, page
        with self.assertNumQueries(4) as small:
            self.client.get(url)
        f.grow(self.dalarna, self.lpo, 10)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)


class BodyDetailTests(RegistryPageTestCase):
    def test_the_body_page_shows_seats_holders_vacancies_and_the_chair(self) -> None:
        response = self.client.get(reverse("registry:body_detail", args=[self.lpo.pk]))
        self.assertContains(response, "Anders Grawé")
        self.assertContains(response, "socialchef, IFO, elevhälsa, förskola")
        self.assertContains(response, "3–4")
        self.assertContains(response, "Kim Kommun")
        self.assertContains(response, f'href="/organ/{self.schnv.pk}/">SCHNV</a>')
        self.assertContains(response, "Försenad")
        self.assertContains(response, "Ingen version är fastställd ännu.")
        assert response.context["vacancy_total"] == 7

    def test_a_visitor_sees_no_edit_actions_and_no_email(self) -> None:
        response = self.client.get(reverse("registry:body_detail", args=[self.lpo.pk]))
        self.assertNotContains(response, reverse("registry:seat_add", args=[self.lpo.pk]))
        self.assertNotContains(response, "kim@example.org")

    def test_bob_as_samordnare_gets_the_actions(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(reverse("registry:body_detail", args=[self.lpo.pk]))
        self.assertContains(response, reverse("registry:seat_add", args=[self.lpo.pk]))
        self.assertContains(response, reverse("registry:seat_fill", args=[self.kommunplats.pk]))

    def test_carol_as_ledamot_reads_but_gets_no_actions(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.get(reverse("registry:body_detail", args=[self.lpo.pk]))
        self.assertNotContains(response, reverse("registry:seat_add", args=[self.lpo.pk]))

    def test_a_non_public_body_is_not_found_for_outsiders(self) -> None:
        url = reverse("registry:body_detail", args=[self.styrgrupp.pk])
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.dave)
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.erin)
        response = self.client.get(url)
        self.assertContains(response, "8 utsedda, namn saknas")
        self.assertContains(response, "Hanna Hemlig")

    def test_the_body_page_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        url = reverse("registry:body_detail", args=[self.lpo.pk])
        self.client.force_login(self.bob)
        self.client.get(url)
        with self.assertNumQueries(14) as small:
            self.client.get(url)
        f.grow(self.dalarna, self.lpo, 10)
        for i in range(10):
            services.appoint(self.lpo, f.person(f"Extra {i}"), acting_user=None)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)


class PersonPageTests(RegistryPageTestCase):
    def test_a_person_page_lists_current_assignments(self) -> None:
        response = self.client.get(reverse("registry:person_detail", args=[self.anders.pk]))
        self.assertContains(response, "LPO Barn och unga")
        self.assertContains(response, "Ordförande")

    def test_assignments_in_a_non_public_body_stay_hidden_from_outsiders(self) -> None:
        url = reverse("registry:person_detail", args=[self.hemlig.pk])
        self.assertNotContains(self.client.get(url), "Styrgrupp välfärdsteknik")
        self.client.force_login(self.erin)
        self.assertContains(self.client.get(url), "Styrgrupp välfärdsteknik")

    def test_email_is_shown_only_to_logged_in_users(self) -> None:
        url = reverse("registry:person_detail", args=[self.kim.pk])
        self.assertNotContains(self.client.get(url), "kim@example.org")
        self.client.force_login(self.dave)
        self.assertContains(self.client.get(url), "kim@example.org")


class OrgChartTests(RegistryPageTestCase):
    def test_the_chart_nests_bodies_under_their_parent_with_vacancies(self) -> None:
        lag = f.body("LAG BHV", parent=self.lpo, region=self.dalarna, kind=Body.Kind.LAG)
        f.seat(lag, "Adjungerad från kommunen", seat_type=Seat.SeatType.ADJUNGERAD)
        response = self.client.get(reverse("registry:org_chart_region", args=["20"]))
        html = response.content.decode()
        assert html.index("LPO Barn och unga") < html.index("LAG BHV")
        self.assertContains(response, "1 vakans")
        self.assertNotContains(response, "Styrgrupp välfärdsteknik")

    def test_the_chart_without_region_goes_to_a_region_with_bodies(self) -> None:
        response = self.client.get(reverse("registry:org_chart"))
        assert response.status_code == 302
        assert response["Location"] == reverse("registry:org_chart_region", args=["20"])

    def test_an_unknown_region_is_not_found(self) -> None:
        assert self.client.get(reverse("registry:org_chart_region", args=["99"])).status_code == 404

    def test_the_chart_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        url = reverse("registry:org_chart_region", args=["20"])
        with self.assertNumQueries(3) as small:
            self.client.get(url)
        f.grow(self.dalarna, self.lpo, 10)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)


class VacancyPageTests(RegistryPageTestCase):
    def test_every_empty_place_is_listed_with_who_nominates(self) -> None:
        response = self.client.get(reverse("registry:vacancy_list"))
        rows = response.context["page"].object_list
        by_title = {row.seat.title: row for row in rows}
        assert by_title["Kommunrepresentant"].places == 3
        assert by_title["Kommunrepresentant"].nominator == "Socialchefsnätverket"
        assert by_title["Regionrepresentant"].places == 4
        self.assertNotContains(response, "Styrgrupp välfärdsteknik")
        self.assertContains(response, "Försenad")

    def test_the_vacancy_list_is_paged_and_keeps_the_region_filter(self) -> None:
        with mock.patch("kunskapsnav.registry.views.VACANCIES_PER_PAGE", 1):
            first = self.client.get(reverse("registry:vacancy_list"), {"region": "20"})
            second = self.client.get(
                reverse("registry:vacancy_list"), {"region": "20", "sida": "2"}
            )
        assert len(first.context["page"].object_list) == 1
        self.assertContains(first, "region=20&amp;sida=2")
        assert first.context["page"][0] != second.context["page"][0]
        # The total counts every vacant place, not only those on the page.
        assert first.context["total"] == second.context["total"] > 1

    def test_vacancies_export_to_csv_and_xlsx(self) -> None:
        csv = self.client.get(reverse("registry:vacancy_export", args=["csv"]))
        assert csv["Content-Type"].startswith("text/csv")
        text = csv.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Organ;Region;Plats")
        assert "LPO Barn och unga;Region Dalarna;Kommunrepresentant" in text
        xlsx = self.client.get(reverse("registry:vacancy_export", args=["xlsx"]))
        assert xlsx.content[:2] == b"PK"
        assert "attachment" in xlsx["Content-Disposition"]
        assert self.client.get("/vakanser.pdf").status_code == 404

    def test_the_vacancy_page_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        url = reverse("registry:vacancy_list")
        # seats with counts, their open nominations, the region filter
        with self.assertNumQueries(3) as small:
            self.client.get(url)
        f.grow(self.dalarna, self.lpo, 10)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)
