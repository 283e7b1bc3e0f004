"""``/api/v1``: the registry's bodies, seats, people, nominations and commissions.

Handlers stay thin: they find the object (404 when it does not exist *or* the caller may not
see it, so that a non-public body's existence does not leak), turn ids and codes in the payload into
objects, and call ``registry.queries`` to read and ``registry.services`` to write. The services
check permissions (``PermissionDenied`` → 403) and business rules (``ValidationError`` → 422).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, WRITE, acting_user, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.core.models import ProgrammeArea, ReferenceModel, Region, Sjukvardsregion
from kunskapsnav.registry import queries, services
from kunskapsnav.registry.models import (
    Body,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)

router = Router(tags=["registret"])

READ_ERRORS = {code: s.ERRORS[code] for code in (401, 404, 422)}
WRITE_ERRORS = s.ERRORS


# --- Finding what the path names (404 unless the caller may see it) ---------------------------


def _body(request: HttpRequest, pk: int) -> Body:
    return get_object_or_404(Body.objects.visible_to(caller(request)), pk=pk)


def _seat(request: HttpRequest, pk: int) -> Seat:
    seat = get_object_or_404(Seat.objects.select_related("body", "body__parent"), pk=pk)
    if not s.may_see(caller(request), seat.body):
        raise Http404
    return seat


def _membership(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("body", "person", "representing"), pk=pk
    )
    if not s.may_see(caller(request), membership.body):
        raise Http404
    return membership


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    """A nomination is seen by those who see its seat's body, and by those who may act on it
    (the nominating and deciding bodies' samordnare)."""
    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "seat",
            "seat__body",
            "seat__body__parent",
            "nominating_body",
            "deciding_body",
            "candidate",
        ),
        pk=pk,
    )
    user = caller(request)
    if not (
        s.may_see(user, nomination.seat.body)
        or user.has_perm("registry.nominate", nomination)
        or user.has_perm("registry.decide_nomination", nomination)
    ):
        raise Http404
    return nomination


def _commission_version(request: HttpRequest, pk: int) -> CommissionVersion:
    version = get_object_or_404(
        CommissionVersion.objects.select_related("commission", "commission__body", "approved_by"),
        pk=pk,
    )
    if not s.may_see(caller(request), version.commission.body):
        raise Http404
    return version


# --- Turning ids and codes in a payload into objects (422 when unknown) ----------------------


def _refer_to_body(request: HttpRequest, field: str, pk: int | None) -> Body | None:
    if pk is None:
        return None
    body = Body.objects.visible_to(caller(request)).filter(pk=pk).first()
    if body is None:
        raise ValidationError({field: _("Det finns inget organ med id %(id)s.") % {"id": pk}})
    return body


def _refer_to_person(field: str, pk: int) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("Det finns ingen person med id %(id)s.") % {"id": pk}})
    return person


def _refer_to_organisation(field: str, pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ValidationError(
            {field: _("Det finns ingen organisation med id %(id)s.") % {"id": pk}}
        )
    return organisation


def _refer_to_organisations(field: str, pks: list[int]) -> list[Organisation]:
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=pks)}
    for pk in pks:
        if pk not in found:
            raise ValidationError(
                {field: _("Det finns ingen organisation med id %(id)s.") % {"id": pk}}
            )
    return [found[pk] for pk in pks]


#: Reference data named by code in a body's payload, and what to say when a code is unknown.
_BY_CODE: dict[str, tuple[type[ReferenceModel], StrOrPromise]] = {
    "programme_area": (
        ProgrammeArea,
        gettext_lazy("Det finns inget programområde med koden %(code)s."),
    ),
    "region": (Region, gettext_lazy("Det finns ingen region med koden %(code)s.")),
    "sjukvardsregion": (
        Sjukvardsregion,
        gettext_lazy("Det finns ingen sjukvårdsregion med koden %(code)s."),
    ),
}


