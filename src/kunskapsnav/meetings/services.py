"""Writes to meetings: each service atomic, validated, audited, permission-checked.

Approved minutes are locked: a service that would change the content of a justerat or publicerat
meeting refuses (``ValidationError``) until ``reopen_for_correction`` records why it changes.
Concurrent edits of the same meeting or item are caught by optimistic locking: the caller passes
the ``lock_version`` it read, and ``EditConflictError`` says who changed it since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import User
from kunskapsnav.core import uploads
from kunskapsnav.core.audit import attribute, save_audited
from kunskapsnav.meetings.models import (
    ActionItem,
    AgendaItem,
    Approval,
    Attachment,
    Attendance,
    Correction,
    Decision,
    Meeting,
    MeetingSeries,
)
from kunskapsnav.registry.models import Body, Person
from kunskapsnav.registry.services import require


class EditConflictError(ValidationError):
    """Someone else saved the same meeting or item after the caller read it."""


def _require_editable(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(
            _(
                "Protokollet är justerat och låst. Öppna det för rättelse för att ändra, "
                "så syns ändringen i historiken."
            )
        )


def _check_version(obj: Meeting | AgendaItem, expected: int | None) -> None:
    """Raise ``EditConflictError`` when ``obj`` was saved by someone else since ``expected``."""
    if expected is None:
        return
    # The row stays locked until the caller's transaction ends, so that nobody saves between
    # this check and the caller's save (PostgreSQL; SQLite's BEGIN IMMEDIATE already
    # serialises writers). Without it two editors of the same version could both pass.
    current = (
        type(obj)
        .objects.select_for_update()
        .filter(pk=obj.pk)
        .values_list("lock_version", flat=True)
        .first()
    )
    if current is not None and current != expected:
        latest = obj.history.select_related("history_user").first()
        who = str(latest.history_user) if latest and latest.history_user else _("någon annan")
        raise EditConflictError(
            _(
                "%(who)s har ändrat detta medan du skrev. Din text är kvar i formuläret: "
                "jämför med den sparade versionen och spara igen."
            )
            % {"who": who}
        )


def _save_versioned(obj: Meeting | AgendaItem, *, acting_user: User | None, reason: str) -> None:
    obj.lock_version = F("lock_version") + 1
    save_audited(obj, acting_user=acting_user, reason=reason, validate=False)
    obj.refresh_from_db(fields=["lock_version"])


# --- Meetings -------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(body: Body, *, acting_user: User | None, **fields: Any) -> Meeting:
    require(acting_user, "meetings.add_meeting", body)
    if body.is_closed:
        raise ValidationError(_("Ett avvecklat organ håller inga möten."))
    meeting = Meeting(body=body, **fields)
    save_audited(meeting, acting_user=acting_user, reason="create_meeting")
    return meeting


@transaction.atomic
def plan_series(
    body: Body,
    dates: Sequence[dt.date],
    *,
    acting_user: User | None,
    name: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str = "",
    online_link: str = "",
    document_type: str = Meeting.DocumentType.MINNESANTECKNINGAR,
) -> MeetingSeries:
    """Plan a body's meetings on the given dates as one series (e.g. a year of LCHNV)."""
    require(acting_user, "meetings.add_meeting", body)
    if not dates:
        raise ValidationError(_("Ange minst ett datum."))
    ordered = sorted(set(dates))
    series = MeetingSeries(
        body=body,
        name=name or _("Möten %(year)s") % {"year": ordered[0].year},
        start_time=start_time,
        end_time=end_time,
        place=place,
        online_link=online_link,
    )
    save_audited(series, acting_user=acting_user, reason="plan_series")
    for day in ordered:
        create_meeting(
            body,
            acting_user=None,
            series=series,
            date=day,
            start_time=start_time,
            end_time=end_time,
            place=place,
            online_link=online_link,
            document_type=document_type,
        )
    return series


