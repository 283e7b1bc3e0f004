"""``/api/v1``: meetings with their agenda, attendance, decisions and actions.

Like the registry's handlers: a meeting the caller may not see is 404 (published minutes of
bodies they see, and every meeting of a body they hold a role in, are visible); ids in a filter
or a payload that name nothing the caller sees are 422; reads go through ``meetings.queries``
and writes through ``meetings.services``, which check permissions (403) and rules (422).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
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
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attendance, Meeting
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


def _refer_to_people(field: str, pks: list[int]) -> list[Person]:
    return [person for pk in dict.fromkeys(pks) if (person := _refer_to_person(field, pk))]


def _refer_to_bodies(request: HttpRequest, field: str, pks: list[int]) -> list[Body]:
    return [body for pk in dict.fromkeys(pks) if (body := _refer_to_body(request, field, pk))]


def _refer_to_item(meeting: Meeting, pk: int | None) -> AgendaItem | None:
    """An item of the meeting's agenda; any other id (of another meeting, or of none) is 422."""
    if pk is None:
        return None
    item = meeting.items.filter(pk=pk).first()
    if item is None:
        raise ValidationError({"item_id": _("Punkten hör till ett annat möte.")})
    return item


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the caller may see it (else 404); the services decide the rest (403)."""
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first()
    if meeting is None or not caller(request).has_perm("meetings.view_meeting", meeting):
        raise Http404
    return meeting


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "meeting__body").filter(pk=pk).first()
    if item is None or not caller(request).has_perm("meetings.view_meeting", item.meeting):
        raise Http404
    return item


def _action(request: HttpRequest, pk: int) -> ActionItem:
    action = queries.actions_with_responsibles().filter(pk=pk).first()
    if action is None or not caller(request).has_perm("meetings.view_actionitem", action):
        raise Http404
    return action


def _patch_fields(model: type[models.Model], given: dict[str, Any]) -> dict[str, Any]:
    """A patch as model fields: ``None`` empties a text and clears a date; a field that cannot
    be empty (a choice, a yes or no) cannot be cleared (422)."""
    fields = dict(given)
    for name, value in given.items():
        if value is not None:
            continue
        model_field = model._meta.get_field(name)
        if not isinstance(model_field, models.Field) or model_field.null:
            continue
        if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
            fields[name] = ""
        else:
            raise ValidationError({name: _("Fältet kan inte tömmas.")})
    return fields


def _item_out(request: HttpRequest, meeting_id: int, item_id: int) -> m.ItemOut:
    """An item as the meeting's page shows it (read back the way ``get_meeting`` reads it)."""
    page = queries.meeting_page(meeting_id)
    item = next(i for i in page.items if i.pk == item_id)
    return m.item_out(item, caller(request))


def _action_out(request: HttpRequest, action_id: int) -> m.ActionOut:
    action = queries.actions_with_responsibles().get(pk=action_id)
    return m.action_out(action, caller(request))


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


@router.post(
    "/meetings/{int:meeting_id}/transition",
    auth=WRITE,
    response={200: m.MeetingDetail, **WRITE_ERRORS},
    summary="För mötet vidare: kalla, genomfört, justera, publicera",
)
def transition_meeting(
    request: HttpRequest, meeting_id: s.PathId, payload: m.TransitionIn
) -> m.MeetingDetail:
    """Samma steg som på mötets sida. `justera` registrerar din justering; protokollet blir
    justerat och låst när alla justeringar som krävs finns."""
    meeting = _meeting(request, meeting_id)
    user = acting_user(request)
    if payload.to == "kalla":
        services.call_meeting(meeting, acting_user=user)
    elif payload.to == "genomfort":
        services.mark_held(meeting, acting_user=user)
    elif payload.to == "justera":
        services.approve_minutes(meeting, acting_user=user)
    else:
        services.publish_minutes(meeting, acting_user=user)
    return _meeting_detail(request, meeting.pk)


# --- Agenda, decisions, attendance ----------------------------------------------------------


@router.post(
    "/meetings/{int:meeting_id}/items",
    auth=WRITE,
    response={201: m.ItemOut, **WRITE_ERRORS},
    summary="Lägg till en punkt på dagordningen",
)
def add_item(request: HttpRequest, meeting_id: s.PathId, payload: m.ItemIn) -> Status[m.ItemOut]:
    """Punkten läggs sist. Ett justerat protokoll är låst (422) tills det öppnas för rättelse."""
    meeting = _meeting(request, meeting_id)
    item = services.add_item(
        meeting,
        acting_user=acting_user(request),
        title=payload.title,
        kind=payload.kind,
        number=payload.number,
        text=payload.text,
        presenters=_refer_to_people("presenter_ids", payload.presenter_ids),
        presenter_text=payload.presenter_text,
    )
    return Status(201, _item_out(request, meeting.pk, item.pk))


@router.patch(
    "/items/{int:item_id}",
    auth=WRITE,
    response={200: m.ItemOut, **WRITE_ERRORS},
    summary="Ändra en punkt på dagordningen",
)
def update_item(request: HttpRequest, item_id: s.PathId, payload: m.ItemPatch) -> m.ItemOut:
    """Skicka med `lock_version` som du läste: har någon annan ändrat punkten sedan dess blir
    svaret 422 och inget sparas."""
    item = _item(request, item_id)
    given = payload.model_dump(exclude_unset=True)
    version = given.pop("lock_version", None)
    presenter_ids = given.pop("presenter_ids", None)
    presenters = (
        _refer_to_people("presenter_ids", presenter_ids) if presenter_ids is not None else None
    )
    services.update_item(
        item,
        acting_user=acting_user(request),
        expected_version=version,
        presenters=presenters,
        **_patch_fields(AgendaItem, given),
    )
    return _item_out(request, item.meeting_id, item.pk)


