"""Meetings as iCalendar feeds that Outlook, Google and Apple calendars subscribe to.

Each meeting is one VEVENT whose UID never changes and whose SEQUENCE grows whenever the
meeting is moved, retimed or cancelled (the services count it in ``Meeting.ical_sequence``), so
a subscribed calendar updates the event instead of adding a second one.

Calendar apps fetch feeds without a session, so a feed's address carries a signed token
(``feed_token``): one per body (its meetings) and one per person (the meetings of the bodies in
which they hold a current membership). Anyone with the address reads the feed; the address is
handed only to those who may see it (``feed_url_for``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kunskapsnav.meetings.models import AgendaItem, Meeting
from kunskapsnav.registry.models import Body, Membership, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User

SALT = "kunskapsnav.ical"
FeedKind = Literal["body", "person"]
KINDS: tuple[FeedKind, ...] = ("body", "person")
#: How far back a feed reaches; calendars keep what they already have.
PAST_DAYS = 365


# --- Signed feed addresses ------------------------------------------------------------------


def feed_token(kind: FeedKind, pk: int) -> str:
    """A token naming one feed, signed with the site's secret key."""
    if kind not in KINDS:
        raise ValueError(f"unknown feed kind {kind!r}")
    return signing.Signer(salt=SALT).sign(f"{kind}.{pk}")


def read_feed_token(token: str) -> tuple[FeedKind, int] | None:
    """The feed a token names, or ``None`` when it is not one the site signed."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    kind, _dot, pk = value.partition(".")
    if kind not in KINDS or not pk.isdigit():
        return None
    return ("body" if kind == "body" else "person"), int(pk)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def feed_url(kind: FeedKind, pk: int) -> str:
    token = feed_token(kind, pk)
    return _absolute(reverse("meetings_export:calendar_feed", args=[token]))


def feed_url_for_body(body: Body) -> str:
    """The body's feed address; show it only to someone who may see the body."""
    return feed_url("body", body.pk)


def feed_url_for_person(person: Person) -> str:
    """The person's own feed address; show it only to the user linked to the person."""
    return feed_url("person", person.pk)


def feed_url_for(user: User | AnonymousUser, obj: Body | Person) -> str | None:
    """The feed address ``user`` may be given for a body or a person, or ``None``.

    A body's feed holds its planned meetings too, so it is for those who see them: the body's
    members and the systemförvaltare. A person's feed is for their own user.
    """
    if not user.is_authenticated:
        return None
    if isinstance(obj, Body):
        member = user.is_systemforvaltare or bool(user.body_roles().get(obj.pk))
        return feed_url_for_body(obj) if member else None
    return feed_url_for_person(obj) if obj.user_id == user.pk else None


# --- Which meetings a feed holds ------------------------------------------------------------


def _with_agenda(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    items = AgendaItem.objects.order_by("order", "pk").only(
        "pk", "meeting_id", "order", "number", "title", "kind", "struck"
    )
    return (
        meetings.select_related("body")
        .prefetch_related(Prefetch("items", queryset=items, to_attr="agenda"))
        .order_by("date", "start_time", "pk")
    )


def body_feed_meetings(body: Body, today: dt.date | None = None) -> QuerySet[Meeting]:
    since = (today or timezone.localdate()) - dt.timedelta(days=PAST_DAYS)
    return _with_agenda(Meeting.objects.filter(body=body, date__gte=since))


def person_feed_meetings(person: Person, today: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings of the bodies in which the person holds a membership today."""
    day = today or timezone.localdate()
    bodies = Membership.objects.current(day).filter(person=person).values("body_id")
    since = day - dt.timedelta(days=PAST_DAYS)
    return _with_agenda(Meeting.objects.filter(body_id__in=bodies, date__gte=since))


# --- The feed itself ------------------------------------------------------------------------


def meeting_url(meeting: Meeting) -> str:
    return _absolute(meeting.get_absolute_url())


def _summary(meeting: Meeting) -> str:
    summary = f"{meeting.body.name}: {meeting.title}" if meeting.title else meeting.body.name
    if meeting.status == Meeting.Status.INSTALLT:
        return _("Inställt: %(summary)s") % {"summary": summary}
    return summary


def _description(meeting: Meeting, agenda: Sequence[AgendaItem]) -> str:
    lines: list[str] = []
    if meeting.change_note:
        lines += [meeting.change_note, ""]
    if agenda:
        lines.append(_("Dagordning:"))
        for item in agenda:
            title = f"{item.number}. {item.title}" if item.number else item.title
            if item.struck:
                title = _("%(title)s (utgår)") % {"title": title}
            lines.append(title)
        lines.append("")
    if meeting.online_link:
        lines.append(_("Länk till mötet: %(url)s") % {"url": meeting.online_link})
    lines.append(_("Mötet i Kunskapsnav: %(url)s") % {"url": meeting_url(meeting)})
    return "\n".join(lines)


def meeting_event(meeting: Meeting, stamp: dt.datetime) -> Event:
    """One meeting as a VEVENT; its agenda is read from ``meeting.agenda`` when prefetched."""
    agenda: Sequence[AgendaItem] | None = getattr(meeting, "agenda", None)
    if agenda is None:
        agenda = list(meeting.items.order_by("order", "pk"))
    zone = timezone.get_default_timezone()
    event = Event()
    event.add("uid", f"{meeting.uid}@kunskapsnav")
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", stamp)
    if meeting.start_time is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        event.add("dtstart", dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone))
        if meeting.end_time is not None:
            event.add("dtend", dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone))
    event.add("summary", _summary(meeting))
    place = meeting.place or meeting.online_link
    if place:
        event.add("location", place)
    event.add("url", meeting_url(meeting))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.INSTALLT else "CONFIRMED")
    event.add("description", _description(meeting, agenda))
    return event


def feed(
    meetings: Iterable[Meeting],
    name: str,
    *,
    event: Callable[[Meeting, dt.datetime], Event] | None = None,
    product: str = "Kunskapsnav",
) -> bytes:
    """An iCalendar file with one VEVENT per meeting (and the VTIMEZONE they use).

    ``event`` makes each VEVENT (default :func:`meeting_event`); the public portal passes one
    that leaves out what only members may read."""
    make_event = event or meeting_event
    calendar = Calendar()
    calendar.add("prodid", f"-//Kunskapsnav//{product}//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    days = []
    for meeting in meetings:
        calendar.add_component(make_event(meeting, stamp))
        days.append(meeting.date)
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - dt.timedelta(days=366),
            last_date=max(days) + dt.timedelta(days=366),
        )
    ical: bytes = calendar.to_ical()
    return ical
