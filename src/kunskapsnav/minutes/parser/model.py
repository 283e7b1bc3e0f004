"""The parsed minutes as plain dataclasses, one class per object of ``minutes.schema.json``.

Field names and value sets mirror the schema exactly so that :func:`to_json` is a direct mapping;
the schema (``additionalProperties: false``) is the contract with the review screen and the scorer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DocumentType = Literal["minnesanteckningar", "protokoll", "other"]
AttendeeStatus = Literal["present", "partial", "absent", "adjunct", "guest"]
ItemKind = Literal["decision", "report", "information", "discussion", "other"]


@dataclass
class Attendee:
    name: str
    status: AttendeeStatus = "present"
    organisation: str | None = None
    role: str | None = None


@dataclass
class Presenter:
    name: str
    title: str | None = None
    organisation: str | None = None


@dataclass
class Item:
    number: str | None
    title: str
    kind: ItemKind = "other"
    presenters: list[Presenter] = field(default_factory=list)
    text: str = ""
    struck: bool = False


@dataclass
class Decision:
    item: str | None
    body: str | None
    text: str


@dataclass
class Action:
    item: str | None
    text: str
    responsible: list[str] = field(default_factory=list)
    due: str | None = None


@dataclass
class NextMeeting:
    date: str | None
    text: str


@dataclass
class Minutes:
    document_type: DocumentType = "other"
    body: str | None = None
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    diary_number: str | None = None
    attendees: list[Attendee] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    warnings: list[str] = field(default_factory=list)


def to_json(minutes: Minutes) -> dict[str, Any]:
    """The minutes as the JSON object of ``minutes.schema.json`` (keys in the schema's order)."""
    return {
        "document_type": minutes.document_type,
        "body": minutes.body,
        "date": minutes.date,
        "start_time": minutes.start_time,
        "end_time": minutes.end_time,
        "place": minutes.place,
        "diary_number": minutes.diary_number,
        "attendees": [
            {"name": a.name, "status": a.status, "organisation": a.organisation, "role": a.role}
            for a in minutes.attendees
        ],
        "items": [
            {
                "number": i.number,
                "title": i.title,
                "kind": i.kind,
                "presenters": [
                    {"name": p.name, "title": p.title, "organisation": p.organisation}
                    for p in i.presenters
                ],
                "text": i.text,
                "struck": i.struck,
            }
            for i in minutes.items
        ],
        "decisions": [{"item": d.item, "body": d.body, "text": d.text} for d in minutes.decisions],
        "actions": [
            {"item": a.item, "text": a.text, "responsible": list(a.responsible), "due": a.due}
            for a in minutes.actions
        ],
        "next_meeting": (
            None
            if minutes.next_meeting is None
            else {"date": minutes.next_meeting.date, "text": minutes.next_meeting.text}
        ),
        "warnings": list(minutes.warnings),
    }
