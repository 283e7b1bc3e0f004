""" "Mina organ" and a region's leadership view: what each named user sees, in fixed queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.followup.dashboard import my_bodies, region_dashboard
from kunskapsnav.guidance.models import (
    Implementation,
    Kunskapsstod,
    RemissAssignment,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.meetings.models import ActionItem
from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Organisation, Seat
from kunskapsnav.registry.models import today as registry_today
from tests.followup.base import FollowupTestCase, lpo
from tests.meetings import factories as mf
from tests.registry import factories as f


def busy_body(case: FollowupTestCase, name: str, **fields: object) -> Body:
    """A body with an overdue and an open action, a vacancy, a nomination, a remiss
    contribution asked of it, and a meeting next week."""
    day = registry_today()
    fields.setdefault("region", case.dalarna)
    body = f.body(name, **fields)
    seat = f.seat(body, "Plats", quota=3)
    f.member(seat, f.person(f"Holder {name}"))
    services.request_nomination(seat, acting_user=None, deadline=day + dt.timedelta(days=9))
    ActionItem.objects.create(body=body, text="Sen", due_date=day - dt.timedelta(days=2))
    ActionItem.objects.create(body=body, text="Kommande", due_date=day + dt.timedelta(days=2))
    stod = Kunskapsstod.objects.create(
        code=f"stod-{body.pk}", name=f"Stöd {name}", type=case.vardforlopp
    )
    round_ = RemissRound.objects.create(
        kunskapsstod=stod, opens=day, closes=day + dt.timedelta(days=30)
    )
    assignment = RemissAssignment.objects.create(
        round=round_, region=case.dalarna, coordinating_body=body
    )
    RemissContribution.objects.create(assignment=assignment, body=body)
    mf.meeting(body, day + dt.timedelta(days=7))
    return body


class MyBodiesTests(FollowupTestCase):
    url = "/uppfoljning/mina-organ/"

    def test_it_needs_a_login(self) -> None:
        assert reverse("followup:my_bodies") == self.url
        response = self.client.get(self.url)
        assert response.status_code == 302
        assert "/konto/logga-in/" in response["Location"]

    def test_bob_sees_his_body_with_its_counts(self) -> None:
        day = registry_today()
        seat = f.seat(self.lpo, "Regionrepresentant", quota=2)
        f.member(seat, f.person("Ann"))
        ActionItem.objects.create(body=self.lpo, text="Sen", due_date=day - dt.timedelta(days=1))
        ActionItem.objects.create(
            body=self.lpo, text="Klar", status=ActionItem.Status.DONE, closed_on=day
        )
        meeting = mf.meeting(self.lpo, day + dt.timedelta(days=3))
        mf.meeting(self.lpo, day + dt.timedelta(days=30))
        self.client.force_login(self.bob)
        response = self.client.get(self.url)
        [summary] = response.context["summaries"]
        assert summary.body == self.lpo
        assert summary.roles == ["Samordnare"]
        assert (summary.open_actions, summary.overdue_actions, summary.vacant_places) == (1, 1, 1)
        assert summary.next_meeting_id == meeting.pk
        self.assertContains(response, "<h1>Mina organ</h1>", html=True)
        self.assertContains(response, reverse("followup:body_dashboard", args=[self.lpo.pk]))
        self.assertContains(response, reverse("meetings:meeting_detail", args=[meeting.pk]))
        self.assertContains(response, 'role="img"')
        self.assertContains(response, '<title id="my-bodies-overdue-title">')
        self.assertNotContains(response, self.styrgrupp.name)

    def test_dave_without_roles_is_told_so(self) -> None:
        self.client.force_login(self.dave)
        response = self.client.get(self.url)
        assert response.context["summaries"] == []
        self.assertContains(response, "Du har ingen roll i något organ ännu.")

    def test_counts_match_the_body_dashboard(self) -> None:
        body = busy_body(self, "LAG Test")
        BodyRole.objects.create(user=self.erin, body=body, role=BodyRole.Role.SAMORDNARE)
        summaries = {s.body.pk: s for s in my_bodies(self.erin)}
        mine = summaries[body.pk]
        assert (mine.open_actions, mine.overdue_actions) == (2, 1)
        assert (mine.vacant_places, mine.nominations, mine.remiss_due) == (2, 1, 2)
        assert mine.next_meeting_date == registry_today() + dt.timedelta(days=7)
        assert summaries[self.styrgrupp.pk].roles == ["Ordförande"]

    def test_ten_bodies_take_as_many_queries_as_one(self) -> None:
        self.client.force_login(self.bob)
        self.client.get(self.url)
        # session, user, the user's roles (shared with the menu), the bodies with their counts
        with self.assertNumQueries(4) as one:
            self.client.get(self.url)
        assert len(one.captured_queries) == 4
        for i in range(9):
            body = busy_body(self, f"Organ {i}")
            BodyRole.objects.create(user=self.bob, body=body, role=BodyRole.Role.SAMORDNARE)
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(self.url)
        assert len(response.context["summaries"]) == 10
        assert sum(s.overdue_actions for s in response.context["summaries"]) == 9


class RegionDashboardTests(FollowupTestCase):
    def url(self, code: str = "20") -> str:
        return reverse("followup:region_dashboard", args=[code])

    def setUp(self) -> None:
        day = registry_today()
        self.barn_lpo = lpo(self.barn, self.dalarna)
        seat = f.seat(self.barn_lpo, "Kommunrepresentanter", quota=3, represents="kommun")
        falun = Organisation.objects.create(
            name="Falu kommun", kind=Organisation.Kind.KOMMUN, kommun=self.falun
        )
        services.fill_seat(
            seat,
            f.person("Kim Kommun"),
            acting_user=None,
            start_on=dt.date(2021, 1, 1),
            representing=falun,
        )
        f.seat(self.styrgrupp, "Hemlig plats", quota=2)
        ActionItem.objects.create(
            body=self.styrgrupp, text="Hemlig sak", due_date=day - dt.timedelta(days=3)
        )
        meeting = mf.meeting(self.barn_lpo, day - dt.timedelta(days=30))
        from kunskapsnav.meetings.models import Meeting

        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLICERAT)
        ActionItem.objects.create(
            body=self.barn_lpo,
            meeting=meeting,
            text="Offentlig sak",
            due_date=day - dt.timedelta(days=3),
        )
        stod = Kunskapsstod.objects.create(
            code="adhd", name="ADHD", type=self.vardforlopp, programme_area=self.barn
        )
        Implementation.objects.create(
            kunskapsstod=stod, region=self.dalarna, status=Implementation.Status.INFORT
        )

    def test_dave_sees_only_public_bodies(self) -> None:
        self.client.force_login(self.dave)
        response = self.client.get(self.url())
        assert response.status_code == 200
        dashboard = response.context["dashboard"]
        assert [row.name for row in dashboard.vacancies] == [self.barn_lpo.name]
        assert [row.name for row in dashboard.overdue_actions] == [self.barn_lpo.name]
        self.assertNotContains(response, self.styrgrupp.name)
        self.assertContains(response, "<h1>Kunskapsstyrning i Region Dalarna: översikt</h1>")

    def test_anonymous_visitors_see_the_same_as_dave(self) -> None:
        response = self.client.get(self.url())
        assert response.status_code == 200
        self.assertNotContains(response, self.styrgrupp.name)

    def test_erin_and_alice_see_the_non_public_styrgrupp(self) -> None:
        for user in (self.erin, self.alice):
            dashboard = region_dashboard(user, self.dalarna)
            names = {row.name for row in dashboard.vacancies}
            assert self.styrgrupp.name in names, user
            assert self.styrgrupp.name in {row.name for row in dashboard.overdue_actions}

    def test_it_shows_levels_implementations_and_kommuner_with_charts_and_tables(self) -> None:
        response = self.client.get(self.url())
        dashboard = response.context["dashboard"]
        assert len(dashboard.cells) == 26
        assert dashboard.cells[0].body == self.barn_lpo
        assert {row.status: row.count for row in dashboard.implementations}["infort"] == 1
        [part] = dashboard.kommun_parts
        assert (part.area, part.places, part.filled, part.kommuner) == (
            self.barn,
            3,
            1,
            ["Falun"],
        )
        for chart in ("region-levels", "region-vacancies", "region-overdue"):
            self.assertContains(response, f'<title id="{chart}-title">')
        self.assertContains(response, '<title id="region-implementations-title">')
        self.assertContains(response, '<th scope="row">Infört</th>', html=True)
        self.assertContains(response, "Falun")
        assert response.content.count(b"<h1") == 1

    def test_an_unknown_region_is_not_found(self) -> None:
        assert self.client.get(self.url("99")).status_code == 404

    def test_the_page_is_a_fixed_number_of_queries_as_the_region_grows(self) -> None:
        self.client.force_login(self.dave)
        self.client.get(self.url())
        # session, user, region, matrix column (4), vacancies (2), overdue actions,
        # införanden, kommun seats, kommun members, the menu's body roles
        with self.assertNumQueries(15) as small:
            self.client.get(self.url())
        f.grow(self.dalarna, self.barn_lpo, 10)
        for i in range(10):
            busy_body(self, f"Organ {i}", programme_area=self.areas[i + 1])
            lpo(self.areas[i + 1], self.dalarna)
            seat = f.seat(self.barn_lpo, f"Kommunplats {i}", represents=Seat.Represents.KOMMUN)
            f.member(seat, f.person(f"Kommunperson {i}"))
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(self.url())


class MatrixLinksToTheRegionTests(FollowupTestCase):
    def test_the_column_header_links_to_the_region_overview(self) -> None:
        response = self.client.get(reverse("followup:matrix"))
        self.assertContains(
            response, f'<a href="{reverse("followup:region_dashboard", args=["20"])}">'
        )