def _body_fields(request: HttpRequest, given: dict[str, Any]) -> dict[str, Any]:
    """A body's payload as model fields: codes and ids become objects, ``None`` clears.

    Clearing a text makes it empty; a field that cannot be empty (``is_public``, or a choice
    such as ``kind``) cannot be cleared (422).
    """
    fields = dict(given)
    fields.pop("owner_ids", None)
    for name, value in given.items():
        if value is not None or name in _BY_CODE or name in ("owner_ids", "parent_id"):
            continue
        model_field = Body._meta.get_field(name)
        if not isinstance(model_field, models.Field) or model_field.null:
            continue
        if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
            fields[name] = ""
        else:
            raise ValidationError({name: _("Fältet kan inte tömmas.")})
    for field, (model, unknown) in _BY_CODE.items():
        code = fields.get(field)
        if code is not None:
            obj = model._default_manager.filter(code=code).first()
            if obj is None:
                raise ValidationError({field: str(unknown) % {"code": code}})
            fields[field] = obj
    if "parent_id" in fields:
        fields["parent"] = _refer_to_body(request, "parent_id", fields.pop("parent_id"))
    return fields


# --- Reads ----------------------------------------------------------------------------------


#: Reads work with a token, a session, or anonymously.
READ_SECURITY: dict[str, Any] = {"security": [{"ApiToken": []}, {"Session": []}, {}]}


@router.get(
    "/bodies",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[s.BodyListItem], **READ_ERRORS},
    summary="Organ som du får se",
)
@paginate(Pagination)
def list_bodies(request: HttpRequest, filters: Query[s.BodyFilterIn]) -> QuerySet[Body]:
    """Organen, filtrerade och sorterade på namn, med antal vakanser.

    Utan inloggning visas bara offentliga organ.
    """
    return queries.body_list(caller(request), filters.as_filter())


@router.get(
    "/bodies/{int:body_id}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: s.BodyDetail, **READ_ERRORS},
    summary="Ett organ med platser, ledamöter och uppdrag",
)
def get_body(request: HttpRequest, body_id: s.PathId) -> s.BodyDetail:
    return _body_detail(request, body_id)


def _body_detail(request: HttpRequest, body_id: int, *, created: bool = False) -> s.BodyDetail:
    """The body's page; its creator is shown it even if they hold no role in it."""
    user = caller(request)
    try:
        body, nominations = queries.body_detail(body_id)
    except Body.DoesNotExist as missing:
        raise Http404 from missing
    if not (created or s.may_see(user, body)):
        raise Http404
    return s.body_detail_out(body, nominations, user)


@router.get(
    "/people/{int:person_id}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: s.PersonDetail, **READ_ERRORS},
    summary="En person med uppdrag",
)
def get_person(request: HttpRequest, person_id: s.PathId) -> s.PersonDetail:
    """Uppdrag i organ som du inte får se visas inte; e-post och telefon bara för inloggade."""
    user = caller(request)
    try:
        person = queries.person_detail(person_id)
    except Person.DoesNotExist as missing:
        raise Http404 from missing
    if not user.has_perm("registry.view_person", person):
        raise Http404
    return s.person_detail_out(person, user)


@router.get(
    "/vacancies",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[s.VacancyOut], **READ_ERRORS},
    summary="Vakanta platser",
)
@paginate(Pagination)
def list_vacancies(
    request: HttpRequest,
    region: Query[str | None] = None,
) -> list[s.VacancyOut]:
    """Varje plats med minst en ledig plats i dag, i organ som du får se (filter: regionens kod)."""
    user = caller(request)
    return [s.vacancy_out(v, user) for v in queries.vacancies(user, region=region or "")]


# --- Writes: bodies -------------------------------------------------------------------------


@router.post(
    "/bodies", auth=WRITE, response={201: s.BodyDetail, **WRITE_ERRORS}, summary="Skapa ett organ"
)
def create_body(request: HttpRequest, payload: s.BodyIn) -> Status[s.BodyDetail]:
    given = payload.model_dump()
    owners = _refer_to_organisations("owner_ids", given["owner_ids"])
    body = services.create_body(
        acting_user=acting_user(request), owners=owners, **_body_fields(request, given)
    )
    return Status(201, _body_detail(request, body.pk, created=True))


