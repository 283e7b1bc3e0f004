"""Who may call every operation of the JSON API: the access policy, as a matrix.

``POLICY`` below is the policy. Each row names an operation of the OpenAPI document (by its
handler, e.g. ``update_body``), its method, the object its path names (an attribute of the test
case, ``-`` for none; for a write without one, the body the payload names) and what each caller
gets. Callers: ``anon`` sends no token; the others send their own token.

* A read (``get``) is tried anonymously and with each user's read token and write token: both
  tokens get the row's outcome. ``ok`` is 200.
* A write is sent with the least payload its schema accepts (``api_matrix.payload``):
  anonymously (``anon``: 401), with each user's write token (the row) and with each user's read
  token, which is refused (403) whoever holds it. ``ok`` is 2xx; ``422`` is a refusal by a rule
  of the service after the permission check (the payload is valid but not enough: no candidate
  yet, nothing to send…), or a body named in the payload that the caller may not see (it is
  treated as unknown, so it does not leak).
* ``401`` no valid token, ``403`` refused (the caller sees the object but may not do this),
  ``404`` not found (the caller may not know that the object exists).

Every answer is read for the secrets of ``base.SECRETS``, every refused write must leave the
database as it was, and every operation of the document must have a row (and every row an
operation): a new endpoint cannot be added without saying who may call it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from kunskapsnav.accounts.tokens import create_api_token
from tests.security.api_matrix import (
    API_METHODS,
    API_OUTCOMES,
    Operation,
    operations,
    payload,
)
from tests.security.base import BODY_NAMED_TO_BOB, HIDDEN_BODY, USERS, MatrixTestCase
from tests.security.matrix import Row, parse_policy

# fmt: off
POLICY = """
#                           method object                anon  alice bob   carol dave  erin
list_bodies                 get   -                     ok    ok    ok    ok    ok    ok
create_body                 post  -                     401   ok    403   403   403   403
create_body                 post  lpo                   401   ok    ok    403   403   403
create_body                 post  styrgrupp             401   ok    422   422   422   403
get_body                    get   lpo                   ok    ok    ok    ok    ok    ok
get_body                    get   styrgrupp             404   ok    404   404   404   ok
update_body                 patch lpo                   401   ok    ok    403   403   403
update_body                 patch styrgrupp             401   ok    404   404   404   403
get_person                  get   per                   ok    ok    ok    ok    ok    ok
list_vacancies              get   -                     ok    ok    ok    ok    ok    ok
close_body                  post  lpo                   401   ok    ok    403   403   403
close_body                  post  styrgrupp             401   ok    404   404   404   403
add_seat                    post  lpo                   401   ok    ok    403   403   403
add_seat                    post  styrgrupp             401   ok    404   404   404   403
add_commission_version      post  lpo                   401   ok    ok    403   403   403
add_commission_version      post  styrgrupp             401   ok    404   404   404   403
approve_commission_version  post  lpo_version           401   ok    ok    403   403   403
approve_commission_version  post  hidden_version        401   ok    404   404   404   403
fill_seat                   post  lpo_seat              401   ok    ok    403   403   403
fill_seat                   post  hidden_seat           401   ok    404   404   404   403
end_membership              post  lpo_membership        401   ok    ok    403   403   403
end_membership              post  hidden_membership     401   ok    404   404   404   403
request_nomination          post  lpo_seat              401   ok    ok    403   403   403
request_nomination          post  hidden_seat           401   ok    404   404   404   403
record_nomination           post  lpo_nomination        401   ok    ok    403   403   403
record_nomination           post  hidden_nomination     401   ok    ok    404   404   403
decide_nomination           post  lpo_nomination        401   422   422   403   403   403
decide_nomination           post  hidden_nomination     401   422   422   404   404   403
withdraw_nomination         post  lpo_nomination        401   ok    ok    403   403   403
withdraw_nomination         post  hidden_nomination     401   ok    403   404   404   403
create_person               post  -                     401   ok    ok    403   403   403
list_meetings               get   -                     ok    ok    ok    ok    ok    ok
create_meeting              post  lpo                   401   ok    ok    403   403   403
create_meeting              post  styrgrupp             401   ok    422   422   422   403
get_meeting                 get   published             ok    ok    ok    ok    ok    ok
get_meeting                 get   held                  404   ok    ok    ok    404   404
get_meeting                 get   planned               404   ok    ok    ok    404   404
get_meeting                 get   hidden_published      404   ok    404   404   404   ok
transition_meeting          post  planned               401   ok    ok    403   404   404
transition_meeting          post  hidden_planned        401   ok    404   404   404   ok
add_item                    post  planned               401   ok    ok    403   404   404
add_item                    post  hidden_planned        401   ok    404   404   404   ok
update_item                 patch planned_item          401   ok    ok    403   404   404
update_item                 patch hidden_item           401   ok    404   404   404   ok
add_decision                post  planned               401   ok    ok    403   404   404
add_decision                post  hidden_planned        401   ok    404   404   404   ok
set_attendance              post  planned               401   422   422   403   404   404
set_attendance              post  hidden_planned        401   422   404   404   404   422
add_action                  post  planned               401   ok    ok    403   404   404
add_action                  post  hidden_planned        401   ok    404   404   404   ok
list_actions                get   -                     ok    ok    ok    ok    ok    ok
update_action               patch public_action         401   ok    ok    403   403   403
update_action               patch draft_action          401   ok    ok    403   404   404
update_action               patch hidden_action         401   ok    404   404   404   403
close_action                post  public_action         401   ok    ok    403   403   403
close_action                post  draft_action          401   ok    ok    403   404   404
close_action                post  hidden_action         401   ok    404   404   404   403
list_kunskapsstod           get   -                     ok    ok    ok    ok    ok    ok
get_kunskapsstod            get   stod                  ok    ok    ok    ok    ok    ok
list_remisser               get   -                     ok    ok    ok    ok    ok    ok
get_remiss                  get   assignment            ok    ok    ok    ok    ok    ok
get_remiss                  get   hidden_assignment     404   ok    ok    404   404   ok
request_contributions       post  assignment            401   422   422   403   403   403
request_contributions       post  hidden_assignment     401   422   403   404   404   403
submit_contribution         post  contribution          401   422   422   403   403   403
submit_contribution         post  hidden_contribution   401   422   422   404   404   403
add_section                 post  assignment            401   ok    ok    403   403   403
add_section                 post  hidden_assignment     401   ok    403   404   404   403
update_section              patch section               401   ok    ok    404   404   404
update_section              patch hidden_section        401   ok    403   404   404   404
approve_remissvar           post  assignment            401   422   422   403   403   403
approve_remissvar           post  hidden_assignment     401   422   403   404   404   403
mark_sent                   post  assignment            401   422   422   403   403   403
mark_sent                   post  hidden_assignment     401   422   403   404   404   403
list_implementations        get   -                     ok    ok    ok    ok    ok    ok
get_implementation          get   lpo_implementation    ok    ok    ok    ok    ok    ok
get_implementation          get   hidden_implementation 404   ok    404   404   404   ok
update_implementation       patch lpo_implementation    401   ok    ok    403   403   403
update_implementation       patch hidden_implementation 401   ok    404   404   404   403
get_gap_analysis            get   lpo_implementation    ok    ok    ok    ok    ok    ok
get_gap_analysis            get   hidden_implementation 404   ok    404   404   404   ok
set_assessment              post  lpo_implementation    401   ok    ok    403   403   403
set_assessment              post  hidden_implementation 401   ok    404   404   404   403
add_finding                 post  lpo_implementation    401   ok    ok    403   403   403
add_finding                 post  hidden_implementation 401   ok    404   404   404   403
record_measurement          post  lpo_implementation    401   ok    ok    403   403   403
record_measurement          post  hidden_implementation 401   ok    404   404   404   403
list_questionnaires         get   -                     ok    ok    ok    ok    ok    ok
create_questionnaire        post  lpo                   401   ok    ok    403   403   403
create_questionnaire        post  styrgrupp             401   ok    422   422   422   403
get_round_results           get   questionnaire_round   404   ok    ok    404   404   404
get_round_results           get   hidden_round          404   ok    404   404   404   ok
list_grants                 get   -                     ok    ok    ok    ok    ok    ok
get_grant                   get   grant                 ok    ok    ok    ok    ok    ok
get_grant                   get   hidden_grant          404   ok    404   404   404   ok
get_matrix                  get   -                     ok    ok    ok    ok    ok    ok
add_question                post  questionnaire         401   ok    ok    404   404   404
add_question                post  hidden_questionnaire  401   ok    404   404   404   403
create_round                post  questionnaire         401   ok    ok    404   404   404
create_round                post  hidden_questionnaire  401   ok    404   404   404   403
add_recipients              post  questionnaire_round   401   422   422   404   404   404
add_recipients              post  hidden_round          401   422   404   404   404   422
send_round                  post  questionnaire_round   401   422   422   404   404   404
send_round                  post  hidden_round          401   422   404   404   404   403
remind_round                post  questionnaire_round   401   ok    ok    404   404   404
remind_round                post  hidden_round          401   ok    404   404   404   403
close_round                 post  questionnaire_round   401   ok    ok    404   404   404
close_round                 post  hidden_round          401   ok    404   404   404   403
add_allocation              post  grant                 401   ok    ok    403   403   403
add_allocation              post  hidden_grant          401   ok    404   404   404   403
report_spending             post  allocation            401   ok    ok    403   403   403
report_spending             post  hidden_allocation     401   ok    404   404   404   403
"""
# fmt: on

ROWS = parse_policy(POLICY, API_METHODS, API_OUTCOMES | {"422"})
REFUSED = frozenset({"401", "403", "404"})


class ApiMatrixTestCase(MatrixTestCase):
    tokens: dict[tuple[str, str], str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tokens = {}
        for name in USERS[1:]:
            user = getattr(cls, name)
            for scope in ("read", "write"):
                _token, raw = create_api_token(
                    user, f"Matris ({scope})", acting_user=user, scope=scope
                )
                cls.tokens[name, scope] = raw

    def call(
        self, operation: Operation, url: str, body: dict[str, Any] | None, token: str | None
    ) -> tuple[int, str]:
        """The status and readable text of one call; whatever it did is undone."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with transaction.atomic():
            if operation.writes:
                send = getattr(self.client, operation.method)
                response = send(url, body, content_type="application/json", headers=headers)
            else:
                response = self.client.get(url, headers=headers)
            text = self.readable(response) if response.status_code == 200 else ""
            transaction.set_rollback(True)
        status: int = response.status_code
        return status, text

    def outcome(self, status: int) -> str:
        return "ok" if 200 <= status < 300 else str(status)

    def check(self, row: Row) -> None:
        operation = operations()[row.key]
        assert operation.method == row.method, f"{row.key} is {operation.method.upper()}"
        obj = None if row.target == "-" else getattr(self, row.target)
        url = operation.url(self, obj)
        body = payload(self, operation.name, obj) if operation.writes else None
        attempts: list[tuple[str, str | None, str]] = [("anon", None, row.expected("anon"))]
        for user in USERS[1:]:
            attempts.append((user, "write", row.expected(user)))
            # A read token reads like a write token and never writes.
            attempts.append((user, "read", "403" if operation.writes else row.expected(user)))
        wrong = []
        for user, scope, expected in attempts:
            token = self.tokens[user, scope] if scope else None
            status, text = self.call(operation, url, body, token)
            what = f"{operation.method.upper()} {url} as {user} ({scope or 'no'} token)"
            if text:
                allowed = {HIDDEN_BODY} if (row.key, user) in BODY_NAMED_TO_BOB else set()
                self.assert_no_secrets(user, text, what, allowed)
            if expected != "ok":
                self.assert_unchanged(what)
            if self.outcome(status) != expected:
                wrong.append(f"{user} ({scope or 'no'} token) expected {expected}, got {status}")
        assert not wrong, f"{row.label}: " + "; ".join(wrong)


