"""What the API takes and gives, as typed schemas.

Outputs that depend on who asks (another body is named only if the caller may see it; e-mail
and telephone only for a logged-in caller) are built by the ``*_out`` functions below from the
objects the registry queries return (the paginated body list by a resolver that asks the same
``body_ref``), so each rule is stated once and never bypassed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from ninja import Field, Path, Schema
from pydantic import ValidationInfo, WithJsonSchema, field_validator

from kunskapsnav.accounts.models import User
from kunskapsnav.api.auth import caller
from kunskapsnav.core.models import ProgrammeArea, Region, Sjukvardsregion
from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)
from kunskapsnav.registry.queries import BodyFilter, Vacancy

Viewer = User | AnonymousUser

#: The largest id any table can hold (a 64-bit integer).
MAX_ID = 2**63 - 1
#: An id in a payload or a filter: positive and within the database's integers (else 422).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: An id in the path, bounded the same way.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
#: A time of day in Swedish local time, without an offset: ``"09:00:00"``. (JSON Schema's
#: ``time`` format would demand an offset, which these times do not have.)
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "format": "partial-time",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
            "description": "Klockslag i svensk tid, utan tidszon: 09:00 eller 09:00:00.",
        }
    ),
]


def choice(choices: type[models.TextChoices], default: Any = ...) -> Any:
    """A field holding one of ``choices``' values, listed in the OpenAPI schema.

    The value is checked by the model (with a Swedish message), not by the schema, so that a
    wrong value reads the same whichever door it came in by.
    """
    return Field(default, json_schema_extra={"enum": list(choices.values)})


def may_see(viewer: Viewer, body: Body | None) -> bool:
    return body is not None and viewer.has_perm("registry.view_body", body)


# --- Errors ---------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class ValidationIssue(Schema):
    """A malformed request (wrong type, missing field), as reported by the schema."""

    type: str
    loc: list[str | int]
    msg: str


class ValidationMessages(Schema):
    """Broken business rules as sentences, or a malformed request's issues."""

    detail: list[str | ValidationIssue]


ERRORS: dict[int, type[Schema]] = {
    400: Message,
    401: Message,
    403: Message,
    404: Message,
    422: ValidationMessages,
}


# --- References -----------------------------------------------------------------------------


class CodeRef(Schema):
    code: str
    name: str


class Ref(Schema):
    """Something named by id (a body, a questionnaire) where its name is all that is shown."""

    id: int
    name: str


class OrganisationRef(Schema):
    id: int
    name: str
    short_name: str
    kind: str = choice(Organisation.Kind)


class BodyRef(Schema):
    id: int
    name: str
    short_name: str
    kind: str = choice(Body.Kind)
    level: str = choice(Body.Level)
    status: str = choice(Body.Status)


class PersonRef(Schema):
    id: int
    name: str
    title: str


def code_ref(obj: Region | ProgrammeArea | Sjukvardsregion | None) -> CodeRef | None:
    return CodeRef(code=obj.code, name=obj.name) if obj is not None else None


def organisation_ref(organisation: Organisation | None) -> OrganisationRef | None:
    if organisation is None:
        return None
    return OrganisationRef(
        id=organisation.pk,
        name=organisation.name,
        short_name=organisation.short_name,
        kind=organisation.kind,
    )


def known_body_ref(body: Body) -> BodyRef:
    """``body``, where the caller is known to see it or to act on it."""
    return BodyRef(
        id=body.pk,
        name=body.name,
        short_name=body.short_name,
        kind=body.kind,
        level=body.level,
        status=body.status,
    )


def body_ref(body: Body | None, viewer: Viewer) -> BodyRef | None:
    """``body`` if the viewer may see it; a body they may not see is not even named."""
    if body is None or not may_see(viewer, body):
        return None
    return known_body_ref(body)


def person_ref(person: Person) -> PersonRef:
    return PersonRef(id=person.pk, name=person.name, title=person.title)


# --- Bodies ---------------------------------------------------------------------------------


