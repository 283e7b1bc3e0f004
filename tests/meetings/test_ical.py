"""Calendar feeds: one stable event per meeting, updated when it moves, behind signed URLs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings
from icalendar import Calendar, Event

from kunskapsnav.meetings import ical, services
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry import services as registry
from tests.meetings.export_base import D, ExportTestCase, T, meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def events(content: bytes) -> dict[str, Event]:
    calendar = Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT") if isinstance(e, Event)}


def uid(of: Meeting) -> str:
    return f"{of.uid}@kunskapsnav"


class FeedTests(ExportTestCase):
    def feed(self) -> dict[str, Event]:
        return events(ical.feed(ical.body_feed_meetings(self.lchnv, D(2022, 3, 1)), "LCHNV"))

    def test_each_meeting_is_one_event_in_stockholm_time(self) -> None:
        content = ical.feed(ical.body_feed_meetings(self.lchnv, D(2022, 3, 1)), "LCHNV")
        calendar = Calendar.from_ical(content)
        assert calendar["X-WR-CALNAME"] == "LCHNV"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
        found = events(content)
        assert set(found) == {uid(self.previous), uid(self.minutes), uid(self.next_meeting)}
        event = found[uid(self.next_meeting)]
        assert event.decoded("DTSTART") == dt.datetime(2022, 3, 11, 9, tzinfo=STOCKHOLM)
        assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert event.decoded("DTEND") == dt.datetime(2022, 3, 11, 12, tzinfo=STOCKHOLM)
        assert str(event["SUMMARY"]) == "Länschefsnätverket"
        assert str(event["LOCATION"]) == "Teams"
        assert str(event["URL"]).endswith(f"/moten/{self.next_meeting.pk}/")
        assert str(event["STATUS"]) == "CONFIRMED"
        description = str(event["DESCRIPTION"])
        assert "Dagordning:\n1. Mötets öppnande\n2. Regional samverkansöverenskommelse" in (
            description
        )

    def test_the_uid_stays_and_the_sequence_grows_when_a_meeting_moves(self) -> None:
        before = self.feed()[uid(self.next_meeting)]
        services.move_meeting(
            self.next_meeting,
            acting_user=None,
            date=D(2022, 3, 14),
            start_time=T(13),
            end_time=T(16),
            reason="Flyttat på grund av RSS-möte.",
        )
        after = self.feed()[uid(self.next_meeting)]
        assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
        assert after.decoded("DTSTART") == dt.datetime(2022, 3, 14, 13, tzinfo=STOCKHOLM)
        assert "Flyttat på grund av RSS-möte." in str(after["DESCRIPTION"])

    def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(self) -> None:
        services.cancel_meeting(self.next_meeting, acting_user=None, reason="Inställt")
        event = self.feed()[uid(self.next_meeting)]
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["SUMMARY"]) == "Inställt: Länschefsnätverket"
        assert event.decoded("SEQUENCE") == 1

    def test_a_meeting_without_a_time_is_an_all_day_event(self) -> None:
        untimed = meeting(
            self.lchnv, D(2022, 4, 1), start_time=None, end_time=None, title="Planeringsdag"
        )
        event = self.feed()[uid(untimed)]
        assert event.decoded("DTSTART") == D(2022, 4, 1)
        assert event.decoded("DTEND") == D(2022, 4, 2)
        assert str(event["SUMMARY"]) == "Länschefsnätverket: Planeringsdag"

    def test_a_persons_feed_has_the_meetings_of_their_current_bodies(self) -> None:
        registry.appoint(self.lpo, self.tomas, acting_user=None, start_on=D(2021, 1, 1))
        registry.appoint(
            self.styrgrupp,
            self.tomas,
            acting_user=None,
            start_on=D(2020, 1, 1),
            end_on=D(2021, 1, 1),
        )
        found = events(ical.feed(ical.person_feed_meetings(self.tomas, D(2022, 3, 1)), "Tomas"))
        assert uid(self.next_meeting) in found
        assert uid(self.lpo_draft) in found
        assert uid(self.styrgrupp_published) not in found

    def test_meetings_over_a_year_old_are_left_out(self) -> None:
        found = events(ical.feed(ical.body_feed_meetings(self.lchnv, D(2023, 1, 10)), "LCHNV"))
        assert uid(self.previous) not in found
        assert uid(self.minutes) in found


class FeedTokenTests(ExportTestCase):
    def test_a_token_names_its_feed_and_a_tampered_one_names_nothing(self) -> None:
        token = ical.feed_token("body", self.lchnv.pk)
        assert ical.read_feed_token(token) == ("body", self.lchnv.pk)
        tampered = token.replace(f"body.{self.lchnv.pk}", f"body.{self.styrgrupp.pk}")
        assert ical.read_feed_token(tampered) is None
        assert ical.read_feed_token("body.1") is None

    @override_settings(SECRET_KEY="en-annan-nyckel-som-ar-tillrackligt-lang-for-django-1234567")
    def test_a_token_signed_with_another_key_is_refused(self) -> None:
        token = "body.1:" + "A" * 43
        assert ical.read_feed_token(token) is None

    @time_machine.travel(dt.datetime(2022, 3, 1, 8, tzinfo=STOCKHOLM), tick=False)
    def test_the_feed_view_serves_a_signed_feed_without_a_session(self) -> None:
        url = ical.feed_url_for_body(self.lchnv)
        assert url.startswith("http")
        path = url.split("://", 1)[1].split("/", 1)[1]
        response = self.client.get("/" + path)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert uid(self.next_meeting) in events(response.content)

    def test_the_feed_view_refuses_a_tampered_token(self) -> None:
        token = ical.feed_token("body", self.lchnv.pk)
        tampered = token.replace(f"body.{self.lchnv.pk}", f"body.{self.styrgrupp.pk}")
        assert self.client.get(f"/kalender/{tampered}.ics").status_code == 404
        assert self.client.get(f"/kalender/body.{self.styrgrupp.pk}.ics").status_code == 404

    def test_the_feed_of_a_person_who_is_gone_is_not_found(self) -> None:
        token = ical.feed_token("person", 999_999)
        assert self.client.get(f"/kalender/{token}.ics").status_code == 404

    @time_machine.travel(dt.datetime(2022, 3, 1, 8, tzinfo=STOCKHOLM), tick=False)
    def test_a_persons_feed_through_the_view(self) -> None:
        token = ical.feed_token("person", self.tanja.pk)
        response = self.client.get(f"/kalender/{token}.ics")
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.content)
        assert calendar["X-WR-CALNAME"] == "Möten för Tanja Mårtensson"
        assert uid(self.next_meeting) in events(response.content)


class FeedUrlTests(ExportTestCase):
    def test_a_members_of_a_body_gets_its_feed_which_shows_planned_meetings(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        assert ical.feed_url_for(AnonymousUser(), self.lchnv) is None
        # dave may read the public body, but its feed holds unpublished meetings too
        assert ical.feed_url_for(self.dave, self.lchnv) is None
        assert ical.feed_url_for(self.alice, self.lchnv) == ical.feed_url_for_body(self.lchnv)
        assert ical.feed_url_for(self.dave, self.styrgrupp) is None
        assert ical.feed_url_for(self.erin, self.styrgrupp) == ical.feed_url_for_body(
            self.styrgrupp
        )

    def test_a_persons_feed_is_for_their_own_user_only(self) -> None:
        assert ical.feed_url_for(self.bob, self.tanja) == ical.feed_url_for_person(self.tanja)
        assert ical.feed_url_for(self.alice, self.tanja) is None
        assert ical.feed_url_for(self.bob, self.tomas) is None