@router.post(
    "/meetings/{int:meeting_id}/decisions",
    auth=WRITE,
    response={201: m.DecisionOut, **WRITE_ERRORS},
    summary="Protokollför ett beslut",
)
def add_decision(
    request: HttpRequest, meeting_id: s.PathId, payload: m.DecisionIn
) -> Status[m.DecisionOut]:
    """Under en punkt, eller utanför dagordningen. En punkt av typen övrigt blir en
    beslutspunkt, som när beslutet skrivs på mötets sida."""
    meeting = _meeting(request, meeting_id)
    user = acting_user(request)
    item = _refer_to_item(meeting, payload.item_id)
    with transaction.atomic():
        decision = services.add_decision(
            meeting,
            acting_user=user,
            text=payload.text,
            item=item,
            deciding_body=_refer_to_body(request, "deciding_body_id", payload.deciding_body_id),
            document_title=payload.document_title,
            document_url=payload.document_url,
        )
        if item is not None and item.kind == AgendaItem.Kind.OVRIGT:
            services.update_item(item, acting_user=user, kind=AgendaItem.Kind.BESLUT)
    return Status(201, m.decision_out(decision, caller(request)))


@router.post(
    "/meetings/{int:meeting_id}/attendance",
    auth=WRITE,
    response={200: m.AttendanceOut, 201: m.AttendanceOut, **WRITE_ERRORS},
    summary="Registrera närvaro",
)
def set_attendance(
    request: HttpRequest, meeting_id: s.PathId, payload: m.AttendanceIn
) -> Status[m.AttendanceOut]:
    """En person i registret (`person_id`) eller en gäst (`name`). Finns personen redan i
    närvarolistan ändras raden (200); annars läggs den till (201)."""
    meeting = _meeting(request, meeting_id)
    person = _refer_to_person("person_id", payload.person_id)
    before = set(meeting.attendance.values_list("pk", flat=True))
    attendance = services.set_attendance(
        meeting,
        acting_user=acting_user(request),
        person=person,
        name=payload.name,
        status=payload.status,
        organisation=payload.organisation,
        role=payload.role,
    )
    attendance = Attendance.objects.select_related("person").get(pk=attendance.pk)
    return Status(200 if attendance.pk in before else 201, m.attendance_out(attendance))


# --- Actions --------------------------------------------------------------------------------


@router.post(
    "/meetings/{int:meeting_id}/actions",
    auth=WRITE,
    response={201: m.ActionOut, **WRITE_ERRORS},
    summary="Dela ut en åtgärd vid ett möte",
)
def add_action(
    request: HttpRequest, meeting_id: s.PathId, payload: m.ActionIn
) -> Status[m.ActionOut]:
    """Mötets organ följer upp åtgärden vid sina möten tills den är avslutad."""
    meeting = _meeting(request, meeting_id)
    action = services.add_action(
        meeting.body,
        acting_user=acting_user(request),
        text=payload.text,
        meeting=meeting,
        item=_refer_to_item(meeting, payload.item_id),
        responsible_people=_refer_to_people(
            "responsible_person_ids", payload.responsible_person_ids
        ),
        responsible_bodies=_refer_to_bodies(
            request, "responsible_body_ids", payload.responsible_body_ids
        ),
        responsible_text=payload.responsible_text,
        due_date=payload.due_date,
        due_text=payload.due_text,
    )
    return Status(201, _action_out(request, action.pk))


@router.patch(
    "/actions/{int:action_id}",
    auth=WRITE,
    response={200: m.ActionOut, **WRITE_ERRORS},
    summary="Ändra en åtgärd",
)
def update_action(request: HttpRequest, action_id: s.PathId, payload: m.ActionPatch) -> m.ActionOut:
    """Organets samordnare och de ansvariga ändrar åtgärden; avsluta den med `/close`."""
    action = _action(request, action_id)
    given = payload.model_dump(exclude_unset=True)
    person_ids = given.pop("responsible_person_ids", None)
    body_ids = given.pop("responsible_body_ids", None)
    services.update_action(
        action,
        acting_user=acting_user(request),
        responsible_people=(
            _refer_to_people("responsible_person_ids", person_ids)
            if person_ids is not None
            else None
        ),
        responsible_bodies=(
            _refer_to_bodies(request, "responsible_body_ids", body_ids)
            if body_ids is not None
            else None
        ),
        **_patch_fields(ActionItem, given),
    )
    return _action_out(request, action.pk)


@router.post(
    "/actions/{int:action_id}/close",
    auth=WRITE,
    response={200: m.ActionOut, **WRITE_ERRORS},
    summary="Avsluta en åtgärd",
)
def close_action(
    request: HttpRequest, action_id: s.PathId, payload: m.ActionCloseIn | None = None
) -> m.ActionOut:
    """Som klar (`done`) eller avbruten (`cancelled`), gärna vid ett av organets möten."""
    payload = payload or m.ActionCloseIn()
    action = _action(request, action_id)
    meeting = None
    if payload.meeting_id is not None:
        meeting = Meeting.objects.filter(pk=payload.meeting_id, body_id=action.body_id).first()
        if meeting is None or not caller(request).has_perm("meetings.view_meeting", meeting):
            raise ValidationError({"meeting_id": _("Mötet hör inte till organet.")})
    services.close_action(
        action,
        acting_user=acting_user(request),
        status=payload.status,
        meeting=meeting,
        note=payload.note,
        closed_on=payload.closed_on,
    )
    return _action_out(request, action.pk)


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