def every_n_weeks(first: dt.date, until: dt.date, weeks: int) -> list[dt.date]:
    """The dates from ``first`` to ``until`` every ``weeks`` weeks (for planning a series)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    days: list[dt.date] = []
    day = first
    while day <= until:
        days.append(day)
        day += dt.timedelta(weeks=weeks)
    return days


@transaction.atomic
def retime_series(
    series: MeetingSeries,
    *,
    acting_user: User | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    from_date: dt.date | None = None,
) -> int:
    """Change the time of the series' meetings from ``from_date`` on ("Ändrad tid för mötena
    under 2022 till kl. 9.00-12.00"); returns how many meetings changed."""
    require(acting_user, "meetings.add_meeting", series.body)
    series.start_time, series.end_time = start_time, end_time
    save_audited(series, acting_user=acting_user, reason="retime_series")
    changed = 0
    meetings = series.meetings.filter(date__gte=from_date or timezone.localdate()).exclude(
        status__in=[*Meeting.LOCKED, Meeting.Status.INSTALLT]
    )
    for meeting in meetings:
        meeting.start_time, meeting.end_time = start_time, end_time
        meeting.ical_sequence += 1
        meeting.full_clean()
        _save_versioned(meeting, acting_user=acting_user, reason="retime_series")
        changed += 1
    return changed


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    acting_user: User | None,
    expected_version: int | None = None,
    justerare: Iterable[Person] | None = None,
    **fields: Any,
) -> Meeting:
    require(acting_user, "meetings.change_meeting", meeting)
    _require_editable(meeting)
    _check_version(meeting, expected_version)
    timing = {"date", "start_time", "end_time", "place", "online_link"}
    if any(getattr(meeting, name) != value for name, value in fields.items() if name in timing):
        meeting.ical_sequence += 1
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    _save_versioned(meeting, acting_user=acting_user, reason="update_meeting")
    if justerare is not None:
        meeting.justerare.set(list(justerare))
    return meeting


@transaction.atomic
def move_meeting(
    meeting: Meeting,
    *,
    acting_user: User | None,
    date: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    reason: str = "",
) -> Meeting:
    """Move one occurrence ("mötet den 9 juni flyttas till 1 juni kl. 13-16"); calendars that
    subscribed see the change, since the UID stays and the SEQUENCE grows."""
    require(acting_user, "meetings.change_meeting", meeting)
    if meeting.has_minutes or meeting.status == Meeting.Status.INSTALLT:
        raise ValidationError(_("Bara ett kommande möte kan flyttas."))
    if meeting.moved_from is None and date != meeting.date:
        meeting.moved_from = meeting.date
    meeting.date = date
    meeting.start_time = start_time if start_time is not None else meeting.start_time
    meeting.end_time = end_time if end_time is not None else meeting.end_time
    meeting.change_note = reason
    meeting.ical_sequence += 1
    meeting.full_clean()
    _save_versioned(meeting, acting_user=acting_user, reason="move_meeting")
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, acting_user: User | None, reason: str = "") -> Meeting:
    require(acting_user, "meetings.change_meeting", meeting)
    if meeting.has_minutes:
        raise ValidationError(_("Ett genomfört möte kan inte ställas in."))
    meeting.status = Meeting.Status.INSTALLT
    meeting.change_note = reason
    meeting.ical_sequence += 1
    _save_versioned(meeting, acting_user=acting_user, reason="cancel_meeting")
    return meeting


@transaction.atomic
def call_meeting(meeting: Meeting, *, acting_user: User | None) -> Meeting:
    """Send out the kallelse: the agenda is set and members are invited."""
    require(acting_user, "meetings.change_meeting", meeting)
    if meeting.status != Meeting.Status.PLANERAT:
        raise ValidationError(_("Bara ett planerat möte kan kallas till."))
    meeting.status = Meeting.Status.KALLAT
    _save_versioned(meeting, acting_user=acting_user, reason="call_meeting")
    return meeting


@transaction.atomic
def mark_held(meeting: Meeting, *, acting_user: User | None) -> Meeting:
    """The meeting took place: its minutes are now a draft to write and approve."""
    require(acting_user, "meetings.change_meeting", meeting)
    if meeting.status not in (Meeting.Status.PLANERAT, Meeting.Status.KALLAT):
        raise ValidationError(_("Mötet är redan genomfört eller inställt."))
    meeting.status = Meeting.Status.GENOMFORT
    _save_versioned(meeting, acting_user=acting_user, reason="mark_held")
    return meeting


