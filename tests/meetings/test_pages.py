"""The meeting pages as each named user meets them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from tests.meetings import factories as f
from tests.meetings.test_services import MeetingTestCase

D = dt.date


class MeetingPageTestCase(MeetingTestCase):
    held: Meeting
    upcoming: Meeting
    item: AgendaItem
    action: ActionItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.held = f.meeting(cls.lpo, D(2022, 1, 28), chair=cls.ulrika, diary_number="RD22/00384")
        cls.item = f.item(cls.held, "Godkännande av dagordning", kind="beslut")
        services.add_decision(
            cls.held, acting_user=None, item=cls.item, text="att godkänna dagordningen."
        )
        struck = f.item(cls.held, "Uppdrag kring syn- och hörselinstruktörer")
        services.strike_item(struck, acting_user=None)
        cls.action = services.add_action(
            cls.lpo,
            acting_user=None,
            meeting=cls.held,
            item=cls.item,
            text="Sammankalla till mötet",
            responsible_people=[cls.tanja],
            due_date=D(2022, 2, 1),
        )
        services.set_attendance(cls.held, acting_user=None, person=cls.lotta)
        f.held(cls.held)
        cls.upcoming = f.meeting(cls.lpo, D(2099, 3, 1))
        f.item(cls.upcoming, "Mötets öppnande")


class MeetingPageTests(MeetingPageTestCase):
    def test_members_see_draft_minutes_and_outsiders_do_not(self) -> None:
        url = reverse("meetings:meeting_detail", args=[self.held.pk])
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.dave)
        assert self.client.get(url).status_code == 404
        self.client.force_login(self.carol)
        response = self.client.get(url)
        self.assertContains(response, "LPO Barn och unga beslutade:")
        self.assertContains(response, "att godkänna dagordningen.")
        self.assertContains(response, "Punkten utgick")
        self.assertContains(response, "RD22/00384")

    def test_published_minutes_of_a_public_body_are_public(self) -> None:
        services.approve_minutes(self.held, acting_user=self.carol)
        services.publish_minutes(self.held, acting_user=self.bob)
        response = self.client.get(reverse("meetings:meeting_detail", args=[self.held.pk]))
        self.assertContains(response, "att godkänna dagordningen.")
        self.assertNotContains(response, "Lägg till åtgärd")

    def test_the_next_meeting_follows_up_the_open_action(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(reverse("meetings:meeting_detail", args=[self.upcoming.pk]))
        assert response.context["page"].follow_up == [self.action]
        self.assertContains(response, "Sammankalla till mötet")
        self.assertContains(response, "Försenad")

    def test_bob_closes_the_action_at_the_next_meeting_with_htmx(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("meetings:action_close", args=[self.action.pk]),
            {"mote": self.upcoming.pk, "status": "done"},
            HTTP_HX_REQUEST="true",
        )
        html = response.content.decode()
        assert "<html" not in html
        assert 'id="follow-up"' in html
        self.action.refresh_from_db()
        assert self.action.closed_in == self.upcoming

    def test_the_meeting_page_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        url = reverse("meetings:meeting_detail", args=[self.upcoming.pk])
        self.client.force_login(self.bob)

        def add(i: int) -> None:
            item = f.item(self.upcoming, f"Punkt {i}", presenters=[self.lotta])
            services.add_decision(self.upcoming, acting_user=None, item=item, text=f"att {i}")
            services.add_action(
                self.lpo,
                acting_user=None,
                meeting=self.upcoming,
                item=item,
                text=f"Åtgärd {i}",
                responsible_people=[self.tanja],
            )
            services.set_attendance(self.upcoming, acting_user=None, name=f"Gäst {i}")
            services.add_action(self.lpo, acting_user=None, meeting=self.held, text=f"Gammal {i}")

        add(0)
        self.client.get(url)
        with self.assertNumQueries(27) as small:
            self.client.get(url)
        for i in range(1, 11):
            add(i)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)


class RunningTheMeetingTests(MeetingPageTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def test_bob_records_attendance_a_decision_and_an_action(self) -> None:
        meeting = self.upcoming
        item = meeting.items.get()
        self.client.post(
            reverse("meetings:attendance_set", args=[meeting.pk]),
            {"person": self.ulrika.pk, "status": "del_av_motet"},
            HTTP_HX_REQUEST="true",
        )
        assert meeting.attendance.get(person=self.ulrika).status == Attendance.Status.DEL_AV_MOTET
        self.client.post(
            reverse("meetings:decision_add", args=[item.pk]), {"text": "att öppna mötet"}
        )
        assert Decision.objects.get(item=item).text == "att öppna mötet"
        item.refresh_from_db()
        assert item.kind == "beslut"
        self.client.post(
            reverse("meetings:action_add", args=[item.pk]),
            {
                "text": "Bjuda in NPO",
                "responsible_people": [self.lotta.pk],
                "due_date": "2099-04-01",
            },
        )
        action = ActionItem.objects.get(text="Bjuda in NPO")
        assert list(action.responsible_people.all()) == [self.lotta]

    def test_autosave_reports_a_conflict_and_keeps_both_texts(self) -> None:
        item = self.upcoming.items.get()
        url = reverse("meetings:item_text", args=[item.pk])
        ok = self.client.post(
            url, {"text": "Första", "lock_version": item.lock_version}, HTTP_HX_REQUEST="true"
        )
        self.assertContains(ok, "Sparat")
        stale = self.client.post(
            url, {"text": "Min version", "lock_version": item.lock_version}, HTTP_HX_REQUEST="true"
        )
        self.assertContains(stale, "har ändrat detta medan du skrev")
        self.assertContains(stale, "Första")
        item.refresh_from_db()
        assert item.text == "Första"

    def test_items_are_added_moved_and_struck(self) -> None:
        meeting = self.upcoming
        self.client.post(
            reverse("meetings:item_add", args=[meeting.pk]),
            {"new-title": "Beslut om uppdragsbeskrivning", "new-kind": "beslut"},
        )
        added = meeting.items.get(title="Beslut om uppdragsbeskrivning")
        assert added.number == "2"
        self.client.post(reverse("meetings:item_move", args=[added.pk]), {"riktning": "upp"})
        added.refresh_from_db()
        assert added.number == "1"
        self.client.post(reverse("meetings:item_strike", args=[added.pk]))
        added.refresh_from_db()
        assert added.struck

    def test_a_bad_item_says_what_is_missing(self) -> None:
        response = self.client.post(
            reverse("meetings:item_add", args=[self.upcoming.pk]),
            {"new-title": "", "new-kind": "beslut"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(response, "Ge punkten en rubrik.")

    def test_the_workflow_buttons_move_the_meeting_on(self) -> None:
        meeting = self.upcoming
        self.client.post(reverse("meetings:meeting_transition", args=[meeting.pk, "kalla"]))
        self.client.post(reverse("meetings:meeting_transition", args=[meeting.pk, "genomfort"]))
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.GENOMFORT

    def test_a_meeting_is_moved_and_planned_in_series(self) -> None:
        self.client.post(
            reverse("meetings:meeting_move", args=[self.upcoming.pk]),
            {
                "date": "2099-02-20",
                "start_time": "13:00",
                "end_time": "16:00",
                "reason": "Förhinder",
            },
        )
        self.upcoming.refresh_from_db()
        assert self.upcoming.moved_from == D(2099, 3, 1)
        response = self.client.post(
            reverse("meetings:series_plan", args=[self.lpo.pk]),
            {
                "dates": "2099-05-01, 2099-06-01\n2099-09-01",
                "document_type": "minnesanteckningar",
                "start_time": "09:00",
                "end_time": "12:00",
            },
        )
        assert response.status_code == 302
        assert Meeting.objects.filter(body=self.lpo, date__year=2099).count() == 4

    def test_a_bad_date_in_a_series_is_named(self) -> None:
        response = self.client.post(
            reverse("meetings:series_plan", args=[self.lpo.pk]),
            {"dates": "2099-05-01, 31/5", "document_type": "minnesanteckningar"},
        )
        self.assertContains(response, "”31/5” är inget datum")


class CalendarAndActionListTests(MeetingPageTestCase):
    def test_the_calendar_lists_upcoming_meetings_for_members(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.get(reverse("meetings:calendar"))
        self.assertContains(response, "LPO Barn och unga")
        response = self.client.get(reverse("meetings:calendar"), {"period": "tidigare"})
        self.assertContains(response, self.held.get_absolute_url())

    def test_the_calendar_is_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("meetings:calendar") + "?period=alla"
        self.client.get(url)
        with self.assertNumQueries(4) as small:
            self.client.get(url)
        for i in range(10):
            f.item(f.meeting(self.lpo, D(2099, 1, 1) + dt.timedelta(days=i)), "Punkt")
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)

    def test_the_action_list_is_overdue_first_and_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.bob)
        url = reverse("meetings:action_list")
        self.client.get(url)
        # The count for "Sida 1 av N" is one query; the number stays the same as actions grow.
        with self.assertNumQueries(8) as small:
            response = self.client.get(url)
        self.assertContains(response, "Sammankalla till mötet")
        for i in range(10):
            services.add_action(
                self.lpo,
                acting_user=None,
                text=f"Åtgärd {i}",
                responsible_people=[self.lotta],
                due_date=D(2099, 1, 1),
            )
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        assert response.context["page"][0] == self.action

    def test_the_action_list_shows_fifty_actions_a_page_with_links_to_the_rest(self) -> None:
        for i in range(55):
            services.add_action(
                self.lpo, acting_user=None, text=f"Åtgärd {i}", due_date=D(2099, 1, 1)
            )
        self.client.force_login(self.bob)
        url = reverse("meetings:action_list")
        first = self.client.get(url, {"status": "all"})
        assert len(first.context["page"].object_list) == 50
        self.assertContains(first, "sida=2")
        second = self.client.get(url, {"status": "all", "sida": "2"})
        assert (
            len(second.context["page"].object_list) == second.context["page"].paginator.count - 50
        )
        self.assertContains(second, "status=all&amp;sida=1")

    def test_a_visitor_sees_no_actions_of_unpublished_minutes(self) -> None:
        response = self.client.get(reverse("meetings:action_list"))
        self.assertNotContains(response, "Sammankalla till mötet")

    def test_every_form_of_a_meeting_is_closed_to_carol_and_dave(self) -> None:
        item = self.upcoming.items.get()
        urls = [
            reverse("meetings:meeting_edit", args=[self.upcoming.pk]),
            reverse("meetings:meeting_move", args=[self.upcoming.pk]),
            reverse("meetings:meeting_cancel", args=[self.upcoming.pk]),
            reverse("meetings:item_edit", args=[item.pk]),
            reverse("meetings:meeting_create", args=[self.lpo.pk]),
            reverse("meetings:series_plan", args=[self.lpo.pk]),
        ]
        expected = {self.carol: 403, self.dave: 404, self.bob: 200, self.alice: 200}
        for user, status in expected.items():
            self.client.force_login(user)
            for url in urls:
                got = self.client.get(url).status_code
                if user is self.dave and "organ/" in url:
                    assert got == 403, (user, url, got)
                else:
                    assert got == status, (user, url, got)


class ActionFormTests(MeetingPageTestCase):
    """The action's page offers the bodies the user may see as responsible, and keeps those
    already responsible."""

    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def post(self, action: ActionItem, **fields: object) -> Any:
        data = {"text": action.text, **fields}
        return self.client.post(reverse("meetings:action_detail", args=[action.pk]), data)

    def test_the_action_form_does_not_offer_a_body_bob_may_not_see(self) -> None:
        page = self.client.get(reverse("meetings:action_detail", args=[self.action.pk]))
        assert list(page.context["form"].fields["responsible_bodies"].queryset) == [self.lpo]
        self.assertNotContains(page, self.styrgrupp.name)
        response = self.post(self.action, responsible_bodies=[self.styrgrupp.pk])
        assert "responsible_bodies" in response.context["form"].errors
        self.assertNotContains(response, self.styrgrupp.name)
        assert not self.action.responsible_bodies.exists()

    def test_alice_is_offered_every_active_body(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(reverse("meetings:action_detail", args=[self.action.pk]))
        choices = list(page.context["form"].fields["responsible_bodies"].queryset)
        assert choices == [self.lpo, self.styrgrupp]

    def test_a_responsible_body_bob_may_not_see_stays_when_he_saves_the_action(self) -> None:
        action = services.add_action(
            self.lpo,
            acting_user=None,
            meeting=self.held,
            item=self.item,
            text="Fråga styrgruppen om larmen",
            responsible_bodies=[self.styrgrupp],
        )
        page = self.client.get(reverse("meetings:action_detail", args=[action.pk]))
        choices = list(page.context["form"].fields["responsible_bodies"].queryset)
        assert choices == [self.lpo, self.styrgrupp]
        response = self.post(
            action,
            text="Fråga styrgruppen om larmen i dag",
            responsible_bodies=[self.styrgrupp.pk, self.lpo.pk],
        )
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.text == "Fråga styrgruppen om larmen i dag"
        assert set(action.responsible_bodies.all()) == {self.lpo, self.styrgrupp}


class ActionListDownloadTests(MeetingPageTestCase):
    def test_the_action_list_links_its_downloads_with_the_same_filters(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(reverse("meetings:action_list"), {"forsenade": "on"})
        self.assertContains(response, "/atgarder.xlsx?forsenade=on")
        self.assertContains(response, "/atgarder.csv?forsenade=on")


class PersonActionsTests(MeetingPageTestCase):
    def test_a_persons_page_lists_their_open_actions_overdue_first(self) -> None:
        self.client.force_login(self.bob)
        later = services.add_action(
            self.lpo,
            acting_user=None,
            text="Senare uppgift",
            responsible_people=[self.tanja],
            due_date=D(2099, 1, 1),
        )
        response = self.client.get(reverse("registry:person_detail", args=[self.tanja.pk]))
        assert response.context["actions"] == [self.action, later]
        self.assertContains(response, "Försenad")

    def test_a_visitor_does_not_see_actions_of_unpublished_minutes_on_a_persons_page(self) -> None:
        response = self.client.get(reverse("registry:person_detail", args=[self.tanja.pk]))
        assert response.context["actions"] == []
