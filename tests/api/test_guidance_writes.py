"""Writes to remisser and införanden through the API: each goes through the guidance services,
so the samordnare of the coordinating (or responsible) body writes, others who see it get 403,
those who do not see it 404, and a broken rule is 422 with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kunskapsnav.core.models import KunskapsstodType
from kunskapsnav.guidance import implementation as implementations
from kunskapsnav.guidance import remiss
from kunskapsnav.guidance.models import (
    Finding,
    GapAssessment,
    Implementation,
    ImplementationUnit,
    Indicator,
    Kunskapsstod,
    Measurement,
    Recommendation,
    RemissAnswerSection,
    RemissAssignment,
    RemissContribution,
)
from tests.api.base import ApiTestCase

D = dt.date


def make_stod(code: str, name: str) -> Kunskapsstod:
    kind, _created = KunskapsstodType.objects.get_or_create(
        code="vardforlopp", defaults={"name": "Personcentrerat och sammanhållet vårdförlopp"}
    )
    return Kunskapsstod.objects.create(
        code=code, name=name, type=kind, status=Kunskapsstod.Status.REMISS
    )


class RemissWriteTests(ApiTestCase):
    assignment: RemissAssignment
    hidden: RemissAssignment
    from_lag: RemissContribution
    hidden_contribution: RemissContribution

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        stod = make_stod("traumatisk-hjarnskada", "Traumatisk hjärnskada")
        round = remiss.create_round(stod, acting_user=None, opens=D(2022, 9, 15))
        cls.assignment = remiss.assign_round(
            round, region=cls.dalarna, coordinating_body=cls.lpo, acting_user=None
        )
        cls.hidden = remiss.assign_round(
            remiss.create_round(stod, acting_user=None, opens=D(2023, 2, 15)),
            region=cls.dalarna,
            coordinating_body=cls.styrgrupp,
            acting_user=None,
        )
        (cls.from_lag,) = remiss.request_contributions(
            cls.assignment, acting_user=None, bodies=[cls.lag]
        )
        (cls.hidden_contribution,) = remiss.request_contributions(
            cls.hidden, acting_user=None, bodies=[cls.under_styrgrupp]
        )

    def refresh(self) -> RemissAssignment:
        return RemissAssignment.objects.get(pk=self.assignment.pk)

    # --- Contributions ----------------------------------------------------------------------

    def test_bob_requests_contributions_from_a_body_and_a_kommun(self) -> None:
        path = f"/remisser/{self.assignment.pk}/contributions"
        payload = {"body_ids": [self.schnv.pk], "kommun_codes": ["2080"]}
        response = self.post(path, payload, "bob")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["id"] == self.assignment.pk
        assert {c["body"]["id"] for c in data["contributions"] if c["body"]} == {
            self.lag.pk,
            self.schnv.pk,
        }
        assert [c["kommun"]["code"] for c in data["contributions"] if c["kommun"]] == ["2080"]
        assert self.refresh().status == RemissAssignment.Status.UNDER_BEREDNING

    def test_others_may_not_request_contributions(self) -> None:
        payload = {"body_ids": [self.schnv.pk]}
        assert (
            self.post(f"/remisser/{self.assignment.pk}/contributions", payload, "carol").status_code
            == 403
        )
        assert (
            self.post(f"/remisser/{self.hidden.pk}/contributions", payload, "dave").status_code
            == 404
        )
        assert self.post("/remisser/999999/contributions", payload, "alice").status_code == 404
        assert RemissContribution.objects.count() == 2

    def test_a_bad_request_for_contributions_is_422_and_nothing_is_written(self) -> None:
        path = f"/remisser/{self.assignment.pk}/contributions"
        for payload in (
            {},
            {"body_ids": [self.lpo.pk]},
            {"body_ids": [999999]},
            {"kommun_codes": ["9999"]},
            {"body_ids": [self.styrgrupp.pk]},  # bob does not see it
            {"body_ids": [self.schnv.pk], "deadline": "2099-01-01"},
        ):
            with self.subTest(payload=payload):
                response = self.post(path, payload, "bob")
                assert response.status_code == 422, response.json()
                assert isinstance(response.json()["detail"][0], str)
        assert RemissContribution.objects.filter(assignment=self.assignment).count() == 1

    def test_bob_submits_a_contribution(self) -> None:
        response = self.post(
            f"/contributions/{self.from_lag.pk}/submit", {"text": "  Bra förslag.  "}, "bob"
        )
        assert response.status_code == 200, response.json()
        (row,) = [c for c in response.json()["contributions"] if c["id"] == self.from_lag.pk]
        assert row["status"] == "inlamnad"
        assert row["text"] == "Bra förslag."
        contribution = RemissContribution.objects.get(pk=self.from_lag.pk)
        assert contribution.submitted_by == self.bob

    def test_a_contribution_may_be_declined(self) -> None:
        response = self.post(
            f"/contributions/{self.from_lag.pk}/submit", {"status": "avstar"}, "bob"
        )
        assert response.status_code == 200
        assert RemissContribution.objects.get(pk=self.from_lag.pk).status == "avstar"

    def test_others_may_not_submit(self) -> None:
        payload = {"text": "Synpunkt."}
        assert (
            self.post(f"/contributions/{self.from_lag.pk}/submit", payload, "carol").status_code
            == 403
        )
        hidden = f"/contributions/{self.hidden_contribution.pk}/submit"
        assert self.post(hidden, payload, "dave").status_code == 404
        assert self.post(hidden, payload, "bob").status_code == 404
        assert self.post("/contributions/999999/submit", payload, "alice").status_code == 404
        assert RemissContribution.objects.get(pk=self.from_lag.pk).status == "begard"

    def test_an_empty_contribution_is_422_and_nothing_is_written(self) -> None:
        path = f"/contributions/{self.from_lag.pk}/submit"
        for payload in ({"text": "  "}, {"text": "X", "status": "begard"}):
            with self.subTest(payload=payload):
                response = self.post(path, payload, "bob")
                assert response.status_code == 422
                assert isinstance(response.json()["detail"][0], str)
        assert RemissContribution.objects.get(pk=self.from_lag.pk).status == "begard"

    # --- Sections ---------------------------------------------------------------------------

    def test_bob_adds_and_updates_a_section(self) -> None:
        response = self.post(
            f"/remisser/{self.assignment.pk}/sections",
            {"heading": "Sammanfattning", "text": "Vi tillstyrker."},
            "bob",
        )
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["heading"] == "Sammanfattning"
        assert data["order"] == self.assignment.sections.count()
        response = self.patch(f"/remiss-sections/{data['id']}", {"text": "Vi avstyrker."}, "bob")
        assert response.status_code == 200
        assert response.json() == {**data, "text": "Vi avstyrker."}
        assert RemissAnswerSection.objects.get(pk=data["id"]).text == "Vi avstyrker."

    def test_others_may_not_write_sections(self) -> None:
        section = self.assignment.sections.first()
        hidden = self.hidden.sections.first()
        assert section is not None
        assert hidden is not None
        count = RemissAnswerSection.objects.count()
        payload = {"heading": "X"}
        assert (
            self.post(f"/remisser/{self.assignment.pk}/sections", payload, "carol").status_code
            == 403
        )
        assert self.post(f"/remisser/{self.hidden.pk}/sections", payload, "bob").status_code == 404
        # A draft remissvar is not shown to those who do not work on it.
        assert self.patch(f"/remiss-sections/{section.pk}", payload, "carol").status_code == 404
        assert self.patch(f"/remiss-sections/{hidden.pk}", payload, "bob").status_code == 404
        assert self.patch("/remiss-sections/999999", payload, "alice").status_code == 404
        assert RemissAnswerSection.objects.count() == count
        assert RemissAnswerSection.objects.get(pk=section.pk).heading != "X"

    def test_a_section_without_heading_is_422_and_nothing_is_written(self) -> None:
        section = self.assignment.sections.first()
        assert section is not None
        count = RemissAnswerSection.objects.count()
        path = f"/remisser/{self.assignment.pk}/sections"
        assert self.post(path, {"heading": "  "}, "bob").status_code == 422
        response = self.patch(
            f"/remiss-sections/{section.pk}", {"heading": " ", "text": "Y"}, "bob"
        )
        assert response.status_code == 422
        assert response.json()["detail"] == ["Avsnittet behöver en rubrik."]
        assert RemissAnswerSection.objects.count() == count
        assert RemissAnswerSection.objects.get(pk=section.pk).text == ""

    # --- Approval and sending ---------------------------------------------------------------

    def write_answer(self) -> None:
        section = self.assignment.sections.first()
        assert section is not None
        remiss.update_section(section, acting_user=None, text="Vi tillstyrker.")

    def test_bob_approves_and_sends_the_remissvar(self) -> None:
        self.write_answer()
        response = self.post(
            f"/remisser/{self.assignment.pk}/approve",
            {"signatory_id": self.anna.pk, "approved_on": "2022-11-01"},
            "bob",
        )
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "godkand"
        assert response.json()["approved_on"] == "2022-11-01"
        response = self.post(
            f"/remisser/{self.assignment.pk}/send", {"sent_on": "2022-11-02"}, "bob"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "skickad"
        assert self.refresh().sent_on == D(2022, 11, 2)

    def test_others_may_not_approve_or_send(self) -> None:
        self.write_answer()
        payload = {"signatory_id": self.anna.pk}
        for action in ("approve", "send"):
            with self.subTest(action=action):
                path = f"/remisser/{self.assignment.pk}/{action}"
                assert self.post(path, payload, "carol").status_code == 403
                assert self.post(path, payload, "dave").status_code == 403
                hidden = f"/remisser/{self.hidden.pk}/{action}"
                assert self.post(hidden, payload, "bob").status_code == 404
        assert self.refresh().status == RemissAssignment.Status.UNDER_BEREDNING

    def test_bad_approvals_and_sends_are_422_and_nothing_is_written(self) -> None:
        path = f"/remisser/{self.assignment.pk}/approve"
        # Nothing answered yet.
        assert self.post(path, {"signatory_id": self.anna.pk}, "bob").status_code == 422
        self.write_answer()
        for payload in (
            {},
            {"signatory_id": 999999},
            {"decision_id": 999999},
        ):
            with self.subTest(payload=payload):
                response = self.post(path, payload, "bob")
                assert response.status_code == 422
                assert isinstance(response.json()["detail"][0], str)
        send = f"/remisser/{self.assignment.pk}/send"
        assert self.post(send, {}, "bob").status_code == 422
        assert self.refresh().status == RemissAssignment.Status.UNDER_BEREDNING
        assert self.post(path, {"signatory_id": self.anna.pk}, "bob").status_code == 200
        assert self.post(send, {"sent_on": "2000-01-01"}, "bob").status_code == 422
        assert self.refresh().status == RemissAssignment.Status.GODKAND


class ImplementationWriteTests(ApiTestCase):
    implementation: Implementation
    hidden: Implementation
    r1: Recommendation
    r2: Recommendation
    other_recommendation: Recommendation
    psykiatri: ImplementationUnit
    falun_unit: ImplementationUnit
    hidden_unit: ImplementationUnit
    indicator: Indicator
    other_indicator: Indicator

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        stod = make_stod("schizofreni", "Schizofreni")
        kol = make_stod("kol", "KOL")
        cls.r1, cls.r2 = (
            implementations.add_recommendation(stod, number=str(n), text=text, acting_user=None)
            for n, text in ((1, "Utredning påbörjas."), (2, "En samordnad plan upprättas."))
        )
        cls.other_recommendation = implementations.add_recommendation(
            kol, number="1", text="Spirometri.", acting_user=None
        )
        cls.implementation = implementations.start_implementation(
            stod, cls.dalarna, responsible_body=cls.lpo, acting_user=None
        )
        cls.psykiatri = implementations.add_unit(
            cls.implementation, acting_user=None, name="Psykiatrin"
        )
        cls.falun_unit = implementations.add_unit(
            cls.implementation, acting_user=None, kommun=cls.falun
        )
        cls.indicator = implementations.add_indicator(
            stod, acting_user=None, name="Andel uppföljda", target=Decimal(80), unit="%"
        )
        cls.other_indicator = implementations.add_indicator(
            kol, acting_user=None, name="Andel med spirometri"
        )
        cls.hidden = implementations.start_implementation(
            kol, cls.dalarna, responsible_body=cls.styrgrupp, acting_user=None
        )
        cls.hidden_unit = implementations.add_unit(cls.hidden, acting_user=None, name="Dolda")

    # --- Gap assessments --------------------------------------------------------------------

    def assessment_path(self, implementation: Implementation | None = None) -> str:
        implementation = implementation or self.implementation
        return f"/implementations/{implementation.pk}/gap-analysis/assessments"

    def test_bob_sets_an_assessment(self) -> None:
        payload = {
            "recommendation_id": self.r1.pk,
            "unit_id": self.falun_unit.pk,
            "state": "delvis",
            "comment": " Saknar rutin. ",
        }
        response = self.post(self.assessment_path(), payload, "bob")
        assert response.status_code == 200, response.json()
        data = response.json()
        assert data["recommendation"]["id"] == self.r1.pk
        assert data["cells"] == [
            {"unit_id": self.psykiatri.pk, "state": "", "state_label": "", "comment": ""},
            {
                "unit_id": self.falun_unit.pk,
                "state": "delvis",
                "state_label": "Delvis uppfyllt",
                "comment": "Saknar rutin.",
            },
        ]
        gap = self.get(f"/implementations/{self.implementation.pk}/gap-analysis", "bob").json()
        assert gap["rows"][0] == data

    def test_others_may_not_set_an_assessment(self) -> None:
        payload = {"recommendation_id": self.r1.pk, "unit_id": self.psykiatri.pk, "state": "delvis"}
        assert self.post(self.assessment_path(), payload, "carol").status_code == 403
        assert self.post(self.assessment_path(), payload, "dave").status_code == 403
        hidden = {
            "recommendation_id": self.other_recommendation.pk,
            "unit_id": self.hidden_unit.pk,
            "state": "delvis",
        }
        assert self.post(self.assessment_path(self.hidden), hidden, "bob").status_code == 404
        assert not GapAssessment.objects.exists()

    def test_a_bad_assessment_is_422_and_nothing_is_written(self) -> None:
        for payload in (
            {"recommendation_id": self.r1.pk, "unit_id": self.psykiatri.pk, "state": "kanske"},
            {"recommendation_id": self.r1.pk, "unit_id": self.hidden_unit.pk, "state": "delvis"},
            {
                "recommendation_id": self.other_recommendation.pk,
                "unit_id": self.psykiatri.pk,
                "state": "delvis",
            },
            {"recommendation_id": self.r1.pk, "unit_id": self.psykiatri.pk},
        ):
            with self.subTest(payload=payload):
                response = self.post(self.assessment_path(), payload, "bob")
                assert response.status_code == 422
        response = self.post(
            self.assessment_path(),
            {"recommendation_id": self.r1.pk, "unit_id": self.psykiatri.pk, "state": "kanske"},
            "bob",
        )
        assert response.json()["detail"] == ["Okänt nuläge: kanske."]
        assert not GapAssessment.objects.exists()

    # --- Findings ---------------------------------------------------------------------------

    def test_bob_adds_a_finding(self) -> None:
        response = self.post(
            f"/implementations/{self.implementation.pk}/findings",
            {
                "dimension": "kompetens",
                "text": "Personalen saknar utbildning.",
                "unit_id": self.psykiatri.pk,
                "recommendation_id": self.r2.pk,
            },
            "bob",
        )
        assert response.status_code == 201, response.json()
        data = response.json()
        finding = Finding.objects.get()
        assert data == {
            "id": finding.pk,
            "implementation_id": self.implementation.pk,
            "dimension": "kompetens",
            "dimension_label": "Kunskap och kompetens",
            "text": "Personalen saknar utbildning.",
            "unit_id": self.psykiatri.pk,
            "recommendation_id": self.r2.pk,
        }

    def test_others_may_not_add_a_finding(self) -> None:
        payload = {"dimension": "kompetens", "text": "X"}
        path = f"/implementations/{self.implementation.pk}/findings"
        assert self.post(path, payload, "carol").status_code == 403
        assert self.post(path, payload, "dave").status_code == 403
        assert (
            self.post(f"/implementations/{self.hidden.pk}/findings", payload, "bob").status_code
            == 404
        )
        assert self.post(path, payload).status_code == 401
        assert not Finding.objects.exists()

    def test_a_bad_finding_is_422_and_nothing_is_written(self) -> None:
        path = f"/implementations/{self.implementation.pk}/findings"
        for payload in (
            {"dimension": "kompetens", "text": "  "},
            {"dimension": "vader", "text": "Regn."},
            {"dimension": "kompetens", "text": "X", "unit_id": self.hidden_unit.pk},
            {"dimension": "kompetens", "text": "X", "recommendation_id": 999999},
        ):
            with self.subTest(payload=payload):
                assert self.post(path, payload, "bob").status_code == 422
        response = self.post(path, {"dimension": "kompetens", "text": " "}, "bob")
        assert response.json()["detail"] == ["Skriv vad som iakttogs."]
        assert not Finding.objects.exists()

    # --- Measurements -----------------------------------------------------------------------

    def test_bob_records_and_corrects_a_measurement(self) -> None:
        path = f"/implementations/{self.implementation.pk}/measurements"
        payload = {
            "indicator_id": self.indicator.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "72.5",
            "unit_id": self.psykiatri.pk,
        }
        response = self.post(path, payload, "bob")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["value"] == "72.500"
        assert data["region"] == {"code": "20", "name": "Region Dalarna"}
        assert data["unit_id"] == self.psykiatri.pk
        response = self.post(path, {**payload, "value": "75"}, "bob")
        assert response.status_code == 200
        assert response.json()["id"] == data["id"]
        assert Measurement.objects.get().value == Decimal(75)

    def test_others_may_not_record_a_measurement(self) -> None:
        payload = {
            "indicator_id": self.indicator.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "1",
        }
        path = f"/implementations/{self.implementation.pk}/measurements"
        assert self.post(path, payload, "carol").status_code == 403
        assert self.post(path, payload, "dave").status_code == 403
        hidden = {**payload, "indicator_id": self.other_indicator.pk}
        assert (
            self.post(f"/implementations/{self.hidden.pk}/measurements", hidden, "bob").status_code
            == 404
        )
        assert not Measurement.objects.exists()

    def test_a_bad_measurement_is_422_and_nothing_is_written(self) -> None:
        path = f"/implementations/{self.implementation.pk}/measurements"
        good = {
            "indicator_id": self.indicator.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "1",
        }
        for payload in (
            {**good, "period_end": "2023-12-31"},
            {**good, "indicator_id": self.other_indicator.pk},
            {**good, "unit_id": self.hidden_unit.pk},
            {**good, "value": "NaN"},
            {**good, "value": "1e99"},
        ):
            with self.subTest(payload=payload):
                assert self.post(path, payload, "bob").status_code == 422
        response = self.post(path, {**good, "period_end": "2023-12-31"}, "bob")
        assert response.json()["detail"] == ["Perioden slutar innan den börjar."]
        assert not Measurement.objects.exists()
