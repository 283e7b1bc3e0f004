"""Changing the registry through the API: what each write does, and how it says no."""

from __future__ import annotations

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.registry import services
from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Person,
    Seat,
)
from tests.api.base import API, ApiTestCase


class BodyWriteTests(ApiTestCase):
    def test_alice_creates_a_body_with_reference_data_by_code(self) -> None:
        response = self.post(
            "/bodies",
            {
                "name": "RPO Barn och unga",
                "kind": "rpo",
                "level": "sjukvardsregional",
                "programme_area": "barn-och-ungdomars-halsa",
                "region": "20",
                "owner_ids": [self.region_dalarna.pk],
                "established_on": "2019-05-01",
            },
            "alice",
        )
        assert response.status_code == 201, response.json()
        data = response.json()
        body = Body.objects.get(pk=data["id"])
        assert body.programme_area == self.programme_area
        assert body.region == self.dalarna
        assert list(body.owners.all()) == [self.region_dalarna]
        assert data["owners"][0]["name"] == "Region Dalarna"
        assert data["seats"] == []
        assert data["vacancy_count"] == 0

    def test_a_new_body_is_audited_as_the_token_user(self) -> None:
        response = self.post(
            "/bodies",
            {"name": "LAG Elevhälsa", "kind": "lag", "level": "regional", "parent_id": self.lpo.pk},
            "bob",
        )
        body = Body.objects.get(pk=response.json()["id"])
        record = body.history.get()
        assert (record.history_user, record.history_change_reason) == (self.bob, "create_body")

    def test_bob_sees_the_non_public_body_he_just_created(self) -> None:
        response = self.post(
            "/bodies",
            {
                "name": "Arbetsgrupp ny",
                "kind": "arbetsgrupp",
                "level": "regional",
                "parent_id": self.lpo.pk,
                "is_public": False,
            },
            "bob",
        )
        assert response.status_code == 201
        assert response.json()["name"] == "Arbetsgrupp ny"

    def test_bob_changes_only_the_fields_he_sends(self) -> None:
        response = self.patch(
            f"/bodies/{self.lpo.pk}", {"short_name": "LPO BoU", "region": None}, "bob"
        )
        assert response.status_code == 200
        self.lpo.refresh_from_db()
        assert (self.lpo.short_name, self.lpo.region) == ("LPO BoU", None)
        assert self.lpo.programme_area == self.programme_area
        assert self.lpo.history.first().history_user == self.bob

    def test_bob_cannot_move_the_lpo_under_a_body_he_may_not_see(self) -> None:
        response = self.patch(f"/bodies/{self.lpo.pk}", {"parent_id": self.styrgrupp.pk}, "bob")
        assert response.status_code == 422
        assert response.json() == {"detail": [f"Det finns inget organ med id {self.styrgrupp.pk}."]}

    def test_a_body_is_not_closed_by_patching_its_status(self) -> None:
        response = self.patch(f"/bodies/{self.lpo.pk}", {"status": "avvecklad"}, "bob")
        assert response.status_code == 422
        assert response.json() == {"detail": ['Använd "Avveckla organet" för att avveckla det.']}

    def test_unknown_codes_are_reported_in_swedish(self) -> None:
        response = self.patch(f"/bodies/{self.lpo.pk}", {"region": "99"}, "bob")
        assert response.json() == {"detail": ["Det finns ingen region med koden 99."]}
        response = self.patch(f"/bodies/{self.lpo.pk}", {"programme_area": "x"}, "bob")
        assert response.json() == {"detail": ["Det finns inget programområde med koden x."]}

    def test_an_unknown_kind_is_refused_by_the_model_in_swedish(self) -> None:
        response = self.post(
            "/bodies", {"name": "X", "kind": "kommitte", "level": "regional"}, "alice"
        )
        assert response.status_code == 422
        assert "giltigt" in response.json()["detail"][0]

    def test_a_malformed_request_is_refused_with_the_schemas_issues(self) -> None:
        response = self.post("/bodies", {"kind": "lpo"}, "alice")
        assert response.status_code == 422
        issues = response.json()["detail"]
        assert any(issue["loc"][-1] == "name" for issue in issues)

    def test_closing_a_body_with_active_sub_bodies_is_refused(self) -> None:
        response = self.post(f"/bodies/{self.lpo.pk}/close", {}, "bob")
        assert response.status_code == 422
        assert response.json()["detail"][0].startswith("Organet har aktiva underorgan")

    def test_closing_a_body_ends_its_memberships_and_withdraws_its_nominations(self) -> None:
        self.post(f"/bodies/{self.lpo.pk}/seats", {"title": "Extra"}, "bob")
        for child in (self.lag, self.hidden_child):
            assert self.post(f"/bodies/{child.pk}/close", {}, "alice").status_code == 200
        response = self.post(f"/bodies/{self.lpo.pk}/close", {"closed_on": "2030-01-31"}, "bob")
        assert response.status_code == 200, response.json()
        data = response.json()
        assert (data["status"], data["closed_on"], data["seats"]) == ("avvecklad", "2030-01-31", [])
        assert not Nomination.objects.filter(seat__body=self.lpo, status="requested").exists()

    def test_an_action_with_nothing_to_say_needs_no_request_body(self) -> None:
        response = self.client.generic(
            "POST", f"{API}/bodies/{self.lag.pk}/close", headers=self.headers("alice")
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "avvecklad"

    def test_writes_on_a_body_that_does_not_exist_are_not_found(self) -> None:
        assert self.patch("/bodies/999999", {"name": "X"}, "alice").status_code == 404
        assert self.post("/bodies/999999/seats", {"title": "X"}, "alice").status_code == 404


class SeatWriteTests(ApiTestCase):
    def test_bob_adds_a_seat_nominated_by_the_network(self) -> None:
        response = self.post(
            f"/bodies/{self.lpo.pk}/seats",
            {
                "title": "Elevhälsa",
                "represents": "kommun",
                "quota": 2,
                "quota_min": 1,
                "nominating_body_id": self.schnv.pk,
            },
            "bob",
        )
        assert response.status_code == 201
        data = response.json()
        assert (data["quota_label"], data["vacancies"]) == ("1–2", 2)
        assert data["nominating_body"]["name"] == "Socialchefsnätverket"
        seat = Seat.objects.get(pk=data["id"])
        assert seat.history.get().history_user == self.bob

    def test_a_quota_below_the_minimum_is_refused(self) -> None:
        response = self.post(
            f"/bodies/{self.lpo.pk}/seats", {"title": "X", "quota": 1, "quota_min": 2}, "bob"
        )
        assert response.status_code == 422
        assert isinstance(response.json()["detail"][0], str)

    def test_bob_fills_a_seat_and_the_vacancy_goes(self) -> None:
        response = self.post(
            f"/seats/{self.region_seat.pk}/fill",
            {"person_id": self.kim.pk, "start_on": "2024-01-01", "role": "ledamot"},
            "bob",
        )
        assert response.status_code == 201
        data = response.json()
        assert (data["person"]["name"], data["body"]["name"]) == (
            "Kim Kandidat",
            "LPO Barn och unga",
        )
        membership = Membership.objects.get(pk=data["id"])
        assert membership.history.get().history_user == self.bob
        assert self.get(f"/bodies/{self.lpo.pk}").json()["vacancy_count"] == 3

    def test_a_full_seat_cannot_be_filled(self) -> None:
        self.post(f"/seats/{self.region_seat.pk}/fill", {"person_id": self.kim.pk}, "bob")
        response = self.post(
            f"/seats/{self.region_seat.pk}/fill", {"person_id": self.per.pk}, "bob"
        )
        assert response.status_code == 422
        assert response.json()["detail"] == ["Platsen är redan tillsatt under perioden (2 av 2)."]

    def test_filling_with_an_unknown_person_is_refused(self) -> None:
        response = self.post(f"/seats/{self.region_seat.pk}/fill", {"person_id": 999999}, "bob")
        assert response.json() == {"detail": ["Det finns ingen person med id 999999."]}

    def test_bob_ends_a_membership(self) -> None:
        path = f"/memberships/{self.per_in_lpo.pk}/end"
        response = self.post(path, {"end_on": "2024-06-30"}, "bob")
        assert response.status_code == 200
        assert response.json()["end_on"] == "2024-06-30"
        again = self.post(path, {"end_on": "2024-06-30"}, "bob")
        assert again.json() == {"detail": ["Uppdraget är redan avslutat."]}

    def test_unknown_seats_and_memberships_are_not_found(self) -> None:
        assert (
            self.post("/seats/999999/fill", {"person_id": self.kim.pk}, "alice").status_code == 404
        )
        assert self.post("/memberships/999999/end", {}, "alice").status_code == 404


class NominationWriteTests(ApiTestCase):
    def test_a_nomination_goes_from_request_to_membership(self) -> None:
        created = self.post(
            f"/seats/{self.kommun_seat.pk}/nominations", {"deadline": "2031-02-01"}, "bob"
        )
        assert created.status_code == 201
        nomination = created.json()
        assert nomination["status"] == "requested"
        assert nomination["nominating_body"]["name"] == "Socialchefsnätverket"

        path = f"/nominations/{nomination['id']}"
        named = self.post(f"{path}/nominate", {"candidate_id": self.kim.pk}, "bob")
        assert (named.json()["status"], named.json()["candidate"]["name"]) == (
            "nominated",
            "Kim Kandidat",
        )
        decided = self.post(f"{path}/decide", {"decided_on": "2031-03-01"}, "bob")
        assert decided.status_code == 201
        membership = decided.json()
        assert (membership["person"]["name"], membership["start_on"]) == (
            "Kim Kandidat",
            "2031-03-01",
        )
        record = Nomination.objects.get(pk=nomination["id"])
        assert (record.status, record.membership_id) == ("decided", membership["id"])
        assert record.history.first().history_user == self.bob

    def test_a_nomination_without_candidate_cannot_be_decided(self) -> None:
        response = self.post(f"/nominations/{self.requested.pk}/decide", {}, "bob")
        assert response.json() == {"detail": ["Bara en nominering med en kandidat kan beslutas."]}

    def test_a_withdrawn_nomination_is_closed(self) -> None:
        path = f"/nominations/{self.requested.pk}"
        response = self.post(f"{path}/withdraw", {"note": "Behövs inte"}, "bob")
        assert response.json()["status"] == "withdrawn"
        again = self.post(f"{path}/nominate", {"candidate_id": self.kim.pk}, "bob")
        assert again.json() == {"detail": ["Nomineringen är redan avslutad."]}

    def test_the_networks_samordnare_nominates_and_decides_for_a_body_he_cannot_see(self) -> None:
        BodyRole.objects.create(user=self.dave, body=self.schnv, role=BodyRole.Role.SAMORDNARE)
        nomination = services.request_nomination(
            self.styrgrupp_seat,
            acting_user=None,
            nominating_body=self.schnv,
            deciding_body=self.schnv,
        )
        path = f"/nominations/{nomination.pk}"
        named = self.post(f"{path}/nominate", {"candidate_id": self.kim.pk}, "dave")
        assert named.status_code == 200
        assert self.post(f"{path}/withdraw", {}, "dave").status_code == 403
        decided = self.post(f"{path}/decide", {}, "dave")
        assert decided.status_code == 201
        assert decided.json()["body"]["name"] == "Styrgrupp välfärdsteknik"
        assert self.get(f"/bodies/{self.styrgrupp.pk}", "dave").status_code == 404

    def test_a_nomination_to_a_hidden_body_is_not_found_for_outsiders(self) -> None:
        hidden = services.request_nomination(self.styrgrupp_seat, acting_user=None)
        path = f"/nominations/{hidden.pk}/withdraw"
        assert self.post(path, {}, "dave").status_code == 404
        assert self.post(path, {}, "erin").status_code == 403
        assert self.post(path, {}, "alice").status_code == 200


class CommissionWriteTests(ApiTestCase):
    def test_bob_adds_a_draft_and_approves_it(self) -> None:
        added = self.post(
            f"/bodies/{self.lpo.pk}/commission-versions", {"text": "Version 3"}, "bob"
        )
        assert added.status_code == 201
        version = added.json()
        assert (version["number"], version["status"]) == (3, "draft")
        approved = self.post(
            f"/commission-versions/{version['id']}/approve",
            {"approved_by_id": self.schnv.pk, "approved_on": "2024-02-01"},
            "bob",
        )
        assert approved.status_code == 200
        assert approved.json()["approved_by"]["name"] == "Socialchefsnätverket"
        self.approved.refresh_from_db()
        assert self.approved.status == CommissionVersion.Status.SUPERSEDED
        current = self.get(f"/bodies/{self.lpo.pk}").json()["commissions"][0]["current_version"]
        assert current["text"] == "Version 3"

    def test_a_version_needs_a_text(self) -> None:
        response = self.post(f"/bodies/{self.lpo.pk}/commission-versions", {"text": ""}, "bob")
        assert response.json() == {"detail": ["En version behöver en text eller en bilaga."]}

    def test_a_new_kind_of_commission_gets_its_own_title(self) -> None:
        response = self.post(
            f"/bodies/{self.lpo.pk}/commission-versions",
            {"text": "Direktiv", "kind": "uppdragsdirektiv", "title": "Direktiv 2024"},
            "bob",
        )
        commission = Commission.objects.get(pk=response.json()["commission_id"])
        assert (commission.kind, commission.title) == ("uppdragsdirektiv", "Direktiv 2024")

    def test_only_a_draft_can_be_approved(self) -> None:
        response = self.post(f"/commission-versions/{self.approved.pk}/approve", {}, "bob")
        assert response.json() == {"detail": ["Bara ett utkast kan fastställas."]}


class PersonWriteTests(ApiTestCase):
    def test_bob_registers_a_person_and_sees_their_contact_details(self) -> None:
        response = self.post(
            "/people",
            {
                "name": "Lena Lind",
                "email": "lena.lind@example.org",
                "title": "Elevhälsochef",
                "organisation_id": self.region_dalarna.pk,
            },
            "bob",
        )
        assert response.status_code == 201
        data = response.json()
        assert (data["email"], data["organisation"]["name"]) == (
            "lena.lind@example.org",
            "Region Dalarna",
        )
        assert Person.objects.get(pk=data["id"]).history.get().history_user == self.bob

    def test_an_invalid_email_is_refused_in_swedish(self) -> None:
        response = self.post("/people", {"name": "Lena", "email": "inte-en-adress"}, "bob")
        assert response.status_code == 422
        assert response.json()["detail"] == ["Fyll i en giltig e-postadress."]


class WritesNeedATokenTests(ApiTestCase):
    def test_a_logged_in_browser_session_cannot_write(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(f"{API}/people", {"name": "X"}, content_type="application/json")
        assert response.status_code == 401
        assert not Person.objects.filter(name="X").exists()

    def test_refusals_are_sentences(self) -> None:
        assert self.post("/people", {"name": "X"}).json() == {
            "detail": "En giltig API-token krävs."
        }
        assert self.post("/people", {"name": "X"}, "dave").json() == {
            "detail": "Du har inte behörighet att göra detta."
        }
        assert self.get("/bodies/999999").json() == {"detail": "Hittades inte."}

    def test_refusals_follow_the_callers_language(self) -> None:
        response = self.client.post(
            f"{API}/people",
            {"name": "X"},
            content_type="application/json",
            headers={"Accept-Language": "en"},
        )
        assert response.json() == {"detail": "A valid API token is required."}