# --- Workflow of the minutes ----------------------------------------------------------------


def approvers_of(meeting: Meeting) -> list[Person]:
    """Who approves this revision: the justerare of a protokoll; the chair or the secretary of
    minnesanteckningar (either one suffices)."""
    if meeting.document_type == Meeting.DocumentType.PROTOKOLL:
        return list(meeting.justerare.all())
    return [p for p in (meeting.chair, meeting.secretary) if p is not None]


@transaction.atomic
def approve_minutes(meeting: Meeting, *, acting_user: User) -> Meeting:
    """Record the acting user's approval; the minutes are justerade when it is complete.

    A protokoll needs every justerare's approval in the system. Minnesanteckningar need the
    chair's or the secretary's, or, when the meeting names neither, the body's ordförande or
    samordnare.
    """
    require(acting_user, "meetings.approve_meeting", meeting)
    if meeting.status != Meeting.Status.GENOMFORT:
        raise ValidationError(_("Bara genomförda möten med utkast till protokoll kan justeras."))
    person = acting_user.linked_person()
    if person is None:
        raise ValidationError(
            _("Ditt konto är inte kopplat till en person i registret; be samordnaren koppla det.")
        )
    if meeting.document_type == Meeting.DocumentType.PROTOKOLL and not meeting.justerare.exists():
        raise ValidationError(_("Ange justerare innan protokollet kan justeras."))
    approval, _created = Approval.objects.get_or_create(
        meeting=meeting,
        revision=meeting.revision,
        person=person,
        defaults={"user": acting_user},
    )
    attribute(approval, acting_user=acting_user, reason="approve_minutes")
    approved = set(
        Approval.objects.filter(meeting=meeting, revision=meeting.revision).values_list(
            "person_id", flat=True
        )
    )
    needed = {p.pk for p in approvers_of(meeting)}
    complete = (
        needed <= approved
        if meeting.document_type == Meeting.DocumentType.PROTOKOLL
        else bool(approved)
    )
    if complete:
        meeting.status = Meeting.Status.JUSTERAT
        meeting.approved_at = timezone.now()
        _save_versioned(meeting, acting_user=acting_user, reason="approve_minutes")
    return meeting


@transaction.atomic
def publish_minutes(meeting: Meeting, *, acting_user: User | None) -> Meeting:
    require(acting_user, "meetings.change_meeting", meeting)
    if meeting.status != Meeting.Status.JUSTERAT:
        raise ValidationError(_("Bara justerade protokoll kan publiceras."))
    meeting.status = Meeting.Status.PUBLICERAT
    meeting.published_at = timezone.now()
    _save_versioned(meeting, acting_user=acting_user, reason="publish_minutes")
    return meeting


@transaction.atomic
def reopen_for_correction(meeting: Meeting, *, acting_user: User | None, reason: str) -> Meeting:
    """Unlock approved minutes for a correction: a new revision, which must be approved again."""
    require(acting_user, "meetings.change_meeting", meeting)
    if not meeting.is_locked:
        raise ValidationError(_("Protokollet är inte justerat; det kan ändras direkt."))
    if not reason.strip():
        raise ValidationError(_("Skriv varför protokollet rättas."))
    meeting.revision += 1
    meeting.status = Meeting.Status.GENOMFORT
    meeting.approved_at = None
    meeting.published_at = None
    _save_versioned(meeting, acting_user=acting_user, reason=f"rättelse: {reason.strip()}")
    Correction.objects.create(
        meeting=meeting, revision=meeting.revision, reason=reason.strip(), created_by=acting_user
    )
    return meeting


