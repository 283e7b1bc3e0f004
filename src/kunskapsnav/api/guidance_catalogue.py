"""``/api/v1``: the national catalogue of kunskapsstöd and the remisser in the regions.

Like the registry's handlers: the catalogue is public; a remiss is seen by those who see its
coordinating body and by those asked to contribute to it (else 404), its contributions'
synpunkter and a draft remissvar only by those who work on it (``guidance.remiss.access``, the
same rule as the pages). Codes and ids in a filter that name nothing are 422.

Writes go through ``guidance.remiss``'s services, which check permissions (403) and rules (422):
a remiss (or a contribution, a section) the caller may not see is 404.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, WRITE, acting_user, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.guidance import remiss
from kunskapsnav.guidance.models import (
    Kunskapsstod,
    RemissAnswerSection,
    RemissAssignment,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.guidance.remiss_export import approval_line
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.models import Body, Person

router = Router(tags=["kunskapsstöd"])

READ_ERRORS = {code: s.ERRORS[code] for code in (401, 404, 422)}
WRITE_ERRORS = s.ERRORS
#: Reads work with a token, a session, or anonymously.
READ_SECURITY: dict[str, Any] = {"security": [{"ApiToken": []}, {"Session": []}, {}]}


# --- Schemas --------------------------------------------------------------------------------


class KunskapsstodFilterIn(Schema):
    type: str | None = Field(default=None, description="Typens kod, t.ex. `vardforlopp`.")
    programme_area: str | None = Field(
        default=None, description="Programområdets kod (ägande eller medverkande)."
    )
    status: str | None = s.choice(Kunskapsstod.Status, default=None)
    q: str | None = Field(default=None, description="Sök i namn, fullständigt namn och andra namn.")


class KunskapsstodRef(Schema):
    code: str
    name: str


class KunskapsstodListItem(Schema):
    code: str
    name: str
    full_name: str
    type: s.CodeRef
    programme_area: s.CodeRef | None
    status: str = s.choice(Kunskapsstod.Status)
    approved: str = Field(
        description='Fastställt, så exakt som det är känt: "2021-02-24", "2020-05" eller "2020".'
    )
    published_on: dt.date | None
    part_of: KunskapsstodRef | None
    verified: bool

    @staticmethod
    def resolve_type(obj: Kunskapsstod) -> s.CodeRef:
        return s.CodeRef(code=obj.type.code, name=obj.type.name)

    @staticmethod
    def resolve_programme_area(obj: Kunskapsstod) -> s.CodeRef | None:
        return s.code_ref(obj.programme_area)

    @staticmethod
    def resolve_approved(obj: Kunskapsstod) -> str:
        return remiss.partial_date(obj.approved_on, obj.approved_precision)

    @staticmethod
    def resolve_part_of(obj: Kunskapsstod) -> KunskapsstodRef | None:
        part = obj.part_of
        return KunskapsstodRef(code=part.code, name=part.name) if part else None


class AssignmentRef(Schema):
    id: int
    region: s.CodeRef
    coordinating_body: s.BodyRef
    internal_deadline: dt.date | None
    status: str = s.choice(RemissAssignment.Status)
    sent_on: dt.date | None


class RemissRoundOut(Schema):
    id: int
    kind: str = s.choice(RemissRound.Kind)
    version: str
    opens: dt.date
    closes: dt.date
    note: str
    assignments: list[AssignmentRef] = Field(description="I de regioner där du ser organet.")


class LifecycleStepOut(Schema):
    order: int
    code: str
    name: str
    date: str
    current: bool


class KunskapsstodDetail(KunskapsstodListItem):
    """Built from a kunskapsstöd on which the handler has set ``api_*`` attributes."""

    other_programme_areas: list[s.CodeRef]
    aliases: list[str]
    version: str
    link: str
    note: str
    lifecycle: list[LifecycleStepOut]
    remiss_rounds: list[RemissRoundOut]

    @staticmethod
    def resolve_other_programme_areas(obj: Any) -> list[s.CodeRef]:
        return list(obj.api_other_areas)

    @staticmethod
    def resolve_lifecycle(obj: Any) -> list[LifecycleStepOut]:
        return list(obj.api_lifecycle)

    @staticmethod
    def resolve_remiss_rounds(obj: Any) -> list[RemissRoundOut]:
        return list(obj.api_rounds)


class RemissFilterIn(Schema):
    region: str | None = Field(default=None, description="Regionens kod, t.ex. `20`.")
    body: s.Id | None = Field(default=None, description="Det samordnande organets id.")
    open: bool | None = Field(
        default=None, description="Bara remisser som bereds (`true`) eller är klara (`false`)."
    )


class RemissListItem(Schema):
    id: int
    kunskapsstod: KunskapsstodRef
    kind: str = s.choice(RemissRound.Kind)
    opens: dt.date
    closes: dt.date
    region: s.CodeRef
    coordinating_body: s.BodyRef
    internal_deadline: dt.date | None
    status: str = s.choice(RemissAssignment.Status)
    approved_on: dt.date | None
    sent_on: dt.date | None

    @staticmethod
    def resolve_kunskapsstod(obj: RemissAssignment) -> KunskapsstodRef:
        stod = obj.round.kunskapsstod
        return KunskapsstodRef(code=stod.code, name=stod.name)

    @staticmethod
    def resolve_kind(obj: RemissAssignment) -> str:
        return obj.round.kind

    @staticmethod
    def resolve_opens(obj: RemissAssignment) -> dt.date:
        return obj.round.opens

    @staticmethod
    def resolve_closes(obj: RemissAssignment) -> dt.date:
        return obj.round.closes

    @staticmethod
    def resolve_region(obj: RemissAssignment) -> s.CodeRef:
        return s.CodeRef(code=obj.region.code, name=obj.region.name)

    @staticmethod
    def resolve_coordinating_body(obj: RemissAssignment) -> s.BodyRef:
        return s.known_body_ref(obj.coordinating_body)


class ContributionOut(Schema):
    id: int
    body: s.BodyRef | None
    kommun: s.CodeRef | None
    deadline: dt.date | None
    status: str = s.choice(RemissContribution.Status)
    submitted_on: dt.date | None
    text: str | None = Field(description="Synpunkterna; bara för den som arbetar med remissen.")


class SectionOut(Schema):
    id: int
    order: int
    heading: str
    text: str


class RemissDetail(RemissListItem):
    """Built from a remiss on which the handler has set ``api_*`` attributes."""

    version: str
    approval: str = Field(description="Vem som godkände remissvaret, som en mening.")
    contributions: list[ContributionOut]
    sections: list[SectionOut] | None = Field(
        description="Remissvaret; utkast bara för den som arbetar med remissen."
    )

    @staticmethod
    def resolve_version(obj: Any) -> str:
        return str(obj.round.version)

    @staticmethod
    def resolve_approval(obj: Any) -> str:
        return approval_line(obj)

    @staticmethod
    def resolve_contributions(obj: Any) -> list[ContributionOut]:
        return list(obj.api_contributions)

    @staticmethod
    def resolve_sections(obj: Any) -> list[SectionOut] | None:
        sections: list[SectionOut] | None = obj.api_sections
        return sections


# --- Helpers --------------------------------------------------------------------------------


def _assignment_ref(assignment: RemissAssignment) -> AssignmentRef:
    return AssignmentRef(
        id=assignment.pk,
        region=s.CodeRef(code=assignment.region.code, name=assignment.region.name),
        coordinating_body=s.known_body_ref(assignment.coordinating_body),
        internal_deadline=assignment.internal_deadline,
        status=assignment.status,
        sent_on=assignment.sent_on,
    )


def _remiss_detail(request: HttpRequest, assignment_id: int) -> RemissDetail:
    assignment = get_object_or_404(
        RemissAssignment.objects.select_related(
            "round__kunskapsstod",
            "region",
            "coordinating_body",
            "approved_decision__meeting",
            "signatory",
        ),
        pk=assignment_id,
    )
    user = caller(request)
    contributions = remiss.assignment_contributions(assignment)
    allowed = remiss.access(user, assignment, contributions)
    if not allowed.visible:
        raise Http404
    view: Any = assignment
    view.api_contributions = [
        ContributionOut(
            id=c.pk,
            body=s.body_ref(c.body, user),
            kommun=s.CodeRef(code=c.kommun.code, name=c.kommun.name) if c.kommun else None,
            deadline=c.deadline,
            status=c.status,
            submitted_on=c.submitted_on,
            text=c.text if allowed.can_manage or c.pk in allowed.mine else None,
        )
        for c in contributions
        if c.kommun is not None or s.may_see(user, c.body) or c.pk in allowed.mine
    ]
    view.api_sections = (
        [
            SectionOut(id=x.pk, order=x.order, heading=x.heading, text=x.text)
            for x in assignment.sections.all()
        ]
        if allowed.show_sections
        else None
    )
    return RemissDetail.model_validate(view)


# --- The catalogue --------------------------------------------------------------------------


@router.get(
    "/kunskapsstod",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[KunskapsstodListItem], **READ_ERRORS},
    summary="Nationella kunskapsstöd",
)
@paginate(Pagination)
def list_kunskapsstod(
    request: HttpRequest, filters: Query[KunskapsstodFilterIn]
) -> QuerySet[Kunskapsstod]:
    """Katalogen i namnordning: vårdförlopp, generiska modeller och nationella vårdprogram."""
    if filters.status and filters.status not in Kunskapsstod.Status.values:
        raise ValidationError(
            {"status": _("Okänd status: %(status)s.") % {"status": filters.status}}
        )
    return remiss.catalogue(
        remiss.CatalogueFilter(
            type=filters.type or "",
            programme_area=filters.programme_area or "",
            status=filters.status or "",
            text=filters.q or "",
        )
    )


@router.get(
    "/kunskapsstod/{code}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: KunskapsstodDetail, **READ_ERRORS},
    summary="Ett kunskapsstöd med livscykel och remissomgångar",
)
def get_kunskapsstod(request: HttpRequest, code: str) -> KunskapsstodDetail:
    user = caller(request)
    stod = get_object_or_404(
        Kunskapsstod.objects.select_related("type", "programme_area", "part_of"), code=code
    )
    visible = remiss.visible_assignments(user).order_by("region__name")
    rounds = list(stod.remiss_rounds.prefetch_related(Prefetch("assignments", queryset=visible)))
    view: Any = stod
    view.api_other_areas = [
        s.CodeRef(code=a.code, name=a.name) for a in stod.other_programme_areas.order_by("name")
    ]
    view.api_lifecycle = [
        LifecycleStepOut(
            order=step.order,
            code=step.code,
            name=step.name,
            date=step.date,
            current=step.current,
        )
        for step in remiss.lifecycle(stod, rounds)
    ]
    view.api_rounds = [
        RemissRoundOut(
            id=r.pk,
            kind=r.kind,
            version=r.version,
            opens=r.opens,
            closes=r.closes,
            note=r.note,
            assignments=[_assignment_ref(a) for a in r.assignments.all()],
        )
        for r in rounds
    ]
    return KunskapsstodDetail.model_validate(view)


# --- Remisser -------------------------------------------------------------------------------


@router.get(
    "/remisser",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[RemissListItem], **READ_ERRORS},
    summary="Remisser i regionerna som du får se",
)
@paginate(Pagination)
def list_remisser(
    request: HttpRequest, filters: Query[RemissFilterIn]
) -> QuerySet[RemissAssignment]:
    """Efter remissens sista dag, senaste först. Utan inloggning visas remisser som samordnas
    av offentliga organ."""
    user = caller(request)
    rows = remiss.visible_assignments(user)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            raise ValidationError(
                {
                    "region": _("Det finns ingen region med koden %(code)s.")
                    % {"code": filters.region}
                }
            )
        rows = rows.filter(region=region)
    if filters.body is not None:
        body = Body.objects.visible_to(user).filter(pk=filters.body).first()
        if body is None:
            raise ValidationError(
                {"body": _("Det finns inget organ med id %(id)s.") % {"id": filters.body}}
            )
        rows = rows.filter(coordinating_body=body)
    if filters.open is True:
        rows = rows.filter(status__in=remiss.OPEN_STATUSES)
    elif filters.open is False:
        rows = rows.exclude(status__in=remiss.OPEN_STATUSES)
    return rows.order_by("-round__closes", "region__name", "pk")


@router.get(
    "/remisser/{int:remiss_id}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: RemissDetail, **READ_ERRORS},
    summary="En remiss med bidrag och remissvar",
)
def get_remiss(request: HttpRequest, remiss_id: s.PathId) -> RemissDetail:
    return _remiss_detail(request, remiss_id)


# --- Writes ---------------------------------------------------------------------------------


class ContributionRequestIn(Schema):
    body_ids: list[s.Id] = Field(default_factory=list, description="Organen som ska tillfrågas.")
    kommun_codes: list[str] = Field(
        default_factory=list, description='Kommunernas koder, t.ex. "2080".'
    )
    deadline: dt.date | None = Field(
        default=None, description="Svarstid; tomt: en vecka före den interna svarstiden."
    )


class ContributionSubmitIn(Schema):
    text: str = ""
    status: str = Field(
        default=RemissContribution.Status.INLAMNAD.value,
        json_schema_extra={
            "enum": [
                RemissContribution.Status.INLAMNAD.value,
                RemissContribution.Status.AVSTAR.value,
            ]
        },
        description="`inlamnad` med synpunkter, eller `avstar`.",
    )
    submitted_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


class SectionIn(Schema):
    heading: str
    text: str = ""


class SectionPatch(Schema):
    """The fields to change; a field left out is left as it is."""

    heading: str | None = None
    text: str | None = None


class RemissApproveIn(Schema):
    decision_id: s.Id | None = Field(
        default=None, description="Det samordnande organets beslut om remissvaret."
    )
    signatory_id: s.Id | None = Field(default=None, description="Personen som undertecknar.")
    approved_on: dt.date | None = Field(
        default=None, description="Tomt: beslutets mötesdag, annars i dag."
    )


class RemissSendIn(Schema):
    sent_on: dt.date | None = Field(default=None, description="Tomt betyder i dag.")


def _assignment(request: HttpRequest, pk: int) -> RemissAssignment:
    """The remiss if the caller may see it (else 404); the services decide the rest (403)."""
    assignment = (
        RemissAssignment.objects.select_related("round", "coordinating_body").filter(pk=pk).first()
    )
    if assignment is None:
        raise Http404
    contributions = remiss.assignment_contributions(assignment)
    if not remiss.access(caller(request), assignment, contributions).visible:
        raise Http404
    return assignment


def _contribution(request: HttpRequest, pk: int) -> RemissContribution:
    contribution = (
        RemissContribution.objects.select_related(
            "body", "assignment__round", "assignment__coordinating_body"
        )
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        raise Http404
    _assignment(request, contribution.assignment_id)
    return contribution


def _section(request: HttpRequest, pk: int) -> RemissAnswerSection:
    section = (
        RemissAnswerSection.objects.select_related(
            "assignment__round", "assignment__coordinating_body"
        )
        .filter(pk=pk)
        .first()
    )
    if section is None:
        raise Http404
    assignment = section.assignment
    contributions = remiss.assignment_contributions(assignment)
    if not remiss.access(caller(request), assignment, contributions).show_sections:
        raise Http404
    return section


def _section_out(section: RemissAnswerSection) -> SectionOut:
    return SectionOut(
        id=section.pk, order=section.order, heading=section.heading, text=section.text
    )


def _refer_to_bodies(request: HttpRequest, pks: list[int]) -> list[Body]:
    bodies = []
    for pk in dict.fromkeys(pks):
        body = Body.objects.visible_to(caller(request)).filter(pk=pk).first()
        if body is None:
            raise ValidationError(
                {"body_ids": _("Det finns inget organ med id %(id)s.") % {"id": pk}}
            )
        bodies.append(body)
    return bodies


def _refer_to_kommuner(codes: list[str]) -> list[Kommun]:
    kommuner = []
    for code in dict.fromkeys(codes):
        kommun = Kommun.objects.filter(code=code).first()
        if kommun is None:
            raise ValidationError(
                {"kommun_codes": _("Det finns ingen kommun med koden %(code)s.") % {"code": code}}
            )
        kommuner.append(kommun)
    return kommuner


@router.post(
    "/remisser/{int:remiss_id}/contributions",
    auth=WRITE,
    response={201: RemissDetail, **WRITE_ERRORS},
    summary="Begär synpunkter från organ och kommuner",
)
def request_contributions(
    request: HttpRequest, remiss_id: s.PathId, payload: ContributionRequestIn
) -> Status[RemissDetail]:
    """Det samordnande organets samordnare begär; den som redan är tillfrågad hoppas över."""
    assignment = _assignment(request, remiss_id)
    remiss.request_contributions(
        assignment,
        acting_user=acting_user(request),
        bodies=_refer_to_bodies(request, payload.body_ids),
        kommuner=_refer_to_kommuner(payload.kommun_codes),
        deadline=payload.deadline,
    )
    return Status(201, _remiss_detail(request, assignment.pk))


@router.post(
    "/contributions/{int:contribution_id}/submit",
    auth=WRITE,
    response={200: RemissDetail, **WRITE_ERRORS},
    summary="Lämna synpunkter på en remiss, eller avstå",
)
def submit_contribution(
    request: HttpRequest, contribution_id: s.PathId, payload: ContributionSubmitIn
) -> RemissDetail:
    """Det tillfrågade organets samordnare lämnar bidraget medan remissen bereds."""
    contribution = _contribution(request, contribution_id)
    remiss.submit_contribution(
        contribution,
        acting_user=acting_user(request),
        text=payload.text,
        status=payload.status,
        submitted_on=payload.submitted_on,
    )
    return _remiss_detail(request, contribution.assignment_id)


@router.post(
    "/remisser/{int:remiss_id}/sections",
    auth=WRITE,
    response={201: SectionOut, **WRITE_ERRORS},
    summary="Lägg till ett avsnitt i remissvaret",
)
def add_section(
    request: HttpRequest, remiss_id: s.PathId, payload: SectionIn
) -> Status[SectionOut]:
    """Avsnittet läggs sist."""
    assignment = _assignment(request, remiss_id)
    section = remiss.add_section(
        assignment, acting_user=acting_user(request), heading=payload.heading, text=payload.text
    )
    return Status(201, _section_out(section))


@router.patch(
    "/remiss-sections/{int:section_id}",
    auth=WRITE,
    response={200: SectionOut, **WRITE_ERRORS},
    summary="Ändra ett avsnitt i remissvaret",
)
def update_section(request: HttpRequest, section_id: s.PathId, payload: SectionPatch) -> SectionOut:
    section = _section(request, section_id)
    remiss.update_section(
        section, acting_user=acting_user(request), heading=payload.heading, text=payload.text
    )
    return _section_out(section)


@router.post(
    "/remisser/{int:remiss_id}/approve",
    auth=WRITE,
    response={200: RemissDetail, **WRITE_ERRORS},
    summary="Godkänn remissvaret",
)
def approve_remissvar(
    request: HttpRequest, remiss_id: s.PathId, payload: RemissApproveIn
) -> RemissDetail:
    """Genom ett beslut av det samordnande organet (`decision_id`) eller av den som
    undertecknar (`signatory_id`), inte båda."""
    assignment = _assignment(request, remiss_id)
    decision = None
    if payload.decision_id is not None:
        decision = (
            Decision.objects.select_related("meeting")
            .filter(pk=payload.decision_id, deciding_body_id=assignment.coordinating_body_id)
            .first()
        )
        if decision is None:
            raise ValidationError(
                {
                    "decision_id": _("Beslutet ska vara fattat av %(body)s.")
                    % {"body": assignment.coordinating_body.name}
                }
            )
    signatory = None
    if payload.signatory_id is not None:
        signatory = Person.objects.filter(pk=payload.signatory_id).first()
        if signatory is None:
            raise ValidationError(
                {
                    "signatory_id": _("Det finns ingen person med id %(id)s.")
                    % {"id": payload.signatory_id}
                }
            )
    remiss.approve_remissvar(
        assignment,
        acting_user=acting_user(request),
        decision=decision,
        signatory=signatory,
        approved_on=payload.approved_on,
    )
    return _remiss_detail(request, assignment.pk)


@router.post(
    "/remisser/{int:remiss_id}/send",
    auth=WRITE,
    response={200: RemissDetail, **WRITE_ERRORS},
    summary="Markera remissvaret som skickat",
)
def mark_sent(
    request: HttpRequest, remiss_id: s.PathId, payload: RemissSendIn | None = None
) -> RemissDetail:
    """Ett godkänt remissvar skickas, tidigast den dag det godkändes."""
    payload = payload or RemissSendIn()
    assignment = _assignment(request, remiss_id)
    remiss.mark_sent(assignment, acting_user=acting_user(request), sent_on=payload.sent_on)
    return _remiss_detail(request, assignment.pk)