class BodyListItem(Schema):
    """A body in the list; read from ``queries.body_list`` (with its ``vacancy_count``)."""

    id: int
    name: str
    short_name: str
    kind: str = choice(Body.Kind)
    level: str = choice(Body.Level)
    status: str = choice(Body.Status)
    is_public: bool
    region: CodeRef | None
    programme_area: CodeRef | None
    parent: BodyRef | None = Field(description="Överordnat organ, om du får se det.")
    vacancy_count: int

    @staticmethod
    def resolve_region(obj: Body) -> CodeRef | None:
        return code_ref(obj.region)

    @staticmethod
    def resolve_programme_area(obj: Body) -> CodeRef | None:
        return code_ref(obj.programme_area)

    @staticmethod
    def resolve_parent(obj: Body, context: dict[str, Any]) -> BodyRef | None:
        return body_ref(obj.parent, caller(context["request"]))


class BodyFilterIn(Schema):
    """The filters of ``GET /bodies``; an unknown level, kind or status is a malformed request."""

    level: str | None = choice(Body.Level, None)
    kind: str | None = choice(Body.Kind, None)
    programme_area: str | None = Field(default=None, description="Programområdets kod.")
    region: str | None = Field(default=None, description='Regionens kod, t.ex. "20".')
    status: str | None = choice(Body.Status, None)
    has_vacancies: bool | None = None
    q: str | None = Field(default=None, description="Söker i namn och kortnamn.")

    @field_validator("level", "kind", "status")
    @classmethod
    def known_choice(cls, value: str | None, info: ValidationInfo) -> str | None:
        fields = {"level": Body.Level, "kind": Body.Kind, "status": Body.Status}
        choices = fields[str(info.field_name)]
        if value and value not in choices.values:
            # Worded like the schema's other (pydantic) messages for a malformed request.
            raise ValueError(f"Input should be one of {', '.join(choices.values)}")
        return value

    def as_filter(self) -> BodyFilter:
        return BodyFilter(
            level=self.level or "",
            kind=self.kind or "",
            programme_area=self.programme_area or "",
            region=self.region or "",
            status=self.status or "",
            has_vacancies=self.has_vacancies,
            text=self.q or "",
        )


class HolderOut(Schema):
    membership_id: int
    person: PersonRef
    role: str = choice(Membership.Role)
    start_on: dt.date | None
    end_on: dt.date | None


class SeatOut(Schema):
    id: int
    title: str
    profile: str
    represents: str = choice(Seat.Represents)
    seat_type: str = choice(Seat.SeatType)
    quota: int
    quota_min: int | None
    quota_label: str = Field(description='Antalet platser som det skrivs, t.ex. "3–4".')
    organisation: OrganisationRef | None
    nominating_body: BodyRef | None
    nominating_note: str
    opened_on: dt.date
    closed_on: dt.date | None
    holders: list[HolderOut]
    unnamed_holders: int = Field(description="Tillsatta platser vars innehavare inte är kända.")
    vacancies: int


class MemberOut(Schema):
    id: int
    person: PersonRef
    organisation: OrganisationRef | None = Field(description="Personens arbetsgivare.")
    role: str = choice(Membership.Role)
    seat_id: int | None
    representing: OrganisationRef | None
    start_on: dt.date | None
    end_on: dt.date | None


class SubBodyOut(BodyRef):
    vacancy_count: int


class NominationOut(Schema):
    id: int
    seat_id: int
    status: str = choice(Nomination.Status)
    nominating_body: BodyRef | None
    deciding_body: BodyRef | None
    candidate: PersonRef | None = Field(description="Visas bara för inloggade.")
    requested_on: dt.date
    deadline: dt.date | None
    nominated_on: dt.date | None
    decided_on: dt.date | None
    membership_id: int | None


class CommissionVersionOut(Schema):
    id: int
    commission_id: int
    number: int
    text: str
    status: str = choice(CommissionVersion.Status)
    approved_by: BodyRef | None
    approved_on: dt.date | None
    created: dt.datetime


class CommissionOut(Schema):
    id: int
    kind: str = choice(Commission.Kind)
    title: str
    current_version: CommissionVersionOut | None = Field(description="Den fastställda versionen.")


