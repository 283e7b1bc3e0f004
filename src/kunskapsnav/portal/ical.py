"""A public body's meetings as an iCalendar feed, for anyone to subscribe to.

The events are those of ``kunskapsnav.meetings.ical`` (same UID and SEQUENCE, so a calendar that
also subscribes to the members' feed sees one event), stripped to what the public may know: the
date, time, title and a named place. The link to a digital meeting, the agenda and the reason
for a change are left out; the event links to the published minutes in the portal once they
are published, and to the body's portal page before that. Cancelled meetings are not in the
feed at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event

from kunskapsnav.meetings.ical import PAST_DAYS, feed, meeting_event
from kunskapsnav.meetings.models import Meeting

__all__ = ["PAST_DAYS", "public_event", "public_feed"]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def public_url(meeting: Meeting) -> str:
    if meeting.is_published:
        return _absolute(reverse("portal:meeting_detail", args=[meeting.pk]))
    return _absolute(reverse("portal:body_detail", args=[meeting.body_id]))


def public_event(meeting: Meeting, stamp: dt.datetime) -> Event:
    meeting.agenda = []  # type: ignore[attr-defined]  # never read the agenda
    event = meeting_event(meeting, stamp)
    for key in ("URL", "DESCRIPTION", "LOCATION"):
        if key in event:
            del event[key]
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", public_url(meeting))
    if meeting.is_published:
        event.add(
            "description",
            _("Protokollet är publicerat: %(url)s") % {"url": public_url(meeting)},
        )
    return event


def public_feed(meetings: Iterable[Meeting], name: str) -> bytes:
    """An iCalendar file of ``meetings``; the caller chooses which are public."""
    return feed(meetings, name, event=public_event, product="Kunskapsnav portal")
