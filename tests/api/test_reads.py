"""Reading the registry through the API: public data for everyone, more for those with a role."""

from __future__ import annotations

import datetime as dt

from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Membership
from tests.api.base import API, ApiTestCase
from tests.base import LoginClient

PUBLIC_BODIES = [
    "Arbetsgrupp välfärdsteknik",
    "LAG Barn och unga",
    "LPO Barn och unga",
    "Socialchefsnätverket",
]


class BodyListTests(ApiTestCase):
    def test_anonymous_visitor_sees_only_public_bodies(self) -> None:
        response = self.get("/bodies")
        assert response.status_code == 200
        assert self.names(response) == PUBLIC_BODIES
        assert response.json()["count"] == 4

    def test_dave_without_a_role_sees_only_public_bodies(self) -> None:
        assert self.names(self.get("/bodies", "dave")) == PUBLIC_BODIES

    def test_erin_also_sees_the_styrgrupp_she_chairs(self) -> None:
        names = self.names(self.get("/bodies", "erin"))
        assert names == sorted([*PUBLIC_BODIES, "Styrgrupp välfärdsteknik"])

    def test_alice_sees_every_body(self) -> None:
        assert self.get("/bodies", "alice").json()["count"] == Body.objects.count()

    def test_a_logged_in_browser_session_reads_with_its_roles(self) -> None:
        self.client.force_login(self.erin)
        response = self.client.get(f"{API}/bodies")
        assert "Styrgrupp välfärdsteknik" in self.names(response)

    def test_parent_that_the_caller_may_not_see_is_not_named(self) -> None:
        rows = {row["name"]: row for row in self.get("/bodies").json()["items"]}
        assert rows["Arbetsgrupp välfärdsteknik"]["parent"] is None
        assert rows["LAG Barn och unga"]["parent"]["name"] == "LPO Barn och unga"
        rows = {row["name"]: row for row in self.get("/bodies", "erin").json()["items"]}
        assert rows["Arbetsgrupp välfärdsteknik"]["parent"]["name"] == "Styrgrupp välfärdsteknik"

    def test_list_carries_vacancy_counts_region_and_programme_area(self) -> None:
        rows = {row["name"]: row for row in self.get("/bodies").json()["items"]}
        lpo = rows["LPO Barn och unga"]
        assert lpo["vacancy_count"] == 4  # one regional place, three municipal ones
        assert lpo["region"] == {"code": "20", "name": "Region Dalarna"}
        assert lpo["programme_area"]["code"] == "barn-och-ungdomars-halsa"
        assert rows["Socialchefsnätverket"]["vacancy_count"] == 0

    def test_filters_narrow_the_list(self) -> None:
        cases: list[tuple[dict[str, str], list[str]]] = [
            ({"kind": "lpo"}, ["LPO Barn och unga"]),
            ({"level": "lansgemensam"}, ["Arbetsgrupp välfärdsteknik", "Socialchefsnätverket"]),
            ({"programme_area": "barn-och-ungdomars-halsa"}, ["LPO Barn och unga"]),
            ({"region": "20"}, PUBLIC_BODIES),
            ({"region": "01"}, []),
            ({"status": "avvecklad"}, []),
            ({"has_vacancies": "true"}, ["LAG Barn och unga", "LPO Barn och unga"]),
            (
                {"has_vacancies": "false"},
                ["Arbetsgrupp välfärdsteknik", "Socialchefsnätverket"],
            ),
            ({"q": "schnv"}, ["Socialchefsnätverket"]),
            ({"q": "barn och"}, ["LAG Barn och unga", "LPO Barn och unga"]),
        ]
        for params, expected in cases:
            with self.subTest(**params):
                assert self.names(self.get("/bodies", **params)) == expected

    def test_a_filter_never_reveals_a_body_the_caller_may_not_see(self) -> None:
        assert self.names(self.get("/bodies", q="sekretess")) == []
        assert self.names(self.get("/bodies", "alice", q="sekretess")) == ["Arbetsgrupp sekretess"]

    def test_list_is_paginated_with_limit_and_offset(self) -> None:
        data = self.get("/bodies", limit="2", offset="1").json()
        assert data["count"] == 4
        assert [row["name"] for row in data["items"]] == PUBLIC_BODIES[1:3]

    def test_unknown_choice_in_a_filter_is_rejected(self) -> None:
        assert self.get("/bodies", kind="kommitte").status_code == 422


