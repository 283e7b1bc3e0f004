"""RSS and Atom feeds of a public body's published minutes and their decisions.

One entry per published meeting, newest first, dated when the minutes were published; its
text lists the decisions. Only public bodies have feeds, and only published minutes are in
them: ``queries.feed_meetings`` reads as the public.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kunskapsnav.meetings.models import Decision, Meeting
from kunskapsnav.portal import queries
from kunskapsnav.registry.models import Body


class BodyMinutesFeed(Feed[Meeting, Body]):
    language = "sv"

    def get_object(self, request: HttpRequest, pk: int) -> Body:
        return queries.public_body_or_404(pk)

    def title(self, obj: Body) -> str:
        return _("%(body)s: publicerade protokoll och beslut") % {"body": obj.name}

    def link(self, obj: Body) -> str:
        return reverse("portal:body_detail", args=[obj.pk])

    def description(self, obj: Body) -> str:
        return obj.purpose or _("Publicerade protokoll och beslut från %(body)s.") % {
            "body": obj.name
        }

    def items(self, obj: Body) -> list[Meeting]:
        return queries.feed_meetings(obj)

    def item_title(self, item: Meeting) -> str:
        title = _("Möte %(date)s") % {"date": item.date.isoformat()}
        return f"{title}: {item.title}" if item.title else title

    def item_description(self, item: Meeting) -> str:
        decisions: list[Decision] = item.all_decisions  # type: ignore[attr-defined]
        if not decisions:
            return _("Protokollet innehåller inga beslut.")
        lines = [_("Beslut:")]
        for decision in decisions:
            lines.append(f"{decision.item}: {decision.text}" if decision.item else decision.text)
        return "\n".join(lines)

    def item_link(self, item: Meeting) -> str:
        return reverse("portal:meeting_detail", args=[item.pk])

    def item_guid(self, item: Meeting) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Meeting) -> dt.datetime:
        return item.published_at or timezone.make_aware(dt.datetime.combine(item.date, dt.time.min))

    def item_updateddate(self, item: Meeting) -> dt.datetime:
        return self.item_pubdate(item)


class BodyMinutesAtomFeed(BodyMinutesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Body) -> str:
        return self.description(obj)
