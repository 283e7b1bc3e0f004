"""Writes of ``/api/v1/followup`` and ``/api/v1/implementations``: questionnaires, rounds and
recipients, grant allocations and spending, and an införande's status, all through the services
(which check who may act, 403, and the rules, 422 in Swedish)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core import mail

from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.followup import funds
from kunskapsnav.followup import questionnaires as q
from kunskapsnav.followup.models import (
    Allocation,
    Grant,
    Question,
    Questionnaire,
    Recipient,
    Spending,
)
from kunskapsnav.followup.models import QuestionnaireRound as Round
from kunskapsnav.guidance import implementation as implementations
from kunskapsnav.guidance.models import Implementation, ImplementationEvent
from kunskapsnav.registry.models import today
from tests.api.base import API, ApiTestCase
from tests.guidance.implementation_base import make_stod

D = dt.date
MKR = Decimal(1_000_000)


class WriteTestCase(ApiTestCase):
    def read_header(self, name: str) -> dict[str, str]:
        _token, raw = create_api_token(self.user(name), "Läser", acting_user=self.user(name))
        return {"Authorization": f"Bearer {raw}"}


class QuestionnaireWriteTests(WriteTestCase):
    def deadline(self, days: int = 30) -> str:
        return (today() + dt.timedelta(days=days)).isoformat()

    def test_bob_runs_a_questionnaire_from_creation_to_closing(self) -> None:
        response = self.post(
            "/followup/questionnaires",
            {"owner_body_id": self.lpo.pk, "title": "  Läget i LPO:erna ", "description": "Vår"},
            "bob",
        )
        assert response.status_code == 201, response.json()
        created = response.json()
        questionnaire = Questionnaire.objects.get(pk=created["id"])
        assert created == {
            "id": questionnaire.pk,
            "title": "Läget i LPO:erna",
            "owner_body": {"id": self.lpo.pk, "name": "LPO Barn och unga"},
            "rounds": [],
        }
        assert questionnaire.created_by == self.bob
        base = f"/followup/questionnaires/{questionnaire.pk}"

        response = self.post(
            f"{base}/questions",
            {
                "text": "Finns en handlingsplan?",
                "kind": "single",
                "required": True,
                "choices": ["Ja", "Nej", " ja ", ""],
            },
            "bob",
        )
        assert response.status_code == 201, response.json()
        question = response.json()
        assert question["order"] == 1
        assert question["kind"] == "single"
        assert question["choices"] == ["Ja", "Nej"]
        assert question["questionnaire_id"] == questionnaire.pk

        response = self.post(
            f"{base}/rounds", {"deadline": self.deadline(), "title": "Våren"}, "bob"
        )
        assert response.status_code == 201, response.json()
        round_data = response.json()
        assert round_data["number"] == 1
        assert round_data["status"] == "draft"
        assert round_data["opens_on"] == today().isoformat()
        assert (round_data["recipients"], round_data["submitted"]) == (0, 0)
        path = f"/followup/rounds/{round_data['id']}"

        response = self.post(
            f"{path}/recipients",
            {
                "recipients": [
                    {"name": "Anna Berg", "email": "Anna.Berg@example.org", "region": "20"},
                    {"name": "Olle Falk", "email": "olle@example.org", "kommun": "2080"},
                    {"name": "Anna igen", "email": "anna.berg@example.org"},
                ]
            },
            "bob",
        )
        assert response.status_code == 201, response.json()
        data = response.json()
        assert [r["name"] for r in data["added"]] == ["Anna Berg", "Olle Falk"]
        assert data["added"][0]["email"] == "anna.berg@example.org"
        assert data["added"][0]["region"] == {"code": "20", "name": "Region Dalarna"}
        assert data["added"][1]["kommun"] == {"code": "2080", "name": "Falun"}
        assert data["added"][0]["invited_at"] is None
        assert data["skipped"] == ["Anna igen"]
        assert mail.outbox == []

        response = self.post(f"{path}/send", None, "bob")
        assert response.status_code == 200, response.json()
        sent = response.json()
        assert sent["status"] == "open"
        assert sent["emails"] == 2
        assert sent["recipients"] == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["anna.berg@example.org", "olle@example.org"]
        for recipient in Recipient.objects.filter(round_id=round_data["id"]):
            message = next(m for m in mail.outbox if m.to == [recipient.email])
            assert q.answer_url(recipient) in message.body
            assert "Läget i LPO:erna" in message.subject
            assert recipient.invited_at is not None

        response = self.post(f"{path}/remind", None, "bob")
        assert response.status_code == 200, response.json()
        assert response.json()["emails"] == 2
        assert len(mail.outbox) == 4

        response = self.post(f"{path}/close", None, "bob")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "closed"
        listed = self.get("/followup/questionnaires", "bob").json()["items"]
        assert listed[0]["rounds"][0]["status"] == "closed"

    def test_members_of_a_body_are_recipients(self) -> None:
        questionnaire = q.create_questionnaire(owner_body=self.lpo, title="Enkät", acting_user=None)
        round = q.create_round(questionnaire, deadline=today(), acting_user=None)
        response = self.post(
            f"/followup/rounds/{round.pk}/recipients", {"body_ids": [self.lpo.pk]}, "bob"
        )
        assert response.status_code == 201, response.json()
        added = response.json()["added"]
        assert {r["name"] for r in added} == {"Anna Ahl", "Per Persson"}
        assert {r["body"]["id"] for r in added} == {self.lpo.pk}

    def test_who_may_write(self) -> None:
        payload = {"owner_body_id": self.lpo.pk, "title": "Carols enkät"}
        response = self.post("/followup/questionnaires", payload, "carol")
        assert response.status_code == 403
        assert response.json() == {"detail": "Du har inte behörighet att göra detta."}
        # dave does not see the styrgrupp, so it names no body he may use.
        response = self.post(
            "/followup/questionnaires", {**payload, "owner_body_id": self.styrgrupp.pk}, "dave"
        )
        assert response.status_code == 422
        assert response.json()["detail"] == [f"Det finns inget organ med id {self.styrgrupp.pk}."]
        assert not Questionnaire.objects.exists()

        bobs = q.create_questionnaire(owner_body=self.lpo, title="Bobs", acting_user=self.bob)
        question = {"text": "Hur går det?", "kind": "scale"}
        # carol (ledamot) does not even see bob's questionnaire; erin chairs the styrgrupp and
        # sees its questionnaire, but only its samordnare changes it.
        path = f"/followup/questionnaires/{bobs.pk}/questions"
        assert self.post(path, question, "carol").status_code == 404
        styrgruppens = q.create_questionnaire(
            owner_body=self.styrgrupp, title="Styrgruppens", acting_user=self.alice
        )
        path = f"/followup/questionnaires/{styrgruppens.pk}/questions"
        assert self.post(path, question, "erin").status_code == 403
        assert self.post(path, question, "alice").status_code == 201
        assert Question.objects.filter(questionnaire=styrgruppens).count() == 1

        round = q.create_round(styrgruppens, deadline=today(), acting_user=None)
        for action in ("send", "remind", "close"):
            with self.subTest(action=action):
                response = self.post(f"/followup/rounds/{round.pk}/{action}", None, "erin")
                assert response.status_code == 403
        round.refresh_from_db()
        assert round.status == Round.Status.DRAFT

    def test_a_read_token_is_refused(self) -> None:
        response = self.client.post(
            f"{API}/followup/questionnaires",
            {"owner_body_id": self.lpo.pk, "title": "Läses bara"},
            content_type="application/json",
            headers=self.read_header("bob"),
        )
        assert response.status_code == 403
        assert "bara läsa" in response.json()["detail"]
        assert not Questionnaire.objects.exists()

    def test_bad_input_is_422_in_swedish_and_writes_nothing(self) -> None:
        questionnaire = q.create_questionnaire(owner_body=self.lpo, title="Enkät", acting_user=None)
        round = q.create_round(questionnaire, deadline=today(), acting_user=None)
        base = f"/followup/questionnaires/{questionnaire.pk}"
        recipients = f"/followup/rounds/{round.pk}/recipients"
        good = {"name": "Anna Berg", "email": "anna@example.org"}
        cases: list[tuple[str, dict[str, Any] | None, str]] = [
            (
                f"{base}/questions",
                {"text": "Ja eller nej?", "kind": "single", "choices": ["Ja"]},
                "Ange minst två svarsalternativ, ett per rad.",
            ),
            (
                f"{base}/questions",
                {"text": "Hur?", "kind": "text", "self_assessment": True},
                "Bara en skalfråga (1–5) kan vara självskattning i matrisen.",
            ),
            (
                f"{base}/rounds",
                {"deadline": "2020-01-01", "opens_on": "2020-02-01"},
                "Sista svarsdag kan inte vara före den dag enkäten skickas.",
            ),
            (
                recipients,
                {"recipients": [good, {"name": "Olle", "email": "inte en adress"}]},
                "Rad 2: ”inte en adress” är ingen e-postadress.",
            ),
            (
                recipients,
                {"recipients": [good, {"name": "Olle", "email": "o@example.org", "region": "99"}]},
                "Det finns ingen region med koden 99.",
            ),
            (
                recipients,
                {"recipients": [good, {"name": "Olle", "email": "o@example.org", "kommun": "9"}]},
                "Det finns ingen kommun med koden 9.",
            ),
            (recipients, {"recipients": []}, "Välj organ eller skriv minst en mottagare."),
            (f"/followup/rounds/{round.pk}/send", None, "Enkäten har inga frågor ännu."),
            (
                f"/followup/rounds/{round.pk}/remind",
                None,
                "Omgången tar inte emot svar, så ingen påminns.",
            ),
        ]
        for path, payload, message in cases:
            with self.subTest(path=path, message=message):
                response = self.post(path, payload, "bob")
                assert response.status_code == 422
                assert response.json() == {"detail": [message]}
        assert not Question.objects.exists()
        assert Round.objects.get() == round
        assert not Recipient.objects.exists()
        assert mail.outbox == []

        # An unknown kind is the model's own (Swedish) message; a malformed body is the schema's.
        response = self.post(f"{base}/questions", {"text": "Hur?", "kind": "essä"}, "bob")
        assert response.status_code == 422
        assert "essä" in response.json()["detail"][0]
        response = self.post(f"{base}/rounds", {"deadline": "i morgon"}, "bob")
        assert response.status_code == 422
        assert not Question.objects.exists()

    def test_a_round_is_sent_only_once_and_to_someone(self) -> None:
        questionnaire = q.create_questionnaire(owner_body=self.lpo, title="Enkät", acting_user=None)
        q.add_question(questionnaire, text="Hur?", kind="text", acting_user=None)
        round = q.create_round(questionnaire, deadline=today(), acting_user=None)
        path = f"/followup/rounds/{round.pk}"
        response = self.post(f"{path}/send", None, "bob")
        assert response.json() == {"detail": ["Lägg till mottagare innan omgången skickas."]}
        self.post(f"{path}/recipients", {"recipients": [{"name": "Olle"}]}, "bob")
        sent = self.post(f"{path}/send", None, "bob")
        assert sent.status_code == 200
        assert sent.json()["emails"] == 0  # Olle has no e-mail address
        again = self.post(f"{path}/send", None, "bob")
        assert again.status_code == 422
        assert again.json() == {"detail": ["Omgången är redan skickad."]}

    def test_unknown_questionnaires_and_rounds_are_404(self) -> None:
        deadline = self.deadline()
        for path, payload in (
            ("/followup/questionnaires/999999/questions", {"text": "Hur?", "kind": "text"}),
            ("/followup/questionnaires/999999/rounds", {"deadline": deadline}),
            ("/followup/rounds/999999/recipients", {"recipients": [{"name": "Olle"}]}),
            ("/followup/rounds/999999/send", None),
            ("/followup/rounds/999999/close", None),
        ):
            with self.subTest(path=path):
                assert self.post(path, payload, "alice").status_code == 404


class GrantWriteTests(WriteTestCase):
    """bob's LPO keeps a 1 mkr grant for 2022; erin's hidden styrgrupp keeps one too."""

    grant: Grant
    hidden_grant: Grant

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.grant = funds.create_grant(
            acting_user=None,
            name="ÖK psykisk hälsa 2022",
            year=2022,
            amount=MKR,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            recipient_region=cls.dalarna,
            responsible_body=cls.lpo,
        )
        cls.hidden_grant = funds.create_grant(
            acting_user=None,
            name="Välfärdsteknik 2022",
            year=2022,
            amount=MKR,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            recipient_region=cls.dalarna,
            responsible_body=cls.styrgrupp,
        )

    def allocate(self, caller: str, **payload: object) -> dict[str, object]:
        response = self.post(
            f"/followup/grants/{self.grant.pk}/allocations",
            {"measure": "Suicidprevention", "amount": "400000.00", **payload},
            caller,
        )
        assert response.status_code == 201, response.json()
        data: dict[str, object] = response.json()
        return data

    def test_the_samordnare_allocates_and_reports_spending(self) -> None:
        allocation = self.allocate(
            "bob",
            period_start="2022-03-01",
            period_end="2022-12-31",
            responsible_body_id=self.lag.pk,
        )
        assert allocation["measure"] == "Suicidprevention"
        assert (allocation["amount"], allocation["spent"], allocation["remaining"]) == (
            "400000.00",
            "0.00",
            "400000.00",
        )
        assert allocation["responsible_body"] == {"id": self.lag.pk, "name": "LAG Barn och unga"}
        response = self.post(
            f"/followup/allocations/{allocation['id']}/spending",
            {"amount": "150000.50", "spent_on": "2022-05-01", "description": "Utbildning"},
            "bob",
        )
        assert response.status_code == 201, response.json()
        spending = response.json()
        assert spending["amount"] == "150000.50"
        assert spending["spent_on"] == "2022-05-01"
        assert spending["allocation"]["spent"] == "150000.50"
        assert spending["allocation"]["remaining"] == "249999.50"
        assert Spending.objects.get().reported_by == self.bob
        detail = self.get(f"/followup/grants/{self.grant.pk}", "bob").json()
        assert detail["allocated"] == "400000.00"
        assert detail["spent"] == "150000.50"
        assert detail["allocations"][0] == spending["allocation"]

    def test_more_than_the_grant_or_the_allocation_holds_is_refused(self) -> None:
        allocation = self.allocate("bob")
        response = self.post(
            f"/followup/grants/{self.grant.pk}/allocations",
            {"measure": "Barn och unga", "amount": "700000"},
            "bob",
        )
        assert response.status_code == 422
        assert response.json()["detail"][0].startswith("Fördelningarna skulle bli")
        assert Allocation.objects.count() == 1

        path = f"/followup/allocations/{allocation['id']}/spending"
        assert self.post(path, {"amount": "300000"}, "bob").status_code == 201
        response = self.post(path, {"amount": "100000.01"}, "bob")
        assert response.status_code == 422
        assert response.json()["detail"][0].startswith("Beloppet är för stort: Suicidprevention")
        response = self.post(path, {"amount": "0"}, "bob")
        assert response.json() == {"detail": ["Ange ett belopp större än 0 kr."]}
        response = self.post(path, {"amount": "12,50"}, "bob")  # not a decimal string
        assert response.status_code == 422
        assert Spending.objects.count() == 1

    def test_who_may_allocate_and_report(self) -> None:
        payload = {"measure": "Insats", "amount": "1000"}
        path = f"/followup/grants/{self.grant.pk}/allocations"
        for caller in ("carol", "dave", "erin"):
            with self.subTest(caller=caller):
                assert self.post(path, payload, caller).status_code == 403
        hidden = f"/followup/grants/{self.hidden_grant.pk}/allocations"
        assert self.post(hidden, payload, "dave").status_code == 404
        assert self.post(hidden, payload, "erin").status_code == 403  # ordförande, not samordnare
        assert self.post(hidden, payload, "alice").status_code == 201
        assert not Allocation.objects.filter(grant=self.grant).exists()

        # Spending on an allocation is reported by the grant's keeper and by the leaders of the
        # allocation's body: erin chairs the styrgrupp that runs this measure of bob's grant.
        allocation = self.allocate("alice", responsible_body_id=self.styrgrupp.pk)
        path = f"/followup/allocations/{allocation['id']}/spending"
        for caller in ("carol", "dave"):
            with self.subTest(caller=caller):
                assert self.post(path, {"amount": "10"}, caller).status_code == 403
        assert self.post(path, {"amount": "10"}, "erin").status_code == 201
        response = self.client.post(
            f"{API}{path}",
            {"amount": "10"},
            content_type="application/json",
            headers=self.read_header("bob"),
        )
        assert response.status_code == 403
        assert Spending.objects.count() == 1

    def test_unknown_grants_allocations_and_references(self) -> None:
        path = f"/followup/grants/{self.grant.pk}/allocations"
        payload = {"measure": "Insats", "amount": "1000"}
        response = self.post(path, {**payload, "responsible_organisation_id": 999999}, "bob")
        assert response.json() == {"detail": ["Det finns ingen organisation med id 999999."]}
        response = self.post(path, {**payload, "responsible_body_id": self.styrgrupp.pk}, "bob")
        assert response.status_code == 422  # bob does not see the styrgrupp
        assert self.post("/followup/grants/999999/allocations", payload, "bob").status_code == 404
        response = self.post("/followup/allocations/999999/spending", {"amount": "1"}, "bob")
        assert response.status_code == 404
        assert not Allocation.objects.exists()


class ImplementationWriteTests(WriteTestCase):
    """Vårdförlopp schizofreni in Dalarna, run by bob's public LPO; KOL by erin's styrgrupp."""

    implementation: Implementation
    hidden: Implementation

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.implementation = implementations.start_implementation(
            make_stod("schizofreni", "Schizofreni"),
            cls.dalarna,
            responsible_body=cls.lpo,
            acting_user=None,
            date=D(2024, 1, 15),
        )
        cls.hidden = implementations.start_implementation(
            make_stod("kol", "KOL"), cls.dalarna, responsible_body=cls.styrgrupp, acting_user=None
        )

    def test_the_samordnare_changes_the_status_on_the_timeline(self) -> None:
        path = f"/implementations/{self.implementation.pk}"
        response = self.patch(
            path,
            {"status": "inforande_pagar", "date": "2024-03-01", "text": "Start i psykiatrin."},
            "bob",
        )
        assert response.status_code == 200, response.json()
        data = response.json()
        assert data["status"] == "inforande_pagar"
        assert data["status_label"] == "Införande pågår"
        assert data["started_on"] == "2024-03-01"
        last = data["timeline"][-1]
        assert last["date"] == "2024-03-01"
        assert last["status"] == "inforande_pagar"
        assert last["text"].endswith("Start i psykiatrin.")
        assert data == self.get(path, "bob").json()

        response = self.patch(path, {"note": "  Följs upp i LPO:n. "}, "bob")
        assert response.status_code == 200
        assert response.json()["note"] == "Följs upp i LPO:n."
        assert response.json()["status"] == "inforande_pagar"

    def test_who_may_change_it(self) -> None:
        path = f"/implementations/{self.implementation.pk}"
        payload = {"status": "gapanalys_pagar"}
        for caller in ("carol", "dave", "erin"):
            with self.subTest(caller=caller):
                assert self.patch(path, payload, caller).status_code == 403
        hidden = f"/implementations/{self.hidden.pk}"
        assert self.patch(hidden, payload, "dave").status_code == 404
        assert self.patch(hidden, payload, "bob").status_code == 404
        assert self.patch(hidden, payload, "erin").status_code == 403  # ordförande
        response = self.client.patch(
            f"{API}{path}",
            payload,
            content_type="application/json",
            headers=self.read_header("bob"),
        )
        assert response.status_code == 403
        self.implementation.refresh_from_db()
        assert self.implementation.status == Implementation.Status.BESLUT
        assert self.patch(hidden, payload, "alice").status_code == 200

    def test_a_status_it_has_or_does_not_know_is_422(self) -> None:
        path = f"/implementations/{self.implementation.pk}"
        events = ImplementationEvent.objects.count()
        response = self.patch(path, {"status": "beslut_om_inforande"}, "bob")
        assert response.status_code == 422
        assert response.json() == {"detail": ["Införandet har redan status Beslut om införande."]}
        response = self.patch(path, {"status": "klart", "note": "Ändras inte"}, "bob")
        assert response.json() == {"detail": ["Okänd status: klart."]}
        self.implementation.refresh_from_db()
        assert self.implementation.note == ""
        assert ImplementationEvent.objects.count() == events
        assert self.patch("/implementations/999999", {"note": "x"}, "alice").status_code == 404
