"""The machinery of the API matrix: the operations of the OpenAPI document, their URLs for an
object, the payload each write is sent with, and calling them with or without a token.

The policy itself is in ``test_permission_matrix_api.POLICY``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from kunskapsnav.api.api import api
from tests.security.base import SecurityTestCase, days

#: What a caller gets: ``ok`` 200 for a read; for a write, that it passed the permission check
#: (2xx, or 422 for a business rule of the service); ``401`` no valid token; ``403`` refused;
#: ``404`` not found (the caller may not know that the object exists).
API_OUTCOMES = frozenset({"ok", "401", "403", "404"})
API_METHODS = frozenset({"get", "post", "patch", "put", "delete"})
PREFIX = "/api/v1"


@dataclass(frozen=True)
class Operation:
    """An operation of the OpenAPI document, named by its handler (``update_body``)."""

    name: str
    method: str
    path: str
    #: Fields of the body that must be given (a body without them fails validation).
    required: tuple[str, ...]

    @property
    def writes(self) -> bool:
        return self.method != "get"

    def url(self, case: SecurityTestCase, obj: Any) -> str:
        def value(match: re.Match[str]) -> str:
            assert obj is not None, f"{self.name} needs an object for {match[1]}"
            return str(obj.code if match[1] == "code" else obj.pk)

        return PREFIX + re.sub(r"\{(\w+)\}", value, self.path)


@cache
def openapi_schema() -> dict[str, Any]:
    """The API's OpenAPI document, made once."""
    schema: dict[str, Any] = api.get_openapi_schema()
    return schema


@cache
def operations() -> dict[str, Operation]:
    """Every operation of the API's OpenAPI document, by handler name."""
    names = {
        api.get_openapi_operation_id(operation): operation.view_func.__name__
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    }
    schema = openapi_schema()
    components = schema["components"]["schemas"]
    found = {}
    for path, item in schema["paths"].items():
        for method, spec in item.items():
            required: list[str] = []
            if "requestBody" in spec:
                body = spec["requestBody"]["content"]["application/json"]["schema"]
                if "$ref" in body:
                    body = components[body["$ref"].rsplit("/", 1)[-1]]
                required = body.get("required", [])
            name = names[spec["operationId"]]
            assert name not in found, f"two operations named {name}"
            found[name] = Operation(name, method, path.removeprefix(PREFIX), tuple(required))
    return found


def payload(case: SecurityTestCase, name: str, obj: Any) -> dict[str, Any]:
    """A body that passes the schema of the write ``name`` on ``obj``: what matters is who may
    send it, so it is the least the schema asks for (nothing where nothing is required)."""
    future = days(40).isoformat()
    implementation: Any = obj  # the införande of the assessment and measurement writes
    bodies: dict[str, Any] = {
        "create_body": lambda: {
            "name": "Arbetsgrupp elevhälsa",
            "kind": "arbetsgrupp",
            "level": "regional",
            **({"parent_id": obj.pk} if obj is not None else {}),
        },
        "add_seat": lambda: {"title": "Elevhälsa"},
        "add_commission_version": lambda: {"text": "Version 3"},
        "fill_seat": lambda: {"person_id": case.erin_person.pk},
        "record_nomination": lambda: {"candidate_id": case.erin_person.pk},
        "create_person": lambda: {"name": "Lena Lind"},
        "create_meeting": lambda: {"body_id": obj.pk, "date": future},
        "transition_meeting": lambda: {"to": "genomfort"},
        "add_item": lambda: {"title": "Övriga frågor"},
        "add_decision": lambda: {"text": "att gå vidare"},
        "add_action": lambda: {"text": "Boka lokal"},
        "add_section": lambda: {"heading": "Övrigt"},
        "set_assessment": lambda: {
            "recommendation_id": implementation.kunskapsstod.recommendations.first().pk,
            "unit_id": implementation.units.first().pk,
            "state": "delvis",
        },
        "add_finding": lambda: {"dimension": "kompetens", "text": "Utbildning behövs."},
        "record_measurement": lambda: {
            "indicator_id": implementation.kunskapsstod.indicators.first().pk,
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "50",
        },
        "create_questionnaire": lambda: {"owner_body_id": obj.pk, "title": "Ny enkät"},
        "add_question": lambda: {"text": "Hur går det?", "kind": "text"},
        "create_round": lambda: {"deadline": future},
        "add_allocation": lambda: {"measure": "Ny insats", "amount": "1000"},
        "report_spending": lambda: {"amount": "1000"},
    }
    made: dict[str, Any] = bodies[name]() if name in bodies else {}
    return made


#: The paths of the operations (``/bodies/{body_id}``), for the page matrix's coverage check.
API_PATHS = frozenset(operation.path for operation in operations().values())
