"""``/api/v1/implementations``: införanden of kunskapsstöd per region, their units, timeline,
handlingsplan and gap analysis; their status and note are changed with PATCH.

An införande the caller may not see (its responsible body is not public and they hold no role
in it) is 404, as everywhere in the API. A change goes through ``guidance.implementation``'s
services, which check permissions (403) and rules (422); a new status lands on the timeline.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, WRITE, acting_user, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import (
    ActionPlan,
    Finding,
    GapAssessment,
    Implementation,
    ImplementationUnit,
    Indicator,
    Measurement,
    PlanAction,
    Recommendation,
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
    # Refused even when the payload changes nothing (the services check only what they change).
    if not user.has_perm("guidance.change_implementation", implementation):
        raise PermissionDenied
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


# --- Gap analysis and uppföljning: writes ---------------------------------------------------

#: A measured value in a payload: as text, with a point and at most three decimals.
Value = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]{1,11}(\.[0-9]{1,3})?$",
        description='Värdet som text, med punkt och högst tre decimaler: "72.5".',
        examples=["72.5"],
    ),
]


class AssessmentIn(Schema):
    recommendation_id: s.Id
    unit_id: s.Id
    state: str = Field(
        json_schema_extra={"enum": ["", *GapAssessment.State.values]},
        description="Nuläget; tomt betyder ej bedömd.",
    )
    comment: str | None = Field(default=None, description="Utelämnad: kommentaren lämnas orörd.")


class FindingIn(Schema):
    dimension: str = s.choice(Finding.Dimension)
    text: str
    unit_id: s.Id | None = None
    recommendation_id: s.Id | None = None


class FindingOut(Schema):
    id: int
    implementation_id: int
    dimension: str = s.choice(Finding.Dimension)
    dimension_label: str
    text: str
    unit_id: int | None
    recommendation_id: int | None


class MeasurementIn(Schema):
    indicator_id: s.Id
    period_start: dt.date
    period_end: dt.date
    value: Value
    unit_id: s.Id | None = Field(default=None, description="Tomt: värdet för hela regionen.")


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    region: CodeRef
    unit_id: int | None
    period_start: dt.date
    period_end: dt.date
    value: str


def _refer_to_unit(implementation: Implementation, pk: int | None) -> ImplementationUnit | None:
    if pk is None:
        return None
    unit = implementation.units.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({"unit_id": _("Enheten deltar inte i detta införande.")})
    return unit


def _refer_to_recommendation(
    implementation: Implementation, pk: int | None
) -> Recommendation | None:
    if pk is None:
        return None
    recommendation = Recommendation.objects.filter(
        pk=pk, kunskapsstod_id=implementation.kunskapsstod_id
    ).first()
    if recommendation is None:
        raise ValidationError(
            {"recommendation_id": _("Rekommendationen hör till ett annat kunskapsstöd.")}
        )
    return recommendation


def _refer_to_indicator(implementation: Implementation, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(
        pk=pk, kunskapsstod_id=implementation.kunskapsstod_id
    ).first()
    if indicator is None:
        raise ValidationError({"indicator_id": _("Indikatorn hör till ett annat kunskapsstöd.")})
    return indicator


@router.post(
    "/implementations/{int:implementation_id}/gap-analysis/assessments",
    auth=WRITE,
    response={200: GapRow, **WRITE_ERRORS},
    summary="Sätt nuläget för en rekommendation i en enhet",
)
def set_assessment(
    request: HttpRequest, implementation_id: s.PathId, payload: AssessmentIn
) -> dict[str, Any]:
    """Svaret är gapanalysens rad för rekommendationen, med nuläget i varje enhet."""
    implementation = _get(request, implementation_id)
    unit = _refer_to_unit(implementation, payload.unit_id)
    recommendation = _refer_to_recommendation(implementation, payload.recommendation_id)
    assert unit is not None
    assert recommendation is not None
    services.set_assessment(
        unit,
        recommendation,
        acting_user=acting_user(request),
        state=payload.state,
        comment=payload.comment,
    )
    units = list(implementation.units.all())
    assessments = {
        a.unit_id: a for a in GapAssessment.objects.filter(recommendation=recommendation)
    }
    labels = dict(GapAssessment.State.choices)
    cells = []
    for each in units:
        found = assessments.get(each.pk)
        state = found.state if found else ""
        cells.append(
            {
                "unit_id": each.pk,
                "state": state,
                "state_label": str(labels.get(state, "")),
                "comment": found.comment if found else "",
            }
        )
    return {
        "recommendation": {
            "id": recommendation.pk,
            "number": recommendation.number,
            "text": recommendation.text,
        },
        "cells": cells,
    }


@router.post(
    "/implementations/{int:implementation_id}/findings",
    auth=WRITE,
    response={201: FindingOut, **WRITE_ERRORS},
    summary="Lägg till en iakttagelse i gapanalysen",
)
def add_finding(
    request: HttpRequest, implementation_id: s.PathId, payload: FindingIn
) -> Status[FindingOut]:
    """I en av fyra dimensioner, gärna för en enhet eller en rekommendation."""
    implementation = _get(request, implementation_id)
    finding = services.add_finding(
        implementation,
        acting_user=acting_user(request),
        dimension=payload.dimension,
        text=payload.text,
        unit=_refer_to_unit(implementation, payload.unit_id),
        recommendation=_refer_to_recommendation(implementation, payload.recommendation_id),
    )
    return Status(
        201,
        FindingOut(
            id=finding.pk,
            implementation_id=implementation.pk,
            dimension=finding.dimension,
            dimension_label=str(finding.get_dimension_display()),
            text=finding.text,
            unit_id=finding.unit_id,
            recommendation_id=finding.recommendation_id,
        ),
    )


@router.post(
    "/implementations/{int:implementation_id}/measurements",
    auth=WRITE,
    response={200: MeasurementOut, 201: MeasurementOut, **WRITE_ERRORS},
    summary="Registrera ett mätvärde för en indikator",
)
def record_measurement(
    request: HttpRequest, implementation_id: s.PathId, payload: MeasurementIn
) -> Status[MeasurementOut]:
    """För regionen eller en av införandets enheter. Finns ett värde för perioden ändras det
    (200); annars läggs det till (201)."""
    implementation = _get(request, implementation_id)
    indicator = _refer_to_indicator(implementation, payload.indicator_id)
    unit = _refer_to_unit(implementation, payload.unit_id)
    existed = Measurement.objects.filter(
        indicator=indicator,
        region=implementation.region,
        unit=unit,
        period_start=payload.period_start,
    ).exists()
    measurement = services.record_measurement(
        implementation,
        indicator,
        acting_user=acting_user(request),
        period_start=payload.period_start,
        period_end=payload.period_end,
        value=Decimal(payload.value),
        unit=unit,
    )
    region = implementation.region
    return Status(
        200 if existed else 201,
        MeasurementOut(
            id=measurement.pk,
            indicator_id=indicator.pk,
            region=CodeRef(code=region.code, name=region.name),
            unit_id=measurement.unit_id,
            period_start=measurement.period_start,
            period_end=measurement.period_end,
            value=str(measurement.value),
        ),
    )
