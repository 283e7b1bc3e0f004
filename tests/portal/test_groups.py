"""The start page summarises the public bodies by group; a group's page and a search list them.

Groups: one per region, and one per level for bodies without a region (key ``niva-<level>``).
"""

from __future__ import annotations

from unittest import mock

from django.urls import reverse

from kunskapsnav.core.models import Region
from kunskapsnav.portal import queries
from kunskapsnav.portal.queries import GroupSummary
from kunskapsnav.registry.models import Body, Seat
from tests.portal.base import PortalTestCase, days


def group_url(key: str) -> str:
    return reverse("portal:group", args=[key])


class GroupTestCase(PortalTestCase):
    """The portal data, and: a national NPO without a region with three vacant places, a closed
    (avvecklad) LAG in Dalarna with a vacancy, and a vacancy in the non-public styrgrupp."""

    npo: Body
    closed: Body

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.npo = Body.objects.create(
            name="NPO Hjärta och kärl", kind=Body.Kind.NPO, level=Body.Level.NATIONELL
        )
        Seat.objects.create(body=cls.npo, title="Ledamot", quota=3)
        cls.closed = Body.objects.create(
            name="LAG Nedlagd",
            kind=Body.Kind.LAG,
            level=Body.Level.REGIONAL,
            region=cls.dalarna,
            status=Body.Status.AVVECKLAD,
            closed_on=days(-1),
        )
        Seat.objects.create(body=cls.closed, title="Ledamot", quota=5)
        Seat.objects.create(body=cls.styrgrupp, title="Ledamot", quota=7)


class StartPageSummaryTests(GroupTestCase):
    def test_the_start_page_summarises_each_group_with_its_counts(self) -> None:
        # Dalarna: the LPO only (not the closed LAG nor the non-public styrgrupp), its one
        # vacant place of two and its one published meeting (not the draft nor the styrgrupp's).
        assert queries.group_summaries() == [
            GroupSummary("niva-nationell", "Nationell", 1, 3, 0),
            GroupSummary("20", "Region Dalarna", 1, 1, 1),
        ]
        response = self.client.get(reverse("portal:start"))
        self.assertContains(
            response,
            '<tr><th scope="row"><a href="/portal/grupp/20/">Region Dalarna</a></th>'
            '<td class="numeric">1</td>'
            '<td class="numeric"><span class="badge badge--warn">1</span></td>'
            '<td class="numeric">1</td></tr>',
            html=True,
        )
        self.assertContains(
            response,
            '<tr><th scope="row"><a href="/portal/grupp/niva-nationell/">Nationell</a></th>'
            '<td class="numeric">1</td>'
            '<td class="numeric"><span class="badge badge--warn">3</span></td>'
            '<td class="numeric">0</td></tr>',
            html=True,
        )
        self.assertContains(response, "<h2", count=2)
        self.assertContains(response, "2 organ")

    def test_groups_without_a_region_come_first(self) -> None:
        text = self.client.get(reverse("portal:start")).content.decode()
        assert text.index(group_url("niva-nationell")) < text.index(group_url("20"))

    def test_a_non_public_or_closed_body_is_never_counted_or_named(self) -> None:
        text = self.client.get(reverse("portal:start")).content.decode()
        for name in (self.styrgrupp.name, self.closed.name):
            assert name not in text
        for key in ("20", "niva-nationell"):
            assert self.styrgrupp.name not in self.client.get(group_url(key)).content.decode()

    def test_each_summary_agrees_with_its_group_page(self) -> None:
        for summary in queries.group_summaries():
            group = queries.body_group(summary.key)
            assert (group.label, len(group.bodies), group.vacancy_count) == (
                summary.label,
                summary.body_count,
                summary.vacancy_count,
            )
            published = sum(int(getattr(b, "published_count", 0)) for b in group.bodies)
            assert published == summary.published_count

    def test_the_start_page_does_not_grow_with_the_bodies_of_a_group(self) -> None:
        before = self.client.get(reverse("portal:start")).content
        for i in range(60):
            Body.objects.create(
                name=f"Arbetsgrupp nummer {i}",
                kind=Body.Kind.LAG,
                level=Body.Level.REGIONAL,
                region=self.dalarna,
            )
        response = self.client.get(reverse("portal:start"))
        assert len(response.content) - len(before) < 20
        self.assertNotContains(response, "Arbetsgrupp nummer")
        self.assertContains(response, '<td class="numeric">61</td>', html=True)
        self.assertContains(self.client.get(group_url("20")), "Arbetsgrupp nummer", count=60)


