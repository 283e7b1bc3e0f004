"""The public portal: pages anyone may read without logging in.

Every view reads as the public (``queries.PUBLIC``), never through ``request.user``, and is
wrapped in ``portal_cache`` (conditional GET and cache headers; see ``caching``). Each page
names its canonical address and its Open Graph description for links shared elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kunskapsnav.core.models import Sjukvardsregion
from kunskapsnav.followup.matrix import LEVEL_DESCRIPTIONS, maturity_matrix
from kunskapsnav.portal import ical, queries
from kunskapsnav.portal.caching import portal_cache
from kunskapsnav.registry.models import today

MAX_QUERY = 100


def absolute(path: str) -> str:
    """The stable public address of a path, on the site's configured origin."""
    return settings.SITE_URL.rstrip("/") + path


def _text(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY]


def _sjukvardsregion(request: HttpRequest) -> tuple[list[Sjukvardsregion], Sjukvardsregion | None]:
    """All sjukvårdsregioner and the one chosen by ``?sjukvardsregion=``; 404 when unknown."""
    choices = list(Sjukvardsregion.objects.order_by("order", "name"))
    code = request.GET.get("sjukvardsregion", "")
    selected = next((s for s in choices if s.code == code), None)
    if code and selected is None:
        raise Http404
    return choices, selected


def _selection_path(name: str, selected: Sjukvardsregion | None) -> str:
    path = reverse(name)
    return f"{path}?sjukvardsregion={selected.code}" if selected else path


def _page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    description: str,
    og_type: str = "website",
    canonical: str | None = None,
) -> HttpResponse:
    """Render a portal page with its Open Graph metadata and canonical address."""
    context.update(
        {
            "og_title": title,
            "og_description": Truncator(description).chars(200),
            "og_type": og_type,
            "canonical_url": absolute(canonical or request.path),
        }
    )
    return render(request, template, context)


@require_GET
@portal_cache
def start(request: HttpRequest) -> HttpResponse:
    """One summary row per group of bodies, or the bodies matching ``?q=`` (at most
    ``queries.SEARCH_LIMIT``), and the latest decisions."""
    text = _text(request)
    context: dict[str, Any] = {"q": text, "decisions": queries.latest_decisions()}
    if text:
        result = queries.search_bodies(text)
        context.update(
            {
                "groups": result.groups,
                "body_count": result.total,
                "shown_count": result.shown,
                "truncated": result.truncated,
            }
        )
    else:
        summaries = queries.group_summaries()
        context.update({"summaries": summaries, "body_count": sum(s.body_count for s in summaries)})
    return _page(
        request,
        "portal/start.html",
        context,
        title=_("Kunskapsstyrningens organ"),
        description=_(
            "Organen i kunskapsstyrningen för hälso- och sjukvård och socialtjänst: ledamöter, "
            "vakanser, publicerade protokoll och beslut."
        ),
        canonical=reverse("portal:start"),
    )


@require_GET
@portal_cache
def group(request: HttpRequest, key: str) -> HttpResponse:
    """The bodies of one region, or of one level for bodies without a region."""
    body_group = queries.body_group(key)
    if body_group.is_level:
        title = _("Organ på %(level)s nivå") % {"level": body_group.label.lower()}
    else:
        title = _("Organ i %(group)s") % {"group": body_group.label}
    return _page(
        request,
        "portal/group.html",
        {"group": body_group, "page_title": title},
        title=title,
        description=_("%(group)s: vakanser och publicerade protokoll per organ.")
        % {"group": title},
        canonical=reverse("portal:group", args=[body_group.key]),
    )


@require_GET
@portal_cache
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.body_page(pk)
    body = page.body
    return _page(
        request,
        "portal/body_detail.html",
        {"page": page, "body": body},
        title=body.name,
        description=body.purpose
        or _("%(body)s: ledamöter, vakanser, möten och publicerade beslut.") % {"body": body.name},
        canonical=reverse("portal:body_detail", args=[body.pk]),
    )


@require_GET
@portal_cache
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.published_meeting_or_404(pk)
    title = _("%(body)s, möte %(date)s") % {
        "body": meeting.body.name,
        "date": meeting.date.isoformat(),
    }
    if meeting.title:
        title = f"{title}: {meeting.title}"
    decisions = [d for item in meeting.agenda for d in item.item_decisions]  # type: ignore[attr-defined]
    decisions += meeting.loose_decisions  # type: ignore[attr-defined]
    description = (
        " ".join(d.text for d in decisions)
        if decisions
        else _("Publicerat protokoll från %(body)s.") % {"body": meeting.body.name}
    )
    return _page(
        request,
        "portal/meeting_detail.html",
        {"meeting": meeting, "page_title": title},
        title=title,
        description=description,
        og_type="article",
        canonical=reverse("portal:meeting_detail", args=[meeting.pk]),
    )


@require_GET
@portal_cache
def kunskapsstod_list(request: HttpRequest) -> HttpResponse:
    choices, selected = _sjukvardsregion(request)
    regions = queries.regions_of(selected)
    text = _text(request)
    return _page(
        request,
        "portal/kunskapsstod_list.html",
        {
            "regions": regions,
            "rows": queries.guidance_rows(regions, text),
            "sjukvardsregioner": choices,
            "selected": selected,
            "q": text,
        },
        canonical=_selection_path("portal:kunskapsstod_list", selected),
        title=_("Kunskapsstöd och deras införande"),
        description=_(
            "Nationella kunskapsstöd och hur långt varje region har kommit med att införa dem."
        ),
    )


@require_GET
@portal_cache
def matrix(request: HttpRequest) -> HttpResponse:
    choices, selected = _sjukvardsregion(request)
    result = maturity_matrix(queries.PUBLIC, selected.code if selected else None)
    legend = [
        (level, label, LEVEL_DESCRIPTIONS[level], count)
        for level, label, count in result.level_counts()
    ]
    return _page(
        request,
        "portal/matrix.html",
        {
            "matrix": result,
            "legend": legend,
            "sjukvardsregioner": choices,
            "selected": selected,
            "today": today(),
        },
        canonical=_selection_path("portal:matrix", selected),
        title=_("Mognadsmatris för lokala programområden"),
        description=_(
            "Hur långt varje region har kommit med sina lokala programområden, per nationellt "
            "programområde."
        ),
    )


@require_GET
@portal_cache
def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    body = queries.public_body_or_404(pk)
    since = today() - dt.timedelta(days=ical.PAST_DAYS)
    meetings = queries.calendar_meetings(body, since)
    response = HttpResponse(
        ical.public_feed(meetings, body.name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="organ-{body.pk}.ics"'
    return response
