"""Follow-up pages as each named user meets them; query counts that do not grow."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kunskapsnav.guidance.models import (
    Kunskapsstod,
    RemissAssignment,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.meetings.models import ActionItem
from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Nomination
from kunskapsnav.registry.models import today as registry_today
from tests.followup.base import FollowupTestCase, lpo
from tests.followup.test_matrix import populate, populate_more
from tests.meetings import factories as mf
from tests.registry import factories as f


class MatrixPageTests(FollowupTestCase):
    def test_the_page_shows_levels_as_text_with_a_class_and_a_link_to_the_lpo(self) -> None:
        body = lpo(self.barn, self.dalarna, status=Body.Status.PLANERAD)
        response = self.client.get(reverse("followup:matrix"))
        self.assertContains(response, 'class="maturity-cell maturity--planerad"')
        self.assertContains(response, f'href="{body.get_absolute_url()}"')
        self.assertContains(response, '<th scope="row">Programområde 01</th>', html=False)
        self.assertContains(
            response,
            '<th scope="col"><a href="/uppfoljning/region/20/"><abbr title="Region Dalarna">',
        )
        self.assertContains(response, "Teckenförklaring")
        self.assertContains(response, "Aktiv med uppdrag och bemanning")
        self.assertContains(response, "Saknas")

    def test_the_sjukvardsregion_filter_narrows_the_columns(self) -> None:
        response = self.client.get(reverse("followup:matrix"), {"sjukvardsregion": "norr"})
        assert [r.code for r in response.context["matrix"].regions] == ["17", "18", "19", "21"]
        self.assertNotContains(response, 'title="Region Dalarna"')
        unknown = self.client.get(reverse("followup:matrix"), {"sjukvardsregion": "okand"})
        assert unknown.status_code == 404

    def test_a_non_public_lpo_is_not_linked_for_dave(self) -> None:
        hidden = lpo(self.barn, self.dalarna, is_public=False)
        self.client.force_login(self.dave)
        response = self.client.get(reverse("followup:matrix"))
        self.assertNotContains(response, hidden.name)
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(reverse("followup:matrix")), hidden.name)

    def test_the_page_is_a_fixed_number_of_queries_with_ten_times_more_bodies(self) -> None:
        url = reverse("followup:matrix")
        self.client.force_login(self.dave)
        self.client.get(url)
        # session, user, sjukvårdsregioner, the four of the matrix, the menu's body roles
        with self.assertNumQueries(9) as empty:
            self.client.get(url)
        populate(self, per_area=2)
        with self.assertNumQueries(len(empty.captured_queries)):
            self.client.get(url)
        populate_more(self)
        with self.assertNumQueries(len(empty.captured_queries)):
            self.client.get(url)


class DashboardTests(FollowupTestCase):
    def setUp(self) -> None:
        day = registry_today()
        self.seat = f.seat(self.lpo, "Regionrepresentant", quota=2)
        f.member(self.seat, f.person("Ann Holder"))
        self.nomination = services.request_nomination(
            self.seat, acting_user=None, deadline=day - dt.timedelta(days=3)
        )
        self.late = ActionItem.objects.create(
            body=self.lpo, text="Skicka rutinen till LAG", due_date=day - dt.timedelta(days=5)
        )
        self.coming = ActionItem.objects.create(
            body=self.lpo, text="Planera workshop", due_date=day + dt.timedelta(days=20)
        )
        ActionItem.objects.create(
            body=self.lpo,
            text="Avslutad sak",
            status=ActionItem.Status.DONE,
            closed_on=day,
        )
        stod = Kunskapsstod.objects.create(
            code="adhd", name="ADHD hos barn", type=self.vardforlopp, programme_area=self.barn
        )
        other = Kunskapsstod.objects.create(
            code="astma", name="Astma hos barn", type=self.vardforlopp, programme_area=self.barn
        )
        round_ = RemissRound.objects.create(
            kunskapsstod=stod, opens=day, closes=day + dt.timedelta(days=30)
        )
        RemissAssignment.objects.create(
            round=round_, region=self.dalarna, coordinating_body=self.lpo
        )
        other_round = RemissRound.objects.create(
            kunskapsstod=other, opens=day, closes=day + dt.timedelta(days=30)
        )
        rehab = lpo(self.rad, self.dalarna)
        other_assignment = RemissAssignment.objects.create(
            round=other_round, region=self.dalarna, coordinating_body=rehab
        )
        RemissContribution.objects.create(
            assignment=other_assignment, body=self.lpo, deadline=day + dt.timedelta(days=10)
        )
        self.meeting = mf.meeting(self.lpo, day + dt.timedelta(days=7))

    def url(self, body: Body | None = None) -> str:
        return reverse("followup:body_dashboard", args=[(body or self.lpo).pk])

    def test_bob_sees_actions_vacancies_nominations_remisser_and_the_next_meeting(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(self.url())
        dashboard = response.context["dashboard"]
        assert dashboard.overdue_actions == [self.late]
        assert dashboard.open_actions == [self.coming]
        assert [row.seat for row in dashboard.vacancies] == [self.seat]
        assert dashboard.vacant_places == 1
        assert dashboard.nominations == [self.nomination]
        assert [a.round.kunskapsstod.code for a in dashboard.assignments] == ["adhd"]
        assert [c.assignment.round.kunskapsstod.code for c in dashboard.contributions] == ["astma"]
        assert dashboard.next_meeting == self.meeting
        self.assertContains(response, "Skicka rutinen till LAG")
        self.assertNotContains(response, "Avslutad sak")
        self.assertContains(response, "Försenad")
        self.assertContains(response, "ADHD hos barn")
        self.assertContains(response, "Astma hos barn")
        self.assertContains(response, reverse("meetings:meeting_detail", args=[self.meeting.pk]))

    def test_a_sent_remissvar_and_a_decided_nomination_are_not_waiting(self) -> None:
        RemissAssignment.objects.filter(coordinating_body=self.lpo).update(
            status=RemissAssignment.Status.SKICKAD, sent_on=registry_today()
        )
        RemissContribution.objects.update(status=RemissContribution.Status.INLAMNAD)
        Nomination.objects.update(status=Nomination.Status.WITHDRAWN)
        self.client.force_login(self.bob)
        dashboard = self.client.get(self.url()).context["dashboard"]
        assert dashboard.assignments == []
        assert dashboard.contributions == []
        assert dashboard.nominations == []

    def test_dave_sees_the_public_body_but_not_its_unpublished_meeting_or_actions(self) -> None:
        self.client.force_login(self.dave)
        response = self.client.get(self.url())
        assert response.status_code == 200
        dashboard = response.context["dashboard"]
        assert dashboard.next_meeting is None
        assert dashboard.overdue_actions == []
        assert [row.seat for row in dashboard.vacancies] == [self.seat]

    def test_a_non_public_body_is_not_found_for_outsiders(self) -> None:
        url = self.url(self.styrgrupp)
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.dave)
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.bob)
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.erin)
        assert self.client.get(url).status_code == 200
        self.client.force_login(self.alice)
        assert self.client.get(url).status_code == 200
        assert self.client.get(reverse("followup:body_dashboard", args=[99999])).status_code == 404

    def test_the_dashboard_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        self.client.force_login(self.bob)
        self.client.get(self.url())
        # session, user, body, actions (+2 prefetches), vacancies (+nominations), nominations,
        # remiss contributions, remiss assignments, next meeting, the menu's body roles
        with self.assertNumQueries(13) as small:
            self.client.get(self.url())
        f.grow(self.dalarna, self.lpo, 10)
        day = registry_today()
        for i in range(10):
            seat = f.seat(self.lpo, f"Plats {i}", quota=3)
            services.request_nomination(seat, acting_user=None)
            action = ActionItem.objects.create(
                body=self.lpo, text=f"Åtgärd {i}", due_date=day - dt.timedelta(days=i)
            )
            action.responsible_people.add(f.person(f"Ansvarig {i}"))
            mf.meeting(self.lpo, day + dt.timedelta(days=10 + i))
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(self.url())