class BodyDetail(Schema):
    id: int
    name: str
    short_name: str
    kind: str = choice(Body.Kind)
    level: str = choice(Body.Level)
    status: str = choice(Body.Status)
    purpose: str
    is_public: bool
    region: CodeRef | None
    sjukvardsregion: CodeRef | None
    programme_area: CodeRef | None
    parent: BodyRef | None
    owners: list[OrganisationRef]
    planned_on: dt.date | None
    established_on: dt.date | None
    closed_on: dt.date | None
    vacancy_count: int
    seats: list[SeatOut] = Field(description="Öppna platser med innehavare och vakanser.")
    members: list[MemberOut] = Field(description="Pågående uppdrag.")
    sub_bodies: list[SubBodyOut]
    open_nominations: list[NominationOut]
    commissions: list[CommissionOut]


def holder_out(membership: Membership) -> HolderOut:
    return HolderOut(
        membership_id=membership.pk,
        person=person_ref(membership.person),
        role=membership.role,
        start_on=membership.start_on,
        end_on=membership.end_on,
    )


def seat_out(seat: Seat, viewer: Viewer) -> SeatOut:
    return SeatOut(
        id=seat.pk,
        title=seat.title,
        profile=seat.profile,
        represents=seat.represents,
        seat_type=seat.seat_type,
        quota=seat.quota,
        quota_min=seat.quota_min,
        quota_label=seat.quota_label,
        organisation=organisation_ref(seat.organisation),
        nominating_body=body_ref(seat.nominating_body, viewer),
        nominating_note=seat.nominating_note,
        opened_on=seat.opened_on,
        closed_on=seat.closed_on,
        holders=[holder_out(m) for m in seat.holders()],
        unnamed_holders=seat.unnamed_holders,
        vacancies=seat.vacancies,
    )


def member_out(membership: Membership) -> MemberOut:
    return MemberOut(
        id=membership.pk,
        person=person_ref(membership.person),
        organisation=organisation_ref(membership.person.organisation),
        role=membership.role,
        seat_id=membership.seat_id,
        representing=organisation_ref(membership.representing),
        start_on=membership.start_on,
        end_on=membership.end_on,
    )


def nomination_out(nomination: Nomination, viewer: Viewer) -> NominationOut:
    candidate = nomination.candidate
    return NominationOut(
        id=nomination.pk,
        seat_id=nomination.seat_id,
        status=nomination.status,
        nominating_body=body_ref(nomination.nominating_body, viewer),
        deciding_body=body_ref(nomination.deciding_body, viewer),
        candidate=person_ref(candidate)
        if candidate is not None and viewer.is_authenticated
        else None,
        requested_on=nomination.requested_on,
        deadline=nomination.deadline,
        nominated_on=nomination.nominated_on,
        decided_on=nomination.decided_on,
        membership_id=nomination.membership_id,
    )


def commission_version_out(version: CommissionVersion, viewer: Viewer) -> CommissionVersionOut:
    return CommissionVersionOut(
        id=version.pk,
        commission_id=version.commission_id,
        number=version.number,
        text=version.text,
        status=version.status,
        approved_by=body_ref(version.approved_by, viewer),
        approved_on=version.approved_on,
        created=version.created,
    )


def commission_out(commission: Commission, viewer: Viewer) -> CommissionOut:
    current = commission.current_version()
    return CommissionOut(
        id=commission.pk,
        kind=commission.kind,
        title=commission.title,
        current_version=commission_version_out(current, viewer) if current else None,
    )


