"""The registry's rules, stated by its services and models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, CommissionVersion, Membership, Nomination, Seat
from tests.base import BaseTestCase
from tests.registry import factories as f

D = dt.date


class SeatQuotaTests(BaseTestCase):
    def test_a_seat_holds_at_most_its_quota_at_once(self) -> None:
        seat = f.seat(self.lpo, quota=2)
        f.member(seat, f.person("Ann"), D(2021, 1, 1))
        f.member(seat, f.person("Bo"), D(2021, 1, 1))
        with pytest.raises(ValidationError, match="redan tillsatt"):
            f.member(seat, f.person("Cia"), D(2021, 6, 1))

    def test_a_place_can_be_filled_again_the_day_after_it_was_left(self) -> None:
        seat = f.seat(self.lpo, quota=1)
        f.member(seat, f.person("Ann"), D(2021, 1, 1), D(2021, 12, 31))
        f.member(seat, f.person("Bo"), D(2022, 1, 1))
        with pytest.raises(ValidationError):
            f.member(seat, f.person("Cia"), D(2021, 12, 31), D(2021, 12, 31))

    def test_non_overlapping_holders_do_not_count_together(self) -> None:
        seat = f.seat(self.lpo, quota=2)
        f.member(seat, f.person("Ann"), D(2020, 1, 1), D(2020, 6, 30))
        f.member(seat, f.person("Bo"), D(2020, 7, 1), D(2020, 12, 31))
        # Ann and Bo never sit together, so Cia fits beside either across the whole year.
        f.member(seat, f.person("Cia"), D(2020, 1, 1), D(2020, 12, 31))

    def test_the_same_person_cannot_hold_one_seat_twice_at_once(self) -> None:
        seat = f.seat(self.lpo, quota=3)
        ann = f.person("Ann")
        f.member(seat, ann, D(2021, 1, 1))
        with pytest.raises(ValidationError):
            f.member(seat, ann, D(2022, 1, 1))

    def test_unnamed_holders_take_places(self) -> None:
        seat = f.seat(self.lpo, quota=3, unnamed_holders=1)
        assert seat.vacancies == 2
        f.member(seat, f.person("Ann"))
        f.member(seat, f.person("Bo"))
        assert Seat.objects.get(pk=seat.pk).vacancies == 0
        with pytest.raises(ValidationError):
            f.member(seat, f.person("Cia"))

    def test_a_seat_belongs_to_the_body_of_the_membership(self) -> None:
        other = f.seat(self.styrgrupp)
        with pytest.raises(ValidationError, match="annat organ"):
            services.appoint(self.lpo, f.person("Ann"), seat=other, acting_user=None)

    def test_a_membership_cannot_end_before_it_starts(self) -> None:
        seat = f.seat(self.lpo)
        with pytest.raises(ValidationError):
            f.member(seat, f.person("Ann"), D(2021, 1, 1), D(2020, 1, 1))

    def test_quota_cannot_drop_below_the_current_holders(self) -> None:
        seat = f.seat(self.lpo, quota=2)
        f.member(seat, f.person("Ann"))
        f.member(seat, f.person("Bo"))
        with pytest.raises(ValidationError, match="2 innehavare"):
            services.update_seat(seat, acting_user=None, quota=1)


class BodyLifecycleTests(BaseTestCase):
    def test_closing_a_body_ends_memberships_closes_seats_and_withdraws_nominations(self) -> None:
        seat = f.seat(self.styrgrupp, quota=2)
        membership = f.member(seat, f.person("Ann"), D(2021, 1, 1))
        nomination = services.request_nomination(seat, acting_user=None)
        services.close_body(self.styrgrupp, closed_on=D(2022, 1, 28), acting_user=None)
        membership.refresh_from_db()
        seat.refresh_from_db()
        nomination.refresh_from_db()
        assert membership.end_on == D(2022, 1, 28)
        assert seat.closed_on == D(2022, 1, 28)
        assert seat.vacancies == 0
        assert nomination.status == Nomination.Status.WITHDRAWN
        self.styrgrupp.refresh_from_db()
        assert self.styrgrupp.status == Body.Status.AVVECKLAD

    def test_a_closed_body_gets_no_new_seats_or_members(self) -> None:
        services.close_body(self.styrgrupp, closed_on=D(2022, 1, 28), acting_user=None)
        with pytest.raises(ValidationError):
            f.seat(self.styrgrupp)
        with pytest.raises(ValidationError):
            services.appoint(self.styrgrupp, f.person("Ann"), acting_user=None)
        with pytest.raises(ValidationError, match="redan avvecklat"):
            services.close_body(self.styrgrupp, acting_user=None)

    def test_a_body_with_active_sub_bodies_cannot_be_closed(self) -> None:
        f.body("LAG BHV", parent=self.lpo, kind=Body.Kind.LAG)
        with pytest.raises(ValidationError, match="LAG BHV"):
            services.close_body(self.lpo, acting_user=None)

    def test_a_body_cannot_be_its_own_ancestor(self) -> None:
        lag = f.body("LAG BHV", parent=self.lpo, kind=Body.Kind.LAG)
        with pytest.raises(ValidationError, match="under sig självt"):
            services.update_body(self.lpo, acting_user=None, parent=lag)

    def test_the_status_avvecklad_is_reached_only_by_closing(self) -> None:
        with pytest.raises(ValidationError):
            services.update_body(self.lpo, acting_user=None, status=Body.Status.AVVECKLAD)


class NominationTests(BaseTestCase):
    def test_a_nomination_goes_from_request_to_membership(self) -> None:
        schnv = f.body("Socialchefsnätverket", kind=Body.Kind.NATVERK)
        seat = f.seat(self.lpo, nominating_body=schnv, quota=1)
        nomination = services.request_nomination(seat, acting_user=None, deadline=D(2030, 1, 1))
        assert nomination.nominating_body == schnv
        ann = f.person("Ann")
        services.record_nomination(nomination, ann, acting_user=None)
        membership = services.decide_nomination(
            nomination, acting_user=None, decided_on=D(2030, 2, 1)
        )
        nomination.refresh_from_db()
        assert nomination.status == Nomination.Status.DECIDED
        assert nomination.membership == membership
        assert membership.person == ann
        assert membership.seat == seat
        assert membership.start_on == D(2030, 2, 1)

    def test_only_a_nominated_candidate_can_be_decided(self) -> None:
        nomination = services.request_nomination(f.seat(self.lpo), acting_user=None)
        with pytest.raises(ValidationError):
            services.decide_nomination(nomination, acting_user=None)

    def test_a_full_seat_refuses_the_decision_and_keeps_the_nomination_open(self) -> None:
        seat = f.seat(self.lpo, quota=1)
        f.member(seat, f.person("Bo"), D(2020, 1, 1))
        nomination = services.request_nomination(seat, acting_user=None)
        services.record_nomination(nomination, f.person("Ann"), acting_user=None)
        with pytest.raises(ValidationError):
            services.decide_nomination(nomination, acting_user=None)
        nomination.refresh_from_db()
        assert nomination.status == Nomination.Status.NOMINATED
        assert not Membership.objects.filter(person__name="Ann").exists()

    def test_the_nominating_bodys_samordnare_may_name_the_candidate(self) -> None:
        from kunskapsnav.accounts.models import BodyRole

        schnv = f.body("Socialchefsnätverket", kind=Body.Kind.NATVERK)
        BodyRole.objects.create(user=self.dave, body=schnv, role=BodyRole.Role.SAMORDNARE)
        nomination = services.request_nomination(
            f.seat(self.lpo, nominating_body=schnv), acting_user=self.bob, deciding_body=self.lpo
        )
        services.record_nomination(nomination, f.person("Ann"), acting_user=self.dave)
        with pytest.raises(PermissionDenied):
            services.decide_nomination(nomination, acting_user=self.dave)
        services.decide_nomination(nomination, acting_user=self.bob)

    def test_without_a_parent_the_nominating_body_decides_as_well(self) -> None:
        schnv = f.body("Socialchefsnätverket", kind=Body.Kind.NATVERK)
        nomination = services.request_nomination(
            f.seat(self.lpo, nominating_body=schnv), acting_user=None
        )
        assert nomination.deciding_body == schnv

    def test_carol_cannot_request_or_record_nominations(self) -> None:
        seat = f.seat(self.lpo)
        with pytest.raises(PermissionDenied):
            services.request_nomination(seat, acting_user=self.carol)
        nomination = services.request_nomination(seat, acting_user=None)
        with pytest.raises(PermissionDenied):
            services.record_nomination(nomination, f.person("Ann"), acting_user=self.carol)


class CommissionTests(BaseTestCase):
    def test_approving_a_version_supersedes_the_one_before(self) -> None:
        first = services.add_commission_version(self.lpo, acting_user=None, text="v1")
        services.approve_commission_version(first, acting_user=None, approved_on=D(2021, 1, 1))
        second = services.add_commission_version(self.lpo, acting_user=None, text="v2")
        assert second.number == 2
        assert second.commission == first.commission
        services.approve_commission_version(
            second, acting_user=self.bob, approved_by=self.styrgrupp
        )
        first.refresh_from_db()
        assert first.status == CommissionVersion.Status.SUPERSEDED
        assert first.commission.current_version() == second
        assert second.approved_by == self.styrgrupp

    def test_an_empty_version_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="text eller en bilaga"):
            services.add_commission_version(self.lpo, acting_user=None)

    def test_an_approved_version_cannot_be_approved_again(self) -> None:
        version = services.add_commission_version(self.lpo, acting_user=None, text="v1")
        services.approve_commission_version(version, acting_user=None)
        with pytest.raises(ValidationError):
            services.approve_commission_version(version, acting_user=None)


class ServicePermissionTests(BaseTestCase):
    def test_dave_may_not_use_any_registry_service(self) -> None:
        seat = f.seat(self.lpo)
        membership = f.member(seat, f.person("Ann"))
        calls: list[Callable[[], object]] = [
            lambda: services.create_body(
                acting_user=self.dave, name="X", kind="lpo", level="regional"
            ),
            lambda: services.update_body(self.lpo, acting_user=self.dave, name="X"),
            lambda: services.close_body(self.lpo, acting_user=self.dave),
            lambda: services.add_seat(self.lpo, acting_user=self.dave, title="X"),
            lambda: services.fill_seat(seat, f.person("Bo"), acting_user=self.dave),
            lambda: services.end_membership(membership, acting_user=self.dave),
            lambda: services.request_nomination(seat, acting_user=self.dave),
            lambda: services.add_commission_version(self.lpo, acting_user=self.dave, text="x"),
            lambda: services.create_person(acting_user=self.dave, name="X"),
        ]
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()

    def test_bob_may_create_a_sub_body_under_his_lpo_but_not_a_top_level_body(self) -> None:
        lag = services.create_body(
            acting_user=self.bob, name="LAG BHV", kind="lag", level="regional", parent=self.lpo
        )
        assert lag.parent == self.lpo
        with pytest.raises(PermissionDenied):
            services.create_body(acting_user=self.bob, name="NPO", kind="npo", level="nationell")

    def test_each_change_is_recorded_with_the_acting_user(self) -> None:
        seat = services.add_seat(self.lpo, acting_user=self.bob, title="Regionrepresentant")
        assert seat.history.first().history_user == self.bob


class CreatorAndVisibilityTests(BaseTestCase):
    def test_a_samordnare_who_creates_a_body_coordinates_it(self) -> None:
        lag = services.create_body(
            acting_user=self.bob,
            name="LAG hemlig",
            kind="lag",
            level="regional",
            parent=self.lpo,
            is_public=False,
        )
        self.bob.__dict__.pop("_body_roles_cache", None)
        assert self.bob.has_perm("registry.view_body", lag)
        assert self.bob.has_perm("registry.change_body", lag)

    def test_closing_names_only_the_sub_bodies_the_user_may_see(self) -> None:
        f.body("LAG öppen", parent=self.lpo, kind=Body.Kind.LAG)
        f.body("LAG sekretess", parent=self.lpo, kind=Body.Kind.LAG, is_public=False)
        with pytest.raises(ValidationError) as raised:
            services.close_body(self.lpo, acting_user=self.bob)
        message = " ".join(raised.value.messages)
        assert "LAG öppen" in message
        assert "LAG sekretess" not in message
        assert "1 annat organ" in message
