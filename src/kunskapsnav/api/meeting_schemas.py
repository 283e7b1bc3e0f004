"""What the meetings API takes and gives.

As in ``api.schemas``, what depends on who asks is decided by the ``*_out`` functions and the
resolvers, from the objects ``meetings.queries`` returns: another body is named only if the
caller may see it, and an action's meeting only if the caller may see that meeting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from kunskapsnav.api.auth import caller
from kunskapsnav.api.schemas import (
    BodyRef,
    Id,
    LocalTime,
    PersonRef,
    Viewer,
    body_ref,
    choice,
    known_body_ref,
    person_ref,
)
from kunskapsnav.meetings.models import (
    ActionItem,
    AgendaItem,
    Approval,
    Attachment,
    Attendance,
    Decision,
    Meeting,
)
from kunskapsnav.meetings.queries import MeetingPage

# --- Meetings in a list ---------------------------------------------------------------------


class MeetingFilterIn(Schema):
    body: Id | None = Field(default=None, description="Organets id.")
    date_from: dt.date | None = Field(default=None, alias="from", description="Från och med.")
    date_to: dt.date | None = Field(default=None, alias="to", description="Till och med.")


class MeetingListItem(Schema):
    """A meeting in the calendar; read from ``queries.calendar`` (with its ``item_count``)."""

    id: int
    body: BodyRef
    title: str
    date: dt.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    place: str
    status: str = choice(Meeting.Status)
    document_type: str = choice(Meeting.DocumentType)
    item_count: int = Field(description="Punkter på dagordningen.")

    @staticmethod
    def resolve_body(obj: Meeting) -> BodyRef:
        return known_body_ref(obj.body)  # a meeting the caller sees is of a body they see


# --- One meeting ----------------------------------------------------------------------------


class MeetingRef(Schema):
    id: int
    date: dt.date
    title: str


class AttachmentOut(Schema):
    id: int
    label: str
    title: str
    size: int
    content_type: str


class DecisionOut(Schema):
    id: int
    text: str
    deciding_body: BodyRef | None = Field(description="Beslutande organ, om du får se det.")
    document_title: str
    document_url: str
    commission_version_id: int | None
    nomination_id: int | None
    closed_body: BodyRef | None


class ActionOut(Schema):
    """An action as a meeting's page shows it (built by ``action_out``)."""

    id: int
    text: str
    body: BodyRef | None = Field(description="Organet som följer upp åtgärden, om du får se det.")
    meeting: MeetingRef | None = Field(description="Mötet där den beslutades, om du får se det.")
    responsible_people: list[PersonRef]
    responsible_bodies: list[BodyRef] = Field(description="Ansvariga organ som du får se.")
    responsible_text: str
    due_date: dt.date | None
    due_text: str
    status: str = choice(ActionItem.Status)
    is_overdue: bool
    closed_on: dt.date | None
    closing_note: str


class ActionListItem(ActionOut):
    """An action in the list; read from ``queries.action_list`` through the resolvers below,
    which ask the same questions as ``action_out``."""

    @staticmethod
    def resolve_body(obj: ActionItem, context: dict[str, Any]) -> BodyRef | None:
        return body_ref(obj.body, caller(context["request"]))

    @staticmethod
    def resolve_meeting(obj: ActionItem, context: dict[str, Any]) -> MeetingRef | None:
        return meeting_ref(obj, caller(context["request"]))

    @staticmethod
    def resolve_responsible_people(obj: ActionItem) -> list[PersonRef]:
        return responsible_people(obj)

    @staticmethod
    def resolve_responsible_bodies(obj: ActionItem, context: dict[str, Any]) -> list[BodyRef]:
        return responsible_bodies(obj, caller(context["request"]))

    @staticmethod
    def resolve_is_overdue(obj: ActionItem) -> bool:
        return obj.is_overdue(timezone.localdate())


