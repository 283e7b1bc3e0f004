"""``/api/v1/followup``: questionnaires and their results, state grants and the maturity matrix.

Questionnaires are seen by the samordnare and ordförande of the owning body (and the
systemförvaltare), as on the pages; the results of a round whose questionnaire the caller may
not see are 404. Grants are seen by those who may see the distributing body. Money is given as
strings with two decimals (``"18000000.00"``), never as floating point numbers, and is taken
the same way.

Writes are what the pages write: questionnaires, their questions, rounds and recipients, and
sending, reminding and closing a round (``followup.questionnaires``); allocations of a grant and
spending on them (``followup.funds``). The services check permissions (403) and rules (422).
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, WRITE, acting_user, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.core.models import Kommun, Region, Sjukvardsregion
from kunskapsnav.followup import funds, questionnaires
from kunskapsnav.followup.matrix import maturity_matrix
from kunskapsnav.followup.models import (
    Allocation,
    Grant,
    Question,
    Questionnaire,
    QuestionnaireRound,
    Recipient,
    Spending,
)
from kunskapsnav.followup.questionnaire_results import round_result
from kunskapsnav.followup.questionnaires import visible_questionnaires
from kunskapsnav.registry.models import Body, Organisation, today

router = Router(tags=["uppföljning"])

READ_ERRORS = {code: s.ERRORS[code] for code in (401, 404, 422)}
WRITE_ERRORS = s.ERRORS
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


def _allocation_out(row: funds.AllocationRow) -> dict[str, Any]:
    allocation = row.allocation
    body = allocation.responsible_body
    return {
        "id": allocation.pk,
        "measure": allocation.measure,
        "amount": _money(allocation.amount),
        "spent": _money(row.spent),
        "remaining": _money(row.remaining),
        "period_start": allocation.period_start,
        "period_end": allocation.period_end,
        "responsible_body": None if body is None else {"id": body.pk, "name": body.name},
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
    allocations = [_allocation_out(row) for row in funds.allocation_rows(grant)]
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


# --- Writes: finding what the path names (404 unless the caller may see it) -----------------


def _questionnaire(request: HttpRequest, pk: int) -> Questionnaire:
    questionnaire = visible_questionnaires(caller(request)).filter(pk=pk).first()
    if questionnaire is None:
        raise Http404
    return questionnaire


def _round(request: HttpRequest, pk: int) -> QuestionnaireRound:
    visible = visible_questionnaires(caller(request)).values("pk")
    round = (
        QuestionnaireRound.objects.select_related("questionnaire__owner_body")
        .filter(pk=pk, questionnaire__in=visible)
        .first()
    )
    if round is None:
        raise Http404
    return round


def _grant(request: HttpRequest, pk: int) -> Grant:
    grant = funds.visible_grants(caller(request)).select_related("responsible_body")
    found = grant.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _allocation(request: HttpRequest, pk: int) -> Allocation:
    """An allocation is seen by those who see its grant, and by those who may report spending
    on it (the leaders of its responsible body)."""
    allocation = (
        Allocation.objects.select_related("grant__responsible_body", "responsible_body")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise Http404
    user = caller(request)
    visible = funds.visible_grants(user).filter(pk=allocation.grant_id).exists()
    if not (visible or user.has_perm("followup.report_spending", allocation)):
        raise Http404
    return allocation


# --- Writes: turning ids and codes in a payload into objects (422 when unknown) ----------------


def _refer_to_body(request: HttpRequest, field: str, pk: int | None) -> Body | None:
    if pk is None:
        return None
    body = Body.objects.visible_to(caller(request)).filter(pk=pk).first()
    if body is None:
        raise ValidationError({field: _("Det finns inget organ med id %(id)s.") % {"id": pk}})
    return body


def _refer_to_organisation(field: str, pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ValidationError(
            {field: _("Det finns ingen organisation med id %(id)s.") % {"id": pk}}
        )
    return organisation


#: An amount of money in a payload: kronor as a string, at most two decimals.
Money = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]{1,14}(\.[0-9]{1,2})?$",
        description='Kronor som text, med punkt och högst två decimaler: "250000.00".',
        examples=["250000.00"],
    ),
]


# --- Writes: questionnaires -------------------------------------------------------------------


class QuestionnaireIn(Schema):
    owner_body_id: s.Id = Field(description="Organet som äger enkäten; du är dess samordnare.")
    title: str
    description: str = ""


class QuestionIn(Schema):
    text: str
    kind: str = s.choice(Question.Kind)
    required: bool = False
    choices: list[str] = Field(
        default_factory=list, description="Svarsalternativen, för frågor med ett eller flera val."
    )
    help_text: str = ""
    scale_low_label: str = Field(default="", description="Etikett för 1, för skalfrågor.")
    scale_high_label: str = Field(default="", description="Etikett för 5, för skalfrågor.")
    self_assessment: bool = Field(
        default=False, description="En skalfråga vars svar visas i mognadsmatrisen."
    )


class QuestionOut(Schema):
    id: int
    questionnaire_id: int
    order: int
    text: str
    kind: str = s.choice(Question.Kind)
    required: bool
    choices: list[str]
    help_text: str
    scale_low_label: str
    scale_high_label: str
    self_assessment: bool


class RoundIn(Schema):
    deadline: dt.date = Field(description="Sista svarsdag.")
    title: str = ""
    opens_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


class RecipientIn(Schema):
    name: str
    email: str = Field(default="", description="Tomt: ingen svarslänk per e-post.")
    region: str | None = Field(
        default=None, description='Regionens kod, om mottagaren svarar för en region: "20".'
    )
    kommun: str | None = Field(
        default=None, description='Kommunens kod, om mottagaren svarar för en kommun: "2080".'
    )


class RecipientsIn(Schema):
    recipients: list[RecipientIn] = Field(default_factory=list)
    body_ids: list[s.Id] = Field(
        default_factory=list,
        description="Organ vars nuvarande ledamöter med namn får enkäten och svarar för organet.",
    )


class RecipientOut(Schema):
    id: int
    name: str
    email: str
    region: CodeRef | None
    kommun: CodeRef | None
    body: Ref | None
    invited_at: dt.datetime | None = Field(description="När svarslänken skickades, om den har det.")


class RecipientsOut(Schema):
    added: list[RecipientOut]
    skipped: list[str] = Field(description="Namnen på dem som redan var mottagare.")


class RoundSentOut(QuestionnaireRoundOut):
    emails: int = Field(description="Antal e-postmeddelanden med svarslänkar som skickades.")


def _question_out(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "questionnaire_id": question.questionnaire_id,
        "order": question.order,
        "text": question.text,
        "kind": question.kind,
        "required": question.required,
        "choices": list(question.choices),
        "help_text": question.help_text,
        "scale_low_label": question.scale_low_label,
        "scale_high_label": question.scale_high_label,
        "self_assessment": question.self_assessment,
    }


def _recipient_out(recipient: Recipient) -> dict[str, Any]:
    region, kommun, body = recipient.region, recipient.kommun, recipient.body
    return {
        "id": recipient.pk,
        "name": recipient.name,
        "email": recipient.email,
        "region": None if region is None else {"code": region.code, "name": region.name},
        "kommun": None if kommun is None else {"code": kommun.code, "name": kommun.name},
        "body": None if body is None else {"id": body.pk, "name": body.name},
        "invited_at": recipient.invited_at,
    }


def _round_now(round: QuestionnaireRound) -> dict[str, Any]:
    progress = questionnaires.round_progress(round)
    return _round_out(round, progress["total"], progress["submitted"])


def _new_recipients(
    request: HttpRequest, payload: RecipientsIn
) -> list[questionnaires.NewRecipient]:
    """The payload's recipients, checked before anything is written (422 on the first fault)."""
    bodies = [_refer_to_body(request, "body_ids", pk) for pk in payload.body_ids]
    new = questionnaires.recipients_from_bodies(body for body in bodies if body is not None)
    for number, item in enumerate(payload.recipients, start=1):
        email = item.email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("Rad %(n)s: ”%(email)s” är ingen e-postadress.")
                    % {"n": number, "email": email}
                ) from None
        region = kommun = None
        if item.region:
            region = Region.objects.filter(code=item.region).first()
            if region is None:
                raise ValidationError(
                    _("Det finns ingen region med koden %(code)s.") % {"code": item.region}
                )
        if item.kommun:
            kommun = Kommun.objects.filter(code=item.kommun).first()
            if kommun is None:
                raise ValidationError(
                    _("Det finns ingen kommun med koden %(code)s.") % {"code": item.kommun}
                )
        new.append(
            questionnaires.NewRecipient(name=item.name, email=email, region=region, kommun=kommun)
        )
    if not new:
        raise ValidationError(_("Välj organ eller skriv minst en mottagare."))
    return new