@router.patch(
    "/bodies/{int:body_id}",
    auth=WRITE,
    response={200: s.BodyDetail, **WRITE_ERRORS},
    summary="Ändra ett organ",
)
def update_body(request: HttpRequest, body_id: s.PathId, payload: s.BodyPatch) -> s.BodyDetail:
    body = _body(request, body_id)
    given = payload.model_dump(exclude_unset=True)
    owner_ids = given.get("owner_ids")
    owners = _refer_to_organisations("owner_ids", owner_ids) if owner_ids is not None else None
    services.update_body(
        body, acting_user=acting_user(request), owners=owners, **_body_fields(request, given)
    )
    return _body_detail(request, body.pk)


@router.post(
    "/bodies/{int:body_id}/close",
    auth=WRITE,
    response={200: s.BodyDetail, **WRITE_ERRORS},
    summary="Avveckla ett organ",
)
def close_body(
    request: HttpRequest, body_id: s.PathId, payload: s.CloseIn | None = None
) -> s.BodyDetail:
    """Uppdragen avslutas, platserna stängs och öppna nomineringar återkallas."""
    payload = payload or s.CloseIn()
    body = _body(request, body_id)
    services.close_body(body, closed_on=payload.closed_on, acting_user=acting_user(request))
    return _body_detail(request, body.pk)


@router.post(
    "/bodies/{int:body_id}/seats",
    auth=WRITE,
    response={201: s.SeatOut, **WRITE_ERRORS},
    summary="Lägg till en plats",
)
def add_seat(request: HttpRequest, body_id: s.PathId, payload: s.SeatIn) -> Status[s.SeatOut]:
    body = _body(request, body_id)
    fields = payload.model_dump(exclude={"organisation_id", "nominating_body_id"})
    if fields["opened_on"] is None:
        del fields["opened_on"]
    seat = services.add_seat(
        body,
        acting_user=acting_user(request),
        organisation=_refer_to_organisation("organisation_id", payload.organisation_id),
        nominating_body=_refer_to_body(request, "nominating_body_id", payload.nominating_body_id),
        **fields,
    )
    return Status(201, s.seat_out(seat, caller(request)))


@router.post(
    "/bodies/{int:body_id}/commission-versions",
    auth=WRITE,
    response={201: s.CommissionVersionOut, **WRITE_ERRORS},
    summary="Lägg till en version av uppdragsbeskrivningen",
)
def add_commission_version(
    request: HttpRequest, body_id: s.PathId, payload: s.CommissionVersionIn
) -> Status[s.CommissionVersionOut]:
    """Versionen blir ett utkast tills den fastställs."""
    body = _body(request, body_id)
    version = services.add_commission_version(
        body,
        acting_user=acting_user(request),
        text=payload.text,
        kind=payload.kind,
        title=payload.title,
    )
    return Status(201, s.commission_version_out(version, caller(request)))


@router.post(
    "/commission-versions/{int:version_id}/approve",
    auth=WRITE,
    response={200: s.CommissionVersionOut, **WRITE_ERRORS},
    summary="Fastställ en version av uppdragsbeskrivningen",
)
def approve_commission_version(
    request: HttpRequest, version_id: s.PathId, payload: s.ApproveIn | None = None
) -> s.CommissionVersionOut:
    payload = payload or s.ApproveIn()
    version = _commission_version(request, version_id)
    services.approve_commission_version(
        version,
        acting_user=acting_user(request),
        approved_by=_refer_to_body(request, "approved_by_id", payload.approved_by_id),
        approved_on=payload.approved_on,
    )
    return s.commission_version_out(version, caller(request))


# --- Writes: seats and memberships ----------------------------------------------------------


@router.post(
    "/seats/{int:seat_id}/fill",
    auth=WRITE,
    response={201: s.MembershipOut, **WRITE_ERRORS},
    summary="Tillsätt en plats",
)
def fill_seat(
    request: HttpRequest, seat_id: s.PathId, payload: s.FillIn
) -> Status[s.MembershipOut]:
    seat = _seat(request, seat_id)
    membership = services.fill_seat(
        seat,
        _refer_to_person("person_id", payload.person_id),
        acting_user=acting_user(request),
        role=payload.role,
        start_on=payload.start_on,
        end_on=payload.end_on,
        representing=_refer_to_organisation("representing_id", payload.representing_id),
        note=payload.note,
    )
    return Status(201, s.membership_out(membership))