class AttendanceOut(Schema):
    id: int
    person: PersonRef | None = Field(description="Personen i registret, om hen finns där.")
    name: str
    status: str = choice(Attendance.Status)
    organisation: str
    role: str


class ItemOut(Schema):
    id: int
    number: str
    title: str
    kind: str = choice(AgendaItem.Kind)
    presenters: list[PersonRef]
    presenter_text: str
    text: str
    struck: bool = Field(description="Punkten utgick.")
    struck_reason: str
    added_after_meeting: bool
    lock_version: int = Field(
        description="Punktens version; skicka den med en ändring för att upptäcka krockar."
    )
    attachments: list[AttachmentOut]
    decisions: list[DecisionOut]
    actions: list[ActionOut]


class ApprovalOut(Schema):
    person: PersonRef
    approved_at: dt.datetime


class MeetingDetail(Schema):
    id: int
    body: BodyRef
    title: str
    date: dt.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    place: str
    online_link: str
    status: str = choice(Meeting.Status)
    document_type: str = choice(Meeting.DocumentType)
    diary_number: str
    chair: PersonRef | None
    secretary: PersonRef | None
    justerare: list[PersonRef]
    introduction: str
    next_meeting_note: str
    moved_from: dt.date | None
    change_note: str
    revision: int = Field(description="Protokollets version; ökar vid varje rättelse.")
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    attendance: list[AttendanceOut]
    items: list[ItemOut]
    decisions: list[DecisionOut] = Field(description="Beslut utanför dagordningens punkter.")
    actions: list[ActionOut] = Field(description="Åtgärder utanför dagordningens punkter.")
    follow_up: list[ActionOut] = Field(
        description="Organets åtgärder från tidigare möten som följs upp vid mötet."
    )
    approvals: list[ApprovalOut] = Field(description="Justeringar av den gällande versionen.")
    attachments: list[AttachmentOut] = Field(description="Bilagor till mötet som helhet.")


def meeting_ref(action: ActionItem, viewer: Viewer) -> MeetingRef | None:
    """The meeting that handed out the action, if the viewer may see that meeting."""
    meeting = action.meeting
    if meeting is None:
        return None
    if meeting.body_id == action.body_id:
        meeting.body = action.body  # already read with the action: the rule reads no more
    if not viewer.has_perm("meetings.view_meeting", meeting):
        return None
    return MeetingRef(id=meeting.pk, date=meeting.date, title=meeting.title)


def responsible_people(action: ActionItem) -> list[PersonRef]:
    return [person_ref(p) for p in action.responsible_people.all()]


def responsible_bodies(action: ActionItem, viewer: Viewer) -> list[BodyRef]:
    """The responsible bodies the viewer may see; the others are not named."""
    return [ref for b in action.responsible_bodies.all() if (ref := body_ref(b, viewer))]


def attachment_out(attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        label=attachment.label,
        title=attachment.title,
        size=attachment.size,
        content_type=attachment.content_type,
    )


def decision_out(decision: Decision, viewer: Viewer) -> DecisionOut:
    return DecisionOut(
        id=decision.pk,
        text=decision.text,
        deciding_body=body_ref(decision.deciding_body, viewer),
        document_title=decision.document_title,
        document_url=decision.document_url,
        commission_version_id=decision.commission_version_id,
        nomination_id=decision.nomination_id,
        closed_body=body_ref(decision.closed_body, viewer),
    )


def action_out(action: ActionItem, viewer: Viewer) -> ActionOut:
    return ActionOut(
        id=action.pk,
        text=action.text,
        body=body_ref(action.body, viewer),
        meeting=meeting_ref(action, viewer),
        responsible_people=responsible_people(action),
        responsible_bodies=responsible_bodies(action, viewer),
        responsible_text=action.responsible_text,
        due_date=action.due_date,
        due_text=action.due_text,
        status=action.status,
        is_overdue=action.is_overdue(timezone.localdate()),
        closed_on=action.closed_on,
        closing_note=action.closing_note,
    )


