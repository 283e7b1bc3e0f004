"""``/api/v1/followup``: questionnaires and round results, grants, and the maturity matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunskapsnav.followup import funds
from kunskapsnav.followup import questionnaires as q
from kunskapsnav.followup.models import Allocation, Grant, Question, Questionnaire
from kunskapsnav.followup.models import QuestionnaireRound as Round
from kunskapsnav.registry.models import today
from tests.api.base import ApiTestCase

D = dt.date
MKR = Decimal(1_000_000)


class FollowupApiTestCase(ApiTestCase):
    """bob's LPO runs a questionnaire (one sent round, two of three answers in) and keeps an
    18 mkr grant; erin's hidden styrgrupp has a grant of its own."""

    questionnaire: Questionnaire
    round: Round
    choice: Question
    scale: Question
    text: Question
    grant: Grant
    hidden_grant: Grant
    suicide: Allocation
    children: Allocation

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = q.create_questionnaire(
            owner_body=cls.lpo, title="Läget i LPO:erna", acting_user=cls.bob
        )
        cls.choice = q.add_question(
            cls.questionnaire,
            text="Finns en handlingsplan?",
            kind=Question.Kind.SINGLE,
            choices=["Ja", "Nej", "Vet ej"],
            acting_user=cls.bob,
        )
        cls.scale = q.add_question(
            cls.questionnaire, text="Hur går det?", kind=Question.Kind.SCALE, acting_user=cls.bob
        )
        cls.text = q.add_question(
            cls.questionnaire, text="Övrigt", kind=Question.Kind.TEXT, acting_user=cls.bob
        )
        cls.round = q.create_round(
            cls.questionnaire,
            title="Våren",
            deadline=today() + dt.timedelta(days=30),
            acting_user=cls.bob,
        )
        added, _skipped = q.add_recipients(
            cls.round,
            [
                q.NewRecipient(name="Anna", email="anna@example.org"),
                q.NewRecipient(name="Bertil", email="bertil@example.org"),
                q.NewRecipient(name="Cilla", email="cilla@example.org"),
            ],
            acting_user=cls.bob,
        )
        q.send_round(cls.round, acting_user=cls.bob)
        q.save_answers(
            added[0],
            {cls.choice.pk: "Ja", cls.scale.pk: "4", cls.text.pk: "Bra."},
            submit=True,
        )
        q.save_answers(added[1], {cls.choice.pk: "Nej", cls.scale.pk: "2"}, submit=True)
        q.save_answers(added[2], {cls.choice.pk: "Ja"}, submit=False)  # a draft: not counted
        q.create_round(
            cls.questionnaire, deadline=today() + dt.timedelta(days=60), acting_user=cls.bob
        )

        cls.grant = funds.create_grant(
            acting_user=cls.bob,
            name="ÖK psykisk hälsa 2022",
            year=2022,
            amount=18 * MKR,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            recipient_region=cls.dalarna,
            responsible_body=cls.lpo,
            requisition_deadline=D(2022, 3, 31),
            reporting_deadline=D(2023, 3, 1),
        )
        cls.suicide = funds.add_allocation(
            cls.grant, acting_user=cls.bob, measure="Suicidprevention", amount=5 * MKR
        )
        cls.children = funds.add_allocation(
            cls.grant,
            acting_user=cls.bob,
            measure="Barn och unga",
            amount=3 * MKR,
            responsible_body=cls.lpo,
        )
        funds.report_spending(
            cls.suicide, acting_user=cls.bob, amount=Decimal("1200000"), spent_on=D(2022, 5, 1)
        )
        cls.hidden_grant = funds.create_grant(
            acting_user=cls.alice,
            name="Välfärdsteknik 2022",
            year=2022,
            amount=2 * MKR,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            recipient_region=cls.dalarna,
            responsible_body=cls.styrgrupp,
        )


