"""``/api/v1/meetings`` and ``/api/v1/actions``: who sees what, what a write does, and query
counts that stay the same with ten times the data.

On top of the registry of ``tests.api.base``: LPO Barn och unga has published minutes of
1 February 2022 (an action for Anna, also owed by the non-public styrgrupp), draft minutes of
1 March 2022 (an overdue action for Per and the LPO itself) and a planned meeting in 2099. The
non-public Styrgrupp välfärdsteknik has published minutes with an action for Per. Bob's person
is the LPO's secretary; erin's is the styrgrupp's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from kunskapsnav.registry.models import Person
from tests.api.base import API, CALLERS, ApiTestCase, make_person
from tests.base import LoginClient
from tests.meetings.export_base import item, meeting, publish

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

D = dt.date
GROWTH = 10


class MeetingApiTestCase(ApiTestCase):
    bob_person: Person
    erin_person: Person
    published: Meeting
    held_draft: Meeting
    upcoming: Meeting
    hidden: Meeting
    strategy: AgendaItem
    public_action: ActionItem
    draft_action: ActionItem
    hidden_action: ActionItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.bob_person = make_person("Bob Berg", user=cls.bob)
        cls.erin_person = make_person("Erin Ek", user=cls.erin)

        cls.published = meeting(
            cls.lpo, D(2022, 2, 1), secretary=cls.bob_person, diary_number="RD22/00111"
        )
        cls.strategy = item(
            cls.published,
            "Strategi för elevhälsan",
            kind=AgendaItem.Kind.BESLUT,
            presenters=[cls.anna],
            text="Strategin är framtagen tillsammans med kommunerna.",
        )
        services.add_decision(
            cls.published, acting_user=None, item=cls.strategy, text="att godkänna strategin."
        )
        cls.public_action = services.add_action(
            cls.lpo,
            acting_user=None,
            meeting=cls.published,
            item=cls.strategy,
            text="Skicka strategin till kommunerna",
            responsible_people=[cls.anna],
            responsible_bodies=[cls.styrgrupp],
            due_date=D(2022, 2, 28),
        )
        services.set_attendance(cls.published, acting_user=None, person=cls.anna)
        services.set_attendance(
            cls.published,
            acting_user=None,
            person=cls.per,
            status=Attendance.Status.DEL_AV_MOTET,
        )
        services.set_attendance(
            cls.published, acting_user=None, name="Gäst Gästsson", status="gast"
        )
        services.add_decision(
            cls.published, acting_user=None, text="Det beslutades att nästa möte hålls i Falun."
        )
        services.add_action(
            cls.lpo,
            acting_user=None,
            meeting=cls.published,
            text="Boka lokal i Falun",
            responsible_people=[cls.bob_person],
            responsible_bodies=[cls.lpo],
            due_date=D(2022, 2, 25),
        )
        publish(cls.published, cls.bob)

        cls.held_draft = meeting(cls.lpo, D(2022, 3, 1), secretary=cls.bob_person)
        first = item(cls.held_draft, "Uppföljning")
        cls.draft_action = services.add_action(
            cls.lpo,
            acting_user=None,
            meeting=cls.held_draft,
            item=first,
            text="Sammankalla arbetsgruppen",
            responsible_people=[cls.per],
            responsible_bodies=[cls.lpo],
            due_date=D(2022, 3, 15),
        )
        services.mark_held(cls.held_draft, acting_user=None)

        cls.upcoming = meeting(cls.lpo, D(2099, 1, 1))
        item(cls.upcoming, "Mötets öppnande")

        cls.hidden = meeting(cls.styrgrupp, D(2022, 2, 2), secretary=cls.erin_person)
        hidden_item = item(cls.hidden, "Välfärdsteknik i hemtjänsten")
        cls.hidden_action = services.add_action(
            cls.styrgrupp,
            acting_user=None,
            meeting=cls.hidden,
            item=hidden_item,
            text="Inventera larm",
            responsible_people=[cls.per],
        )
        publish(cls.hidden, cls.erin)

    def ids(self, response: Response, key: str = "items") -> list[int]:
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()[key]]


# --- Who may do what ------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    method: str
    path: str
    payload: dict[str, Any] | None
    allowed: frozenset[str]
    success: int = 200
    blind: frozenset[str] = frozenset()
    blind_status: int = 404

    def expected(self, caller: str) -> int:
        if caller in self.allowed:
            return self.success
        if self.method != "get" and caller == "anonymous":
            return 401
        if caller in self.blind:
            return self.blind_status
        return 403


EVERYONE = frozenset(CALLERS)
LPO_ROLES = frozenset({"alice", "bob", "carol"})
OUTSIDE_LPO = frozenset({"anonymous", "dave", "erin"})
STYRGRUPP_ROLES = frozenset({"alice", "erin"})
OUTSIDE_STYRGRUPP = frozenset({"anonymous", "bob", "carol", "dave"})


class MeetingPermissionMatrixTests(MeetingApiTestCase):
    def outcomes(self, attempt: Attempt) -> dict[str, int]:
        found = {}
        for caller in CALLERS:
            with transaction.atomic():
                if attempt.method == "get":
                    response = self.get(attempt.path, caller)
                else:
                    response = self.send(attempt.method, attempt.path, attempt.payload, caller)
                found[caller] = response.status_code
                transaction.set_rollback(True)
        return found

    def check(self, attempt: Attempt) -> None:
        expected = {caller: attempt.expected(caller) for caller in CALLERS}
        assert self.outcomes(attempt) == expected, f"{attempt.method.upper()} {attempt.path}"

    def test_everyone_lists_meetings_and_actions(self) -> None:
        self.check(Attempt("get", "/meetings", None, EVERYONE))
        self.check(Attempt("get", "/actions", None, EVERYONE))

    def test_everyone_reads_published_minutes_of_a_public_body(self) -> None:
        self.check(Attempt("get", f"/meetings/{self.published.pk}", None, EVERYONE))

    def test_draft_minutes_are_for_those_with_a_role_in_the_body(self) -> None:
        self.check(
            Attempt("get", f"/meetings/{self.held_draft.pk}", None, LPO_ROLES, blind=OUTSIDE_LPO)
        )

    def test_a_non_public_bodys_minutes_are_for_its_members_even_when_published(self) -> None:
        self.check(
            Attempt(
                "get",
                f"/meetings/{self.hidden.pk}",
                None,
                STYRGRUPP_ROLES,
                blind=OUTSIDE_STYRGRUPP,
            )
        )

    def test_a_meeting_that_does_not_exist_is_not_found_by_anyone(self) -> None:
        self.check(Attempt("get", "/meetings/999999", None, frozenset(), blind=EVERYONE))

    def test_the_lpos_samordnare_and_alice_plan_its_meetings(self) -> None:
        payload = {"body_id": self.lpo.pk, "date": "2030-01-15"}
        self.check(Attempt("post", "/meetings", payload, frozenset({"alice", "bob"}), 201))

    def test_only_alice_plans_the_styrgrupps_meetings_and_outsiders_cannot_name_it(self) -> None:
        payload = {"body_id": self.styrgrupp.pk, "date": "2030-01-15"}
        self.check(
            Attempt(
                "post",
                "/meetings",
                payload,
                frozenset({"alice"}),
                201,
                blind=frozenset({"bob", "carol", "dave"}),
                blind_status=422,
            )
        )


# --- Reads ----------------------------------------------------------------------------------


class MeetingReadTests(MeetingApiTestCase):
    def test_each_caller_lists_the_meetings_they_may_see_in_date_order(self) -> None:
        published, draft, upcoming, hidden = (
            self.published.pk,
            self.held_draft.pk,
            self.upcoming.pk,
            self.hidden.pk,
        )
        assert self.ids(self.get("/meetings")) == [published]
        assert self.ids(self.get("/meetings", "dave")) == [published]
        assert self.ids(self.get("/meetings", "bob")) == [published, draft, upcoming]
        assert self.ids(self.get("/meetings", "erin")) == [published, hidden]
        assert self.ids(self.get("/meetings", "alice")) == [published, hidden, draft, upcoming]

    def test_the_list_carries_the_body_times_status_and_item_count(self) -> None:
        [row] = self.get("/meetings").json()["items"]
        assert row == {
            "id": self.published.pk,
            "body": {
                "id": self.lpo.pk,
                "name": "LPO Barn och unga",
                "short_name": "",
                "kind": "lpo",
                "level": "regional",
                "status": "aktiv",
            },
            "title": "",
            "date": "2022-02-01",
            "start_time": "09:00:00",
            "end_time": "12:00:00",
            "place": "Teams",
            "status": "publicerat",
            "document_type": "minnesanteckningar",
            "item_count": 1,
        }

    def test_filters_by_body_and_dates(self) -> None:
        params = {"body": str(self.lpo.pk), "from": "2022-02-15", "to": "2022-12-31"}
        assert self.ids(self.get("/meetings", "bob", **params)) == [self.held_draft.pk]
        assert self.ids(self.get("/meetings", "alice", body=str(self.styrgrupp.pk))) == [
            self.hidden.pk
        ]

    def test_a_body_the_caller_may_not_see_is_an_unknown_body(self) -> None:
        response = self.get("/meetings", "dave", body=str(self.styrgrupp.pk))
        assert response.status_code == 422
        assert response.json() == {"detail": [f"Det finns inget organ med id {self.styrgrupp.pk}."]}

    def test_the_list_is_paginated(self) -> None:
        data = self.get("/meetings", "alice", limit="2", offset="1").json()
        assert data["count"] == 4
        assert [row["id"] for row in data["items"]] == [self.hidden.pk, self.held_draft.pk]

    def test_a_meeting_has_its_items_with_decisions_actions_and_attendance(self) -> None:
        data = self.get(f"/meetings/{self.published.pk}").json()
        assert data["status"] == "publicerat"
        assert data["diary_number"] == "RD22/00111"
        assert data["secretary"]["name"] == "Bob Berg"
        assert [(a["name"], a["status"]) for a in data["attendance"]] == [
            ("Anna Ahl", "narvarande"),
            ("Per Persson", "del_av_motet"),
            ("Gäst Gästsson", "gast"),
        ]
        assert data["attendance"][2]["person"] is None
        [strategy] = data["items"]
        assert strategy["number"] == "1"
        assert strategy["kind"] == "beslut"
        assert strategy["presenters"][0]["name"] == "Anna Ahl"
        assert strategy["text"] == "Strategin är framtagen tillsammans med kommunerna."
        [decision] = strategy["decisions"]
        assert decision["text"] == "att godkänna strategin."
        assert decision["deciding_body"]["id"] == self.lpo.pk
        [action] = strategy["actions"]
        assert action["text"] == "Skicka strategin till kommunerna"
        assert action["responsible_people"][0]["name"] == "Anna Ahl"
        assert action["meeting"] == {"id": self.published.pk, "date": "2022-02-01", "title": ""}
        assert action["status"] == "open"
        assert action["is_overdue"] is True
        assert [a["person"]["name"] for a in data["approvals"]] == ["Bob Berg"]

    def test_a_responsible_body_the_caller_may_not_see_is_not_named(self) -> None:
        def bodies(caller: str) -> list[str]:
            data = self.get(f"/meetings/{self.published.pk}", caller).json()
            return [b["name"] for b in data["items"][0]["actions"][0]["responsible_bodies"]]

        assert bodies("anonymous") == []
        assert bodies("bob") == []
        assert bodies("erin") == ["Styrgrupp välfärdsteknik"]
        assert bodies("alice") == ["Styrgrupp välfärdsteknik"]

    def test_a_meeting_follows_up_the_open_actions_of_earlier_meetings(self) -> None:
        data = self.get(f"/meetings/{self.held_draft.pk}", "carol").json()
        assert [a["text"] for a in data["follow_up"]] == [
            "Skicka strategin till kommunerna",
            "Boka lokal i Falun",
        ]
        assert data["status"] == "genomfort"
        assert data["approvals"] == []


class ActionReadTests(MeetingApiTestCase):
    def texts(self, response: Response) -> list[str]:
        assert response.status_code == 200, response.content
        return [row["text"] for row in response.json()["items"]]

    def test_anonymous_callers_see_actions_on_public_record(self) -> None:
        assert self.texts(self.get("/actions")) == [
            "Boka lokal i Falun",
            "Skicka strategin till kommunerna",
        ]

    def test_members_see_their_bodies_actions_overdue_first(self) -> None:
        assert self.texts(self.get("/actions", "carol")) == [
            "Boka lokal i Falun",
            "Skicka strategin till kommunerna",
            "Sammankalla arbetsgruppen",
        ]
        assert self.texts(self.get("/actions", "erin")) == [
            "Boka lokal i Falun",
            "Skicka strategin till kommunerna",
            "Inventera larm",
        ]

    def test_an_action_from_minutes_the_caller_may_not_see_does_not_name_the_meeting(
        self,
    ) -> None:
        # The LPO, which bob coordinates, answers for an action of the styrgrupp: he sees the
        # action as his own, but neither the styrgrupp nor its meeting is named to him.
        action = services.add_action(
            self.styrgrupp,
            acting_user=None,
            meeting=meeting(self.styrgrupp, D(2099, 2, 1)),
            text="Svara LPO",
            responsible_bodies=[self.lpo],
        )
        [row] = [r for r in self.get("/actions", "bob").json()["items"] if r["id"] == action.pk]
        assert row["meeting"] is None
        assert row["body"] is None
        assert row["responsible_bodies"][0]["name"] == "LPO Barn och unga"

    def test_responsible_me_lists_the_callers_own_actions(self) -> None:
        # His person's action, and those of the LPO that he coordinates.
        assert self.texts(self.get("/actions", "bob", responsible="me")) == [
            "Boka lokal i Falun",
            "Sammankalla arbetsgruppen",
        ]
        assert self.texts(self.get("/actions", "dave", responsible="me")) == []
        response = self.get("/actions", responsible="me")
        assert response.status_code == 401
        assert response.json() == {"detail": "En giltig API-token krävs."}

    def test_responsible_person_lists_what_the_caller_may_see_of_theirs(self) -> None:
        per = str(self.per.pk)
        assert self.texts(self.get("/actions", "alice", responsible=per)) == [
            "Sammankalla arbetsgruppen",
            "Inventera larm",
        ]
        assert self.texts(self.get("/actions", "carol", responsible=per)) == [
            "Sammankalla arbetsgruppen"
        ]
        assert self.texts(self.get("/actions", responsible=per)) == []

    def test_filters_by_status_overdue_and_body(self) -> None:
        services.close_action(self.public_action, acting_user=None, note="Skickad")
        assert self.texts(self.get("/actions", "alice", status="done")) == [
            "Skicka strategin till kommunerna"
        ]
        assert len(self.texts(self.get("/actions", "alice", status="all"))) == 4
        assert self.texts(self.get("/actions", "alice", overdue="true")) == [
            "Boka lokal i Falun",
            "Sammankalla arbetsgruppen",
        ]
        assert self.texts(self.get("/actions", "alice", body=str(self.styrgrupp.pk))) == [
            "Inventera larm"
        ]

    def test_malformed_filters_are_rejected(self) -> None:
        assert self.get("/actions", status="kanske").status_code == 422
        assert self.get("/actions", responsible="du").status_code == 422
        response = self.get("/actions", responsible="999999")
        assert response.status_code == 422
        assert response.json() == {"detail": ["Det finns ingen person med id 999999."]}
        response = self.get("/actions", "dave", body=str(self.styrgrupp.pk))
        assert response.json() == {"detail": [f"Det finns inget organ med id {self.styrgrupp.pk}."]}


# --- Writes ---------------------------------------------------------------------------------


class MeetingWriteTests(MeetingApiTestCase):
    def test_bob_plans_a_meeting_of_the_lpo(self) -> None:
        response = self.post(
            "/meetings",
            {
                "body_id": self.lpo.pk,
                "date": "2030-01-15",
                "start_time": "13:00",
                "end_time": "16:00",
                "place": "Falun, Landstingshuset",
                "document_type": "protokoll",
                "chair_id": self.anna.pk,
                "secretary_id": self.bob_person.pk,
            },
            "bob",
        )
        assert response.status_code == 201, response.json()
        data = response.json()
        created = Meeting.objects.get(pk=data["id"])
        assert created.status == Meeting.Status.PLANERAT
        assert created.chair == self.anna
        assert created.document_type == "protokoll"
        assert data["start_time"] == "13:00:00"
        assert data["items"] == []
        assert created.history.first().history_user == self.bob

    def test_a_meeting_must_end_after_it_starts(self) -> None:
        response = self.post(
            "/meetings",
            {
                "body_id": self.lpo.pk,
                "date": "2030-01-15",
                "start_time": "13:00",
                "end_time": "12:00",
            },
            "bob",
        )
        assert response.status_code == 422
        assert "Mötet måste sluta efter att det börjar." in response.json()["detail"]

    def test_an_unknown_document_type_or_person_is_rejected_in_swedish(self) -> None:
        response = self.post(
            "/meetings",
            {"body_id": self.lpo.pk, "date": "2030-01-15", "document_type": "dagbok"},
            "bob",
        )
        assert response.status_code == 422
        assert response.json()["detail"] == ["Värdet 'dagbok' är inget giltigt alternativ."]
        response = self.post(
            "/meetings", {"body_id": self.lpo.pk, "date": "2030-01-15", "chair_id": 999999}, "bob"
        )
        assert response.json() == {"detail": ["Det finns ingen person med id 999999."]}

    def test_a_closed_body_holds_no_meetings(self) -> None:
        from kunskapsnav.registry import services as registry

        registry.close_body(self.lag, acting_user=None, closed_on=D(2024, 1, 1))
        response = self.post("/meetings", {"body_id": self.lag.pk, "date": "2030-01-15"}, "alice")
        assert response.status_code == 422
        assert response.json() == {"detail": ["Ett avvecklat organ håller inga möten."]}

    def test_the_openapi_document_lists_the_meeting_endpoints(self) -> None:
        document = self.client.get("/api/openapi.json").json()
        found = {(method, path) for path, item in document["paths"].items() for method in item}
        assert {
            ("get", "/api/v1/meetings"),
            ("post", "/api/v1/meetings"),
            ("get", "/api/v1/meetings/{meeting_id}"),
            ("get", "/api/v1/actions"),
        } <= found
        parameters = document["paths"]["/api/v1/meetings"]["get"]["parameters"]
        assert {"body", "from", "to", "limit", "offset"} <= {p["name"] for p in parameters}


# --- Query counts ---------------------------------------------------------------------------


class MeetingQueryCountTests(MeetingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.carol_browser = LoginClient()
        self.carol_browser.force_login(self.carol)

    def grow(self) -> None:
        """Ten times more meetings, items, decisions, actions, responsibles and attendance."""
        services.reopen_for_correction(self.published, acting_user=None, reason="Komplettering")
        for i in range(GROWTH):
            person = make_person(f"Ledamot {i}", organisation=self.region_dalarna)
            services.set_attendance(self.published, acting_user=None, person=person)
            extra = item(
                self.published,
                f"Punkt {i}",
                kind=AgendaItem.Kind.RAPPORT,
                presenters=[person, self.anna],
            )
            services.add_decision(self.published, acting_user=None, item=extra, text=f"att {i}.")
            services.add_action(
                self.lpo,
                acting_user=None,
                meeting=self.published,
                item=extra,
                text=f"Åtgärd {i}",
                responsible_people=[person, self.per],
                responsible_bodies=[self.lpo, self.styrgrupp],
                due_date=D(2022, 2, 20),
            )
            services.add_decision(self.published, acting_user=None, text=f"att utanför {i}.")
            services.add_action(self.lpo, acting_user=None, meeting=self.published, text=f"Lös {i}")
            later = meeting(self.lpo, D(2030, 1, 1 + i))
            item(later, "Mötets öppnande")
            hidden = meeting(self.styrgrupp, D(2030, 2, 1 + i))
            item(hidden, "Mötets öppnande")
        services.approve_minutes(self.published, acting_user=self.bob)
        services.publish_minutes(self.published, acting_user=None)

    def request(self, path: str, caller: str) -> Response:
        if caller == "carol (session)":
            response: Response = self.carol_browser.get(API + path)
            return response
        return self.get(path, caller)

    def queries_for(self, path: str, caller: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.request(path, caller)
        assert response.status_code == 200, response.content
        return len(queries)

    def assert_same_queries_after_growth(
        self, path: str, callers: tuple[str, ...] = ("anonymous", "bob", "carol (session)")
    ) -> dict[str, int]:
        for token_user in ("alice", "bob"):
            self.get("/meetings", token_user)  # a token's first use of the minute is noted once
        before = {caller: self.queries_for(path, caller) for caller in callers}
        self.grow()
        for caller in callers:
            with self.subTest(caller=caller), self.assertNumQueries(before[caller]):
                self.request(path, caller)
        return before

    def test_meeting_list_takes_the_same_queries_with_ten_times_the_meetings(self) -> None:
        counts = self.assert_same_queries_after_growth("/meetings?limit=500")
        # The count and the page (roles are read in a subquery); a token adds its lookup, a
        # session its session and user.
        assert counts == {"anonymous": 2, "bob": 3, "carol (session)": 4}
        assert self.get("/meetings", "bob", limit="500").json()["count"] == 3 + GROWTH

    def test_meeting_detail_takes_the_same_queries_with_ten_times_the_items(self) -> None:
        counts = self.assert_same_queries_after_growth(f"/meetings/{self.published.pk}")
        # The meeting page's fixed set (queries.meeting_page); a token adds its lookup and the
        # caller's roles, a session its session, user and roles.
        assert counts == {"anonymous": 17, "bob": 19, "carol (session)": 20}
        data = self.get(f"/meetings/{self.published.pk}", "bob").json()
        assert len(data["items"]) == 1 + GROWTH
        assert len(data["attendance"]) == 3 + GROWTH
        assert len(data["decisions"]) == 1 + GROWTH
        assert len(data["actions"]) == 1 + GROWTH

    def test_follow_up_takes_the_same_queries_with_ten_times_the_actions(self) -> None:
        self.assert_same_queries_after_growth(
            f"/meetings/{self.held_draft.pk}", callers=("alice", "bob", "carol (session)")
        )
        data = self.get(f"/meetings/{self.held_draft.pk}", "bob").json()
        assert len(data["follow_up"]) == 2 + 2 * GROWTH

    def test_action_list_takes_the_same_queries_with_ten_times_the_actions(self) -> None:
        counts = self.assert_same_queries_after_growth("/actions?status=all&limit=500")
        # The count, the page and its responsible people and bodies.
        assert counts == {"anonymous": 4, "bob": 6, "carol (session)": 7}
        assert len(self.get("/actions", "bob", status="all", limit="500").json()["items"]) == (
            3 + 2 * GROWTH
        )