class BodyDetailTests(ApiTestCase):
    def test_body_shows_seats_with_quota_holders_and_vacancies(self) -> None:
        data = self.get(f"/bodies/{self.lpo.pk}").json()
        assert data["vacancy_count"] == 4
        seats = {seat["title"]: seat for seat in data["seats"]}
        kommun = seats["Kommunrepresentant"]
        assert (kommun["quota"], kommun["quota_min"], kommun["quota_label"]) == (4, 3, "3–4")
        assert kommun["vacancies"] == 3
        assert [h["person"]["name"] for h in kommun["holders"]] == ["Per Persson"]
        assert kommun["nominating_body"]["name"] == "Socialchefsnätverket"
        assert seats["Regionrepresentant"]["vacancies"] == 1

    def test_body_shows_current_members_with_roles_and_periods(self) -> None:
        services.end_membership(self.per_in_lpo, end_on=dt.date(2023, 6, 30), acting_user=None)
        members = self.get(f"/bodies/{self.lpo.pk}").json()["members"]
        assert [(m["person"]["name"], m["role"], m["start_on"]) for m in members] == [
            ("Anna Ahl", Membership.Role.ORDFORANDE, "2021-01-01")
        ]
        assert members[0]["organisation"]["name"] == "Region Dalarna"

    def test_sub_bodies_the_caller_may_not_see_are_left_out(self) -> None:
        path = f"/bodies/{self.lpo.pk}"
        anonymous = [b["name"] for b in self.get(path).json()["sub_bodies"]]
        assert anonymous == ["LAG Barn och unga"]
        alice = [b["name"] for b in self.get(path, "alice").json()["sub_bodies"]]
        assert alice == ["Arbetsgrupp sekretess", "LAG Barn och unga"]
        assert self.get(path).json()["sub_bodies"][0]["vacancy_count"] == 1

    def test_open_nominations_name_their_candidate_only_to_logged_in_callers(self) -> None:
        path = f"/bodies/{self.lpo.pk}"
        nominations = self.get(path).json()["open_nominations"]
        assert {n["status"] for n in nominations} == {"requested", "nominated"}
        assert all(n["candidate"] is None for n in nominations)
        assert all(n["nominating_body"]["name"] == "Socialchefsnätverket" for n in nominations)
        nominated = [
            n for n in self.get(path, "carol").json()["open_nominations"] if n["candidate"]
        ]
        assert [n["candidate"]["name"] for n in nominated] == ["Kim Kandidat"]

    def test_body_shows_its_approved_commission_version_not_the_draft(self) -> None:
        commissions = self.get(f"/bodies/{self.lpo.pk}").json()["commissions"]
        assert len(commissions) == 1
        current = commissions[0]["current_version"]
        assert (current["number"], current["text"], current["status"]) == (
            1,
            "Version 1",
            "approved",
        )
        assert current["approved_by"]["name"] == "Socialchefsnätverket"

    def test_a_body_that_is_not_public_is_not_found_rather_than_forbidden(self) -> None:
        path = f"/bodies/{self.styrgrupp.pk}"
        for caller in ("anonymous", "bob", "carol", "dave"):
            with self.subTest(caller=caller):
                assert self.get(path, caller).status_code == 404
        for caller in ("alice", "erin"):
            with self.subTest(caller=caller):
                assert self.get(path, caller).json()["name"] == "Styrgrupp välfärdsteknik"

    def test_not_found_looks_the_same_as_for_an_id_that_does_not_exist(self) -> None:
        hidden = self.get(f"/bodies/{self.styrgrupp.pk}")
        missing = self.get("/bodies/999999")
        assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())

    def test_closed_body_has_no_vacancies(self) -> None:
        services.close_body(self.lag, closed_on=dt.date(2024, 1, 1), acting_user=None)
        data = self.get(f"/bodies/{self.lag.pk}").json()
        assert (data["status"], data["closed_on"], data["vacancy_count"]) == (
            "avvecklad",
            "2024-01-01",
            0,
        )