@router.post(
    "/memberships/{int:membership_id}/end",
    auth=WRITE,
    response={200: s.MembershipOut, **WRITE_ERRORS},
    summary="Avsluta ett uppdrag",
)
def end_membership(
    request: HttpRequest, membership_id: s.PathId, payload: s.EndIn | None = None
) -> s.MembershipOut:
    payload = payload or s.EndIn()
    membership = _membership(request, membership_id)
    services.end_membership(membership, end_on=payload.end_on, acting_user=acting_user(request))
    return s.membership_out(membership)


# --- Writes: nominations --------------------------------------------------------------------


@router.post(
    "/seats/{int:seat_id}/nominations",
    auth=WRITE,
    response={201: s.NominationOut, **WRITE_ERRORS},
    summary="Begär en nominering till en plats",
)
def request_nomination(
    request: HttpRequest, seat_id: s.PathId, payload: s.NominationRequestIn | None = None
) -> Status[s.NominationOut]:
    payload = payload or s.NominationRequestIn()
    seat = _seat(request, seat_id)
    nomination = services.request_nomination(
        seat,
        acting_user=acting_user(request),
        nominating_body=_refer_to_body(request, "nominating_body_id", payload.nominating_body_id),
        deciding_body=_refer_to_body(request, "deciding_body_id", payload.deciding_body_id),
        deadline=payload.deadline,
        note=payload.note,
    )
    return Status(201, s.nomination_out(nomination, caller(request)))


@router.post(
    "/nominations/{int:nomination_id}/nominate",
    auth=WRITE,
    response={200: s.NominationOut, **WRITE_ERRORS},
    summary="Nominera en kandidat",
)
def record_nomination(
    request: HttpRequest, nomination_id: s.PathId, payload: s.NominateIn
) -> s.NominationOut:
    """Det nominerande organet namnger sin kandidat."""
    nomination = _nomination(request, nomination_id)
    services.record_nomination(
        nomination,
        _refer_to_person("candidate_id", payload.candidate_id),
        acting_user=acting_user(request),
        nominated_on=payload.nominated_on,
        note=payload.note,
    )
    return s.nomination_out(nomination, caller(request))


@router.post(
    "/nominations/{int:nomination_id}/decide",
    auth=WRITE,
    response={201: s.MembershipOut, **WRITE_ERRORS},
    summary="Besluta om en nominering",
)
def decide_nomination(
    request: HttpRequest, nomination_id: s.PathId, payload: s.DecideIn | None = None
) -> Status[s.MembershipOut]:
    """Kandidaten utses: nomineringen blir ett uppdrag på platsen."""
    payload = payload or s.DecideIn()
    nomination = _nomination(request, nomination_id)
    membership = services.decide_nomination(
        nomination,
        acting_user=acting_user(request),
        decided_on=payload.decided_on,
        start_on=payload.start_on,
        end_on=payload.end_on,
        role=payload.role,
    )
    return Status(201, s.membership_out(membership))


@router.post(
    "/nominations/{int:nomination_id}/withdraw",
    auth=WRITE,
    response={200: s.NominationOut, **WRITE_ERRORS},
    summary="Återkalla en nominering",
)
def withdraw_nomination(
    request: HttpRequest, nomination_id: s.PathId, payload: s.WithdrawIn | None = None
) -> s.NominationOut:
    payload = payload or s.WithdrawIn()
    nomination = _nomination(request, nomination_id)
    services.withdraw_nomination(nomination, acting_user=acting_user(request), note=payload.note)
    return s.nomination_out(nomination, caller(request))


# --- Writes: people -------------------------------------------------------------------------


@router.post(
    "/people",
    auth=WRITE,
    response={201: s.PersonDetail, **WRITE_ERRORS},
    summary="Lägg till en person",
)
def create_person(request: HttpRequest, payload: s.PersonIn) -> Status[s.PersonDetail]:
    person = services.create_person(
        acting_user=acting_user(request),
        organisation=_refer_to_organisation("organisation_id", payload.organisation_id),
        **payload.model_dump(exclude={"organisation_id"}),
    )
    return Status(201, s.person_detail_out(queries.person_detail(person.pk), caller(request)))
