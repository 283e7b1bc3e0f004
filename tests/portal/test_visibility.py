"""The public sees public bodies and published minutes, nothing else, wherever it looks."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kunskapsnav.meetings.models import Meeting
from tests.portal.base import (
    PUBLIC_DECISION,
    SECRET_DECISION,
    SECRET_ITEM,
    STYRGRUPP_DECISION,
    PortalTestCase,
)


class UnpublishedMeetingTests(PortalTestCase):
    def portal_urls(self) -> list[str]:
        pk = self.lpo.pk
        return [
            reverse("portal:start"),
            reverse("portal:start") + "?q=o",
            reverse("portal:group", args=["20"]),
            reverse("portal:body_detail", args=[pk]),
            reverse("portal:body_rss", args=[pk]),
            reverse("portal:body_atom", args=[pk]),
            reverse("portal:body_calendar", args=[pk]),
            reverse("portal:meeting_detail", args=[self.public_meeting.pk]),
            reverse("portal:kunskapsstod_list"),
            reverse("portal:matrix"),
        ]

    def test_an_unpublished_meeting_never_appears_for_an_anonymous_reader(self) -> None:
        assert self.draft.status == Meeting.Status.GENOMFORT
        draft_url = reverse("portal:meeting_detail", args=[self.draft.pk])
        for url in self.portal_urls():
            response = self.client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert SECRET_DECISION not in text, url
            assert SECRET_ITEM not in text, url
            assert draft_url not in text, url
        # Its own portal page does not exist.
        assert self.client.get(draft_url).status_code == 404
        # The API does not list it, nor hand it out by id.
        listed = self.client.get("/api/v1/meetings")
        assert listed.status_code == 200
        ids = [row["id"] for row in listed.json()["items"]]
        assert self.public_meeting.pk in ids
        assert self.draft.pk not in ids
        assert SECRET_DECISION not in listed.content.decode()
        assert self.client.get(f"/api/v1/meetings/{self.draft.pk}").status_code in (401, 403, 404)
        # Nor does the ordinary UI.
        ui = self.client.get(reverse("meetings:meeting_detail", args=[self.draft.pk]))
        assert ui.status_code in (302, 403, 404)
        assert SECRET_DECISION not in ui.content.decode()
        calendar = self.client.get(reverse("meetings:calendar"))
        assert SECRET_DECISION not in calendar.content.decode()

    def test_the_calendar_lists_a_held_meeting_without_its_minutes(self) -> None:
        text = self.client.get(reverse("portal:body_calendar", args=[self.lpo.pk])).content
        ical = text.decode()
        assert str(self.draft.uid) in ical
        assert SECRET_ITEM not in ical
        assert f"/portal/moten/{self.draft.pk}/" not in ical
        assert f"/portal/moten/{self.public_meeting.pk}/" in ical

    def test_the_calendar_leaves_out_cancelled_meetings_links_and_agendas(self) -> None:
        ical = self.client.get(reverse("portal:body_calendar", args=[self.lpo.pk])).content.decode()
        assert "Vårmöte" in ical
        assert "Inställt höstmöte" not in ical
        assert "teams.example" not in ical
        assert "Hemlig punkt" not in ical

    def test_an_upcoming_meeting_shows_date_and_title_only(self) -> None:
        text = self.client.get(reverse("portal:body_detail", args=[self.lpo.pk])).content.decode()
        assert "Vårmöte" in text
        assert "Hemlig punkt" not in text
        assert "teams.example" not in text
        assert "Inställt höstmöte" not in text
        assert reverse("portal:meeting_detail", args=[self.upcoming.pk]) not in text

    def test_a_logged_in_member_sees_no_more_in_the_portal(self) -> None:
        self.client.force_login(self.bob)
        text = self.client.get(reverse("portal:body_detail", args=[self.lpo.pk])).content.decode()
        assert SECRET_DECISION not in text
        draft_url = reverse("portal:meeting_detail", args=[self.draft.pk])
        assert self.client.get(draft_url).status_code == 404


class NonPublicBodyTests(PortalTestCase):
    def test_a_non_public_body_has_no_portal_pages_or_feeds(self) -> None:
        pk = self.styrgrupp.pk
        for name in ("body_detail", "body_rss", "body_atom", "body_calendar"):
            assert self.client.get(reverse(f"portal:{name}", args=[pk])).status_code == 404, name
        meeting_url = reverse("portal:meeting_detail", args=[self.styrgrupp_meeting.pk])
        assert self.client.get(meeting_url).status_code == 404

    def test_its_published_minutes_never_appear_even_to_its_chair(self) -> None:
        for client in (self.client, self.logged_in(self.erin)):
            text = client.get(reverse("portal:start")).content.decode()
            assert PUBLIC_DECISION in text
            assert STYRGRUPP_DECISION not in text
            assert self.styrgrupp.name not in text
            for url in (
                reverse("portal:group", args=["20"]),
                reverse("portal:start") + "?q=styrgrupp",
            ):
                other = client.get(url).content.decode()
                assert self.styrgrupp.name not in other, url
                assert STYRGRUPP_DECISION not in other, url
            meeting_url = reverse("portal:meeting_detail", args=[self.styrgrupp_meeting.pk])
            assert client.get(meeting_url).status_code == 404
            assert (
                client.get(reverse("portal:body_detail", args=[self.styrgrupp.pk])).status_code
                == 404
            )

    def logged_in(self, user: object) -> Client:
        client = self.client_class()
        client.force_login(user)
        return client