class GroupPageTests(GroupTestCase):
    def test_a_region_page_lists_its_public_bodies(self) -> None:
        response = self.client.get(group_url("20"))
        self.assertContains(response, "<h1>Organ i Region Dalarna</h1>", html=True)
        self.assertContains(
            response,
            f'<th scope="row"><a href="{reverse("portal:body_detail", args=[self.lpo.pk])}">'
            "LPO Barn och unga</a></th>",
            html=True,
        )
        self.assertContains(response, "<caption", count=1)
        self.assertNotContains(response, self.closed.name)
        self.assertNotContains(response, self.npo.name)
        assert response.has_header("ETag")

    def test_a_level_page_lists_the_bodies_of_that_level_without_a_region(self) -> None:
        response = self.client.get(group_url("niva-nationell"))
        self.assertContains(response, "<h1>Organ på nationell nivå</h1>", html=True)
        self.assertContains(response, reverse("portal:body_detail", args=[self.npo.pk]))
        self.assertNotContains(response, self.lpo.name)

    def test_an_unknown_group_is_not_found(self) -> None:
        gavleborg = Region.objects.create(
            code="21",
            name="Region Gävleborg",
            short_name="Gävleborg",
            lan_name="Gävleborgs län",
            sjukvardsregion=self.mellansverige,
        )
        Body.objects.create(
            name="Hemlig grupp",
            kind=Body.Kind.STYRGRUPP,
            level=Body.Level.REGIONAL,
            region=gavleborg,
            is_public=False,
        )
        # Unknown keys, a level without public bodies, and a region whose only body is hidden.
        for key in ("okand", "niva-okand", "niva-kommunal", "21"):
            assert self.client.get(group_url(key)).status_code == 404, key


class SearchTests(GroupTestCase):
    def add_matches(self, n: int) -> None:
        for i in range(n):
            Body.objects.create(
                name=f"LAG Barn {i}",
                kind=Body.Kind.LAG,
                level=Body.Level.REGIONAL,
                region=self.dalarna,
            )

    def test_a_search_lists_the_matching_bodies_in_their_groups(self) -> None:
        response = self.client.get(reverse("portal:start"), {"q": "hjärta"})
        self.assertContains(response, reverse("portal:body_detail", args=[self.npo.pk]))
        self.assertContains(response, "Nationell")
        self.assertNotContains(response, reverse("portal:body_detail", args=[self.lpo.pk]))
        self.assertNotContains(response, "Visar de")

    def test_a_search_with_more_matches_than_the_cap_shows_the_first_and_says_so(self) -> None:
        self.add_matches(3)
        with mock.patch.object(queries, "SEARCH_LIMIT", 2):
            response = self.client.get(reverse("portal:start"), {"q": "barn"})
        # Four matches in Dalarna, in name order: LAG Barn 0, 1, 2, LPO Barn och unga.
        self.assertContains(
            response, "Visar de 2 första av 4 träffar – skriv mer för att smalna av."
        )
        self.assertContains(response, "4 organ")
        self.assertContains(response, "LAG Barn 0")
        self.assertContains(response, "LAG Barn 1")
        self.assertNotContains(response, "LAG Barn 2")
        self.assertNotContains(response, reverse("portal:body_detail", args=[self.lpo.pk]))

    def test_a_search_within_the_cap_shows_every_match_without_a_note(self) -> None:
        self.add_matches(3)
        response = self.client.get(reverse("portal:start"), {"q": "barn"})
        self.assertContains(response, "LAG Barn 2")
        self.assertContains(response, reverse("portal:body_detail", args=[self.lpo.pk]))
        self.assertNotContains(response, "Visar de")
