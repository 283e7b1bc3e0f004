"""Schemathesis runs the whole OpenAPI document against the app, in-process.

Every operation is called with requests generated from its schema (a few per operation,
derandomised, so a run is the same every time) on the demo data, anonymously and with a
systemförvaltare's write token. Path parameters are drawn both from the schema and from the
objects that exist (found by query, never by a fixed id), so the answers cover both "not found"
and real pages. Each answer must be no server error, have a documented status code and content
type, and match its documented schema.
"""

from __future__ import annotations

from io import StringIO
from typing import Any, ClassVar

import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.db.models import Model
from django.test import TestCase
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kunskapsnav.accounts.models import User
from kunskapsnav.accounts.tokens import create_api_token
from kunskapsnav.api.api import api
from kunskapsnav.followup.models import Allocation, Grant, Questionnaire, QuestionnaireRound
from kunskapsnav.guidance.models import (
    Implementation,
    Kunskapsstod,
    RemissAnswerSection,
    RemissAssignment,
    RemissContribution,
)
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Meeting
from kunskapsnav.registry.models import (
    Body,
    CommissionVersion,
    Membership,
    Nomination,
    Person,
    Seat,
)
from tests.api.test_openapi import ENDPOINTS

READS = sum(1 for method, _path in ENDPOINTS if method == "get")
WRITES = len(ENDPOINTS) - READS

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: Generated requests per operation and caller: enough to find the odd input, bounded in time.
EXAMPLES = 12
#: How many existing objects of each kind path parameters are drawn from.
SAMPLE = 5

#: Which objects a path parameter names, and by which field.
PATH_PARAMETERS: dict[str, tuple[type[Model], str]] = {
    "body_id": (Body, "pk"),
    "person_id": (Person, "pk"),
    "seat_id": (Seat, "pk"),
    "membership_id": (Membership, "pk"),
    "nomination_id": (Nomination, "pk"),
    "version_id": (CommissionVersion, "pk"),
    "meeting_id": (Meeting, "pk"),
    "item_id": (AgendaItem, "pk"),
    "action_id": (ActionItem, "pk"),
    "code": (Kunskapsstod, "code"),
    "remiss_id": (RemissAssignment, "pk"),
    "contribution_id": (RemissContribution, "pk"),
    "section_id": (RemissAnswerSection, "pk"),
    "implementation_id": (Implementation, "pk"),
    "round_id": (QuestionnaireRound, "pk"),
    "grant_id": (Grant, "pk"),
    "questionnaire_id": (Questionnaire, "pk"),
    "allocation_id": (Allocation, "pk"),
}


class SchemathesisTests(TestCase):
    systemforvaltare_key: ClassVar[str]

    @classmethod
    def setUpTestData(cls) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            call_command("load_demo", stdout=StringIO())
        alice = User.objects.create_user(
            "schemathesis@example.org", full_name="Alice Schemathesis", is_systemforvaltare=True
        )
        _token, cls.systemforvaltare_key = create_api_token(
            alice, "Schemathesis", acting_user=alice, scope="write"
        )

    def setUp(self) -> None:
        # The app is called as a WSGI app, not through the test client: like the test client,
        # keep Django from closing the test's connection (and its transaction) after a request.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def existing(self, parameter: str) -> list[Any]:
        model, field = PATH_PARAMETERS[parameter]
        values = model._default_manager.order_by(field).values_list(field, flat=True)
        return list(values[:SAMPLE])

    def strategy(self, operation: Any) -> st.SearchStrategy[Any]:
        """Generated cases, valid and invalid, and with a path parameter naming a real object."""
        generated = st.one_of(
            operation.as_strategy(),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
        )
        names = [p.name for p in operation.path_parameters]
        if not names:
            return generated
        assert len(names) == 1, operation.label
        assert names[0] in PATH_PARAMETERS, f"{operation.label}: add {names[0]} to PATH_PARAMETERS"
        real = self.existing(names[0])
        assert real, f"the demo has no {names[0]}"
        return st.one_of(
            generated,
            st.sampled_from(real).flatmap(
                lambda value: operation.as_strategy(path_parameters={names[0]: value})
            ),
        )

    def run_schema(self, headers: dict[str, str], **include: Any) -> int:
        loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
        loaded.app = WSGIHandler()
        schema = loaded.include(**include)
        failures: list[str] = []
        operations = 0
        for result in schema.get_all_operations():
            operation = result.ok()  # type: ignore[union-attr]
            operations += 1

            @hypothesis_settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=self.strategy(operation))
            def call(case: Any) -> None:
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS)

            try:
                call()
            except (Exception, BaseExceptionGroup) as failure:
                lines = str(failure).splitlines()[:40]
                failures.append(f"{operation.label}:\n" + "\n".join(lines))
        assert not failures, "\n\n".join(failures)
        return operations

    def test_every_read_anonymously(self) -> None:
        assert self.run_schema({}, method="GET") == READS

    def test_every_read_as_systemforvaltare(self) -> None:
        headers = {"Authorization": f"Bearer {self.systemforvaltare_key}"}
        assert self.run_schema(headers, method="GET") == READS

    def test_every_write_anonymously(self) -> None:
        assert self.run_schema({}, method=["POST", "PATCH"]) == WRITES

    def test_every_write_as_systemforvaltare(self) -> None:
        headers = {"Authorization": f"Bearer {self.systemforvaltare_key}"}
        assert self.run_schema(headers, method=["POST", "PATCH"]) == WRITES