def item_out(item: AgendaItem, viewer: Viewer) -> ItemOut:
    decisions: list[Decision] = item.all_decisions  # type: ignore[attr-defined]
    actions: list[ActionItem] = item.all_actions  # type: ignore[attr-defined]
    return ItemOut(
        id=item.pk,
        number=item.number,
        title=item.title,
        kind=item.kind,
        presenters=[person_ref(p) for p in item.presenters.all()],
        presenter_text=item.presenter_text,
        text=item.text,
        struck=item.struck,
        struck_reason=item.struck_reason,
        added_after_meeting=item.added_after_meeting,
        lock_version=item.lock_version,
        attachments=[attachment_out(a) for a in item.attachments.all()],
        decisions=[decision_out(d, viewer) for d in decisions],
        actions=[action_out(a, viewer) for a in actions],
    )


def attendance_out(attendance: Attendance) -> AttendanceOut:
    return AttendanceOut(
        id=attendance.pk,
        person=person_ref(attendance.person) if attendance.person is not None else None,
        name=attendance.display_name,
        status=attendance.status,
        organisation=attendance.organisation,
        role=attendance.role,
    )


def approval_out(approval: Approval) -> ApprovalOut:
    return ApprovalOut(person=person_ref(approval.person), approved_at=approval.approved_at)


def meeting_detail_out(page: MeetingPage, viewer: Viewer) -> MeetingDetail:
    """A meeting as ``queries.meeting_page`` prefetched it; no further queries."""
    meeting = page.meeting
    attachments: list[Attachment] = meeting.meeting_attachments  # type: ignore[attr-defined]
    return MeetingDetail(
        id=meeting.pk,
        body=known_body_ref(meeting.body),
        title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        place=meeting.place,
        online_link=meeting.online_link,
        status=meeting.status,
        document_type=meeting.document_type,
        diary_number=meeting.diary_number,
        chair=person_ref(meeting.chair) if meeting.chair is not None else None,
        secretary=person_ref(meeting.secretary) if meeting.secretary is not None else None,
        justerare=[person_ref(p) for p in meeting.justerare.all()],
        introduction=meeting.introduction,
        next_meeting_note=meeting.next_meeting_note,
        moved_from=meeting.moved_from,
        change_note=meeting.change_note,
        revision=meeting.revision,
        approved_at=meeting.approved_at,
        published_at=meeting.published_at,
        attendance=[attendance_out(a) for a in page.attendance],
        items=[item_out(i, viewer) for i in page.items],
        decisions=[decision_out(d, viewer) for d in page.loose_decisions],
        actions=[action_out(a, viewer) for a in page.loose_actions],
        follow_up=[action_out(a, viewer) for a in page.follow_up],
        approvals=[approval_out(a) for a in page.approvals],
        attachments=[attachment_out(a) for a in attachments],
    )


# --- Writes ---------------------------------------------------------------------------------


class MeetingIn(Schema):
    body_id: Id
    date: dt.date
    title: str = Field(default="", description='T.ex. "Extra möte"; tomt annars.')
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    place: str = ""
    online_link: str = ""
    document_type: str = choice(Meeting.DocumentType, Meeting.DocumentType.MINNESANTECKNINGAR.value)
    diary_number: str = ""
    chair_id: Id | None = None
    secretary_id: Id | None = None
    introduction: str = ""
    next_meeting_note: str = ""


class ItemIn(Schema):
    title: str
    kind: str = choice(AgendaItem.Kind, AgendaItem.Kind.OVRIGT.value)
    number: str | None = Field(default=None, description="Tomt: nästa nummer i ordningen.")
    text: str = ""
    presenter_ids: list[Id] = Field(default_factory=list, description="Föredragandenas id.")
    presenter_text: str = ""


