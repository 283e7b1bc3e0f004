"""What the portal shows, read as an anonymous reader, in a fixed number of queries.

The portal never asks who is reading: every read goes through ``Body.objects.visible_to`` and
``Meeting.objects.visible_to`` with ``PUBLIC`` (an ``AnonymousUser``), so it shows exactly
what the public may see, whoever is logged in:

* bodies with ``is_public``;
* of their meetings, the minutes (agenda, attendance, decisions) only once published;
* of their meetings not yet held, only date, time and title (never the place's link, the agenda
  or the status of the minutes), and never a cancelled meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from kunskapsnav.core.models import Region, Sjukvardsregion
from kunskapsnav.core.text import swedish_sort_key
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.meetings.models import AgendaItem, Attendance, Decision, Meeting
from kunskapsnav.registry.models import Body, Membership, today
from kunskapsnav.registry.queries import BodyFilter, Vacancy, body_list, vacancies

PUBLIC = AnonymousUser()
LATEST_DECISIONS = 10
FEED_ITEMS = 20


def public_bodies() -> QuerySet[Body]:
    return Body.objects.visible_to(PUBLIC)


def published_meetings() -> QuerySet[Meeting]:
    """Meetings whose minutes the public may read: published, of a public body."""
    return Meeting.objects.visible_to(PUBLIC)


def public_body_or_404(pk: int) -> Body:
    try:
        return public_bodies().select_related("region", "programme_area", "parent").get(pk=pk)
    except Body.DoesNotExist:
        raise Http404 from None


# --- Start page ------------------------------------------------------------------------------


@dataclass
class BodyGroup:
    """The public bodies of one region (or of one level, for bodies without a region)."""

    label: str
    bodies: list[Body] = field(default_factory=list)

    @property
    def vacancy_count(self) -> int:
        return sum(int(getattr(body, "vacancy_count", 0)) for body in self.bodies)


def body_groups(text: str = "") -> list[BodyGroup]:
    """Public bodies that are not avvecklade, grouped by region, then by level; two queries
    in one (bodies with vacancy and published meeting counts)."""
    published = (
        published_meetings()
        .filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    bodies = (
        body_list(PUBLIC, BodyFilter(text=text))
        .exclude(status=Body.Status.AVVECKLAD)
        .annotate(
            published_count=Coalesce(Subquery(published, output_field=IntegerField()), Value(0))
        )
    )
    level_rank = {str(level): i for i, level in enumerate(Body.LEVEL_ORDER)}
    groups: dict[str, BodyGroup] = {}
    for body in sorted(
        bodies,
        key=lambda b: (
            b.region is not None,
            swedish_sort_key(b.region.name if b.region else ""),
            level_rank.get(b.level, 99),
            swedish_sort_key(b.name),
        ),
    ):
        label = body.region.name if body.region else str(body.get_level_display())
        groups.setdefault(label, BodyGroup(label)).bodies.append(body)
    return list(groups.values())


def latest_decisions(limit: int = LATEST_DECISIONS) -> list[Decision]:
    return list(
        Decision.objects.filter(meeting__in=published_meetings())
        .select_related("meeting", "meeting__body", "item")
        .order_by("-meeting__date", "-meeting__pk", "item__order", "order", "pk")[:limit]
    )


# --- A body ----------------------------------------------------------------------------------


@dataclass
class BodyPage:
    body: Body
    members: list[Membership]
    vacancies: list[Vacancy]
    published: Sequence[Meeting]
    upcoming: list[Meeting]
    children: list[Body]

    @property
    def vacancy_total(self) -> int:
        return sum(v.places for v in self.vacancies)


def body_page(pk: int) -> BodyPage:
    """A public body with its current members, vacancies, published and upcoming meetings and
    public sub-bodies; raises ``Http404`` for a body the public may not see."""
    body = public_body_or_404(pk)
    day = today()
    members = list(
        Membership.objects.current(day)
        .filter(body=body)
        .select_related("person", "person__organisation", "seat", "representing")
        .order_by("role", "person__name", "pk")
    )
    published = list(
        published_meetings()
        .filter(body=body)
        .annotate(decision_count=Count("decisions"))
        .order_by("-date", "-start_time", "-pk")
    )
    upcoming = list(
        Meeting.objects.filter(body=body)
        .upcoming(day)
        .exclude(status=Meeting.Status.PUBLICERAT)
        .only("pk", "body_id", "title", "date", "start_time", "end_time", "status")
        .order_by("date", "start_time", "pk")
    )
    children = list(
        public_bodies().filter(parent=body).exclude(status=Body.Status.AVVECKLAD).order_by("name")
    )
    return BodyPage(
        body=body,
        members=members,
        vacancies=vacancies(PUBLIC, body=body),
        published=published,
        upcoming=upcoming,
        children=children,
    )


def feed_meetings(body: Body, limit: int = FEED_ITEMS) -> list[Meeting]:
    """The body's latest published minutes, each with its decisions (``all_decisions``)."""
    decisions = Decision.objects.select_related("item").order_by("item__order", "order", "pk")
    return list(
        published_meetings()
        .filter(body=body)
        .select_related("body")
        .prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="all_decisions"))
        .order_by("-date", "-start_time", "-pk")[:limit]
    )


