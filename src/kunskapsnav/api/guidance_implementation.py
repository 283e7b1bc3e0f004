"""``/api/v1/implementations``: införanden of kunskapsstöd per region, their units, timeline,
handlingsplan and gap analysis; their status and note are changed with PATCH.

An införande the caller may not see (its responsible body is not public and they hold no role
in it) is 404, as everywhere in the API. A change goes through ``guidance.implementation``'s
services, which check permissions (403) and rules (422); a new status lands on the timeline.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, WRITE, acting_user, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import (
    ActionPlan,
    GapAssessment,
    Implementation,
    PlanAction,
)

router = Router(tags=["införanden"])

READ_ERRORS = {code: s.ERRORS[code] for code in (401, 404, 422)}
WRITE_ERRORS = s.ERRORS
READ_SECURITY: dict[str, Any] = {"security": [{"ApiToken": []}, {"Session": []}, {}]}


#: One schema per name in the OpenAPI document: these are the shared ones.
Ref = s.Ref
CodeRef = s.CodeRef


class ImplementationFilterIn(Schema):
    region: str | None = Field(None, description='Regionens kod, t.ex. "20" för Region Dalarna.')
    kunskapsstod: str | None = Field(None, description='Kunskapsstödets kod, t.ex. "schizofreni".')
    status: str | None = Field(
        None, description="Status: " + ", ".join(Implementation.Status.values) + "."
    )


class ImplementationListItem(Schema):
    id: int
    kunskapsstod: CodeRef
    region: CodeRef
    status: str
    status_label: str
    responsible_body: Ref | None
    unit_count: int
    decided_on: dt.date | None
    url: str


class UnitOut(Schema):
    id: int
    name: str
    huvudman: str
    kommun_code: str | None


class EventOut(Schema):
    date: dt.date
    status: str
    text: str
    decision_id: int | None


class PlanActionOut(Schema):
    action_id: int
    text: str
    status: str
    due_date: dt.date | None
    responsible: str
    finding_id: int | None


class PlanOut(Schema):
    status: str
    approved_on: dt.date | None
    decision_id: int | None
    actions: list[PlanActionOut]


class ImplementationDetail(ImplementationListItem):
    started_on: dt.date | None
    completed_on: dt.date | None
    note: str
    units: list[UnitOut]
    timeline: list[EventOut]
    plan: PlanOut | None


class RecommendationOut(Schema):
    id: int
    number: str
    text: str


class CellOut(Schema):
    unit_id: int
    state: str
    state_label: str
    comment: str


class GapRow(Schema):
    recommendation: RecommendationOut
    cells: list[CellOut]


class SummaryOut(Schema):
    unit: str
    counts: dict[str, int]
    applicable: int
    share_uppfyllt: int | None


class GapAnalysisOut(Schema):
    implementation_id: int
    units: list[UnitOut]
    rows: list[GapRow]
    summary: list[SummaryOut]


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def _list_item(implementation: Implementation) -> dict[str, Any]:
    return {
        "id": implementation.pk,
        "kunskapsstod": {
            "code": implementation.kunskapsstod.code,
            "name": implementation.kunskapsstod.name,
        },
        "region": {"code": implementation.region.code, "name": implementation.region.name},
        "status": implementation.status,
        "status_label": implementation.get_status_display(),
        "responsible_body": _ref(implementation.responsible_body),
        "unit_count": getattr(implementation, "unit_count", 0),
        "decided_on": implementation.decided_on,
        "url": implementation.get_absolute_url(),
    }


def _get(request: HttpRequest, implementation_id: int) -> Implementation:
    implementation = (
        services.visible_implementations(caller(request))
        .annotate(unit_count=Count("units", distinct=True))
        .filter(pk=implementation_id)
        .first()
    )
    if implementation is None:
        raise Http404
    return implementation


def _unit_out(unit: Any) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "name": unit.name,
        "huvudman": unit.huvudman,
        "kommun_code": unit.kommun.code if unit.kommun_id else None,
    }


@router.get(
    "/implementations",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[ImplementationListItem], **READ_ERRORS},
    summary="Införanden av kunskapsstöd som du får se",
)
@paginate(Pagination)
def list_implementations(request: HttpRequest, filters: Query[ImplementationFilterIn]) -> Any:
    """Införandena per kunskapsstöd och region, med status och ansvarigt organ."""
    queryset: QuerySet[Implementation] = services.visible_implementations(caller(request)).annotate(
        unit_count=Count("units", distinct=True)
    )
    if filters.region:
        queryset = queryset.filter(region__code=filters.region)
    if filters.kunskapsstod:
        queryset = queryset.filter(kunskapsstod__code=filters.kunskapsstod)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return _LazyItems(queryset)


class _LazyItems:
    """A queryset that the paginator slices first and only then turns into dicts."""

    def __init__(self, queryset: QuerySet[Implementation]) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_list_item(i) for i in self.queryset[index]]


@router.get(
    "/implementations/{int:implementation_id}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: ImplementationDetail, **READ_ERRORS},
    summary="Ett införande med enheter, tidslinje och handlingsplan",
)
def get_implementation(request: HttpRequest, implementation_id: s.PathId) -> dict[str, Any]:
    return _detail(_get(request, implementation_id))


class ImplementationPatch(Schema):
    """The fields to change; a field left out is left as it is."""

    status: str | None = s.choice(Implementation.Status, None)
    date: dt.date | None = Field(
        default=None, description="Dagen då statusen ändrades; tomt betyder i dag."
    )
    text: str = Field(default="", description="Kommentar till statusändringen på tidslinjen.")
    note: str | None = None


@router.patch(
    "/implementations/{int:implementation_id}",
    auth=WRITE,
    response={200: ImplementationDetail, **WRITE_ERRORS},
    summary="Ändra status eller anteckning för ett införande",
)
def update_implementation(
    request: HttpRequest, implementation_id: s.PathId, payload: ImplementationPatch
) -> dict[str, Any]:
    """En ny status läggs på tidslinjen med datum och kommentar; samordnaren i det ansvariga
    organet (eller en systemförvaltare) ändrar."""
    implementation = _get(request, implementation_id)
    user = acting_user(request)
    with transaction.atomic():
        if payload.status is not None:
            services.change_status(
                implementation,
                payload.status,
                acting_user=user,
                date=payload.date,
                text=payload.text,
            )
        if payload.note is not None:
            services.update_implementation(implementation, acting_user=user, note=payload.note)
    return _detail(_get(request, implementation_id))


def _detail(implementation: Implementation) -> dict[str, Any]:
    units = list(implementation.units.select_related("kommun"))
    events = list(implementation.events.order_by("date", "id"))
    plan = ActionPlan.objects.filter(implementation=implementation).first()
    plan_out = None
    if plan is not None:
        actions = (
            PlanAction.objects.filter(plan=plan)
            .select_related("action")
            .prefetch_related("action__responsible_people")
            .order_by("action__due_date", "pk")
        )
        plan_out = {
            "status": plan.status,
            "approved_on": plan.approved_on,
            "decision_id": plan.approved_decision_id,
            "actions": [
                {
                    "action_id": item.action_id,
                    "text": item.action.text,
                    "status": item.action.status,
                    "due_date": item.action.due_date,
                    "responsible": ", ".join(p.name for p in item.action.responsible_people.all())
                    or item.action.responsible_text,
                    "finding_id": item.finding_id,
                }
                for item in actions
            ],
        }
    return {
        **_list_item(implementation),
        "started_on": implementation.started_on,
        "completed_on": implementation.completed_on,
        "note": implementation.note,
        "units": [_unit_out(u) for u in units],
        "timeline": [
            {"date": e.date, "status": e.status, "text": e.text, "decision_id": e.decision_id}
            for e in events
        ],
        "plan": plan_out,
    }


@router.get(
    "/implementations/{int:implementation_id}/gap-analysis",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: GapAnalysisOut, **READ_ERRORS},
    summary="Gapanalysen: nuläge per rekommendation och enhet",
)
def get_gap_analysis(request: HttpRequest, implementation_id: s.PathId) -> dict[str, Any]:
    """Rader per rekommendation med nuläget i varje deltagande enhet (tomt: ej bedömd), och en
    sammanställning per enhet och för hela regionen."""
    implementation = _get(request, implementation_id)
    units = list(implementation.units.select_related("kommun"))
    recommendations = list(implementation.kunskapsstod.recommendations.order_by("order", "id"))
    assessments = {
        (a.unit_id, a.recommendation_id): a
        for a in GapAssessment.objects.filter(unit__implementation=implementation)
    }
    labels = dict(GapAssessment.State.choices)
    rows = []
    for recommendation in recommendations:
        cells = []
        for unit in units:
            found = assessments.get((unit.pk, recommendation.pk))
            state = found.state if found else ""
            cells.append(
                {
                    "unit_id": unit.pk,
                    "state": state,
                    "state_label": str(labels.get(state, "")),
                    "comment": found.comment if found else "",
                }
            )
        rows.append(
            {
                "recommendation": {
                    "id": recommendation.pk,
                    "number": recommendation.number,
                    "text": recommendation.text,
                },
                "cells": cells,
            }
        )
    keys = [*GapAssessment.State.values, "ej_bedomd"]
    summary = [
        {
            "unit": row.label,
            "counts": dict(zip(keys, row.counts, strict=True)),
            "applicable": row.applicable,
            "share_uppfyllt": row.share,
        }
        for row in services.summarise_gap(
            units, recommendations, assessments, total_label=implementation.region.name
        )
    ]
    return {
        "implementation_id": implementation.pk,
        "units": [_unit_out(u) for u in units],
        "rows": rows,
        "summary": summary,
    }
