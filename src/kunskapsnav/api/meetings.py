"""``/api/v1``: meetings with their agenda, attendance, decisions and actions.

Like the registry's handlers: a meeting the caller may not see is 404 (published minutes of
bodies they see, and every meeting of a body they hold a role in, are visible); ids in a filter
or a payload that name nothing the caller sees are 422; reads go through ``meetings.queries``
and writes through ``meetings.services``, which check permissions (403) and rules (422).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from kunskapsnav.api import meeting_schemas as m
from kunskapsnav.api import schemas as s
from kunskapsnav.api.auth import READ, WRITE, acting_user, caller
from kunskapsnav.api.pagination import Pagination
from kunskapsnav.meetings import queries, services
from kunskapsnav.meetings.models import ActionItem, Meeting
from kunskapsnav.registry.models import Body, Person

router = Router(tags=["möten"])

READ_ERRORS = {code: s.ERRORS[code] for code in (401, 404, 422)}
WRITE_ERRORS = s.ERRORS
#: Reads work with a token, a session, or anonymously.
READ_SECURITY: dict[str, Any] = {"security": [{"ApiToken": []}, {"Session": []}, {}]}


def _refer_to_body(request: HttpRequest, field: str, pk: int | None) -> Body | None:
    if pk is None:
        return None
    body = Body.objects.visible_to(caller(request)).filter(pk=pk).first()
    if body is None:
        raise ValidationError({field: _("Det finns inget organ med id %(id)s.") % {"id": pk}})
    return body


def _refer_to_person(field: str, pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("Det finns ingen person med id %(id)s.") % {"id": pk}})
    return person


def _meeting_detail(request: HttpRequest, meeting_id: int) -> m.MeetingDetail:
    user = caller(request)
    try:
        page = queries.meeting_page(meeting_id)
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing
    if not user.has_perm("meetings.view_meeting", page.meeting):
        raise Http404
    return m.meeting_detail_out(page, user)


# --- Meetings -------------------------------------------------------------------------------


@router.get(
    "/meetings",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[m.MeetingListItem], **READ_ERRORS},
    summary="Möten som du får se",
)
@paginate(Pagination)
def list_meetings(request: HttpRequest, filters: Query[m.MeetingFilterIn]) -> QuerySet[Meeting]:
    """Mötena i datumordning, med antal punkter på dagordningen.

    Utan inloggning visas publicerade protokoll i offentliga organ; med en roll i ett organ
    visas alla dess möten.
    """
    return queries.calendar(
        caller(request),
        body=_refer_to_body(request, "body", filters.body),
        start=filters.date_from,
        end=filters.date_to,
    )


@router.get(
    "/meetings/{int:meeting_id}",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: m.MeetingDetail, **READ_ERRORS},
    summary="Ett möte med dagordning, närvaro, beslut och åtgärder",
)
def get_meeting(request: HttpRequest, meeting_id: s.PathId) -> m.MeetingDetail:
    return _meeting_detail(request, meeting_id)


@router.post(
    "/meetings",
    auth=WRITE,
    response={201: m.MeetingDetail, **WRITE_ERRORS},
    summary="Planera ett möte",
)
def create_meeting(request: HttpRequest, payload: m.MeetingIn) -> Status[m.MeetingDetail]:
    """Mötet blir planerat; organets samordnare (eller en systemförvaltare) planerar möten."""
    body = _refer_to_body(request, "body_id", payload.body_id)
    assert body is not None
    fields = payload.model_dump(exclude={"body_id", "chair_id", "secretary_id"})
    meeting = services.create_meeting(
        body,
        acting_user=acting_user(request),
        chair=_refer_to_person("chair_id", payload.chair_id),
        secretary=_refer_to_person("secretary_id", payload.secretary_id),
        **fields,
    )
    return Status(201, _meeting_detail(request, meeting.pk))


# --- Actions --------------------------------------------------------------------------------


@router.get(
    "/actions",
    auth=READ,
    openapi_extra=READ_SECURITY,
    response={200: list[m.ActionListItem], **READ_ERRORS},
    summary="Åtgärder som du får se",
)
@paginate(Pagination)
def list_actions(request: HttpRequest, filters: Query[m.ActionFilterIn]) -> QuerySet[ActionItem]:
    """Försenade först, sedan efter datum då de ska vara klara.

    Utan statusfilter visas öppna åtgärder. `responsible=me` visar dina egna: de du är
    ansvarig för och de som organ där du är samordnare ansvarar för (kräver inloggning).
    """
    user = caller(request)
    responsible_user = None
    person = None
    if filters.responsible == "me":
        if not user.is_authenticated:
            raise AuthenticationError()
        responsible_user = user
    elif filters.responsible:
        person = _refer_to_person("responsible", int(filters.responsible))
    actions = queries.action_list(
        user,
        queries.ActionFilter(
            body=_refer_to_body(request, "body", filters.body),
            status=filters.status or "",
            overdue=bool(filters.overdue),
            responsible_user=responsible_user,
        ),
    )
    if person is not None:
        actions = actions.filter(responsible_people=person)
    return actions
