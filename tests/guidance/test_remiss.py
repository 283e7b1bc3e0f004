"""Remiss handling end to end, with permissions for each named user (see ``remiss_base``)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kunskapsnav.guidance import remiss, remiss_export
from kunskapsnav.guidance.demo_remiss import load_demo_remiss
from kunskapsnav.guidance.models import RemissAssignment, RemissContribution, RemissRound
from kunskapsnav.meetings import services as meeting_services
from kunskapsnav.meetings.models import SentReminder
from kunskapsnav.registry.models import Person
from tests.guidance.remiss_base import RemissTestCase

D = dt.date
Status = RemissAssignment.Status


class RoundAndAssignmentTests(RemissTestCase):
    def test_round_dates_default_to_the_national_calendar(self) -> None:
        assert (self.round.opens, self.round.closes) == (D(2022, 9, 15), D(2022, 11, 14))

    def test_only_a_systemforvaltare_registers_a_round(self) -> None:
        remiss.create_round(self.tbi, acting_user=self.alice, opens=D(2023, 2, 15))
        for user in (self.bob, self.carol, self.dave, self.erin):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                remiss.create_round(self.tbi, acting_user=user, opens=D(2023, 4, 17))

    def test_the_internal_deadline_is_a_weekday_a_week_before_the_round_closes(self) -> None:
        assert self.assignment.internal_deadline == D(2022, 11, 7)
        # Closing Friday 1 July 2022: a week before is Midsommarafton, so the Thursday.
        summer = RemissRound(kunskapsstod=self.tbi, opens=D(2022, 4, 19), closes=D(2022, 7, 1))
        assert remiss.default_internal_deadline(summer) == D(2022, 6, 23)

    def test_the_remissvar_starts_with_the_proposed_sections(self) -> None:
        headings = list(self.assignment.sections.values_list("heading", flat=True))
        assert headings[0] == "Övergripande synpunkter"
        assert headings == remiss.proposed_sections(self.round)

    def test_a_samordnare_may_assign_a_round_to_their_own_body_only(self) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        with pytest.raises(PermissionDenied):
            remiss.assign_round(
                round, region=self.dalarna, coordinating_body=self.rehab, acting_user=self.bob
            )
        assignment = remiss.assign_round(
            round, region=self.dalarna, coordinating_body=self.lpo, acting_user=self.bob
        )
        assert assignment.coordinating_body == self.lpo
        for user in (self.carol, self.dave, self.erin):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                remiss.assign_round(
                    round, region=self.dalarna, coordinating_body=self.lpo, acting_user=user
                )

    def test_a_round_is_assigned_once_per_region(self) -> None:
        with pytest.raises(ValidationError, match="redan tilldelad"):
            remiss.assign_round(
                self.round, region=self.dalarna, coordinating_body=self.rehab, acting_user=None
            )

    def test_the_assignment_is_audited_with_the_acting_user(self) -> None:
        round = remiss.create_round(self.tbi, acting_user=None, opens=D(2023, 2, 15))
        assignment = remiss.assign_round(
            round, region=self.dalarna, coordinating_body=self.lpo, acting_user=self.bob
        )
        record = assignment.history.latest()
        assert record.history_user == self.bob
        assert record.history_change_reason == "assign_remiss"


class RemissFlowTests(RemissTestCase):
    def test_the_remiss_runs_from_request_to_sent_remissvar(self) -> None:
        # bob, samordnare of the coordinating LPO, asks LPO Rehabilitering and Falun.
        asked = remiss.request_contributions(
            self.assignment, acting_user=self.bob, bodies=[self.rehab], kommuner=[self.falun]
        )
        assert len(asked) == 2
        assert {c.deadline for c in asked} == {D(2022, 10, 31)}
        self.assignment.refresh_from_db()
        assert self.assignment.status == Status.UNDER_BEREDNING
        # Asking again skips those already asked.
        assert (
            remiss.request_contributions(self.assignment, acting_user=self.bob, bodies=[self.rehab])
            == []
        )

        # frank answers for LPO Rehabilitering; bob enters Falun's answer.
        from_rehab = next(c for c in asked if c.body == self.rehab)
        from_falun = next(c for c in asked if c.kommun == self.falun)
        remiss.submit_contribution(
            from_rehab, acting_user=self.frank, text="Rehabiliteringen behöver beskrivas."
        )
        remiss.submit_contribution(
            from_falun, acting_user=self.bob, status=RemissContribution.Status.AVSTAR
        )
        from_rehab.refresh_from_db()
        assert from_rehab.status == RemissContribution.Status.INLAMNAD
        assert from_rehab.submitted_by == self.frank

        # bob writes the remissvar: edits, adds and reorders sections.
        first, second = list(self.assignment.sections.all())[:2]
        remiss.update_section(first, acting_user=self.bob, text="Vi välkomnar vårdförloppet.")
        extra = remiss.add_section(self.assignment, acting_user=self.bob, heading="Barn och unga")
        remiss.move_section(extra, acting_user=self.bob, up=True)
        headings = list(self.assignment.sections.values_list("heading", flat=True))
        assert headings[-2] == "Barn och unga"
        remiss.delete_section(second, acting_user=self.bob)

        # Approved by a decision of the LPO, then sent.
        meeting = meeting_services.create_meeting(
            self.lpo, acting_user=None, date=D(2022, 11, 3), title="LPO-möte"
        )
        decision = meeting_services.add_decision(
            meeting, acting_user=None, text="att godkänna remissvaret om THS."
        )
        remiss.approve_remissvar(self.assignment, acting_user=self.bob, decision=decision)
        assert self.assignment.status == Status.GODKAND
        assert self.assignment.approved_on == D(2022, 11, 3)
        with pytest.raises(ValidationError):
            remiss.update_section(first, acting_user=self.bob, text="För sent.")
        remiss.mark_sent(self.assignment, acting_user=self.bob, sent_on=D(2022, 11, 4))
        self.assignment.refresh_from_db()
        assert (self.assignment.status, self.assignment.sent_on) == (Status.SKICKAD, D(2022, 11, 4))

    def test_only_the_coordinating_samordnare_or_a_systemforvaltare_runs_the_remiss(self) -> None:
        section = self.assignment.sections.first()
        assert section is not None
        for user in (self.carol, self.dave, self.erin, self.frank):
            with self.subTest(user=user.email):
                with pytest.raises(PermissionDenied):
                    remiss.request_contributions(
                        self.assignment, acting_user=user, bodies=[self.rehab]
                    )
                with pytest.raises(PermissionDenied):
                    remiss.update_section(section, acting_user=user, text="x")
                with pytest.raises(PermissionDenied):
                    remiss.add_section(self.assignment, acting_user=user, heading="x")
        remiss.update_section(section, acting_user=self.alice, text="Alice skriver.")

    def test_a_contribution_is_answered_by_its_body_or_by_the_coordinator(self) -> None:
        (contribution,) = remiss.request_contributions(
            self.assignment, acting_user=None, bodies=[self.rehab]
        )
        for user in (self.carol, self.dave, self.erin):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                remiss.submit_contribution(contribution, acting_user=user, text="x")
        remiss.submit_contribution(contribution, acting_user=self.frank, text="Från rehab.")
        remiss.submit_contribution(contribution, acting_user=self.bob, text="Rättat av bob.")

    def test_a_contribution_needs_text_unless_declined(self) -> None:
        (contribution,) = remiss.request_contributions(
            self.assignment, acting_user=None, bodies=[self.rehab]
        )
        with pytest.raises(ValidationError, match="avstå"):
            remiss.submit_contribution(contribution, acting_user=self.frank, text="  ")

    def test_the_coordinating_body_is_not_asked_to_contribute_to_itself(self) -> None:
        with pytest.raises(ValidationError):
            remiss.request_contributions(self.assignment, acting_user=None, bodies=[self.lpo])

    def test_a_deadline_after_the_round_closes_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="stänger"):
            remiss.request_contributions(
                self.assignment, acting_user=None, bodies=[self.rehab], deadline=D(2022, 12, 1)
            )

    def test_approval_is_by_a_decision_or_a_signatory_never_both_or_neither(self) -> None:
        section = self.assignment.sections.first()
        assert section is not None
        with pytest.raises(ValidationError, match="inget svar"):
            remiss.approve_remissvar(
                self.assignment,
                acting_user=self.bob,
                signatory=Person.objects.create(name="Anders Grawé"),
            )
        remiss.update_section(section, acting_user=self.bob, text="Svar.")
        with pytest.raises(ValidationError, match="antingen"):
            remiss.approve_remissvar(self.assignment, acting_user=self.bob)
        anders = Person.objects.create(name="Anders Grawé", title="Ordförande")
        remiss.approve_remissvar(
            self.assignment, acting_user=self.bob, signatory=anders, approved_on=D(2022, 11, 8)
        )
        assert remiss_export.approval_line(self.assignment) == (
            "Undertecknat av Anders Grawé, Ordförande för LPO Barn och unga."
        )

    def test_a_decision_of_another_body_does_not_approve_the_remissvar(self) -> None:
        section = self.assignment.sections.first()
        assert section is not None
        remiss.update_section(section, acting_user=None, text="Svar.")
        meeting = meeting_services.create_meeting(
            self.rehab, acting_user=None, date=D(2022, 11, 1), title="Möte"
        )
        decision = meeting_services.add_decision(meeting, acting_user=None, text="att godkänna.")
        with pytest.raises(ValidationError, match="LPO Barn och unga"):
            remiss.approve_remissvar(self.assignment, acting_user=None, decision=decision)

    def test_a_remissvar_is_sent_only_once_approved_and_may_be_reopened_before(self) -> None:
        with pytest.raises(ValidationError, match="godkänt"):
            remiss.mark_sent(self.assignment, acting_user=self.bob)
        section = self.assignment.sections.first()
        assert section is not None
        remiss.update_section(section, acting_user=None, text="Svar.")
        signatory = Person.objects.create(name="Anders Grawé")
        remiss.approve_remissvar(self.assignment, acting_user=None, signatory=signatory)
        remiss.reopen_remissvar(self.assignment, acting_user=self.bob)
        assert self.assignment.status == Status.UNDER_BEREDNING
        assert self.assignment.signatory is None

    def test_sections_are_reordered_only_with_every_section_once(self) -> None:
        ids = list(self.assignment.sections.values_list("pk", flat=True))
        with pytest.raises(ValidationError):
            remiss.reorder_sections(self.assignment, acting_user=None, order=ids[:-1])
        remiss.reorder_sections(self.assignment, acting_user=self.bob, order=ids[::-1])
        assert list(self.assignment.sections.values_list("pk", flat=True)) == ids[::-1]


class OverdueTests(RemissTestCase):
    def setUp(self) -> None:
        (self.late,) = remiss.request_contributions(
            self.assignment, acting_user=None, bodies=[self.rehab], deadline=D(2022, 10, 3)
        )
        (self.answered,) = remiss.request_contributions(
            self.assignment, acting_user=None, kommuner=[self.falun], deadline=D(2022, 10, 3)
        )
        remiss.submit_contribution(self.answered, acting_user=None, text="Klart.")

    def test_overdue_contributions_are_requested_ones_past_their_deadline(self) -> None:
        assert list(remiss.overdue_contributions(D(2022, 10, 3))) == []
        assert list(remiss.overdue_contributions(D(2022, 10, 4))) == [self.late]

    def test_the_coordinating_samordnare_is_written_to_once_per_overdue_contribution(
        self,
    ) -> None:
        assert remiss.escalate_overdue_contributions(D(2022, 10, 4)) == 1
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["bob@example.org"]
        assert "LPO Rehabilitering" in message.subject
        assert f"/remisser/{self.assignment.pk}/" in message.body
        reminder = SentReminder.objects.get()
        assert reminder.kind == SentReminder.Kind.ACTION_OVERDUE
        assert reminder.key == f"remiss-contribution:{self.late.pk}:2022-10-03"
        # Run again: nothing new. A new deadline re-arms the escalation.
        assert remiss.escalate_overdue_contributions(D(2022, 10, 5)) == 0
        RemissContribution.objects.filter(pk=self.late.pk).update(deadline=D(2022, 10, 10))
        assert remiss.escalate_overdue_contributions(D(2022, 10, 11)) == 1

    def test_a_sent_remiss_no_longer_counts_its_missing_contributions(self) -> None:
        RemissAssignment.objects.filter(pk=self.assignment.pk).update(
            status=Status.SKICKAD, sent_on=D(2022, 11, 1)
        )
        assert list(remiss.overdue_contributions(D(2022, 11, 2))) == []


class ExportTests(RemissTestCase):
    def test_the_docx_names_the_remiss_and_holds_the_sections_and_approval(self) -> None:
        sections = list(self.assignment.sections.all())
        remiss.update_section(
            sections[0], acting_user=None, text="Vi välkomnar vårdförloppet.\n\nEtt andra stycke."
        )
        meeting = meeting_services.create_meeting(
            self.lpo, acting_user=None, date=D(2022, 11, 3), title="LPO-möte"
        )
        decision = meeting_services.add_decision(
            meeting, acting_user=None, text="att godkänna remissvaret."
        )
        remiss.approve_remissvar(self.assignment, acting_user=None, decision=decision)
        content = remiss_export.remissvar_docx(self.assignment)
        document = docx.Document(io.BytesIO(content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Remissvar" in text
        assert "Traumatisk hjärnskada (THS)" in text
        assert "Region Dalarna" in text
        assert "LPO Barn och unga" in text
        for section in sections:
            assert section.heading in text
        assert "Ett andra stycke." in text
        assert "Godkänt genom beslut i LPO Barn och unga den 3 november 2022" in text
        assert "Datum: 3 november 2022" in text
        assert remiss_export.filename(self.assignment) == (
            "remissvar-traumatisk-hjarnskada-dalarna.docx"
        )


def test_the_demo_assigns_the_seed_remisser_idempotently(db: None) -> None:
    from kunskapsnav.core.reference import load_reference
    from kunskapsnav.guidance.catalogue import load_catalogue
    from kunskapsnav.registry.demo import load_demo

    load_reference()
    load_catalogue()
    load_demo()
    first = load_demo_remiss()
    assert len(first.created) == 2
    assert any("rehabilitering" in line.lower() for line in first.skipped)
    tbi = RemissAssignment.objects.get(round__kunskapsstod__code="traumatisk-hjarnskada")
    assert tbi.coordinating_body.name == "LPO Barn och Unga"
    assert (tbi.round.opens, tbi.round.closes) == (D(2022, 9, 15), D(2022, 11, 14))
    assert tbi.internal_deadline == D(2022, 11, 7)
    assert sorted(str(c) for c in tbi.contributions.all()) == [
        "LPO Rehabilitering, habilitering och försäkringsmedicin",
        "Socialchefsnätverket",
    ]
    assert tbi.sections.count() == 6
    kognitiv = RemissAssignment.objects.get(round__kunskapsstod__code="kognitiv-svikt")
    assert kognitiv.coordinating_body.name == "LAG kognitiv svikt/demens"
    before = (
        RemissAssignment.objects.count(),
        RemissContribution.objects.count(),
        RemissRound.objects.count(),
    )
    again = load_demo_remiss()
    assert again.created == []
    assert len(again.existing) == 2
    assert before == (
        RemissAssignment.objects.count(),
        RemissContribution.objects.count(),
        RemissRound.objects.count(),
    )
