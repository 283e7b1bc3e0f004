"""From an uploaded file to a meeting: extract, parse, match, review, apply.

The pure parser (``minutes.parser``) knows nothing of the registry. Here its JSON is matched to
people and bodies, the reviewer's choices are kept in ``ImportDocument.review``, and ``apply``
writes the meeting through the meeting services in one transaction. A file already imported
(same SHA-256) is refused with a pointer to what it became.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import User
from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import AgendaItem, Attendance, Meeting
from kunskapsnav.minutes import matching
from kunskapsnav.minutes.models import ImportBatch, ImportDocument
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Body, Person
from kunskapsnav.registry.services import require

STATUS = {
    "present": Attendance.Status.NARVARANDE,
    "partial": Attendance.Status.DEL_AV_MOTET,
    "absent": Attendance.Status.FRANVARANDE,
    "adjunct": Attendance.Status.ADJUNGERAD,
    "guest": Attendance.Status.GAST,
}
KIND = {
    "decision": AgendaItem.Kind.BESLUT,
    "report": AgendaItem.Kind.RAPPORT,
    "information": AgendaItem.Kind.INFORMATION,
    "discussion": AgendaItem.Kind.DISKUSSION,
    "other": AgendaItem.Kind.OVRIGT,
}
DOCUMENT_TYPE = {
    "protokoll": Meeting.DocumentType.PROTOKOLL,
    "minnesanteckningar": Meeting.DocumentType.MINNESANTECKNINGAR,
}


@dataclass
class DuplicateImportError(Exception):
    """The same file was imported (or is waiting for review) already."""

    meeting: Meeting | None = None
    document: ImportDocument | None = None

    def __str__(self) -> str:
        if self.meeting is not None:
            return _("Filen är redan importerad som mötet %(meeting)s.") % {"meeting": self.meeting}
        return _("Filen är redan uppladdad och väntar på granskning.")

    @property
    def url(self) -> str:
        if self.meeting is not None:
            return self.meeting.get_absolute_url()
        return self.document.get_absolute_url() if self.document else ""


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ensure_new(digest: str) -> None:
    meeting = Meeting.objects.filter(source_hash=digest).first()
    if meeting is not None:
        raise DuplicateImportError(meeting=meeting)
    waiting = (
        ImportDocument.objects.filter(sha256=digest)
        .exclude(status__in=[ImportDocument.Status.FAILED, ImportDocument.Status.DISCARDED])
        .first()
    )
    if waiting is not None:
        raise DuplicateImportError(meeting=waiting.meeting, document=waiting)


def create_document(
    data: bytes,
    filename: str,
    *,
    acting_user: User | None,
    body: Body | None = None,
    batch: ImportBatch | None = None,
) -> ImportDocument:
    """Store an uploaded file for parsing; a duplicate raises ``DuplicateImportError``."""
    from django.core.files.base import ContentFile

    if body is not None:
        require(acting_user, "meetings.add_meeting", body)
    digest = file_hash(data)
    ensure_new(digest)
    document = ImportDocument(
        original_name=filename[:255],
        sha256=digest,
        body=body,
        batch=batch,
        uploaded_by=acting_user,
    )
    document.file.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # a concurrent upload of the same file won the race
        raise DuplicateImportError() from exc
    return document


def parse_document(document: ImportDocument) -> ImportDocument:
    """Extract the text, parse it and propose matches; a file that cannot be read says why."""
    from kunskapsnav.minutes.extract import ExtractionError, extract_text
    from kunskapsnav.minutes.parser import parse, to_json

    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        text = extract_text(data, document.original_name)
        parsed = to_json(parse(text))
    except ExtractionError as error:
        document.status = ImportDocument.Status.FAILED
        document.error = str(error)
        document.save(update_fields=["status", "error"])
        return document
    document.text = text
    document.parsed = parsed
    document.review = build_review(parsed, document.body)
    if document.body is None and document.review.get("body_id"):
        document.body = Body.objects.filter(pk=document.review["body_id"]).first()
    document.status = ImportDocument.Status.PARSED
    document.parsed_at = timezone.now()
    document.error = ""
    document.save()
    return document


def _person_entry(
    name: str,
    people: matching.MeetingPeople,
    *,
    organisation: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    candidates = matching.match_person(
        name, organisation=organisation, title=title, meeting_people=people
    )
    chosen = matching.best(candidates)
    return {
        "name": name,
        "candidates": [c.as_dict() for c in candidates],
        "choice": f"p:{chosen.id}" if chosen else ("new" if len(name.split()) > 1 else "none"),
    }


def build_review(parsed: dict[str, Any], body: Body | None) -> dict[str, Any]:
    """The proposed matches for every name in ``parsed``, in the form the review edits."""
    body_candidates = matching.match_body(parsed.get("body"))
    if body is None:
        chosen = matching.best(body_candidates)
        if chosen is not None:
            body = Body.objects.filter(pk=chosen.id).first()
    people = matching.MeetingPeople.of_body(body)
    attendees = []
    for attendee in parsed.get("attendees", []):
        entry = _person_entry(
            attendee["name"],
            people,
            organisation=attendee.get("organisation"),
            title=attendee.get("role"),
        )
        entry["status"] = STATUS.get(
            attendee.get("status", "present"), Attendance.Status.NARVARANDE
        )
        if entry["choice"].startswith("p:"):
            people.add(Person.objects.filter(pk=int(entry["choice"][2:])))
        attendees.append(entry)
    items = []
    for item in parsed.get("items", []):
        items.append(
            {
                "presenters": [
                    _person_entry(
                        p["name"], people, organisation=p.get("organisation"), title=p.get("title")
                    )
                    for p in item.get("presenters", [])
                ]
            }
        )
    bodies = list(Body.objects.all())
    actions = []
    for action in parsed.get("actions", []):
        responsible = []
        for name in action.get("responsible", []):
            body_match = matching.best(matching.match_body(name, bodies)) if len(name) > 4 else None
            if body_match is not None:
                responsible.append({"name": name, "candidates": [], "choice": f"b:{body_match.id}"})
            else:
                entry = _person_entry(name, people)
                if entry["choice"] == "new":
                    entry["choice"] = "none"  # a responsible party is not registered on a guess
                responsible.append(entry)
        actions.append({"responsible": responsible})
    return {
        "body_id": body.pk if body is not None else None,
        "body_candidates": [c.as_dict() for c in body_candidates],
        "date": parsed.get("date"),
        "start_time": parsed.get("start_time"),
        "end_time": parsed.get("end_time"),
        "place": parsed.get("place") or "",
        "diary_number": parsed.get("diary_number") or "",
        "document_type": DOCUMENT_TYPE.get(
            parsed.get("document_type") or "", Meeting.DocumentType.MINNESANTECKNINGAR
        ),
        "approved": True,
        "attendees": attendees,
        "items": items,
        "actions": actions,
    }


def without_decisions(text: str, decisions: list[str]) -> str:
    """The item's text without its decision clauses, which the meeting shows as decisions."""
    for clause in decisions:
        text = text.replace(clause, "")
    return "\n".join(line for line in text.splitlines() if line.strip())