# --- Agenda ---------------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def add_item(
    meeting: Meeting,
    *,
    acting_user: User | None,
    title: str,
    kind: str = AgendaItem.Kind.OVRIGT,
    number: str | None = None,
    text: str = "",
    presenters: Iterable[Person] = (),
    presenter_text: str = "",
    struck: bool = False,
    struck_reason: str = "",
    added_after_meeting: bool | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda, numbered next unless a number is given."""
    require(acting_user, "meetings.change_meeting", meeting)
    _require_editable(meeting)
    order = _next_order(meeting)
    item = AgendaItem(
        meeting=meeting,
        order=order,
        number=str(order) if number is None else number,
        title=title.strip(),
        kind=kind,
        text=text,
        presenter_text=presenter_text,
        struck=struck,
        struck_reason=struck_reason,
        added_after_meeting=(
            meeting.has_minutes if added_after_meeting is None else added_after_meeting
        ),
    )
    save_audited(item, acting_user=acting_user, reason="add_item")
    presenters = list(presenters)
    if presenters:
        item.presenters.set(presenters)
    return item


@transaction.atomic
def update_item(
    item: AgendaItem,
    *,
    acting_user: User | None,
    expected_version: int | None = None,
    presenters: Iterable[Person] | None = None,
    **fields: Any,
) -> AgendaItem:
    require(acting_user, "meetings.change_meeting", item.meeting)
    _require_editable(item.meeting)
    _check_version(item, expected_version)
    # Save over the row as it is now (locked until commit), not as the caller read it: what this
    # call does not change, such as the place after a move (which keeps the version), stays.
    item.refresh_from_db(from_queryset=AgendaItem.objects.select_for_update())
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["meeting"])
    _save_versioned(item, acting_user=acting_user, reason="update_item")
    if presenters is not None:
        item.presenters.set(list(presenters))
    return item


@transaction.atomic
def move_item(item: AgendaItem, *, acting_user: User | None, up: bool) -> AgendaItem:
    """Move an item one place up or down; numbers that follow the order follow it."""
    require(acting_user, "meetings.change_meeting", item.meeting)
    _require_editable(item.meeting)
    # Locked: an autosave of one of them waits, instead of being written over with the old text.
    items = list(item.meeting.items.select_for_update().order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return item
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        renumber = other.number == str(other.order)
        if other.order != position or renumber:
            other.order = position
            if renumber:
                other.number = str(position)
            save_audited(other, acting_user=acting_user, reason="move_item", validate=False)
    item.refresh_from_db()
    return item


@transaction.atomic
def strike_item(item: AgendaItem, *, acting_user: User | None, reason: str = "") -> AgendaItem:
    """ "Punkten utgick": the item stays on the agenda, marked as struck."""
    return update_item(item, acting_user=acting_user, struck=True, struck_reason=reason)


@transaction.atomic
def delete_item(item: AgendaItem, *, acting_user: User | None) -> None:
    require(acting_user, "meetings.change_meeting", item.meeting)
    _require_editable(item.meeting)
    attribute(item, acting_user=acting_user, reason="delete_item")
    item.delete()


#: Largest attachment accepted.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
#: An Office attachment may not unpack to more than this, nor hold more parts (zip bombs).
MAX_ATTACHMENT_UNPACKED = 200 * 1024 * 1024
MAX_ATTACHMENT_ENTRIES = 10_000
ATTACHMENT_SUFFIXES = (
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".pptx",
    ".odt",
    ".txt",
    ".png",
    ".jpg",
)
#: The content type an attachment is stored and served with, by extension.
ATTACHMENT_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


def attachment_content_type(name: str) -> str:
    """The type a file of this name is served as: never HTML, unknown as plain bytes."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ATTACHMENT_CONTENT_TYPES.get(suffix, "application/octet-stream")


def _read_attachment(upload: UploadedFile, name: str) -> bytes:
    """The upload's bytes, through the shared upload guard (size, type, zip bomb, XML, PDF)."""
    limits = uploads.Limits(
        max_bytes=MAX_ATTACHMENT_BYTES,
        max_unpacked=MAX_ATTACHMENT_UNPACKED,
        max_entries=MAX_ATTACHMENT_ENTRIES,
    )
    try:
        uploads.check_size(upload.size or 0, name, limits)
        upload.seek(0)
        data: bytes = upload.read(MAX_ATTACHMENT_BYTES + 1)
        uploads.check_upload(data, name, limits)
    except uploads.UploadError as refused:
        raise ValidationError(refused.message, code=refused.code) from None
    return data