class PersonTests(ApiTestCase):
    def test_anonymous_visitor_sees_memberships_of_public_bodies_only(self) -> None:
        data = self.get(f"/people/{self.per.pk}").json()
        assert [m["body"]["name"] for m in data["memberships"]] == ["LPO Barn och unga"]

    def test_erin_sees_the_membership_in_the_styrgrupp_she_chairs(self) -> None:
        data = self.get(f"/people/{self.per.pk}", "erin").json()
        assert sorted(m["body"]["name"] for m in data["memberships"]) == [
            "LPO Barn och unga",
            "Styrgrupp välfärdsteknik",
        ]

    def test_dave_with_a_login_sees_contact_details_but_no_hidden_membership(self) -> None:
        data = self.get(f"/people/{self.per.pk}", "dave").json()
        assert data["email"] == "per.persson@example.org"
        assert [m["body"]["name"] for m in data["memberships"]] == ["LPO Barn och unga"]

    def test_contact_details_are_for_logged_in_callers_only(self) -> None:
        anonymous = self.get(f"/people/{self.anna.pk}").json()
        assert (anonymous["email"], anonymous["phone"]) == (None, None)
        assert "anna.ahl@example.org" not in self.get(f"/people/{self.anna.pk}").content.decode()
        carol = self.get(f"/people/{self.anna.pk}", "carol").json()
        assert (carol["email"], carol["phone"]) == ("anna.ahl@example.org", "023-49 00 00")

    def test_a_session_counts_as_logged_in(self) -> None:
        client = LoginClient()
        client.force_login(self.dave)
        assert client.get(f"{API}/people/{self.anna.pk}").json()["email"] == "anna.ahl@example.org"

    def test_past_memberships_are_listed_as_not_current(self) -> None:
        services.end_membership(self.per_in_lpo, end_on=dt.date(2023, 6, 30), acting_user=None)
        (membership,) = self.get(f"/people/{self.per.pk}").json()["memberships"]
        assert (membership["end_on"], membership["is_current"]) == ("2023-06-30", False)

    def test_unknown_person_is_not_found(self) -> None:
        assert self.get("/people/999999").status_code == 404


class VacancyTests(ApiTestCase):
    def test_anonymous_visitor_sees_vacancies_of_public_bodies(self) -> None:
        rows = self.get("/vacancies").json()["items"]
        assert sorted((r["body"]["name"], r["seat_title"], r["places"]) for r in rows) == [
            ("LAG Barn och unga", "Representant", 1),
            ("LPO Barn och unga", "Kommunrepresentant", 3),
            ("LPO Barn och unga", "Regionrepresentant", 1),
        ]

    def test_erin_also_sees_the_vacancy_in_her_styrgrupp(self) -> None:
        bodies = {r["body"]["name"] for r in self.get("/vacancies", "erin").json()["items"]}
        assert "Styrgrupp välfärdsteknik" in bodies

    def test_vacancy_names_its_nominator_and_the_open_nomination(self) -> None:
        rows = {r["seat_title"]: r for r in self.get("/vacancies").json()["items"]}
        kommun = rows["Kommunrepresentant"]
        assert kommun["nominating_body"]["name"] == "Socialchefsnätverket"
        assert kommun["nomination_id"] == self.requested.pk
        assert kommun["deadline"] == "2031-03-01"

    def test_a_nominating_body_the_caller_may_not_see_is_not_named(self) -> None:
        rows = {r["seat_title"]: r for r in self.get("/vacancies").json()["items"]}
        assert rows["Representant"]["nominating_body"] is None
        rows = {r["seat_title"]: r for r in self.get("/vacancies", "erin").json()["items"]}
        assert rows["Representant"]["nominating_body"]["name"] == "Styrgrupp välfärdsteknik"

    def test_vacancies_filter_on_region(self) -> None:
        assert len(self.get("/vacancies", region="20").json()["items"]) == 3
        assert self.get("/vacancies", region="01").json()["items"] == []