@router.post(
    "/followup/questionnaires",
    auth=WRITE,
    response={201: QuestionnaireOut, **WRITE_ERRORS},
    summary="Skapa en enkät",
)
def create_questionnaire(request: HttpRequest, payload: QuestionnaireIn) -> Status[dict[str, Any]]:
    """Enkäten ägs av ett organ där du är samordnare; frågor och omgångar läggs till sedan."""
    owner_body = _refer_to_body(request, "owner_body_id", payload.owner_body_id)
    assert owner_body is not None
    questionnaire = questionnaires.create_questionnaire(
        owner_body=owner_body,
        title=payload.title,
        description=payload.description,
        acting_user=acting_user(request),
    )
    return Status(201, _questionnaire_out(questionnaire))


@router.post(
    "/followup/questionnaires/{int:questionnaire_id}/questions",
    auth=WRITE,
    response={201: QuestionOut, **WRITE_ERRORS},
    summary="Lägg till en fråga i en enkät",
)
def add_question(
    request: HttpRequest, questionnaire_id: s.PathId, payload: QuestionIn
) -> Status[dict[str, Any]]:
    """Frågan läggs sist. Frågor med val behöver minst två svarsalternativ; bara en skalfråga kan
    vara självskattning i mognadsmatrisen."""
    questionnaire = _questionnaire(request, questionnaire_id)
    question = questionnaires.add_question(
        questionnaire, acting_user=acting_user(request), **payload.model_dump()
    )
    return Status(201, _question_out(question))


