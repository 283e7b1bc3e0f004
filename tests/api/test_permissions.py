"""Who may call what: every endpoint for every named user, as one matrix per endpoint.

Each attempt runs in its own savepoint and is rolled back, so every caller meets the same
registry. Writes: the allowed users succeed, anonymous callers get 401, users who may see the
object but not change it get 403, and users who may not even see it get 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tests.api.base import CALLERS, ApiTestCase


@dataclass(frozen=True)
class Attempt:
    method: str
    path: str
    payload: dict[str, Any] | None
    allowed: frozenset[str]
    success: int = 200
    #: Callers who may not see the object at all (404 instead of 403).
    blind: frozenset[str] = field(default_factory=frozenset)

    def expected(self, caller: str) -> int:
        if caller in self.allowed:
            return self.success
        if self.method != "get" and caller == "anonymous":
            return 401
        if caller in self.blind:
            return 404
        return 403


EVERYONE = frozenset(CALLERS)
ADMINS_OF_LPO = frozenset({"alice", "bob"})
ALICE = frozenset({"alice"})
OUTSIDE_STYRGRUPP = frozenset({"anonymous", "bob", "carol", "dave"})


class PermissionMatrixTests(ApiTestCase):
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

    # --- Reads ------------------------------------------------------------------------------

    def test_everyone_lists_bodies(self) -> None:
        self.check(Attempt("get", "/bodies", None, EVERYONE))

    def test_everyone_reads_a_public_body(self) -> None:
        self.check(Attempt("get", f"/bodies/{self.lpo.pk}", None, EVERYONE))

    def test_only_alice_and_erin_read_the_styrgrupp(self) -> None:
        self.check(
            Attempt(
                "get",
                f"/bodies/{self.styrgrupp.pk}",
                None,
                frozenset({"alice", "erin"}),
                blind=OUTSIDE_STYRGRUPP,
            )
        )

    def test_everyone_reads_a_person(self) -> None:
        self.check(Attempt("get", f"/people/{self.per.pk}", None, EVERYONE))

    def test_everyone_lists_vacancies(self) -> None:
        self.check(Attempt("get", "/vacancies", None, EVERYONE))

    # --- Bodies -----------------------------------------------------------------------------

    def test_only_alice_creates_a_top_level_body(self) -> None:
        payload = {"name": "Kunskapsstyrningsrådet", "kind": "rad", "level": "regional"}
        self.check(Attempt("post", "/bodies", payload, ALICE, 201))

    def test_bob_creates_a_body_under_the_lpo_he_coordinates(self) -> None:
        payload = {
            "name": "LAG Elevhälsa",
            "kind": "lag",
            "level": "regional",
            "parent_id": self.lpo.pk,
        }
        self.check(Attempt("post", "/bodies", payload, ADMINS_OF_LPO, 201))

    def test_alice_and_bob_change_the_lpo(self) -> None:
        payload = {"purpose": "Samordna kunskapsstyrningen för barn och unga."}
        self.check(Attempt("patch", f"/bodies/{self.lpo.pk}", payload, ADMINS_OF_LPO))

    def test_only_alice_changes_the_styrgrupp_that_erin_chairs(self) -> None:
        self.check(
            Attempt(
                "patch",
                f"/bodies/{self.styrgrupp.pk}",
                {"purpose": "Nytt syfte"},
                ALICE,
                blind=OUTSIDE_STYRGRUPP,
            )
        )

    def test_alice_and_bob_close_the_lag_under_the_lpo(self) -> None:
        self.check(Attempt("post", f"/bodies/{self.lag.pk}/close", {}, ADMINS_OF_LPO))

    def test_alice_and_bob_add_a_seat_to_the_lpo(self) -> None:
        payload = {"title": "Elevhälsa", "represents": "kommun"}
        self.check(Attempt("post", f"/bodies/{self.lpo.pk}/seats", payload, ADMINS_OF_LPO, 201))

    def test_only_alice_adds_a_seat_to_the_styrgrupp(self) -> None:
        self.check(
            Attempt(
                "post",
                f"/bodies/{self.styrgrupp.pk}/seats",
                {"title": "Brukarrepresentant"},
                ALICE,
                201,
                blind=OUTSIDE_STYRGRUPP,
            )
        )

    # --- Seats and memberships --------------------------------------------------------------

    def test_alice_and_bob_fill_a_seat_of_the_lpo(self) -> None:
        payload = {"person_id": self.kim.pk}
        path = f"/seats/{self.kommun_seat.pk}/fill"
        self.check(Attempt("post", path, payload, ADMINS_OF_LPO, 201))

    def test_only_alice_fills_the_seat_of_the_styrgrupp(self) -> None:
        path = f"/seats/{self.styrgrupp_seat.pk}/fill"
        payload = {"person_id": self.kim.pk}
        self.check(Attempt("post", path, payload, ALICE, 201, blind=OUTSIDE_STYRGRUPP))

    def test_alice_and_bob_end_a_membership_in_the_lpo(self) -> None:
        path = f"/memberships/{self.per_in_lpo.pk}/end"
        self.check(Attempt("post", path, {}, ADMINS_OF_LPO))

    def test_only_alice_ends_a_membership_in_the_styrgrupp(self) -> None:
        path = f"/memberships/{self.per_in_styrgrupp.pk}/end"
        self.check(Attempt("post", path, {}, ALICE, blind=OUTSIDE_STYRGRUPP))

    # --- Nominations ------------------------------------------------------------------------

    def test_alice_and_bob_request_a_nomination(self) -> None:
        path = f"/seats/{self.region_seat.pk}/nominations"
        self.check(Attempt("post", path, {"deadline": "2031-01-31"}, ADMINS_OF_LPO, 201))

    def test_alice_and_bob_record_a_candidate(self) -> None:
        path = f"/nominations/{self.requested.pk}/nominate"
        self.check(Attempt("post", path, {"candidate_id": self.kim.pk}, ADMINS_OF_LPO))

    def test_alice_and_bob_decide_a_nomination(self) -> None:
        path = f"/nominations/{self.nominated.pk}/decide"
        self.check(Attempt("post", path, {}, ADMINS_OF_LPO, 201))

    def test_alice_and_bob_withdraw_a_nomination(self) -> None:
        path = f"/nominations/{self.requested.pk}/withdraw"
        self.check(Attempt("post", path, {}, ADMINS_OF_LPO))

    # --- Commissions ------------------------------------------------------------------------

    def test_alice_and_bob_add_a_commission_version(self) -> None:
        path = f"/bodies/{self.lpo.pk}/commission-versions"
        self.check(Attempt("post", path, {"text": "Version 3"}, ADMINS_OF_LPO, 201))

    def test_alice_and_bob_approve_a_commission_version(self) -> None:
        path = f"/commission-versions/{self.draft.pk}/approve"
        payload = {"approved_by_id": self.schnv.pk}
        self.check(Attempt("post", path, payload, ADMINS_OF_LPO))

    # --- People -----------------------------------------------------------------------------

    def test_alice_and_bob_register_a_person(self) -> None:
        self.check(Attempt("post", "/people", {"name": "Lena Lind"}, ADMINS_OF_LPO, 201))
