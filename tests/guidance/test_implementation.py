"""The services of an införande and who may use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import (
    ActionPlan,
    Finding,
    GapAssessment,
    Implementation,
    ImplementationEvent,
    ImplementationUnit,
    Measurement,
    PlanAction,
)
from kunskapsnav.meetings import services as meeting_services
from kunskapsnav.meetings.models import ActionItem, Meeting
from tests.guidance.implementation_base import ImplementationTestCase, make_stod

State = GapAssessment.State
Status = Implementation.Status


class StartAndStatusTests(ImplementationTestCase):
    def test_bob_starts_an_implementation_for_the_body_he_coordinates(self) -> None:
        stod = make_stod("kognitiv-svikt", "Kognitiv svikt")
        implementation = services.start_implementation(
            stod, self.dalarna, responsible_body=self.lpo, acting_user=self.bob
        )
        assert implementation.status == Status.BESLUT
        assert implementation.decided_on == dt.date.today()
        event = implementation.events.get()
        assert event.status == Status.BESLUT
        assert event.created_by == self.bob
        assert implementation.history.get().history_user == self.bob

    def test_only_a_samordnare_of_the_body_or_a_systemforvaltare_starts_one(self) -> None:
        for user in (self.carol, self.dave, self.erin):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                services.start_implementation(
                    make_stod(f"x-{user.pk}", "X"),
                    self.dalarna,
                    responsible_body=self.lpo,
                    acting_user=user,
                )
        services.start_implementation(
            make_stod("alice", "A"), self.dalarna, responsible_body=self.lpo, acting_user=self.alice
        )

    def test_a_kunskapsstod_is_followed_once_per_region(self) -> None:
        with pytest.raises(ValidationError, match="följs redan"):
            services.start_implementation(
                self.stod, self.dalarna, responsible_body=self.lpo, acting_user=self.alice
            )

    def test_each_status_change_is_an_event_on_the_timeline(self) -> None:
        implementation = self.refresh()
        services.change_status(implementation, Status.GAPANALYS, acting_user=self.bob)
        services.change_status(
            implementation,
            Status.INFORANDE,
            acting_user=self.bob,
            date=dt.date(2024, 3, 1),
            text="Alla enheter är med.",
        )
        events = list(implementation.events.order_by("id"))
        assert [e.status for e in events] == [Status.BESLUT, Status.GAPANALYS, Status.INFORANDE]
        assert events[-1].text.endswith("Alla enheter är med.")
        assert "Gapanalys pågår" in events[-1].text
        implementation.refresh_from_db()
        assert implementation.started_on == dt.date(2024, 3, 1)

    def test_the_same_status_again_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="redan status"):
            services.change_status(self.refresh(), Status.BESLUT, acting_user=self.bob)

    def test_carol_dave_and_erin_may_not_change_the_status(self) -> None:
        for user in (self.carol, self.dave, self.erin):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                services.change_status(self.refresh(), Status.GAPANALYS, acting_user=user)
        assert not ImplementationEvent.objects.filter(status=Status.GAPANALYS).exists()

    def test_erin_runs_nothing_but_sees_the_styrgrupp_implementation(self) -> None:
        assert self.erin.has_perm("guidance.view_implementation", self.hidden)
        assert not self.dave.has_perm("guidance.view_implementation", self.hidden)
        assert not self.erin.has_perm("guidance.change_implementation", self.hidden)
        assert self.dave.has_perm("guidance.view_implementation", self.implementation)


class UnitTests(ImplementationTestCase):
    def test_a_kommun_takes_part_with_huvudman_kommun(self) -> None:
        assert self.falun_unit.huvudman == ImplementationUnit.Huvudman.KOMMUN
        assert self.falun_unit.name == "Falun"
        assert self.psykiatri.huvudman == ImplementationUnit.Huvudman.REGION

    def test_a_kommun_of_another_region_is_refused(self) -> None:
        other = Region.objects.create(
            code="21",
            name="Region Gävleborg",
            short_name="Gävleborg",
            lan_name="Gävleborgs län",
            sjukvardsregion=self.mellansverige,
        )
        gavle = Kommun.objects.create(
            code="2180",
            name="Gävle",
            official_name="Gävle kommun",
            region=other,
            sjukvardsregion=self.mellansverige,
        )
        with pytest.raises(ValidationError, match="ligger inte i"):
            services.add_unit(self.refresh(), acting_user=self.bob, kommun=gavle)

    def test_a_unit_name_is_used_once(self) -> None:
        with pytest.raises(ValidationError, match="deltar redan"):
            services.add_unit(self.refresh(), acting_user=self.bob, name="falun")

    def test_removing_a_unit_removes_its_assessments_with_history(self) -> None:
        services.set_assessment(self.falun_unit, self.r1, acting_user=self.bob, state=State.DELVIS)
        services.remove_unit(self.falun_unit, acting_user=self.bob)
        assert not GapAssessment.objects.filter(unit_id=self.falun_unit.pk).exists()
        deleted = GapAssessment.history.filter(history_type="-").get()
        assert deleted.history_user == self.bob

    def test_carol_may_not_add_units(self) -> None:
        with pytest.raises(PermissionDenied):
            services.add_unit(self.refresh(), acting_user=self.carol, name="Ny")


class RecommendationTests(ImplementationTestCase):
    def test_alice_adds_and_reorders_recommendations(self) -> None:
        added = services.add_recommendation(
            self.stod, number="4", text="Ny", acting_user=self.alice
        )
        assert added.order == 3
        services.move_recommendation(added, acting_user=self.alice, up=True)
        numbers = list(self.stod.recommendations.order_by("order").values_list("number", flat=True))
        assert numbers == ["1", "2", "4", "3"]

    def test_a_number_is_used_once(self) -> None:
        with pytest.raises(ValidationError, match="redan en rekommendation"):
            services.update_recommendation(self.r2, acting_user=self.alice, number="1", text="x")

    def test_the_catalogue_is_kept_by_the_systemforvaltare(self) -> None:
        for user in (self.bob, self.carol, self.dave):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                services.add_recommendation(self.stod, number="9", text="x", acting_user=user)


class AssessmentTests(ImplementationTestCase):
    def test_bob_sets_a_state_and_the_change_is_audited(self) -> None:
        assessment = services.set_assessment(
            self.psykiatri, self.r1, acting_user=self.bob, state=State.DELVIS, comment="Nästan"
        )
        assert assessment.get_state_display() == "Delvis uppfyllt"
        assert assessment.history.get().history_user == self.bob

    def test_setting_the_same_state_again_writes_nothing(self) -> None:
        services.set_assessment(self.psykiatri, self.r1, acting_user=self.bob, state=State.UPPFYLLT)
        services.set_assessment(self.psykiatri, self.r1, acting_user=self.bob, state=State.UPPFYLLT)
        assert GapAssessment.history.count() == 1

    def test_a_recommendation_of_another_kunskapsstod_is_refused(self) -> None:
        other = services.add_recommendation(self.kol, number="1", text="KOL", acting_user=None)
        with pytest.raises(ValidationError, match="annat kunskapsstöd"):
            services.set_assessment(self.psykiatri, other, acting_user=self.bob, state="uppfyllt")

    def test_an_unknown_state_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="Okänt nuläge"):
            services.set_assessment(self.psykiatri, self.r1, acting_user=self.bob, state="nja")

    def test_only_the_samordnare_assesses(self) -> None:
        for user in (self.carol, self.dave, self.erin):
            with self.subTest(user=user.email), pytest.raises(PermissionDenied):
                services.set_assessment(self.psykiatri, self.r1, acting_user=user, state="uppfyllt")

    def test_the_summary_counts_states_per_unit_and_for_the_region(self) -> None:
        services.set_assessment(self.psykiatri, self.r1, acting_user=None, state=State.UPPFYLLT)
        services.set_assessment(
            self.psykiatri, self.r2, acting_user=None, state=State.EJ_TILLAMPLIGT
        )
        services.set_assessment(self.falun_unit, self.r1, acting_user=None, state=State.DELVIS)
        assessments = {(a.unit_id, a.recommendation_id): a for a in GapAssessment.objects.all()}
        rows = services.summarise_gap(
            [self.psykiatri, self.falun_unit],
            [self.r1, self.r2, self.r3],
            assessments,
            total_label="Hela regionen",
        )
        psykiatri, falun, total = rows
        assert psykiatri.counts == [1, 0, 0, 1, 1]
        assert psykiatri.share == 50
        assert falun.share == 0
        assert total.applicable == 5
        assert total.share == 20
        assert total.is_total

    def test_the_parts_are_visible_with_the_implementation(self) -> None:
        assessment = services.set_assessment(
            self.psykiatri, self.r1, acting_user=None, state=State.UPPFYLLT
        )
        assert self.dave.has_perm("guidance.view_gapassessment", assessment)


class PlanTests(ImplementationTestCase):
    def _finding(self) -> Finding:
        return services.add_finding(
            self.refresh(),
            acting_user=self.bob,
            dimension=Finding.Dimension.KOMPETENS,
            text="Utbildning behövs.",
            unit=self.psykiatri,
        )

    def test_plan_actions_are_action_items_of_the_responsible_body(self) -> None:
        finding = self._finding()
        plan = services.create_action_plan(self.refresh(), acting_user=self.bob)
        item = services.add_plan_action(
            plan,
            acting_user=self.bob,
            text="Ordna utbildning.",
            finding=finding,
            due_date=dt.date(2030, 1, 31),
        )
        action = item.action
        assert action.body == self.lpo
        assert action in ActionItem.objects.filter(body=self.lpo).open()
        assert item.finding == finding
        meeting_services.close_action(action, acting_user=self.bob)
        assert not ActionItem.objects.filter(pk=action.pk).open().exists()

    def test_approving_by_a_decision_moves_the_status_and_dates_the_timeline(self) -> None:
        meeting = meeting_services.create_meeting(
            self.lpo, acting_user=None, date=dt.date(2024, 5, 6), title="LPO-möte"
        )
        decision = meeting_services.add_decision(
            meeting, acting_user=None, text="att fastställa handlingsplanen."
        )
        plan = services.create_action_plan(self.refresh(), acting_user=self.bob)
        services.approve_action_plan(plan, acting_user=self.bob, decision=decision)
        plan.refresh_from_db()
        assert plan.status == ActionPlan.Status.FASTSTALLD
        assert plan.approved_on == dt.date(2024, 5, 6)
        implementation = self.refresh()
        assert implementation.status == Status.HANDLINGSPLAN
        event = implementation.events.order_by("-id").first()
        assert event is not None
        assert event.decision == decision
        assert event.date == dt.date(2024, 5, 6)

    def test_approving_needs_a_decision_or_a_date(self) -> None:
        plan = services.create_action_plan(self.refresh(), acting_user=self.bob)
        with pytest.raises(ValidationError, match="beslutet eller datumet"):
            services.approve_action_plan(plan, acting_user=self.bob)
        services.approve_action_plan(plan, acting_user=self.bob, approved_on=dt.date(2024, 1, 2))
        with pytest.raises(ValidationError, match="redan fastställd"):
            services.approve_action_plan(
                plan, acting_user=self.bob, approved_on=dt.date(2024, 1, 3)
            )

    def test_carol_may_not_add_plan_actions(self) -> None:
        plan = services.create_action_plan(self.refresh(), acting_user=self.bob)
        with pytest.raises(PermissionDenied):
            services.add_plan_action(plan, acting_user=self.carol, text="x")
        assert not PlanAction.objects.exists()

    def test_a_finding_of_another_implementation_is_refused(self) -> None:
        finding = services.add_finding(
            self.hidden, acting_user=None, dimension="utrustning", text="Annat"
        )
        plan = services.create_action_plan(self.refresh(), acting_user=self.bob)
        with pytest.raises(ValidationError, match="annat införande"):
            services.add_plan_action(plan, acting_user=self.bob, text="x", finding=finding)


CSV_HEADER = "indikator;region;enhet;från;till;värde\n"


class MeasurementTests(ImplementationTestCase):
    def test_bob_records_a_value_and_correcting_it_keeps_one_row(self) -> None:
        for value in (Decimal("55.5"), Decimal("60")):
            services.record_measurement(
                self.refresh(),
                self.indicator,
                acting_user=self.bob,
                period_start=dt.date(2024, 1, 1),
                period_end=dt.date(2024, 12, 31),
                value=value,
            )
        measurement = Measurement.objects.get()
        assert measurement.value == Decimal("60")

    def test_the_csv_import_reads_every_row(self) -> None:
        data = (
            CSV_HEADER
            + "Andel med årlig uppföljning;20;;2023-01-01;2023-12-31;61,5\n"
            + "andel med årlig uppföljning;Region Dalarna;Falun;2023-01-01;2023-12-31;40\n"
        ).encode()
        count = services.import_measurements_csv(self.refresh(), data, acting_user=self.bob)
        assert count == 2
        values = dict(Measurement.objects.values_list("unit__name", "value"))
        assert values == {None: Decimal("61.5"), "Falun": Decimal("40")}

    def test_bad_rows_are_all_reported_and_nothing_is_written(self) -> None:
        data = (
            CSV_HEADER
            + "Andel med årlig uppföljning;20;;2023-01-01;2023-12-31;61,5\n"
            + "Okänd;20;;2023-01-01;2023-12-31;1\n"
            + "Andel med årlig uppföljning;Atlantis;Mora;2023-13-01;2023-12-31;mycket\n"
        ).encode("cp1252")
        with pytest.raises(ValidationError) as raised:
            services.import_measurements_csv(self.refresh(), data, acting_user=self.bob)
        messages = raised.value.messages
        assert messages[0] == "Rad 3: indikatorn ”Okänd” finns inte för Schizofreni."
        assert messages[1].startswith("Rad 4: regionen ”Atlantis” finns inte")
        assert "enheten ”Mora” deltar inte i införandet" in messages[1]
        assert "”2023-13-01” är inget datum" in messages[1]
        assert "”mycket” är inget tal" in messages[1]
        assert not Measurement.objects.exists()

    def test_a_wrong_header_is_reported(self) -> None:
        with pytest.raises(ValidationError, match="Rad 1: kolumnerna ska vara"):
            services.import_measurements_csv(
                self.refresh(), b"a;b;c\n1;2;3\n", acting_user=self.bob
            )

    def test_bob_may_not_import_values_of_another_region(self) -> None:
        Region.objects.create(
            code="21",
            name="Region Gävleborg",
            short_name="Gävleborg",
            lan_name="Gävleborgs län",
            sjukvardsregion=self.mellansverige,
        )
        data = (CSV_HEADER + "Andel med årlig uppföljning;21;;2023-01-01;2023-12-31;5\n").encode()
        with pytest.raises(ValidationError, match="systemförvaltare"):
            services.import_measurements_csv(self.refresh(), data, acting_user=self.bob)
        assert services.import_measurements_csv(self.refresh(), data, acting_user=self.alice) == 1

    def test_carol_may_not_import(self) -> None:
        with pytest.raises(PermissionDenied):
            services.import_measurements_csv(self.refresh(), b"", acting_user=self.carol)


class DemoTests(ImplementationTestCase):
    def test_the_demo_skips_what_is_missing_and_runs_twice(self) -> None:
        from kunskapsnav.guidance.demo_implementation import load_demo_implementations

        first = load_demo_implementations()
        assert any("organet LPO Psykisk Hälsa finns inte" in note for note in first.skipped)
        assert any("kognitiv-svikt" in note for note in first.skipped)
        second = load_demo_implementations()
        assert second.created == []
        assert Meeting.objects.count() == 0


class FullDemoTests(TestCase):
    def test_the_demo_follows_seed_000_in_dalarna_and_runs_twice(self) -> None:
        from kunskapsnav.guidance.catalogue import load_catalogue
        from kunskapsnav.guidance.demo_implementation import load_demo_implementations
        from kunskapsnav.registry.demo import load_demo

        load_demo()
        load_catalogue()
        report = load_demo_implementations()
        assert report.skipped == []
        assert len(report.created) == 5
        schizofreni = Implementation.objects.get(kunskapsstod__code="schizofreni")
        assert schizofreni.status == Status.GAPANALYS
        assert schizofreni.responsible_body is not None
        assert schizofreni.responsible_body.name == "LPO Psykisk Hälsa"
        assert {u.huvudman for u in schizofreni.units.all()} == {"region", "kommun"}
        assert GapAssessment.objects.filter(unit__implementation=schizofreni).count() >= 4
        dimensions = set(schizofreni.findings.values_list("dimension", flat=True))
        assert len(dimensions) == 2
        plan = schizofreni.action_plan
        assert plan.status == ActionPlan.Status.UTKAST
        assert plan.plan_actions.get().action.body == schizofreni.responsible_body
        kognitiv = Implementation.objects.get(kunskapsstod__code="kognitiv-svikt")
        assert kognitiv.status == Status.BESLUT
        for code in ("kol", "hoftledsartros-primarvard"):
            implementation = Implementation.objects.get(kunskapsstod__code=code)
            assert implementation.units.get().name == "Primärvården, Region Dalarna"
        again = load_demo_implementations()
        assert again.created == []
        assert len(again.existing) == 5
