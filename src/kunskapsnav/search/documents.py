"""What is searchable, and keeping the index current.

Each searchable model has a function that describes one object as a document (``Doc``), or
``None`` when it should not be found. ``index(obj)`` writes or removes its document;
``index_meeting`` refreshes a meeting and everything in it (their visibility follows the
meeting's status). The app connects these to ``post_save``/``post_delete`` (``apps.py``), so
every write through the ORM keeps the index current in the same transaction. Bulk writes that
bypass signals (``QuerySet.update``) are followed by ``reindex_all`` (``kunskapsnav reindex``).

Visibility (the same rules as ``accounts/rules.py``): a meeting, its agenda items, decisions,
attachments and the actions it hands out are public once the minutes are published and the body
is public; members of the body see them always. Bodies are public when marked public; people and
kunskapsstöd are public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.guidance.models import Kunskapsstod
from kunskapsnav.meetings.models import ActionItem, AgendaItem, Attachment, Decision, Meeting
from kunskapsnav.registry.models import Body, Person
from kunskapsnav.search.models import SearchDocument
from kunskapsnav.search.text import index_text

Kind = SearchDocument.Kind
MAX_TEXT = 200_000
#: Documents written at a time by ``reindex_all`` (memory stays flat at any scale).
REINDEX_BATCH = 2_000

#: Words indexed with every document of a kind, so that "beslutade strategi" finds decisions
#: about a strategy even when the decision's own text does not say "beslut".
KIND_WORDS: dict[str, str] = {
    Kind.MEETING: "möte protokoll minnesanteckningar",
    Kind.ITEM: "punkt ärende",
    Kind.DECISION: "beslut",
    Kind.ACTION: "åtgärd uppdrag",
    Kind.ATTACHMENT: "bilaga",
    Kind.BODY: "organ",
    Kind.PERSON: "person",
    Kind.KUNSKAPSSTOD: "kunskapsstöd",
    Kind.REGION: "region",
    Kind.KOMMUN: "kommun",
}


@dataclass
class Doc:
    title: str
    text: str
    url: str
    context: str = ""
    body: Body | None = None
    region_id: int | None = None
    level: str = ""
    status: str = ""
    date: dt.date | None = None
    published: bool = True


def _meeting_facts(meeting: Meeting) -> dict[str, Any]:
    body = meeting.body
    return {
        "body": body,
        "region_id": body.region_id,
        "level": body.level,
        "date": meeting.date,
        "published": meeting.is_published,
    }


def _meeting_label(meeting: Meeting) -> str:
    """The body; the meeting's date is the document's date, shown beside it."""
    return meeting.body.name


def meeting_doc(meeting: Meeting) -> Doc:
    parts = [meeting.title, meeting.place, meeting.introduction, meeting.next_meeting_note]
    return Doc(
        title=str(meeting),
        text="\n".join(p for p in parts if p),
        url=meeting.get_absolute_url(),
        context=meeting.body.name,
        status=meeting.status,
        **_meeting_facts(meeting),
    )


def item_doc(item: AgendaItem) -> Doc:
    meeting = item.meeting
    return Doc(
        title=str(item),
        text="\n".join(p for p in (item.presenter_text, item.text) if p),
        url=f"{meeting.get_absolute_url()}#item-{item.pk}",
        context=_meeting_label(meeting),
        status=meeting.status,
        **_meeting_facts(meeting),
    )


def decision_doc(decision: Decision) -> Doc:
    meeting = decision.meeting
    title = str(decision.item) if decision.item_id else str(meeting)
    return Doc(
        title=title,
        text=decision.text,
        url=meeting.get_absolute_url() + (f"#item-{decision.item_id}" if decision.item_id else ""),
        context=_meeting_label(meeting),
        status=meeting.status,
        **_meeting_facts(meeting),
    )


def action_doc(action: ActionItem) -> Doc:
    body = action.body
    meeting = action.meeting
    return Doc(
        title=action.text[:200],
        text="\n".join(p for p in (action.text, action.responsible_text, action.due_text) if p),
        url=action.get_absolute_url(),
        context=_meeting_label(meeting) if meeting else body.name,
        body=body,
        region_id=body.region_id,
        level=body.level,
        status=action.status,
        date=action.due_date or (meeting.date if meeting else None),
        # The rules: an action is on public record once the minutes handing it out are.
        published=bool(meeting and meeting.is_published),
    )


def attachment_doc(attachment: Attachment) -> Doc:
    meeting = attachment.meeting
    return Doc(
        title=str(attachment),
        text=attachment.text[:MAX_TEXT],
        # Through the download view, which checks who may read the meeting; never the media path.
        url=reverse("meetings:attachment_download", args=[attachment.pk]),
        context=_meeting_label(meeting),
        status=meeting.status,
        **_meeting_facts(meeting),
    )


def body_doc(body: Body) -> Doc:
    names = [body.short_name, body.purpose, body.region.name if body.region_id else ""]  # type: ignore[union-attr]
    return Doc(
        title=body.name,
        text="\n".join(p for p in names if p),
        url=body.get_absolute_url(),
        context=body.get_level_display(),
        body=body,
        region_id=body.region_id,
        level=body.level,
        status=body.status,
    )


def person_doc(person: Person) -> Doc:
    organisation = person.organisation.name if person.organisation_id else ""  # type: ignore[union-attr]
    return Doc(
        title=person.name,
        text="\n".join(p for p in (person.title, organisation) if p),
        url=person.get_absolute_url(),
        context=organisation,
    )


def kunskapsstod_doc(stod: Kunskapsstod) -> Doc:
    aliases = " ".join(str(a) for a in stod.aliases or [])
    return Doc(
        title=stod.name,
        text="\n".join(p for p in (stod.full_name, aliases, stod.note, stod.code) if p),
        url=stod.get_absolute_url(),
        context=stod.type.name if stod.type_id else "",
        status=stod.status,
        date=stod.approved_on or stod.published_on,
    )


def region_doc(region: Region) -> Doc:
    return Doc(
        title=region.name,
        text="\n".join(p for p in (region.short_name, region.lan_name) if p),
        url=region.get_absolute_url(),
        region_id=region.pk,
    )


def kommun_doc(kommun: Kommun) -> Doc:
    return Doc(
        title=kommun.name,
        text="\n".join(p for p in (kommun.official_name, kommun.region.name) if p),
        url=kommun.get_absolute_url(),
        context=kommun.region.name,
        region_id=kommun.region_id,
    )


#: Model → (kind, describe, related objects to load with it).
REGISTRY: dict[type[models.Model], tuple[str, Any, tuple[str, ...]]] = {
    Meeting: (Kind.MEETING, meeting_doc, ("body",)),
    AgendaItem: (Kind.ITEM, item_doc, ("meeting__body",)),
    Decision: (Kind.DECISION, decision_doc, ("meeting__body", "item")),
    ActionItem: (Kind.ACTION, action_doc, ("body", "meeting__body")),
    Attachment: (Kind.ATTACHMENT, attachment_doc, ("meeting__body",)),
    Body: (Kind.BODY, body_doc, ("region",)),
    Person: (Kind.PERSON, person_doc, ("organisation",)),
    Kunskapsstod: (Kind.KUNSKAPSSTOD, kunskapsstod_doc, ("type",)),
    Region: (Kind.REGION, region_doc, ()),
    Kommun: (Kind.KOMMUN, kommun_doc, ("region",)),
}


def _fields(kind: str, doc: Doc) -> dict[str, Any]:
    body = doc.body
    return {
        "title": doc.title[:500],
        "text": doc.text[:MAX_TEXT],
        "context": doc.context[:500],
        "url": doc.url[:500],
        "title_terms": index_text(f"{doc.title} {KIND_WORDS[kind]}"),
        "terms": index_text(doc.text[:MAX_TEXT]),
        "body": body,
        "region_id": doc.region_id,
        "level": doc.level,
        "status": doc.status,
        "date": doc.date,
        "body_public": body.is_public if body is not None else True,
        "published": doc.published,
        "indexed_at": timezone.now(),
    }


def index(obj: models.Model) -> None:
    """Write (or refresh) the document of ``obj``."""
    kind, describe, _related = REGISTRY[type(obj)]
    SearchDocument.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults=_fields(kind, describe(obj))
    )


def unindex(model: type[models.Model], pk: Any) -> None:
    kind = REGISTRY[model][0]
    SearchDocument.objects.filter(kind=kind, object_id=pk).delete()


@transaction.atomic
def index_meeting(meeting: Meeting) -> None:
    """A meeting and everything in it: their visibility follows the meeting's status."""
    index(meeting)
    for model in (AgendaItem, Decision, Attachment, ActionItem):
        _related = REGISTRY[model][2]
        for obj in model.objects.filter(meeting=meeting).select_related(*_related):
            index(obj)


def body_visibility_changed(body: Body) -> None:
    """A body made public or private: every document of the body follows."""
    SearchDocument.objects.filter(body=body).update(body_public=body.is_public)


def _all_of(model: type[models.Model]) -> Iterable[models.Model]:
    related = REGISTRY[model][2]
    manager: Any = model._default_manager
    objects: Iterable[models.Model] = (
        manager.select_related(*related).order_by("pk").iterator(chunk_size=500)
    )
    return objects


@transaction.atomic
def reindex_all() -> dict[str, int]:
    """Rebuild the whole index; the number of documents per kind."""
    SearchDocument.objects.all().delete()
    counts: dict[str, int] = {}
    for model, (kind, describe, _related) in REGISTRY.items():
        counts[kind] = 0
        batch: list[SearchDocument] = []
        for obj in _all_of(model):
            batch.append(
                SearchDocument(kind=kind, object_id=obj.pk, **_fields(kind, describe(obj)))
            )
            if len(batch) == REINDEX_BATCH:
                SearchDocument.objects.bulk_create(batch)
                counts[kind] += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        counts[kind] += len(batch)
    return counts
