"""Funds services: the figures, who may change what, refused over-spending, deadlines,
reminders sent once, the grant list in a fixed number of queries, and the seed 002 demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.followup import funds
from kunskapsnav.followup.funds_reminders import send_grant_reminders
from kunskapsnav.followup.models import Allocation, Grant, SentFollowupReminder, Spending
from tests.followup.funds_base import MKR, FundsTestCase

D = dt.date


class FigureTests(FundsTestCase):
    def test_allocated_spent_and_unspent_are_computed_from_the_rows(self) -> None:
        f = funds.grant_figures(self.grant, D(2022, 6, 1))
        assert f.allocated == 8 * MKR
        assert f.unallocated == 10 * MKR
        assert f.spent == Decimal("1200000")
        assert f.unspent == Decimal("16800000")
        assert f.spent_share == 7

    def test_nothing_is_to_repay_while_the_period_runs(self) -> None:
        assert funds.grant_figures(self.grant, D(2022, 12, 31)).to_repay is None

    def test_after_the_period_the_unspent_money_is_to_be_repaid(self) -> None:
        assert funds.grant_figures(self.grant, D(2023, 1, 1)).to_repay == Decimal("16800000")

    def test_what_is_already_repaid_is_subtracted(self) -> None:
        funds.record_repayment(
            self.grant,
            acting_user=self.bob,
            repaid_amount=Decimal("6800000"),
            repaid_on=D(2023, 4, 1),
        )
        f = funds.grant_figures(self.grant, D(2023, 5, 1))
        assert f.repaid == Decimal("6800000")
        assert f.to_repay == 10 * MKR

    def test_repaying_more_than_is_unspent_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="större än det som inte har förbrukats"):
            funds.record_repayment(
                self.grant, acting_user=self.bob, repaid_amount=17 * MKR, repaid_on=D(2023, 4, 1)
            )

    def test_each_allocation_shows_spent_and_remaining(self) -> None:
        rows = {row.allocation.measure: row for row in funds.allocation_rows(self.grant)}
        assert rows["Suicidprevention"].spent == Decimal("1200000")
        assert rows["Suicidprevention"].remaining == Decimal("3800000")
        assert rows["Barn och unga"].spent == 0
        assert not any(row.overspent for row in rows.values())


class PermissionTests(FundsTestCase):
    def test_bob_as_samordnare_keeps_the_grant(self) -> None:
        funds.update_grant(self.grant, acting_user=self.bob, note="Uppdaterad.")
        assert Grant.objects.get(pk=self.grant.pk).note == "Uppdaterad."
        record = self.grant.history.latest()
        assert (record.history_user, record.history_change_reason) == (self.bob, "update_grant")

    def test_carol_as_ledamot_may_not_change_allocate_or_report(self) -> None:
        with pytest.raises(PermissionDenied):
            funds.update_grant(self.grant, acting_user=self.carol, note="x")
        with pytest.raises(PermissionDenied):
            funds.add_allocation(self.grant, acting_user=self.carol, measure="x", amount=1)
        with pytest.raises(PermissionDenied):
            funds.report_spending(self.suicide, acting_user=self.carol, amount=Decimal(1))

    def test_dave_may_not_register_a_grant_for_a_body_he_does_not_coordinate(self) -> None:
        with pytest.raises(PermissionDenied):
            funds.create_grant(
                acting_user=self.dave,
                name="x",
                year=2022,
                amount=MKR,
                period_start=D(2022, 1, 1),
                period_end=D(2022, 12, 31),
                recipient_region=self.dalarna,
                responsible_body=self.lpo,
            )

    def test_the_hidden_grant_is_seen_only_by_those_who_see_its_body(self) -> None:
        assert not self.dave.has_perm("followup.view_grant", self.hidden)
        assert self.erin.has_perm("followup.view_grant", self.hidden)
        assert list(funds.visible_grants(self.dave)) == [self.grant]
        assert set(funds.visible_grants(self.erin)) == {self.grant, self.hidden}

    def test_a_samordnare_of_the_allocations_body_reports_its_spending(self) -> None:
        BodyRole.objects.create(user=self.dave, body=self.styrgrupp, role=BodyRole.Role.SAMORDNARE)
        funds.update_allocation(
            self.children, acting_user=self.bob, responsible_body=self.styrgrupp
        )
        self.dave.refresh_from_db()
        spending = funds.report_spending(self.children, acting_user=self.dave, amount=Decimal(100))
        assert spending.reported_by == self.dave
        with pytest.raises(PermissionDenied):
            funds.report_spending(self.suicide, acting_user=self.dave, amount=Decimal(100))


class RuleTests(FundsTestCase):
    def test_spending_more_than_the_allocation_holds_is_refused_in_swedish(self) -> None:
        with pytest.raises(ValidationError) as caught:
            funds.report_spending(self.suicide, acting_user=self.bob, amount=4 * MKR)
        message = caught.value.messages[0]
        assert "Beloppet är för stort" in message
        assert "högst 3\xa0800\xa0000 kr återstår" in message
        assert Spending.objects.filter(allocation=self.suicide).count() == 1

    def test_spending_exactly_what_remains_is_accepted(self) -> None:
        funds.report_spending(self.suicide, acting_user=self.bob, amount=Decimal("3800000"))
        assert funds.allocation_rows(self.grant)[1].remaining == 0

    def test_a_correction_counts_without_the_corrected_amount(self) -> None:
        spending = Spending.objects.get(allocation=self.suicide)
        funds.correct_spending(
            spending, acting_user=self.bob, amount=5 * MKR, spent_on=D(2022, 5, 2)
        )
        assert Spending.objects.get(pk=spending.pk).amount == 5 * MKR

    def test_allocating_more_than_the_grant_is_refused(self) -> None:
        with pytest.raises(ValidationError) as caught:
            funds.add_allocation(self.grant, acting_user=self.bob, measure="x", amount=11 * MKR)
        assert "Högst 10\xa0000\xa0000 kr återstår" in caught.value.messages[0]

    def test_an_allocation_is_not_lowered_below_what_is_spent(self) -> None:
        with pytest.raises(ValidationError, match="redan är upparbetat"):
            funds.update_allocation(self.suicide, acting_user=self.bob, amount=MKR)

    def test_an_allocation_with_spending_is_not_deleted(self) -> None:
        with pytest.raises(ValidationError, match="kan inte tas bort"):
            funds.delete_allocation(self.suicide, acting_user=self.bob)
        funds.delete_allocation(self.children, acting_user=self.bob)
        assert not Allocation.objects.filter(pk=self.children.pk).exists()

    def test_the_grant_is_not_lowered_below_what_is_allocated(self) -> None:
        with pytest.raises(ValidationError, match="redan är fördelat"):
            funds.update_grant(self.grant, acting_user=self.bob, amount=7 * MKR)

    def test_an_allocation_period_outside_the_grant_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="inom bidragets period"):
            funds.add_allocation(
                self.grant,
                acting_user=self.bob,
                measure="x",
                amount=MKR,
                period_end=D(2023, 6, 30),
            )

    def test_the_decision_must_be_of_a_meeting_of_the_responsible_body(self) -> None:
        with pytest.raises(ValidationError, match="Beslutet ska vara fattat vid ett möte i"):
            funds.update_grant(self.grant, acting_user=self.bob, decision=self.other_decision)
        funds.update_grant(self.grant, acting_user=self.bob, decision=self.decision)
        assert list(funds.decisions_for(self.lpo)) == [self.decision]


class DeadlineTests(FundsTestCase):
    def test_deadlines_are_upcoming_soon_overdue_and_done(self) -> None:
        statuses = {d.kind: d.status for d in funds.deadlines_of(self.grant, D(2022, 3, 20))}
        assert statuses == {"rekvirering": "soon", "redovisning": "later"}
        overdue = funds.open_deadlines(D(2022, 4, 1))
        assert [(d.grant, d.kind, d.status) for d in overdue] == [
            (self.grant, "rekvirering", "overdue"),
            (self.grant, "redovisning", "later"),
        ]
        funds.record_requisition(self.grant, acting_user=self.bob, requisitioned_on=D(2022, 4, 2))
        assert [d.kind for d in funds.open_deadlines(D(2022, 4, 3))] == ["redovisning"]
        assert funds.open_deadlines(D(2022, 4, 3), within_days=30) == []


class ReminderTests(FundsTestCase):
    def test_the_samordnare_is_reminded_before_and_after_a_deadline_once_each(self) -> None:
        assert send_grant_reminders(D(2022, 3, 1)) == 0  # 30 days before: not yet
        assert send_grant_reminders(D(2022, 3, 17)) == 1
        message = mail.outbox[0]
        assert message.to == ["bob@example.org"]
        assert message.subject == (
            "Påminnelse: ÖK psykisk hälsa 2022 ska rekvireras senast 31 mars 2022"
        )
        assert "samordnare för LPO Barn och unga" in message.body
        assert self.grant.get_absolute_url() in message.body
        assert send_grant_reminders(D(2022, 3, 18)) == 0
        assert send_grant_reminders(D(2022, 4, 1)) == 1
        assert mail.outbox[1].subject == "Försenad rekvirering: ÖK psykisk hälsa 2022"
        assert send_grant_reminders(D(2022, 4, 2)) == 0
        assert SentFollowupReminder.objects.count() == 2

    def test_the_reporting_reminder_tells_what_is_unspent(self) -> None:
        funds.record_requisition(self.grant, acting_user=self.bob, requisitioned_on=D(2022, 3, 1))
        assert send_grant_reminders(D(2023, 2, 20)) == 1
        body = mail.outbox[0].body
        assert "ska redovisas senast 1 mars 2023" in body
        assert "Ej förbrukat: 16\xa0800\xa0000 kr" in body

    def test_a_met_or_long_overdue_deadline_sends_nothing(self) -> None:
        funds.record_requisition(self.grant, acting_user=self.bob, requisitioned_on=D(2022, 3, 1))
        assert send_grant_reminders(D(2022, 4, 1)) == 0
        funds.record_requisition(self.grant, acting_user=self.bob, requisitioned_on=None)
        assert send_grant_reminders(D(2022, 6, 1)) == 0  # overdue for two months


class ListQueryTests(FundsTestCase):
    def _add_grants(self, count: int) -> None:
        for n in range(count):
            grant = Grant.objects.create(
                name=f"Bidrag {n}",
                year=2020 + n % 3,
                amount=MKR,
                period_start=D(2022, 1, 1),
                period_end=D(2022, 12, 31),
                recipient_region=self.dalarna,
                responsible_body=self.lpo,
                reporting_deadline=D(2023, 3, 1),
            )
            allocation = Allocation.objects.create(grant=grant, measure="a", amount=MKR)
            Allocation.objects.create(grant=grant, measure="b", amount=0)
            Spending.objects.create(allocation=allocation, amount=Decimal(10))
            Spending.objects.create(allocation=allocation, amount=Decimal(5))

    def test_the_grant_list_costs_one_query_however_many_grants(self) -> None:
        self._add_grants(3)
        with self.assertNumQueries(1):
            few = funds.grant_rows(funds.for_list(funds.visible_grants(self.alice)))
        self._add_grants(30)
        with self.assertNumQueries(1):
            many = funds.grant_rows(funds.for_list(funds.visible_grants(self.alice)))
        assert len(many) == len(few) + 30
        row = next(r for r in many if r.grant.name == "Bidrag 0")
        assert (row.figures.allocated, row.figures.spent) == (MKR, Decimal(15))
        mine = next(r for r in many if r.grant == self.grant)
        assert (mine.figures.allocated, mine.figures.spent) == (8 * MKR, Decimal("1200000"))


def test_the_demo_creates_the_seed_002_grants_idempotently(db: None) -> None:
    from kunskapsnav.followup.demo_funds import load_demo_funds
    from kunskapsnav.minutes.demo import load_demo_minutes
    from kunskapsnav.registry.demo import load_demo

    load_demo()
    load_demo_minutes()
    first = load_demo_funds()
    assert first.created == ["ÖK psykisk hälsa 2021", "ÖK psykisk hälsa 2022"]
    assert first.skipped == []
    ok_2021 = Grant.objects.get(name="ÖK psykisk hälsa 2021")
    assert ok_2021.amount_is_approximate
    assert ok_2021.reporting_deadline == D(2022, 3, 1)
    assert "återbetalas till staten" in ok_2021.conditions
    ok_2022 = Grant.objects.get(name="ÖK psykisk hälsa 2022")
    assert ok_2022.responsible_body.name == "Länsnätverket för förvaltningschefer"
    assert ok_2022.decision is not None
    assert ok_2022.decision.text.startswith("att Region Dalarna får i uppdrag att rekvirera")
    allocation = ok_2022.allocations.get()
    assert allocation.decision is not None
    assert "Styrgruppens förslag" in allocation.decision.text
    assert allocation.amount == 0
    assert "inte i minnesanteckningarna" in allocation.note
    before = (Grant.objects.count(), Allocation.objects.count(), Spending.objects.count())
    again = load_demo_funds()
    assert again.created == []
    assert again.linked == []
    assert len(again.existing) == 2
    assert before == (Grant.objects.count(), Allocation.objects.count(), Spending.objects.count())