def _person_for(entry: dict[str, Any], *, acting_user: User | None) -> Person | None:
    choice = str(entry.get("choice", "none"))
    if choice.startswith("p:"):
        return Person.objects.filter(pk=int(choice[2:])).first()
    if choice == "new":
        return registry.create_person(acting_user=acting_user, name=entry["name"])
    return None


def _parse_date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({field: _("”%(value)s” är inget datum.") % {"value": value}}) from exc


def period_end(text: str) -> dt.date | None:
    """The last day of a period written in words: "januari/februari 2021" → 2021-02-28,
    "våren 2022" → None (a season is too vague to chase as a deadline)."""
    import calendar
    import re

    from kunskapsnav.minutes.parser.dates import MONTHS

    lowered = text.casefold()
    years = re.findall(r"\b(20\d\d)\b", lowered)
    months = [number for name, number in MONTHS.items() if re.search(rf"\b{name}\b", lowered)]
    if not years or not months:
        return None
    year, month = int(years[-1]), max(months)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _parse_time(value: str | None) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        return None


@transaction.atomic
def apply(document: ImportDocument, *, acting_user: User | None) -> Meeting:
    """Save the reviewed document as a meeting, all or nothing."""
    if document.status != ImportDocument.Status.PARSED or not document.parsed:
        raise ValidationError(_("Dokumentet är inte granskat och klart att importera."))
    review, parsed = document.review, document.parsed
    body = Body.objects.filter(pk=review.get("body_id") or 0).first()
    if body is None:
        raise ValidationError(_("Välj vilket organ mötet hölls i."))
    date = _parse_date(review.get("date"), "date")
    if date is None:
        raise ValidationError(_("Ange mötets datum: protokollet anger inget."))
    already = Meeting.objects.filter(source_hash=document.sha256).first()
    if already is not None:
        raise DuplicateImportError(meeting=already)
    next_meeting = parsed.get("next_meeting") or {}
    meeting = meetings.create_meeting(
        body,
        acting_user=acting_user,
        date=date,
        start_time=_parse_time(review.get("start_time")),
        end_time=_parse_time(review.get("end_time")),
        place=review.get("place", "")[:200],
        diary_number=review.get("diary_number", "")[:60],
        document_type=review.get("document_type", Meeting.DocumentType.MINNESANTECKNINGAR),
        status=Meeting.Status.GENOMFORT,
        next_meeting_note=(next_meeting.get("text") or "")[:300],
        source_hash=document.sha256,
        source_name=document.original_name[:255],
    )
    for attendee, entry in zip(
        parsed.get("attendees", []), review.get("attendees", []), strict=False
    ):
        person = _person_for(entry, acting_user=acting_user)
        meetings.set_attendance(
            meeting,
            acting_user=acting_user,
            person=person,
            name="" if person else attendee["name"],
            status=entry.get("status") or STATUS.get(attendee.get("status", ""), "narvarande"),
            organisation=(attendee.get("organisation") or "")[:200],
            role=(attendee.get("role") or "")[:200],
        )
    decided: dict[str | None, list[str]] = {}
    for decision in parsed.get("decisions", []):
        decided.setdefault(decision.get("item"), []).append(decision["text"])
    items_by_number: dict[str | None, AgendaItem] = {}
    for position, (item, entry) in enumerate(
        zip(parsed.get("items", []), review.get("items", []), strict=False), start=1
    ):
        presenters: list[Person] = []
        loose: list[str] = []
        for presenter, choice in zip(
            item.get("presenters", []), entry.get("presenters", []), strict=False
        ):
            person = _person_for(choice, acting_user=acting_user)
            if person is not None:
                presenters.append(person)
            else:
                loose.append(
                    ", ".join(
                        v
                        for v in (
                            presenter["name"],
                            presenter.get("title"),
                            presenter.get("organisation"),
                        )
                        if v
                    )
                )
        created = meetings.add_item(
            meeting,
            acting_user=acting_user,
            title=item["title"][:500] or _("(utan rubrik)"),
            kind=KIND.get(item.get("kind", "other"), AgendaItem.Kind.OVRIGT),
            number=item.get("number") or str(position),
            text=without_decisions(item.get("text", ""), decided.get(item.get("number"), [])),
            presenters=presenters,
            presenter_text="\n".join(loose),
            struck=bool(item.get("struck")),
            added_after_meeting=False,
        )
        items_by_number.setdefault(item.get("number"), created)
    for decision in parsed.get("decisions", []):
        meetings.add_decision(
            meeting,
            acting_user=acting_user,
            text=decision["text"],
            item=items_by_number.get(decision.get("item")),
        )
    for action, entry in zip(parsed.get("actions", []), review.get("actions", []), strict=False):
        people: list[Person] = []
        bodies: list[Body] = []
        for choice in entry.get("responsible", []):
            value = str(choice.get("choice", "none"))
            if value.startswith("b:"):
                found = Body.objects.filter(pk=int(value[2:])).first()
                if found is not None:
                    bodies.append(found)
            else:
                person = _person_for(choice, acting_user=acting_user)
                if person is not None:
                    people.append(person)
        due = action.get("due")
        due_date = None
        if due:
            try:
                due_date = dt.date.fromisoformat(due)
            except ValueError:
                due_date = period_end(due)
        meetings.add_action(
            body,
            acting_user=acting_user,
            meeting=meeting,
            item=items_by_number.get(action.get("item")),
            text=action["text"],
            responsible_people=people,
            responsible_bodies=bodies,
            responsible_text=", ".join(action.get("responsible", []))[:300],
            due_date=due_date,
            due_text="" if due and due_date and due == due_date.isoformat() else (due or "")[:100],
        )
    if review.get("approved"):
        # Minutes that were approved on paper arrive approved: the import is the record of it.
        meeting.status = Meeting.Status.JUSTERAT
        meeting.approved_at = timezone.now()
        meeting.save(update_fields=["status", "approved_at"])
    document.meeting = meeting
    document.status = ImportDocument.Status.IMPORTED
    document.body = body
    document.save(update_fields=["meeting", "status", "body"])
    return meeting