class QuestionnaireApiTests(FollowupApiTestCase):
    def test_the_samordnare_sees_the_questionnaire_with_its_rounds(self) -> None:
        response = self.get("/followup/questionnaires", "bob")
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == 1
        item = data["items"][0]
        assert item["title"] == "Läget i LPO:erna"
        assert item["owner_body"] == {"id": self.lpo.pk, "name": "LPO Barn och unga"}
        first, second = item["rounds"]
        assert first["id"] == self.round.pk
        assert first["number"] == 1
        assert first["label"] == "Våren"
        assert first["status"] == "open"
        assert first["recipients"] == 3
        assert first["submitted"] == 2
        assert (second["number"], second["status"], second["recipients"]) == (2, "draft", 0)

    def test_who_sees_questionnaires(self) -> None:
        for caller, count in (
            ("anonymous", 0),
            ("alice", 1),
            ("bob", 1),
            ("carol", 0),
            ("dave", 0),
            ("erin", 0),
        ):
            with self.subTest(caller=caller):
                response = self.get("/followup/questionnaires", caller)
                assert response.json()["count"] == count

    def test_round_results_per_question_from_submitted_answers_only(self) -> None:
        response = self.get(f"/followup/rounds/{self.round.pk}/results", "bob")
        assert response.status_code == 200
        data = response.json()
        assert data["round"]["recipients"] == 3
        assert data["round"]["submitted"] == 2
        assert data["questionnaire"] == {"id": self.questionnaire.pk, "name": "Läget i LPO:erna"}
        choice, scale, text = data["questions"]
        assert choice["id"] == self.choice.pk
        assert choice["kind"] == "single"
        assert choice["answered"] == 2
        assert choice["counts"] == [
            {"label": "Ja", "count": 1, "share": 50.0},
            {"label": "Nej", "count": 1, "share": 50.0},
            {"label": "Vet ej", "count": 0, "share": 0.0},
        ]
        assert choice["mean"] is None
        assert scale["answered"] == 2
        assert scale["mean"] == 3.0
        assert scale["median"] == 3.0
        assert [c["count"] for c in scale["counts"]] == [0, 1, 0, 1, 0]
        assert text == {
            "id": self.text.pk,
            "text": "Övrigt",
            "kind": "text",
            "answered": 1,
            "counts": [],
            "mean": None,
            "median": None,
        }
        assert "Bra." not in response.content.decode()

    def test_round_results_are_404_to_those_who_may_not_see_the_questionnaire(self) -> None:
        path = f"/followup/rounds/{self.round.pk}/results"
        for caller, status in (
            ("anonymous", 404),
            ("dave", 404),
            ("carol", 404),
            ("erin", 404),
            ("alice", 200),
            ("bob", 200),
        ):
            with self.subTest(caller=caller):
                assert self.get(path, caller).status_code == status
        assert self.get("/followup/rounds/999999/results", "alice").status_code == 404

    def test_the_session_works_too(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(f"/api/v1/followup/rounds/{self.round.pk}/results")
        assert response.status_code == 200


class GrantApiTests(FollowupApiTestCase):
    def test_grants_with_their_figures(self) -> None:
        response = self.get("/followup/grants", "bob")
        assert response.status_code == 200
        items = response.json()["items"]
        assert [i["name"] for i in items] == ["ÖK psykisk hälsa 2022"]
        item = items[0]
        assert item["amount"] == "18000000.00"
        assert item["allocated"] == "8000000.00"
        assert item["unallocated"] == "10000000.00"
        assert item["spent"] == "1200000.00"
        assert item["unspent"] == "16800000.00"
        assert item["repaid"] == "0.00"
        assert item["to_repay"] == "16800000.00"  # the period ended in 2022
        assert item["region"] == {"code": "20", "name": "Region Dalarna"}
        assert item["responsible_body"] == {"id": self.lpo.pk, "name": "LPO Barn och unga"}
        assert item["requisition_deadline"] == "2022-03-31"
        assert [(d["kind"], d["status"]) for d in item["deadlines"]] == [
            ("rekvirering", "overdue"),
            ("redovisning", "overdue"),
        ]

    def test_the_grant_of_the_hidden_styrgrupp_is_hidden(self) -> None:
        for caller, names in (
            ("anonymous", {"ÖK psykisk hälsa 2022"}),
            ("dave", {"ÖK psykisk hälsa 2022"}),
            ("carol", {"ÖK psykisk hälsa 2022"}),
            ("erin", {"ÖK psykisk hälsa 2022", "Välfärdsteknik 2022"}),
            ("alice", {"ÖK psykisk hälsa 2022", "Välfärdsteknik 2022"}),
        ):
            with self.subTest(caller=caller):
                assert set(self.names(self.get("/followup/grants", caller))) == names
        path = f"/followup/grants/{self.hidden_grant.pk}"
        assert self.get(path, "dave").status_code == 404
        assert self.get(path).status_code == 404
        assert self.get(path, "erin").status_code == 200

    def test_one_grant_with_its_allocations(self) -> None:
        response = self.get(f"/followup/grants/{self.grant.pk}", "dave")
        assert response.status_code == 200
        data = response.json()
        assert data["spent"] == "1200000.00"
        children, suicide = data["allocations"]
        assert children == {
            "id": self.children.pk,
            "measure": "Barn och unga",
            "amount": "3000000.00",
            "spent": "0.00",
            "remaining": "3000000.00",
            "period_start": None,
            "period_end": None,
            "responsible_body": {"id": self.lpo.pk, "name": "LPO Barn och unga"},
        }
        assert suicide["spent"] == "1200000.00"
        assert suicide["remaining"] == "3800000.00"
        assert suicide["responsible_body"] is None
        assert self.get("/followup/grants/999999", "alice").status_code == 404

    def test_the_list_takes_the_same_number_of_queries_however_many_grants(self) -> None:
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.get("/followup/grants", "alice")
            assert response.status_code == 200
            return len(queries)

        self.get("/followup/grants", "alice")  # the token's first use is recorded once
        few = count_queries()
        assert few <= 3  # the token, the count, the page with its sums
        for year in range(2015, 2021):
            grant = funds.create_grant(
                acting_user=None,
                name=f"Bidrag {year}",
                year=year,
                amount=MKR,
                period_start=D(year, 1, 1),
                period_end=D(year, 12, 31),
                recipient_region=self.dalarna,
                responsible_body=self.lpo if year % 2 else self.styrgrupp,
                reporting_deadline=D(year + 1, 3, 1),
            )
            allocation = funds.add_allocation(
                grant, acting_user=None, measure="Insats", amount=MKR / 2, responsible_body=self.lpo
            )
            funds.report_spending(allocation, acting_user=None, amount=Decimal(1000))
        assert self.get("/followup/grants", "alice").json()["count"] == 8
        assert count_queries() == few


class MatrixApiTests(FollowupApiTestCase):
    def cell(self, response: object) -> dict[str, object]:
        data = response.json()  # type: ignore[attr-defined]
        cells = [c for c in data["cells"] if c["region"]["code"] == "20"]
        assert len(cells) == 1
        cell: dict[str, object] = cells[0]
        return cell

    def test_the_matrix_of_a_sjukvardsregion_today(self) -> None:
        response = self.get("/followup/matrix", sjukvardsregion="mellansverige")
        assert response.status_code == 200
        data = response.json()
        assert data["datum"] == today().isoformat()
        assert data["sjukvardsregion"] == {
            "code": "mellansverige",
            "name": "Sjukvårdsregion Mellansverige",
        }
        assert self.cell(response) == {
            "programme_area": {
                "code": "barn-och-ungdomars-halsa",
                "name": "Barn och ungdomars hälsa",
            },
            "region": {"code": "20", "name": "Region Dalarna"},
            "level": "aktiv",
            "level_label": "Aktiv",
            "body": {"id": self.lpo.pk, "name": "LPO Barn och unga"},
            "staffing": 2 / 6,
            "has_commission": True,
            "lag_count": 1,
            "implementation_count": 0,
            "self_assessment": None,
        }

    def test_a_past_date_shows_the_matrix_then(self) -> None:
        response = self.get("/followup/matrix", sjukvardsregion="mellansverige", datum="2010-06-01")
        assert response.status_code == 200
        assert response.json()["datum"] == "2010-06-01"
        cell = self.cell(response)
        assert cell["level"] == "saknas"
        assert cell["body"] is None

    def test_bad_dates_and_regions_are_422_in_swedish(self) -> None:
        future = (today() + dt.timedelta(days=1)).isoformat()
        for params, message in (
            ({"datum": "1 mars"}, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-01."),
            ({"datum": "2024-02-30"}, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-01."),
            ({"datum": future}, "Lämna tomt för läget i dag. Datumet kan inte ligga i framtiden."),
            ({"datum": "1999-12-31"}, "Ange ett datum från år 2000 och framåt."),
            (
                {"sjukvardsregion": "atlantis"},
                "Det finns ingen sjukvårdsregion med koden atlantis.",
            ),
        ):
            with self.subTest(params=params):
                response = self.get("/followup/matrix", **params)
                assert response.status_code == 422
                assert response.json() == {"detail": [message]}