@router.post(
    "/followup/questionnaires/{int:questionnaire_id}/rounds",
    auth=WRITE,
    response={201: QuestionnaireRoundOut, **WRITE_ERRORS},
    summary="Skapa en omgång av en enkät",
)
def create_round(
    request: HttpRequest, questionnaire_id: s.PathId, payload: RoundIn
) -> Status[dict[str, Any]]:
    """Omgången blir ett utkast, numrerad efter den senaste; lägg till mottagare och skicka den."""
    questionnaire = _questionnaire(request, questionnaire_id)
    round = questionnaires.create_round(
        questionnaire,
        deadline=payload.deadline,
        title=payload.title,
        opens_on=payload.opens_on,
        acting_user=acting_user(request),
    )
    return Status(201, _round_out(round, 0, 0))


@router.post(
    "/followup/rounds/{int:round_id}/recipients",
    auth=WRITE,
    response={201: RecipientsOut, **WRITE_ERRORS},
    summary="Lägg till mottagare i en omgång",
)
def add_recipients(
    request: HttpRequest, round_id: s.PathId, payload: RecipientsIn
) -> Status[dict[str, Any]]:
    """Enskilda mottagare och organs nuvarande ledamöter. Den som redan är mottagare hoppas
    över; är omgången redan skickad får de nya sin svarslänk med en gång."""
    round = _round(request, round_id)
    new = _new_recipients(request, payload)
    added, skipped = questionnaires.add_recipients(round, new, acting_user=acting_user(request))
    return Status(201, {"added": [_recipient_out(r) for r in added], "skipped": skipped})


@router.post(
    "/followup/rounds/{int:round_id}/send",
    auth=WRITE,
    response={200: RoundSentOut, **WRITE_ERRORS},
    summary="Skicka en omgång",
)
def send_round(request: HttpRequest, round_id: s.PathId) -> dict[str, Any]:
    """Omgången öppnas och varje mottagare får sin personliga svarslänk per e-post."""
    round = _round(request, round_id)
    emails = questionnaires.send_round(round, acting_user=acting_user(request))
    return {**_round_now(round), "emails": emails}