@transaction.atomic
def add_attachment(
    meeting: Meeting,
    upload: UploadedFile,
    *,
    acting_user: User | None,
    title: str = "",
    label: str = "",
    item: AgendaItem | None = None,
) -> Attachment:
    """Attach a file to the meeting (or one of its items), once the upload guard accepts it.

    The stored name is the uploaded one made safe (no path, no control characters); the
    content type is the one of its extension, not what the browser claimed. Nothing is
    written, neither row nor file, unless everything is valid.
    """
    require(acting_user, "meetings.change_meeting", meeting)
    _require_editable(meeting)
    name = uploads.safe_filename(upload.name, default=_("bilaga"))
    if not name.lower().endswith(ATTACHMENT_SUFFIXES):
        raise ValidationError(
            _("Filtypen tas inte emot. Bifoga PDF, Word, Excel, PowerPoint, text eller bild.")
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Punkten hör till ett annat möte."))
    data = _read_attachment(upload, name)
    attachment = Attachment(
        meeting=meeting,
        item=item,
        title=title.strip() or name,
        label=label.strip(),
        size=len(data),
        content_type=attachment_content_type(name),
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(name, ContentFile(data), save=False)
    try:
        save_audited(attachment, acting_user=acting_user, reason="add_attachment")
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


# --- Attendance -----------------------------------------------------------------------------


@transaction.atomic
def set_attendance(
    meeting: Meeting,
    *,
    acting_user: User | None,
    person: Person | None = None,
    name: str = "",
    status: str = Attendance.Status.NARVARANDE,
    organisation: str = "",
    role: str = "",
) -> Attendance:
    """Record a person's (or a named guest's) attendance; a second call updates the first."""
    require(acting_user, "meetings.change_meeting", meeting)
    _require_editable(meeting)
    if person is None and not name.strip():
        raise ValidationError(_("Ange en person eller ett namn."))
    existing = (
        meeting.attendance.filter(person=person).first()
        if person is not None
        else meeting.attendance.filter(person__isnull=True, name=name.strip()).first()
    )
    attendance = existing or Attendance(
        meeting=meeting,
        person=person,
        name="" if person else name.strip(),
        order=(meeting.attendance.aggregate(top=Max("order"))["top"] or 0) + 1,
    )
    attendance.status = status
    if organisation or not existing:
        attendance.organisation = organisation
    if role or not existing:
        attendance.role = role
    save_audited(attendance, acting_user=acting_user, reason="set_attendance")
    return attendance


@transaction.atomic
def remove_attendance(attendance: Attendance, *, acting_user: User | None) -> None:
    require(acting_user, "meetings.change_meeting", attendance.meeting)
    _require_editable(attendance.meeting)
    attribute(attendance, acting_user=acting_user, reason="remove_attendance")
    attendance.delete()


# --- Decisions ------------------------------------------------------------------------------


@transaction.atomic
def add_decision(
    meeting: Meeting,
    *,
    acting_user: User | None,
    text: str,
    item: AgendaItem | None = None,
    deciding_body: Body | None = None,
    **links: Any,
) -> Decision:
    require(acting_user, "meetings.change_meeting", meeting)
    _require_editable(meeting)
    if not text.strip():
        raise ValidationError(_("Skriv beslutet."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("Punkten hör till ett annat möte."))
    decision = Decision(
        meeting=meeting,
        item=item,
        deciding_body=deciding_body or meeting.body,
        text=text.strip(),
        order=(meeting.decisions.filter(item=item).aggregate(top=Max("order"))["top"] or 0) + 1,
        **links,
    )
    save_audited(decision, acting_user=acting_user, reason="add_decision")
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, acting_user: User | None, **fields: Any) -> Decision:
    require(acting_user, "meetings.change_meeting", decision.meeting)
    _require_editable(decision.meeting)
    for name, value in fields.items():
        setattr(decision, name, value)
    save_audited(decision, acting_user=acting_user, reason="update_decision")
    return decision


@transaction.atomic
def delete_decision(decision: Decision, *, acting_user: User | None) -> None:
    require(acting_user, "meetings.change_meeting", decision.meeting)
    _require_editable(decision.meeting)
    attribute(decision, acting_user=acting_user, reason="delete_decision")
    decision.delete()


# --- Actions --------------------------------------------------------------------------------


@transaction.atomic
def add_action(
    body: Body,
    *,
    acting_user: User | None,
    text: str,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    responsible_people: Iterable[Person] = (),
    responsible_bodies: Iterable[Body] = (),
    responsible_text: str = "",
    due_date: dt.date | None = None,
    due_text: str = "",
) -> ActionItem:
    """Hand out work; the body follows it up at its meetings until it is closed."""
    if meeting is not None:
        require(acting_user, "meetings.change_meeting", meeting)
        _require_editable(meeting)
        if meeting.body_id != body.pk:
            raise ValidationError(_("Åtgärden följs upp av mötets organ."))
    else:
        require(acting_user, "registry.change_body", body)
    if not text.strip():
        raise ValidationError(_("Skriv vad som ska göras."))
    action = ActionItem(
        body=body,
        meeting=meeting,
        item=item,
        text=text.strip(),
        responsible_text=responsible_text.strip(),
        due_date=due_date,
        due_text=due_text.strip(),
        created_by=acting_user,
    )
    if meeting is not None:
        # An action recorded in a meeting's minutes dates from that meeting.
        action.created_at = timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(12)))
    save_audited(action, acting_user=acting_user, reason="add_action")
    people, bodies = list(responsible_people), list(responsible_bodies)
    if people:
        action.responsible_people.set(people)
    if bodies:
        action.responsible_bodies.set(bodies)
    return action