def body_detail_out(body: Body, nominations: list[Nomination], viewer: Viewer) -> BodyDetail:
    """A body as ``queries.body_detail`` prefetched it; no further queries."""
    seats: list[Seat] = body.open_seats  # type: ignore[attr-defined]
    members: list[Membership] = body.current_members  # type: ignore[attr-defined]
    children: list[Body] = body.child_bodies  # type: ignore[attr-defined]
    commissions: list[Commission] = body.all_commissions  # type: ignore[attr-defined]
    return BodyDetail(
        id=body.pk,
        name=body.name,
        short_name=body.short_name,
        kind=body.kind,
        level=body.level,
        status=body.status,
        purpose=body.purpose,
        is_public=body.is_public,
        region=code_ref(body.region),
        sjukvardsregion=code_ref(body.sjukvardsregion),
        programme_area=code_ref(body.programme_area),
        parent=body_ref(body.parent, viewer),
        owners=[o for o in map(organisation_ref, body.owners.all()) if o is not None],
        planned_on=body.planned_on,
        established_on=body.established_on,
        closed_on=body.closed_on,
        vacancy_count=sum(seat.vacancies for seat in seats),
        seats=[seat_out(seat, viewer) for seat in seats],
        members=[member_out(m) for m in members],
        sub_bodies=[
            SubBodyOut(
                id=child.pk,
                name=child.name,
                short_name=child.short_name,
                kind=child.kind,
                level=child.level,
                status=child.status,
                vacancy_count=child.vacancy_count,  # type: ignore[attr-defined]
            )
            for child in children
            if may_see(viewer, child)
        ],
        open_nominations=[nomination_out(n, viewer) for n in nominations],
        commissions=[commission_out(c, viewer) for c in commissions],
    )


# --- People ---------------------------------------------------------------------------------


class PersonMembershipOut(Schema):
    id: int
    body: BodyRef
    role: str = choice(Membership.Role)
    seat_id: int | None
    seat_title: str | None
    representing: OrganisationRef | None
    start_on: dt.date | None
    end_on: dt.date | None
    is_current: bool


class PersonDetail(Schema):
    id: int
    name: str
    title: str
    organisation: OrganisationRef | None
    email: str | None = Field(description="Visas bara för inloggade.")
    phone: str | None = Field(description="Visas bara för inloggade.")
    memberships: list[PersonMembershipOut] = Field(
        description="Uppdrag, pågående och avslutade, i organ som du får se."
    )


def person_detail_out(person: Person, viewer: Viewer) -> PersonDetail:
    """A person as ``queries.person_detail`` prefetched them, seen by ``viewer``.

    Memberships of bodies the viewer may not see are left out: they are not public facts.
    """
    memberships: list[Membership] = person.all_memberships  # type: ignore[attr-defined]
    rows = []
    for m in memberships:
        body = body_ref(m.body, viewer)
        if body is None:
            continue
        rows.append(
            PersonMembershipOut(
                id=m.pk,
                body=body,
                role=m.role,
                seat_id=m.seat_id,
                seat_title=m.seat.title if m.seat is not None else None,
                representing=organisation_ref(m.representing),
                start_on=m.start_on,
                end_on=m.end_on,
                is_current=m.is_current(),
            )
        )
    logged_in = viewer.is_authenticated
    return PersonDetail(
        id=person.pk,
        name=person.name,
        title=person.title,
        organisation=organisation_ref(person.organisation),
        email=person.email if logged_in else None,
        phone=person.phone if logged_in else None,
        memberships=rows,
    )


# --- Vacancies ------------------------------------------------------------------------------


class VacancyOut(Schema):
    seat_id: int
    seat_title: str
    profile: str
    body: BodyRef
    region: CodeRef | None
    places: int = Field(description="Lediga platser i dag.")
    since: dt.date = Field(description="Vakant sedan.")
    nominating_body: BodyRef | None = Field(
        description="Organet som nominerar: nomineringens, annars platsens, om du får se det."
    )
    nominating_note: str
    nomination_id: int | None
    deadline: dt.date | None


def vacancy_out(vacancy: Vacancy, viewer: Viewer) -> VacancyOut:
    seat, nomination = vacancy.seat, vacancy.nomination
    nominator = nomination.nominating_body if nomination is not None else None
    return VacancyOut(
        seat_id=seat.pk,
        seat_title=seat.title,
        profile=seat.profile,
        body=known_body_ref(vacancy.body),  # queries.vacancies lists visible bodies only
        region=code_ref(vacancy.body.region),
        places=vacancy.places,
        since=vacancy.since,
        nominating_body=body_ref(nominator or seat.nominating_body, viewer),
        nominating_note=seat.nominating_note,
        nomination_id=nomination.pk if nomination is not None else None,
        deadline=vacancy.deadline,
    )