class ApiPolicyCoverageTests(ApiMatrixTestCase):
    def test_every_operation_has_a_row_and_every_row_an_operation(self) -> None:
        named = {row.key for row in ROWS}
        missing = sorted(set(operations()) - named)
        assert not missing, f"operations without a row in POLICY: {missing}"
        stale = sorted(named - set(operations()))
        assert not stale, f"rows in POLICY for operations that do not exist: {stale}"

    def test_every_write_is_sent_with_what_its_schema_requires(self) -> None:
        for row in ROWS:
            operation = operations()[row.key]
            obj = None if row.target == "-" else getattr(self, row.target)
            sent = payload(self, operation.name, obj) if operation.writes else {}
            assert set(operation.required) <= set(sent), row.label


class ApiMatrixTests(ApiMatrixTestCase):
    """Reads and writes, one sub-test per row: a failure names the row and the callers."""

    def test_reads(self) -> None:
        for row in ROWS:
            if row.method == "get":
                with self.subTest(row.label):
                    self.check(row)

    def test_writes(self) -> None:
        for row in ROWS:
            if row.method != "get":
                with self.subTest(row.label):
                    self.check(row)

    @pytest.mark.xfail(
        strict=True,
        reason=(
            "Known finding: django-ninja validates the body before the handler runs, so a write "
            "whose schema requires fields answers 422 to an empty body before the permission "
            "check. It reveals nothing (the answer does not depend on the object or the caller) "
            "but the refusal should come first."
        ),
    )
    def test_a_refused_write_is_refused_before_its_body_is_validated(self) -> None:
        """Every caller refused with the valid payload is refused the same way with an empty
        body, for the writes whose schema requires fields."""
        wrong = []
        for row in ROWS:
            operation = operations()[row.key]
            if not (operation.writes and operation.required):
                continue
            obj = None if row.target == "-" else getattr(self, row.target)
            url = operation.url(self, obj)
            for user in USERS[1:]:
                if row.expected(user) in REFUSED:
                    status, _text = self.call(operation, url, {}, self.tokens[user, "write"])
                    if str(status) != row.expected(user):
                        wrong.append(f"{row.label} as {user}: {status}")
        assert not wrong, "; ".join(wrong)