def calendar_meetings(body: Body, since: dt.date) -> list[Meeting]:
    """The body's meetings from ``since`` that are not cancelled, for its public calendar."""
    return list(
        Meeting.objects.filter(body=body, date__gte=since)
        .exclude(status=Meeting.Status.INSTALLT)
        .select_related("body")
        .order_by("date", "start_time", "pk")
    )


# --- A meeting -------------------------------------------------------------------------------


def published_meeting_or_404(pk: int) -> Meeting:
    """Published minutes of a public body with agenda (``agenda``, each item with
    ``item_decisions``), decisions outside the agenda (``loose_decisions``), attendance
    (``present``) and justerare; ``Http404`` for anything else."""
    decisions = Decision.objects.order_by("order", "pk")
    items = AgendaItem.objects.order_by("order", "pk").prefetch_related(
        Prefetch("decisions", queryset=decisions, to_attr="item_decisions")
    )
    try:
        return (
            published_meetings()
            .select_related("body", "chair", "secretary")
            .prefetch_related(
                "justerare",
                Prefetch("items", queryset=items, to_attr="agenda"),
                Prefetch(
                    "decisions",
                    queryset=decisions.filter(item__isnull=True),
                    to_attr="loose_decisions",
                ),
                Prefetch(
                    "attendance",
                    queryset=Attendance.objects.select_related("person").order_by("order", "pk"),
                    to_attr="present",
                ),
            )
            .get(pk=pk)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None


# --- Kunskapsstöd and their införande ---------------------------------------------------------


@dataclass
class GuidanceRow:
    kunskapsstod: Kunskapsstod
    cells: list[Implementation | None]


def regions_of(sjukvardsregion: Sjukvardsregion | None) -> list[Region]:
    regions = Region.objects.select_related("sjukvardsregion")
    if sjukvardsregion is not None:
        regions = regions.filter(sjukvardsregion=sjukvardsregion)
    return sorted(regions, key=lambda r: swedish_sort_key(r.short_name or r.name))


def guidance_rows(regions: Sequence[Region], text: str = "") -> list[GuidanceRow]:
    """Each kunskapsstöd with its införande in each of ``regions`` (``None`` when none);
    two queries."""
    stod = Kunskapsstod.objects.select_related("type", "programme_area").prefetch_related(
        Prefetch(
            "implementations",
            queryset=Implementation.objects.filter(region__in=list(regions)),
            to_attr="region_implementations",
        )
    )
    if text.strip():
        needle = text.strip()
        stod = stod.filter(Q(name__icontains=needle) | Q(full_name__icontains=needle))
    rows = []
    for item in sorted(stod, key=lambda k: swedish_sort_key(k.name)):
        by_region = {i.region_id: i for i in item.region_implementations}
        rows.append(GuidanceRow(item, [by_region.get(r.pk) for r in regions]))
    return rows
