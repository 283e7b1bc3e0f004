"""Writes to a meeting's content through the API: agenda items, decisions, attendance, actions
and the steps of the minutes, each through ``meetings.services``.

On the meetings of ``test_meetings_api``: bob (samordnare of the LPO, and its secretary) writes;
carol (ledamot) sees the LPO's meetings but changes nothing (403); dave and erin do not see its
draft minutes (404). Approved minutes are locked (422 with the service's message), and a refused
write leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from tests.api.base import API
from tests.api.test_meetings_api import MeetingApiTestCase

D = dt.date


def counts() -> tuple[int, int, int, int]:
    return (
        AgendaItem.objects.count(),
        Decision.objects.count(),
        Attendance.objects.count(),
        ActionItem.objects.count(),
    )


class MeetingWriteTestCase(MeetingApiTestCase):
    def item_of(self, meeting: Meeting) -> AgendaItem:
        item = meeting.items.order_by("order").first()
        assert item is not None
        return item

    def refused(self, method: str, path: str, payload: dict[str, Any] | None, caller: str) -> int:
        """The status of a write that must change nothing."""
        before = counts()
        with transaction.atomic():
            response = self.send(method, path, payload, caller)
            transaction.set_rollback(True)
        assert counts() == before
        return response.status_code


class AgendaTests(MeetingWriteTestCase):
    def test_bob_adds_an_item_at_the_end_of_the_agenda(self) -> None:
        response = self.post(
            f"/meetings/{self.upcoming.pk}/items",
            {
                "title": "Strategi för elevhälsan",
                "kind": "beslut",
                "presenter_ids": [self.anna.pk],
                "text": "Underlag bifogas.",
            },
            "bob",
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["number"] == "2"
        assert data["kind"] == "beslut"
        assert [p["name"] for p in data["presenters"]] == ["Anna Ahl"]
        assert data["decisions"] == []
        assert data["actions"] == []
        page = self.get(f"/meetings/{self.upcoming.pk}", "bob").json()
        assert [i["title"] for i in page["items"]] == ["Mötets öppnande", "Strategi för elevhälsan"]
        assert page["items"][1]["id"] == data["id"]

    def test_bob_changes_an_item_with_the_version_he_read(self) -> None:
        item = self.item_of(self.upcoming)
        read = self.get(f"/meetings/{self.upcoming.pk}", "bob").json()["items"][0]
        response = self.patch(
            f"/items/{item.pk}",
            {"title": "Mötet öppnas", "struck": True, "lock_version": read["lock_version"]},
            "bob",
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert (data["title"], data["struck"]) == ("Mötet öppnas", True)
        assert data["lock_version"] == read["lock_version"] + 1

        stale = self.patch(
            f"/items/{item.pk}",
            {"title": "Gammal text", "lock_version": read["lock_version"]},
            "bob",
        )
        assert stale.status_code == 422
        assert "har ändrat detta medan du skrev" in stale.json()["detail"][0]
        item.refresh_from_db()
        assert item.title == "Mötet öppnas"

    def test_an_item_cannot_lose_its_kind_or_its_title(self) -> None:
        item = self.item_of(self.upcoming)
        assert self.patch(f"/items/{item.pk}", {"kind": None}, "bob").status_code == 422
        assert self.patch(f"/items/{item.pk}", {"title": None}, "bob").status_code == 422
        assert self.patch(f"/items/{item.pk}", {"kind": "annat"}, "bob").status_code == 422
        item.refresh_from_db()
        assert (item.title, item.kind) == ("Mötets öppnande", AgendaItem.Kind.OVRIGT)


class DecisionAttendanceTests(MeetingWriteTestCase):
    def test_bob_records_a_decision_under_an_item(self) -> None:
        item = self.item_of(self.held_draft)
        response = self.post(
            f"/meetings/{self.held_draft.pk}/decisions",
            {"text": "  att godkänna planen.  ", "item_id": item.pk},
            "bob",
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["text"] == "att godkänna planen."
        assert data["deciding_body"]["id"] == self.lpo.pk
        item.refresh_from_db()
        assert item.kind == AgendaItem.Kind.BESLUT  # as when written on the meeting's page
        page = self.get(f"/meetings/{self.held_draft.pk}", "bob").json()
        assert [d["id"] for d in page["items"][0]["decisions"]] == [data["id"]]

    def test_a_decision_outside_the_agenda(self) -> None:
        response = self.post(
            f"/meetings/{self.held_draft.pk}/decisions", {"text": "Nästa möte i Mora."}, "bob"
        )
        assert response.status_code == 201, response.content
        page = self.get(f"/meetings/{self.held_draft.pk}", "bob").json()
        assert [d["text"] for d in page["decisions"]] == ["Nästa möte i Mora."]

    def test_bob_records_attendance_and_changes_it(self) -> None:
        path = f"/meetings/{self.held_draft.pk}/attendance"
        created = self.post(path, {"person_id": self.anna.pk}, "bob")
        assert created.status_code == 201, created.content
        assert created.json()["status"] == "narvarande"
        changed = self.post(path, {"person_id": self.anna.pk, "status": "franvarande"}, "bob")
        assert changed.status_code == 200
        assert changed.json()["id"] == created.json()["id"]
        assert changed.json()["status"] == "franvarande"
        guest = self.post(path, {"name": "Gun Gäst", "status": "gast", "role": "Åhörare"}, "bob")
        assert guest.status_code == 201
        assert (guest.json()["person"], guest.json()["name"]) == (None, "Gun Gäst")
        page = self.get(f"/meetings/{self.held_draft.pk}", "bob").json()
        assert [(a["name"], a["status"]) for a in page["attendance"]] == [
            ("Anna Ahl", "franvarande"),
            ("Gun Gäst", "gast"),
        ]


class ActionTests(MeetingWriteTestCase):
    def test_bob_hands_out_an_action_and_closes_it(self) -> None:
        item = self.item_of(self.held_draft)
        response = self.post(
            f"/meetings/{self.held_draft.pk}/actions",
            {
                "text": "Boka lokal",
                "item_id": item.pk,
                "responsible_person_ids": [self.per.pk],
                "responsible_body_ids": [self.lag.pk],
                "due_date": "2022-04-01",
            },
            "bob",
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["body"]["id"] == self.lpo.pk
        assert data["meeting"]["id"] == self.held_draft.pk
        assert [p["name"] for p in data["responsible_people"]] == ["Per Persson"]
        assert [b["id"] for b in data["responsible_bodies"]] == [self.lag.pk]
        assert (data["status"], data["due_date"]) == ("open", "2022-04-01")

        closed = self.post(
            f"/actions/{data['id']}/close",
            {"note": "Lokal bokad.", "meeting_id": self.held_draft.pk},
            "bob",
        )
        assert closed.status_code == 200, closed.content
        assert (closed.json()["status"], closed.json()["closed_on"]) == ("done", "2022-03-01")
        assert closed.json()["closing_note"] == "Lokal bokad."
        action = ActionItem.objects.get(pk=data["id"])
        assert action.closed_in == self.held_draft

        again = self.post(f"/actions/{data['id']}/close", {}, "bob")
        assert again.status_code == 422
        assert again.json()["detail"] == ["Åtgärden är redan avslutad."]

    def test_bob_changes_an_action_but_closes_it_only_by_closing(self) -> None:
        path = f"/actions/{self.draft_action.pk}"
        response = self.patch(
            path, {"text": "Sammankalla gruppen", "due_date": None, "status": "in_progress"}, "bob"
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert (data["text"], data["due_date"], data["status"]) == (
            "Sammankalla gruppen",
            None,
            "in_progress",
        )
        refused = self.patch(path, {"status": "done"}, "bob")
        assert refused.status_code == 422
        assert "Avsluta åtgärden" in refused.json()["detail"][0]
        self.draft_action.refresh_from_db()
        assert self.draft_action.status == ActionItem.Status.IN_PROGRESS

    def test_an_action_is_closed_only_at_a_meeting_of_its_body(self) -> None:
        response = self.post(
            f"/actions/{self.draft_action.pk}/close", {"meeting_id": self.hidden.pk}, "bob"
        )
        assert response.status_code == 422
        assert response.json()["detail"] == ["Mötet hör inte till organet."]
        response = self.post(f"/actions/{self.draft_action.pk}/close", {"status": "open"}, "bob")
        assert response.status_code == 422
        assert response.json()["detail"] == ["En åtgärd avslutas som klar eller avbruten."]
        self.draft_action.refresh_from_db()
        assert self.draft_action.is_open


class TransitionTests(MeetingWriteTestCase):
    def test_bob_takes_a_meeting_from_planned_to_published_and_it_locks(self) -> None:
        path = f"/meetings/{self.upcoming.pk}/transition"
        for step, status in (
            ("kalla", "kallat"),
            ("genomfort", "genomfort"),
            ("justera", "justerat"),
            ("publicera", "publicerat"),
        ):
            response = self.post(path, {"to": step}, "bob")
            assert response.status_code == 200, (step, response.content)
            assert response.json()["status"] == status
        again = self.post(path, {"to": "kalla"}, "bob")
        assert again.status_code == 422
        assert again.json()["detail"] == ["Bara ett planerat möte kan kallas till."]
        locked = self.post(f"/meetings/{self.upcoming.pk}/items", {"title": "Sent"}, "bob")
        assert locked.status_code == 422
        assert "justerat och låst" in locked.json()["detail"][0]

    def test_an_unknown_step_is_refused(self) -> None:
        path = f"/meetings/{self.upcoming.pk}/transition"
        assert self.post(path, {"to": "rivs"}, "bob").status_code == 422
        assert self.post(path, {}, "bob").status_code == 422
        self.upcoming.refresh_from_db()
        assert self.upcoming.status == Meeting.Status.PLANERAT


class RefusalTests(MeetingWriteTestCase):
    def writes(self, meeting: Meeting) -> list[tuple[str, str, dict[str, Any]]]:
        item = self.item_of(meeting)
        return [
            ("post", f"/meetings/{meeting.pk}/items", {"title": "Ny punkt"}),
            ("patch", f"/items/{item.pk}", {"title": "Ändrad"}),
            ("post", f"/meetings/{meeting.pk}/decisions", {"text": "att besluta."}),
            ("post", f"/meetings/{meeting.pk}/attendance", {"person_id": self.kim.pk}),
            ("post", f"/meetings/{meeting.pk}/actions", {"text": "Gör något"}),
        ]

    def test_who_may_write_to_the_lpos_draft_minutes(self) -> None:
        expected = {"anonymous": 401, "carol": 403, "dave": 404, "erin": 404}
        for method, path, payload in self.writes(self.held_draft):
            for caller, status in expected.items():
                with self.subTest(caller=caller, path=path):
                    assert self.refused(method, path, payload, caller) == status
        for caller, status in expected.items():
            with self.subTest(caller=caller):
                transition = f"/meetings/{self.held_draft.pk}/transition"
                assert self.refused("post", transition, {"to": "justera"}, caller) == status

    def test_who_may_change_an_action(self) -> None:
        path = f"/actions/{self.draft_action.pk}"
        for caller, status in {"carol": 403, "dave": 404, "erin": 404}.items():
            with self.subTest(caller=caller):
                assert self.refused("patch", path, {"text": "X"}, caller) == status
                assert self.refused("post", f"{path}/close", {}, caller) == status

    def test_published_minutes_of_a_public_body_are_seen_but_not_changed_by_outsiders(
        self,
    ) -> None:
        for method, path, payload in self.writes(self.published):
            with self.subTest(path=path):
                assert self.refused(method, path, payload, "dave") == 403

    def test_bob_sees_nothing_of_the_styrgrupps_meetings(self) -> None:
        for method, path, payload in self.writes(self.hidden):
            with self.subTest(path=path):
                assert self.refused(method, path, payload, "bob") == 404
        assert self.refused("post", f"/actions/{self.hidden_action.pk}/close", {}, "bob") == 404

    def test_approved_minutes_are_locked(self) -> None:
        for method, path, payload in self.writes(self.published):
            with self.subTest(path=path):
                response = self.send(method, path, payload, "bob")
                assert response.status_code == 422, response.content
                assert response.json()["detail"] == [
                    "Protokollet är justerat och låst. Öppna det för rättelse för att ändra, "
                    "så syns ändringen i historiken."
                ]
        path = f"/meetings/{self.published.pk}/items"
        assert self.refused("post", path, {"title": "X"}, "bob") == 422

    def test_bad_input_writes_nothing(self) -> None:
        meeting = self.held_draft
        other_item = self.item_of(self.upcoming)
        cases: list[tuple[str, str, dict[str, Any], str | None]] = [
            ("post", f"/meetings/{meeting.pk}/items", {"title": "   "}, None),
            ("post", f"/meetings/{meeting.pk}/items", {"title": "X", "kind": "annat"}, None),
            ("post", f"/meetings/{meeting.pk}/items", {}, None),
            ("post", f"/meetings/{meeting.pk}/decisions", {"text": " "}, "Skriv beslutet."),
            (
                "post",
                f"/meetings/{meeting.pk}/decisions",
                {"text": "att besluta.", "item_id": other_item.pk},
                "Punkten hör till ett annat möte.",
            ),
            (
                "post",
                f"/meetings/{meeting.pk}/actions",
                {"text": ""},
                "Skriv vad som ska göras.",
            ),
            (
                "post",
                f"/meetings/{meeting.pk}/actions",
                {"text": "Gör något", "responsible_person_ids": [10**9]},
                f"Det finns ingen person med id {10**9}.",
            ),
            (
                "post",
                f"/meetings/{meeting.pk}/actions",
                {"text": "Gör något", "responsible_body_ids": [self.styrgrupp.pk]},
                f"Det finns inget organ med id {self.styrgrupp.pk}.",
            ),
            (
                "post",
                f"/meetings/{meeting.pk}/attendance",
                {"name": "  "},
                "Ange en person eller ett namn.",
            ),
            ("post", f"/meetings/{meeting.pk}/attendance", {"name": "X", "status": "sover"}, None),
        ]
        for method, path, payload, message in cases:
            with self.subTest(path=path, payload=payload):
                before = counts()
                response = self.send(method, path, payload, "bob")
                assert response.status_code == 422, response.content
                assert counts() == before
                if message is not None:
                    assert response.json()["detail"] == [message]


class ReadTokenTests(MeetingWriteTestCase):
    def test_bobs_read_token_writes_nothing(self) -> None:
        _token, raw = create_api_token(self.bob, "Läser", acting_user=self.bob)
        before = counts()
        response = self.client.post(
            f"{API}/meetings/{self.held_draft.pk}/items",
            {"title": "Ny punkt"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert response.status_code == 403
        assert "bara läsa" in response.json()["detail"]
        assert counts() == before