# --- Writes ---------------------------------------------------------------------------------


class BodyIn(Schema):
    name: str
    short_name: str = ""
    kind: str = choice(Body.Kind)
    level: str = choice(Body.Level)
    status: str = choice(Body.Status, Body.Status.AKTIV.value)
    purpose: str = ""
    programme_area: str | None = Field(default=None, description="Programområdets kod.")
    region: str | None = Field(default=None, description='Regionens kod, t.ex. "20".')
    sjukvardsregion: str | None = Field(default=None, description="Sjukvårdsregionens kod.")
    parent_id: Id | None = None
    owner_ids: list[Id] = Field(default_factory=list, description="Huvudmännens id.")
    planned_on: dt.date | None = None
    established_on: dt.date | None = None
    is_public: bool = True


class BodyPatch(Schema):
    """The fields to change; a field left out is left as it is."""

    name: str | None = None
    short_name: str | None = None
    kind: str | None = choice(Body.Kind, None)
    level: str | None = choice(Body.Level, None)
    status: str | None = choice(Body.Status, None)
    purpose: str | None = None
    programme_area: str | None = None
    region: str | None = None
    sjukvardsregion: str | None = None
    parent_id: Id | None = None
    owner_ids: list[Id] | None = None
    planned_on: dt.date | None = None
    established_on: dt.date | None = None
    is_public: bool | None = None


class CloseIn(Schema):
    closed_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


class SeatIn(Schema):
    title: str
    profile: str = ""
    represents: str = choice(Seat.Represents, Seat.Represents.REGION.value)
    seat_type: str = choice(Seat.SeatType, Seat.SeatType.ORDINARIE.value)
    quota: int = 1
    quota_min: int | None = None
    unnamed_holders: int = 0
    organisation_id: Id | None = None
    nominating_body_id: Id | None = None
    nominating_note: str = ""
    opened_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


class FillIn(Schema):
    person_id: Id
    role: str = choice(Membership.Role, Membership.Role.LEDAMOT.value)
    start_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")
    end_on: dt.date | None = None
    representing_id: Id | None = None
    note: str = ""


class MembershipOut(Schema):
    id: int
    body: BodyRef
    person: PersonRef
    role: str = choice(Membership.Role)
    seat_id: int | None
    representing: OrganisationRef | None
    start_on: dt.date | None
    end_on: dt.date | None


def membership_out(membership: Membership) -> MembershipOut:
    """A membership just written: its writer knows its body (they may not see its page)."""
    return MembershipOut(
        id=membership.pk,
        body=known_body_ref(membership.body),
        person=person_ref(membership.person),
        role=membership.role,
        seat_id=membership.seat_id,
        representing=organisation_ref(membership.representing),
        start_on=membership.start_on,
        end_on=membership.end_on,
    )


class EndIn(Schema):
    end_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


class NominationRequestIn(Schema):
    nominating_body_id: Id | None = Field(
        default=None, description="Tomt: platsens nominerande organ."
    )
    deciding_body_id: Id | None = Field(default=None, description="Tomt: det överordnade organet.")
    deadline: dt.date | None = None
    note: str = ""


class NominateIn(Schema):
    candidate_id: Id
    nominated_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")
    note: str | None = None


class DecideIn(Schema):
    decided_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")
    start_on: dt.date | None = Field(default=None, description="Tomt: beslutsdagen.")
    end_on: dt.date | None = None
    role: str = choice(Membership.Role, Membership.Role.LEDAMOT.value)


class WithdrawIn(Schema):
    note: str | None = None


class CommissionVersionIn(Schema):
    text: str
    kind: str = choice(Commission.Kind, Commission.Kind.UPPDRAGSBESKRIVNING.value)
    title: str = Field(default="", description="Rubrik, om uppdragsbeskrivningen är ny.")


class ApproveIn(Schema):
    approved_by_id: Id | None = Field(
        default=None, description="Organet som fastställde versionen."
    )
    approved_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


class PersonIn(Schema):
    name: str
    email: str = ""
    phone: str = ""
    title: str = ""
    organisation_id: Id | None = None
    note: str = ""