@router.post(
    "/followup/rounds/{int:round_id}/remind",
    auth=WRITE,
    response={200: RoundSentOut, **WRITE_ERRORS},
    summary="Påminn dem som inte har svarat",
)
def remind_round(request: HttpRequest, round_id: s.PathId) -> dict[str, Any]:
    """En påminnelse per dag och mottagare som inte har skickat in sitt svar."""
    round = _round(request, round_id)
    emails = questionnaires.remind_round(round, acting_user=acting_user(request))
    return {**_round_now(round), "emails": emails}


@router.post(
    "/followup/rounds/{int:round_id}/close",
    auth=WRITE,
    response={200: QuestionnaireRoundOut, **WRITE_ERRORS},
    summary="Stäng en omgång",
)
def close_round(request: HttpRequest, round_id: s.PathId) -> dict[str, Any]:
    """Inga fler svar tas emot."""
    round = _round(request, round_id)
    questionnaires.close_round(round, acting_user=acting_user(request))
    return _round_now(round)


# --- Writes: grants ---------------------------------------------------------------------------


class AllocationIn(Schema):
    measure: str = Field(description="Insatsen.")
    amount: Money
    description: str = ""
    responsible_body_id: s.Id | None = None
    responsible_organisation_id: s.Id | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    note: str = ""


class SpendingIn(Schema):
    amount: Money
    spent_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")
    description: str = ""


class SpendingOut(Schema):
    id: int
    amount: str
    spent_on: dt.date
    description: str
    reported_at: dt.datetime
    allocation: AllocationOut = Field(description="Fördelningen efter rapporten.")


def _allocation_now(allocation: Allocation) -> dict[str, Any]:
    return _allocation_out(funds.AllocationRow(allocation, funds.spent_on_allocation(allocation)))


@router.post(
    "/followup/grants/{int:grant_id}/allocations",
    auth=WRITE,
    response={201: AllocationOut, **WRITE_ERRORS},
    summary="Fördela en del av ett statsbidrag till en insats",
)
def add_allocation(
    request: HttpRequest, grant_id: s.PathId, payload: AllocationIn
) -> Status[dict[str, Any]]:
    """Bidragets samordnare fördelar; mer än bidraget rymmer nekas."""
    grant = _grant(request, grant_id)
    fields = payload.model_dump(exclude={"responsible_body_id", "responsible_organisation_id"})
    fields["amount"] = Decimal(payload.amount)
    allocation = funds.add_allocation(
        grant,
        acting_user=acting_user(request),
        responsible_body=_refer_to_body(
            request, "responsible_body_id", payload.responsible_body_id
        ),
        responsible_organisation=_refer_to_organisation(
            "responsible_organisation_id", payload.responsible_organisation_id
        ),
        **fields,
    )
    return Status(201, _allocation_now(allocation))


@router.post(
    "/followup/allocations/{int:allocation_id}/spending",
    auth=WRITE,
    response={201: SpendingOut, **WRITE_ERRORS},
    summary="Rapportera upparbetade medel på en fördelning",
)
def report_spending(
    request: HttpRequest, allocation_id: s.PathId, payload: SpendingIn
) -> Status[dict[str, Any]]:
    """Bidragets samordnare eller den ansvariga gruppens samordnare och ordförande rapporterar;
    mer än fördelningen rymmer nekas (öka fördelningen först)."""
    allocation = _allocation(request, allocation_id)
    spending: Spending = funds.report_spending(
        allocation,
        acting_user=acting_user(request),
        amount=Decimal(payload.amount),
        spent_on=payload.spent_on,
        description=payload.description,
    )
    return Status(
        201,
        {
            "id": spending.pk,
            "amount": _money(spending.amount),
            "spent_on": spending.spent_on,
            "description": spending.description,
            "reported_at": spending.reported_at,
            "allocation": _allocation_now(allocation),
        },
    )