@transaction.atomic
def update_action(
    action: ActionItem,
    *,
    acting_user: User | None,
    responsible_people: Iterable[Person] | None = None,
    responsible_bodies: Iterable[Body] | None = None,
    **fields: Any,
) -> ActionItem:
    require(acting_user, "meetings.change_action", action)
    if "status" in fields and fields["status"] not in ActionItem.OPEN:
        raise ValidationError(_("Använd ”Avsluta åtgärden” för att avsluta den."))
    for name, value in fields.items():
        setattr(action, name, value)
    save_audited(action, acting_user=acting_user, reason="update_action")
    if responsible_people is not None:
        action.responsible_people.set(list(responsible_people))
    if responsible_bodies is not None:
        action.responsible_bodies.set(list(responsible_bodies))
    return action


@transaction.atomic
def close_action(
    action: ActionItem,
    *,
    acting_user: User | None,
    status: str = ActionItem.Status.DONE,
    meeting: Meeting | None = None,
    note: str = "",
    closed_on: dt.date | None = None,
) -> ActionItem:
    """Close an action, at a meeting of its body when given: where and when is recorded."""
    require(acting_user, "meetings.change_action", action)
    if status not in (ActionItem.Status.DONE, ActionItem.Status.CANCELLED):
        raise ValidationError(_("En åtgärd avslutas som klar eller avbruten."))
    if not action.is_open:
        raise ValidationError(_("Åtgärden är redan avslutad."))
    if meeting is not None and meeting.body_id != action.body_id:
        raise ValidationError(_("Åtgärden följs upp av ett annat organ."))
    action.status = status
    action.closed_in = meeting
    action.closed_on = closed_on or (meeting.date if meeting else timezone.localdate())
    action.closing_note = note.strip()
    save_audited(action, acting_user=acting_user, reason="close_action")
    return action


@transaction.atomic
def reopen_action(action: ActionItem, *, acting_user: User | None) -> ActionItem:
    require(acting_user, "meetings.change_action", action)
    if action.is_open:
        return action
    action.status = ActionItem.Status.OPEN
    action.closed_in = None
    action.closed_on = None
    save_audited(action, acting_user=acting_user, reason="reopen_action")
    return action