class ItemPatch(Schema):
    """The fields to change; a field left out is left as it is, ``null`` clears a text."""

    title: str | None = None
    number: str | None = None
    kind: str | None = choice(AgendaItem.Kind, None)
    text: str | None = None
    presenter_ids: list[Id] | None = None
    presenter_text: str | None = None
    struck: bool | None = Field(default=None, description="Punkten utgick.")
    struck_reason: str | None = None
    lock_version: int | None = Field(
        default=None,
        ge=0,
        le=2**31 - 1,
        description="Versionen du läste; har någon annan sparat sedan dess blir svaret 422.",
    )


class DecisionIn(Schema):
    text: str
    item_id: Id | None = Field(default=None, description="Punkten; tomt: utanför dagordningen.")
    deciding_body_id: Id | None = Field(default=None, description="Tomt: mötets organ.")
    document_title: str = ""
    document_url: str = ""


class ActionIn(Schema):
    text: str
    item_id: Id | None = Field(default=None, description="Punkten; tomt: utanför dagordningen.")
    responsible_person_ids: list[Id] = Field(default_factory=list)
    responsible_body_ids: list[Id] = Field(default_factory=list)
    responsible_text: str = ""
    due_date: dt.date | None = None
    due_text: str = Field(default="", description='T.ex. "under hösten".')


class ActionPatch(Schema):
    """The fields to change; a field left out is left as it is, ``null`` clears it.

    A status here keeps the action open (``open``, ``in_progress``); closing goes through
    ``/close``.
    """

    text: str | None = None
    responsible_person_ids: list[Id] | None = None
    responsible_body_ids: list[Id] | None = None
    responsible_text: str | None = None
    due_date: dt.date | None = None
    due_text: str | None = None
    status: str | None = choice(ActionItem.Status, None)


class ActionCloseIn(Schema):
    status: str = Field(
        default=ActionItem.Status.DONE.value,
        json_schema_extra={"enum": [ActionItem.Status.DONE, ActionItem.Status.CANCELLED]},
    )
    note: str = ""
    meeting_id: Id | None = Field(
        default=None, description="Mötet där åtgärden avslutades; ett möte i organet."
    )
    closed_on: dt.date | None = Field(default=None, description="Tomt: mötets datum eller i dag.")


class AttendanceIn(Schema):
    """A person in the registry, or a guest by name; a second call for the same one updates."""

    person_id: Id | None = None
    name: str = Field(default="", description="När personen inte finns i registret.")
    status: str = choice(Attendance.Status, Attendance.Status.NARVARANDE.value)
    organisation: str = ""
    role: str = ""


class TransitionIn(Schema):
    to: Literal["kalla", "genomfort", "justera", "publicera"] = Field(
        description=(
            "kalla: kallelsen är skickad; genomfort: mötet hölls; justera: din justering av "
            "protokollet; publicera: det justerade protokollet publiceras."
        )
    )


# --- Actions --------------------------------------------------------------------------------

#: The status filter of the action list: "" (open ones), "all", or one status.
ACTION_STATUSES = ("", "all", *ActionItem.Status.values)


class ActionFilterIn(Schema):
    responsible: str | None = Field(
        default=None, description='En persons id, eller "me" för dina egna åtgärder.'
    )
    status: str | None = Field(
        default=None,
        description='Tomt: öppna åtgärder; "all": alla; annars en status.',
        json_schema_extra={"enum": list(ACTION_STATUSES[1:])},
    )
    overdue: bool | None = Field(default=None, description="Bara försenade åtgärder.")
    body: Id | None = Field(default=None, description="Organets id.")

    @field_validator("status")
    @classmethod
    def known_status(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and value not in ACTION_STATUSES:
            # Worded like the schema's other (pydantic) messages for a malformed request.
            raise ValueError(f"Input should be one of {', '.join(ACTION_STATUSES[1:])}")
        return value

    @field_validator("responsible")
    @classmethod
    def person_or_me(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and value != "me" and not value.isdigit():
            raise ValueError('Input should be a person id or "me"')
        return value
