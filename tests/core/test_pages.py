from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from kunskapsnav.core.reference import load_reference
from tests.base import BaseTestCase


class ReferencePagesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_reference()

    def test_start_page_is_swedish_and_invites_an_anonymous_visitor_to_log_in(self) -> None:
        response = self.client.get(reverse("core:start"))
        self.assertContains(response, '<html lang="sv">')
        self.assertContains(response, "Logga in")
        self.assertContains(response, "Arbetsplattformen för kunskapsstyrning")

    def test_region_list_shows_all_regions_in_a_fixed_number_of_queries(self) -> None:
        with self.assertNumQueries(2):
            response = self.client.get(reverse("core:region_list"))
        self.assertContains(response, "Region Dalarna")
        self.assertContains(response, "Sjukvårdsregion Mellansverige")
        assert len(re.findall(r'href="/regioner/\d\d/"', response.content.decode())) == 21

    def test_region_page_lists_its_kommuner_in_a_fixed_number_of_queries(self) -> None:
        with self.assertNumQueries(2):
            response = self.client.get(reverse("core:region_detail", args=["20"]))
        self.assertContains(response, "Region Dalarna")
        for name in ("Falun", "Borlänge", "Malung-Sälen", "Älvdalen"):
            self.assertContains(response, name)

    def test_halland_page_marks_kommuner_of_the_other_sjukvardsregion(self) -> None:
        response = self.client.get(reverse("core:region_detail", args=["13"]))
        self.assertContains(response, "<strong>Västra sjukvårdsregionen</strong>", html=False)

    def test_an_unknown_region_is_not_found(self) -> None:
        assert self.client.get(reverse("core:region_detail", args=["99"])).status_code == 404

    def test_programme_areas_are_grouped_by_kind(self) -> None:
        with self.assertNumQueries(1):
            response = self.client.get(reverse("core:programme_area_list"))
        self.assertContains(response, "Psykisk hälsa")
        self.assertContains(response, "Nationell samverkansgrupp (NSG)")
        self.assertContains(response, "Ej verifierad")

    def test_glossary_is_in_swedish_order_with_a_letter_index(self) -> None:
        with self.assertNumQueries(1):
            response = self.client.get(reverse("core:glossary"))
        html = response.content.decode()
        assert (
            html.index('id="letter-A"') < html.index('id="letter-V"') < html.index('id="letter-Ö"')
        )
        self.assertContains(response, '<abbr title="lokalt programområde">LPO</abbr>', html=False)
        self.assertContains(response, 'href="#letter-L"')

    def test_glossary_filter_narrows_and_htmx_gets_only_the_results(self) -> None:
        response = self.client.get(reverse("core:glossary"), {"q": "SCHNV"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "<html" not in html
        assert 'id="glossary-results"' in html
        assert "Socialchefsnätverket" in html
        assert "lokalt programområde" not in html

    def test_glossary_filter_without_match_says_what_to_do(self) -> None:
        response = self.client.get(reverse("core:glossary"), {"q": "xyzzy-ingen-träff"})
        self.assertContains(response, "Inga termer matchar filtret")

    def test_glossary_ignores_an_unknown_category(self) -> None:
        response = self.client.get(reverse("core:glossary"), {"kategori": "<script>"})
        assert response.status_code == 200
        self.assertContains(response, "105 termer")

    def test_health_answers_ok(self) -> None:
        assert self.client.get(reverse("core:health")).json() == {"status": "ok"}


class StartPageTests(BaseTestCase):
    def test_a_user_without_roles_is_told_what_will_appear_and_who_grants_roles(self) -> None:
        self.client.force_login(self.dave)
        response = self.client.get(reverse("core:start"))
        self.assertContains(response, "Välkommen, Dave")
        self.assertContains(response, "Du har ännu ingen roll i något organ")
        self.assertNotContains(response, "Gå till administrationen")

    def test_bob_sees_the_bodies_he_coordinates(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(reverse("core:start"))
        self.assertContains(response, "LPO Barn och unga")
        self.assertContains(response, "Samordnare")

    def test_start_page_queries_do_not_grow_with_roles(self) -> None:
        self.client.force_login(self.erin)
        self.client.get(reverse("core:start"))
        # session, user, roles (page and menu), my open actions, upcoming meetings
        with self.assertNumQueries(6):
            self.client.get(reverse("core:start"))
