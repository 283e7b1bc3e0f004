"""The portal's pages: what they show, their metadata, their cache headers and query counts."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunskapsnav.core.models import KunskapsstodType, ProgrammeArea
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.meetings import services
from kunskapsnav.registry.models import Body, Membership, Person, Seat
from tests.portal.base import PUBLIC_DECISION, PortalTestCase, days, published


class PageContentTests(PortalTestCase):
    def test_the_start_page_links_each_group_and_lists_latest_decisions(self) -> None:
        response = self.client.get(reverse("portal:start"))
        self.assertContains(response, "Region Dalarna")
        self.assertContains(response, reverse("portal:group", args=["20"]))
        self.assertContains(response, PUBLIC_DECISION)
        self.assertContains(response, "<h1>", count=1)
        group = self.client.get(reverse("portal:group", args=["20"]))
        self.assertContains(group, reverse("portal:body_detail", args=[self.lpo.pk]))

    def test_the_start_page_searches_bodies(self) -> None:
        self.assertContains(self.client.get(reverse("portal:start"), {"q": "barn"}), "LPO Barn")
        response = self.client.get(reverse("portal:start"), {"q": "finns inte"})
        self.assertContains(response, "Inga organ matchar")

    def test_the_body_page_shows_members_vacancies_and_minutes(self) -> None:
        response = self.client.get(reverse("portal:body_detail", args=[self.lpo.pk]))
        self.assertContains(response, "Karin Kommunsson")
        self.assertContains(response, "Ordförande")
        self.assertContains(response, "Falu kommun")
        self.assertContains(response, "Kommunrepresentant")
        self.assertContains(
            response, reverse("portal:meeting_detail", args=[self.public_meeting.pk])
        )
        self.assertContains(response, reverse("portal:body_rss", args=[self.lpo.pk]))
        self.assertContains(response, reverse("portal:body_calendar", args=[self.lpo.pk]))
        self.assertContains(response, 'type="application/atom+xml"')

    def test_the_meeting_page_shows_agenda_decisions_and_attendance(self) -> None:
        response = self.client.get(reverse("portal:meeting_detail", args=[self.public_meeting.pk]))
        self.assertContains(response, "Handlingsplan")
        self.assertContains(response, PUBLIC_DECISION)
        self.assertContains(response, "Anna Andersson")

    def test_feeds_carry_the_published_decisions(self) -> None:
        for name in ("body_rss", "body_atom"):
            response = self.client.get(reverse(f"portal:{name}", args=[self.lpo.pk]))
            self.assertContains(response, PUBLIC_DECISION)
            self.assertContains(response, f"/portal/moten/{self.public_meeting.pk}/")
        atom = self.client.get(reverse("portal:body_atom", args=[self.lpo.pk]))
        assert atom["Content-Type"].startswith("application/atom+xml")

    def test_the_guidance_list_shows_implementation_status_per_region(self) -> None:
        kind = KunskapsstodType.objects.create(code="vardforlopp", name="Vårdförlopp")
        stod = Kunskapsstod.objects.create(code="hoftledsartros", name="Höftledsartros", type=kind)
        Implementation.objects.create(
            kunskapsstod=stod, region=self.dalarna, status=Implementation.Status.INFORT
        )
        url = reverse("portal:kunskapsstod_list")
        response = self.client.get(url, {"sjukvardsregion": "mellansverige"})
        self.assertContains(response, "Höftledsartros")
        self.assertContains(response, "Infört")
        self.assertNotContains(self.client.get(url, {"q": "kol"}), "Höftledsartros")
        assert self.client.get(url, {"sjukvardsregion": "okand"}).status_code == 404

    def test_the_matrix_links_a_public_lpo_to_its_portal_page(self) -> None:
        area = ProgrammeArea.objects.create(code="barn", kind="npo", name="Barn och ungdom")
        Body.objects.filter(pk=self.lpo.pk).update(programme_area=area)
        response = self.client.get(reverse("portal:matrix"), {"sjukvardsregion": "mellansverige"})
        self.assertContains(response, "Barn och ungdom")
        self.assertContains(response, reverse("portal:body_detail", args=[self.lpo.pk]))
        assert (
            self.client.get(reverse("portal:matrix"), {"sjukvardsregion": "x"}).status_code == 404
        )


class OpenGraphTests(PortalTestCase):
    def test_every_page_has_open_graph_tags_and_a_canonical_link(self) -> None:
        site = settings.SITE_URL.rstrip("/")
        pages = {
            reverse("portal:start"): "website",
            reverse("portal:group", args=["20"]): "website",
            reverse("portal:body_detail", args=[self.lpo.pk]): "website",
            reverse("portal:meeting_detail", args=[self.public_meeting.pk]): "article",
            reverse("portal:kunskapsstod_list"): "website",
            reverse("portal:matrix"): "website",
        }
        for url, og_type in pages.items():
            text = self.client.get(url).content.decode()
            assert f'<link rel="canonical" href="{site}{url}">' in text, url
            assert f'<meta property="og:url" content="{site}{url}">' in text, url
            assert f'<meta property="og:type" content="{og_type}">' in text, url
            assert '<meta property="og:locale" content="sv_SE">' in text, url
            assert re.search(r'<meta property="og:title" content="[^"]+">', text), url
            assert re.search(r'<meta property="og:description" content="[^"]+">', text), url
            assert text.count("<h1") == 1, url


class CachingTests(PortalTestCase):
    url = "/portal/"

    def with_csrf_cookie(self) -> None:
        self.client.get(self.url)
        assert settings.CSRF_COOKIE_NAME in self.client.cookies

    def test_an_anonymous_reader_gets_a_public_page_for_five_minutes(self) -> None:
        self.with_csrf_cookie()
        for url in (self.url, reverse("portal:body_rss", args=[self.lpo.pk])):
            response = self.client.get(url)
            assert response["Cache-Control"] == "public, max-age=300", url
            vary = response["Vary"]
            assert "Accept-Language" in vary
            assert "Cookie" in vary
            assert response.has_header("ETag")
            assert response.has_header("Last-Modified")

    def test_a_first_visit_that_sets_the_csrf_cookie_is_not_shared(self) -> None:
        response = self.client.get(self.url)
        assert settings.CSRF_COOKIE_NAME in response.cookies
        assert response["Cache-Control"] == "private, max-age=300"

    def test_a_feed_without_cookies_is_public(self) -> None:
        response = self.client.get(reverse("portal:body_calendar", args=[self.lpo.pk]))
        assert response["Cache-Control"] == "public, max-age=300"

    def test_a_logged_in_reader_gets_a_private_page_that_is_always_revalidated(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.get(self.url)
        assert response["Cache-Control"] == "private, no-cache"
        self.assertContains(response, "Carol Carlsson")

    def test_a_repeat_request_with_the_etag_is_not_modified(self) -> None:
        self.with_csrf_cookie()
        first = self.client.get(self.url)
        second = self.client.get(self.url, headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 304
        assert second["Cache-Control"] == "public, max-age=300"
        since = self.client.get(self.url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304

    def test_a_change_gives_a_new_etag(self) -> None:
        first = self.client.get(self.url)
        services.reopen_for_correction(self.public_meeting, acting_user=None, reason="Stavfel")
        again = self.client.get(self.url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_logging_in_changes_the_etag(self) -> None:
        first = self.client.get(self.url)
        self.client.force_login(self.carol)
        again = self.client.get(self.url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 200


class QueryCountTests(PortalTestCase):
    def add_bodies(self, n: int) -> None:
        for i in range(n):
            body = Body.objects.create(
                name=f"LAG {i}",
                kind=Body.Kind.LAG,
                level=Body.Level.REGIONAL,
                region=self.dalarna,
                parent=self.lpo,
            )
            seat = Seat.objects.create(body=self.lpo, title=f"Plats {i}", quota=2)
            Membership.objects.create(
                body=self.lpo, seat=seat, person=Person.objects.create(name=f"Person {i}")
            )
            Membership.objects.create(body=body, person=Person.objects.create(name=f"Ledamot {i}"))
            published(self.lpo, days(-100 - i), self.bob, f"att besluta {i}")

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(url).status_code == 200
        return len(queries)

    def test_start_group_search_and_body_pages_query_the_same_with_ten_times_the_data(
        self,
    ) -> None:
        urls = [
            reverse("portal:start"),
            reverse("portal:group", args=["20"]),
            reverse("portal:start") + "?q=lag",
            reverse("portal:body_detail", args=[self.lpo.pk]),
        ]
        self.add_bodies(1)
        before = [self.count(url) for url in urls]
        self.add_bodies(10)
        after = [self.count(url) for url in urls]
        assert before == after
        with self.assertNumQueries(before[0]):
            self.client.get(urls[0])

    def test_a_group_page_reads_its_bodies_in_one_query(self) -> None:
        self.add_bodies(10)
        # The time of the latest change (for the ETag), then the group's bodies.
        with self.assertNumQueries(2):
            response = self.client.get(reverse("portal:group", args=["20"]))
        self.assertContains(response, "LAG 9")

    def test_the_start_page_counts_its_groups_in_one_query(self) -> None:
        self.add_bodies(10)
        # The latest change, the latest decisions, the group summaries.
        with self.assertNumQueries(3):
            self.client.get(reverse("portal:start"))
        # A search reads the order of every match, then the bodies it shows.
        with self.assertNumQueries(4):
            response = self.client.get(reverse("portal:start"), {"q": "lag"})
        self.assertContains(response, "LAG 9")
