"""``/api/v1/followup``: questionnaires and their results, state grants and the maturity matrix
(read-only).

Questionnaires are seen by the samordnare and ordförande of the owning body (and the
systemförvaltare), as on the pages; the results of a round whose questionnaire the caller may
not see are 404. Grants are seen by those who may see the distributing body. Money is given as
strings with two decimals (``"18000000.00"``), never as floating point numbers.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.core.models import Sjukvardsregion
from kunskapsnav.followup import funds
from kunskapsnav.followup.matrix import maturity_matrix
from kunskapsnav.followup.models import Grant, Question, Questionnaire, QuestionnaireRound
from kunskapsnav.followup.questionnaire_results import round_result
from kunskapsnav.followup.questionnaires import visible_questionnaires
from kunskapsnav.registry.models import today

router = Router(tags=["uppföljning"])

READ_ERRORS = {code: s.ERRORS[code] for code in (401, 404, 422)}
READ_SECURITY: dict[str, Any] = {"security": [{"ApiToken": []}, {"Session": []}, {}]}
#: The matrix reaches no further back than the page lets it.
EARLIEST = dt.date(2000, 1, 1)


#: One schema per name in the OpenAPI document: these are the shared ones.
Ref = s.Ref
CodeRef = s.CodeRef


# --- Questionnaires ---------------------------------------------------------------------------


class QuestionnaireRoundOut(Schema):
    id: int
    number: int
    label: str
    status: str
    opens_on: dt.date
    deadline: dt.date
    recipients: int
    submitted: int


class QuestionnaireOut(Schema):
    id: int
    title: str
    owner_body: Ref
    rounds: list[QuestionnaireRoundOut]


class CountOut(Schema):
    label: str
    count: int
    share: float = Field(description="Andel av dem som besvarat frågan, i procent.")


class QuestionResultOut(Schema):
    id: int
    text: str
    kind: str
    answered: int
    counts: list[CountOut]
    mean: float | None
    median: float | None


class RoundResultOut(Schema):
    round: QuestionnaireRoundOut
    questionnaire: Ref
    questions: list[QuestionResultOut]


def _round_out(round: QuestionnaireRound, recipients: int, submitted: int) -> dict[str, Any]:
    return {
        "id": round.pk,
        "number": round.number,
        "label": round.label,
        "status": round.status,
        "opens_on": round.opens_on,
        "deadline": round.deadline,
        "recipients": recipients,
        "submitted": submitted,
    }


@router.get(
    "/followup/questionnaires",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[QuestionnaireOut], **READ_ERRORS},
    summary="Enkäter som du får se",
)
@paginate(Pagination)
def list_questionnaires(request: HttpRequest) -> Any:
    """Enkäterna i de organ där du är samordnare eller ordförande, nyast först, med omgångarna
    och hur många mottagare som har skickat in sina svar."""
    rounds = QuestionnaireRound.objects.annotate(
        total=Count("recipients"),
        submitted_count=Count("recipients", filter=Q(recipients__submitted_at__isnull=False)),
    ).order_by("number")
    queryset = visible_questionnaires(caller(request)).prefetch_related(
        Prefetch("rounds", queryset=rounds)
    )
    return _Lazy(queryset, _questionnaire_out)


def _questionnaire_out(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "id": questionnaire.pk,
        "title": questionnaire.title,
        "owner_body": {"id": questionnaire.owner_body.pk, "name": questionnaire.owner_body.name},
        "rounds": [
            _round_out(r, getattr(r, "total", 0), getattr(r, "submitted_count", 0))
            for r in questionnaire.rounds.all()
        ],
    }


@router.get(
    "/followup/rounds/{int:round_id}/results",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: RoundResultOut, **READ_ERRORS},
    summary="Resultatet av en enkätomgång, fråga för fråga",
)
def get_round_results(request: HttpRequest, round_id: s.PathId) -> dict[str, Any]:
    """Bara inskickade svar räknas. För val- och skalfrågor antal och andel per alternativ, för
    skal- och talfrågor medelvärde och median; fritext och datum redovisas bara som antal svar."""
    visible = visible_questionnaires(caller(request)).values("pk")
    round = (
        QuestionnaireRound.objects.select_related("questionnaire")
        .filter(pk=round_id, questionnaire__in=visible)
        .first()
    )
    if round is None:
        raise Http404
    result = round_result(round)
    questions = []
    for summary in result.summaries:
        question: Question = summary.question
        questions.append(
            {
                "id": question.pk,
                "text": question.text,
                "kind": question.kind,
                "answered": summary.answered,
                "counts": [
                    {"label": label, "count": count, "share": share}
                    for label, count, share in summary.counts
                ],
                "mean": summary.mean,
                "median": summary.median,
            }
        )
    return {
        "round": _round_out(round, result.total, result.submitted),
        "questionnaire": {"id": round.questionnaire.pk, "name": round.questionnaire.title},
        "questions": questions,
    }


# --- Grants -----------------------------------------------------------------------------------


class DeadlineOut(Schema):
    kind: str = Field(description="rekvirering eller redovisning.")
    date: dt.date
    done_on: dt.date | None
    status: str = Field(description="done, overdue, soon eller later.")


class GrantOut(Schema):
    id: int
    name: str
    year: int
    amount: str
    amount_is_approximate: bool
    allocated: str
    unallocated: str
    spent: str
    unspent: str
    repaid: str
    to_repay: str | None = Field(
        description="Att återbetala; tomt så länge bidragets period pågår."
    )
    period_start: dt.date
    period_end: dt.date
    requisition_deadline: dt.date | None
    requisitioned_on: dt.date | None
    reporting_deadline: dt.date | None
    reported_on: dt.date | None
    deadlines: list[DeadlineOut]
    region: CodeRef
    responsible_body: Ref
    url: str


class AllocationOut(Schema):
    id: int
    measure: str
    amount: str
    spent: str
    remaining: str
    period_start: dt.date | None
    period_end: dt.date | None
    responsible_body: Ref | None


class GrantDetail(GrantOut):
    conditions: str
    allocations: list[AllocationOut]


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _grant_out(row: funds.GrantRow) -> dict[str, Any]:
    grant, f = row.grant, row.figures
    return {
        "id": grant.pk,
        "name": grant.name,
        "year": grant.year,
        "amount": _money(f.amount),
        "amount_is_approximate": grant.amount_is_approximate,
        "allocated": _money(f.allocated),
        "unallocated": _money(f.unallocated),
        "spent": _money(f.spent),
        "unspent": _money(f.unspent),
        "repaid": _money(f.repaid),
        "to_repay": None if f.to_repay is None else _money(f.to_repay),
        "period_start": grant.period_start,
        "period_end": grant.period_end,
        "requisition_deadline": grant.requisition_deadline,
        "requisitioned_on": grant.requisitioned_on,
        "reporting_deadline": grant.reporting_deadline,
        "reported_on": grant.reported_on,
        "deadlines": [
            {"kind": d.kind, "date": d.date, "done_on": d.done_on, "status": d.status}
            for d in row.deadlines
        ],
        "region": {"code": grant.recipient_region.code, "name": grant.recipient_region.name},
        "responsible_body": {"id": grant.responsible_body.pk, "name": grant.responsible_body.name},
        "url": grant.get_absolute_url(),
    }


@router.get(
    "/followup/grants",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[GrantOut], **READ_ERRORS},
    summary="Statsbidrag som du får se",
)
@paginate(Pagination)
def list_grants(request: HttpRequest) -> Any:
    """Statsbidragen, nyast år först, med belopp, fördelat, upparbetat, ej förbrukat och det som
    ska återbetalas när perioden är slut, samt tidsgränserna för rekvirering och redovisning."""
    queryset = funds.for_list(funds.visible_grants(caller(request)))
    return _Lazy(queryset, lambda grant: _grant_out(funds.grant_rows([grant])[0]))


@router.get(
    "/followup/grants/{int:grant_id}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: GrantDetail, **READ_ERRORS},
    summary="Ett statsbidrag med sina fördelningar",
)
def get_grant(request: HttpRequest, grant_id: s.PathId) -> dict[str, Any]:
    grant: Grant | None = (
        funds.for_list(funds.visible_grants(caller(request))).filter(pk=grant_id).first()
    )
    if grant is None:
        raise Http404
    allocations = [
        {
            "id": row.allocation.pk,
            "measure": row.allocation.measure,
            "amount": _money(row.allocation.amount),
            "spent": _money(row.spent),
            "remaining": _money(row.remaining),
            "period_start": row.allocation.period_start,
            "period_end": row.allocation.period_end,
            "responsible_body": (
                None
                if row.allocation.responsible_body is None
                else {
                    "id": row.allocation.responsible_body.pk,
                    "name": row.allocation.responsible_body.name,
                }
            ),
        }
        for row in funds.allocation_rows(grant)
    ]
    return {
        **_grant_out(funds.grant_rows([grant])[0]),
        "conditions": grant.conditions,
        "allocations": allocations,
    }


# --- Maturity matrix --------------------------------------------------------------------------


class MatrixFilterIn(Schema):
    sjukvardsregion: str | None = Field(
        None, description='Sjukvårdsregionens kod, t.ex. "mellansverige"; tomt för hela landet.'
    )
    datum: str | None = Field(
        None, description="Läget den dagen (ÅÅÅÅ-MM-DD, inte i framtiden); tomt för i dag."
    )


class MatrixCellOut(Schema):
    programme_area: CodeRef
    region: CodeRef
    level: str
    level_label: str
    body: Ref | None
    staffing: float | None = Field(
        description="Tillsatta platser delat med platserna (0–1); tomt utan platser."
    )
    has_commission: bool = Field(description="Uppdragsbeskrivningen är fastställd.")
    lag_count: int
    implementation_count: int
    self_assessment: float | None = Field(
        None,
        description="Regionens självskattning (1–5) i den senaste enkätomgången, om någon.",
    )


class MatrixOut(Schema):
    datum: dt.date
    sjukvardsregion: CodeRef | None
    cells: list[MatrixCellOut]


def _matrix_date(raw: str | None) -> dt.date | None:
    """The date asked for, ``None`` for today; ``ValidationError`` (422) when it is not one."""
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or len(raw) != len("2024-03-01"):
        raise ValidationError({"datum": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-01.")})
    if day > today():
        raise ValidationError(
            {"datum": _("Lämna tomt för läget i dag. Datumet kan inte ligga i framtiden.")}
        )
    if day < EARLIEST:
        raise ValidationError({"datum": _("Ange ett datum från år 2000 och framåt.")})
    return None if day == today() else day


@router.get(
    "/followup/matrix",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: MatrixOut, **READ_ERRORS},
    summary="Mognadsmatrisen: programområden × regioner",
)
def get_matrix(request: HttpRequest, filters: Query[MatrixFilterIn]) -> dict[str, Any]:
    """En cell per programområde och region med det lokala programområdets mognadsnivå,
    bemanning, uppdragsbeskrivning, antal LAG och antal införanden, i dag eller ett tidigare
    datum. Organ som du inte får se visas inte."""
    selected = None
    if filters.sjukvardsregion:
        selected = Sjukvardsregion.objects.filter(code=filters.sjukvardsregion).first()
        if selected is None:
            raise ValidationError(
                {
                    "sjukvardsregion": _("Det finns ingen sjukvårdsregion med koden %(code)s.")
                    % {"code": filters.sjukvardsregion}
                }
            )
    on = _matrix_date(filters.datum)
    matrix = maturity_matrix(caller(request), selected.code if selected else None, on=on)
    cells = [
        {
            "programme_area": {"code": cell.area.code, "name": cell.area.name},
            "region": {"code": cell.region.code, "name": cell.region.name},
            "level": cell.level,
            "level_label": cell.level_label,
            "body": None if cell.body is None else {"id": cell.body.pk, "name": cell.body.name},
            "staffing": cell.staffing,
            "has_commission": cell.has_commission,
            "lag_count": cell.lag_count,
            "implementation_count": cell.implementation_total,
            "self_assessment": cell.self_assessment.value if cell.self_assessment else None,
        }
        for row in matrix.rows
        for cell in row.cells
    ]
    return {
        "datum": on or today(),
        "sjukvardsregion": (
            None if selected is None else {"code": selected.code, "name": selected.name}
        ),
        "cells": cells,
    }


class _Lazy:
    """A queryset that the paginator slices first and only then turns into dicts."""

    def __init__(self, queryset: QuerySet[Any], convert: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset = queryset
        self.convert = convert

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [self.convert(row) for row in self.queryset[index]]
