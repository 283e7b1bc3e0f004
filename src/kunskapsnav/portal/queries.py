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
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
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


# --- Start page and group pages --------------------------------------------------------------
#
# The public bodies that are not avvecklade fall into groups: one per region, and one per level
# for bodies without a region. Groups without a region come first (in level order), then the
# regions in Swedish alphabetical order; within a group, bodies by level, then by name. A group's
# key is the region's code, or ``niva-<level>`` for bodies without a region.
#
# The start page shows one summary row per group, counted in SQL; a group's page and a search
# list bodies. Whatever the number of bodies, each is a fixed number of queries.

LEVEL_PREFIX = "niva-"
#: The most bodies a search lists; more matches ask the reader to narrow the search.
SEARCH_LIMIT = 200
_LEVEL_RANK = {str(level): i for i, level in enumerate(Body.LEVEL_ORDER)}


def _level_label(level: str) -> str:
    return str(Body.Level(level).label) if level in Body.Level.values else level


def _group_key(region_code: str | None, level: str) -> str:
    return region_code if region_code else f"{LEVEL_PREFIX}{level}"


def _order(region_name: str | None, level: str) -> tuple[object, ...]:
    """Bodies without a region first, by level; then by region's name, then by level."""
    return (
        region_name is not None,
        swedish_sort_key(region_name or ""),
        _LEVEL_RANK.get(level, len(_LEVEL_RANK)),
    )


def _listed_bodies(text: str = "") -> QuerySet[Body]:
    """The bodies the portal lists, matching ``text``, with ``vacancy_count`` and
    ``published_count`` (published minutes) annotated."""
    published = (
        published_meetings()
        .filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        body_list(PUBLIC, BodyFilter(text=text))
        .exclude(status=Body.Status.AVVECKLAD)
        .annotate(
            published_count=Coalesce(Subquery(published, output_field=IntegerField()), Value(0))
        )
    )


@dataclass(frozen=True)
class GroupSummary:
    """One group of the start page: how many bodies, vacant places and published minutes."""

    key: str
    label: str
    body_count: int
    vacancy_count: int
    published_count: int


def group_summaries() -> list[GroupSummary]:
    """Every group with its counts, in the groups' order; one query, aggregated in SQL.

    The counts are the sums of the same per-body annotations the group pages show, so a
    group's row always agrees with its page.
    """
    rows = (
        _listed_bodies()
        .annotate(
            # Bodies with a region are grouped by region alone, those without by level.
            group_level=Case(When(region__isnull=True, then=F("level")), default=Value(""))
        )
        .order_by()
        .values("region__code", "region__name", "group_level")
        .annotate(
            bodies=Count("pk"),
            vacancies=Sum("vacancy_count"),
            published=Sum("published_count"),
        )
    )
    ordered = sorted(rows, key=lambda r: _order(r["region__name"], r["group_level"]))
    return [
        GroupSummary(
            key=_group_key(row["region__code"], row["group_level"]),
            label=row["region__name"] or _level_label(row["group_level"]),
            body_count=row["bodies"],
            vacancy_count=row["vacancies"] or 0,
            published_count=row["published"] or 0,
        )
        for row in ordered
    ]


@dataclass
class BodyGroup:
    """The public bodies of one region (or of one level, for bodies without a region)."""

    key: str
    label: str
    bodies: list[Body] = field(default_factory=list)

    @property
    def is_level(self) -> bool:
        """Whether this is the group of the bodies of one level that have no region."""
        return self.key.startswith(LEVEL_PREFIX)

    @property
    def vacancy_count(self) -> int:
        return sum(int(getattr(body, "vacancy_count", 0)) for body in self.bodies)


def _grouped(bodies: list[Body]) -> list[BodyGroup]:
    """``bodies`` in their groups, each in order."""
    groups: dict[str, BodyGroup] = {}
    for body in sorted(
        bodies,
        key=lambda b: (
            *_order(b.region.name if b.region else None, b.level),
            swedish_sort_key(b.name),
            b.pk,
        ),
    ):
        key = _group_key(body.region.code if body.region else None, body.level)
        label = body.region.name if body.region else str(body.get_level_display())
        groups.setdefault(key, BodyGroup(key, label)).bodies.append(body)
    return list(groups.values())


def body_group(key: str) -> BodyGroup:
    """The group with ``key`` and all its bodies; one query. ``Http404`` for a key that names
    no group on the start page (unknown, or without public bodies)."""
    bodies = _listed_bodies()
    if key.startswith(LEVEL_PREFIX):
        level = key.removeprefix(LEVEL_PREFIX)
        if level not in Body.Level.values:
            raise Http404
        bodies = bodies.filter(region__isnull=True, level=level)
    else:
        bodies = bodies.filter(region__code=key)
    groups = _grouped(list(bodies))
    if not groups:
        raise Http404
    (group,) = groups
    return group


@dataclass
class SearchResult:
    """The bodies matching a search, grouped; at most ``SEARCH_LIMIT`` of ``total``."""

    groups: list[BodyGroup]
    total: int

    @property
    def shown(self) -> int:
        return sum(len(g.bodies) for g in self.groups)

    @property
    def truncated(self) -> bool:
        return self.shown < self.total


def search_bodies(text: str) -> SearchResult:
    """The first ``SEARCH_LIMIT`` bodies matching ``text`` in the groups' order, and how many
    match in all; two queries (the order of every match from a few columns, then the bodies
    shown with their counts)."""
    matches = (
        body_list(PUBLIC, BodyFilter(text=text))
        .exclude(status=Body.Status.AVVECKLAD)
        .order_by()
        .values_list("pk", "name", "level", "region__name")
    )
    ordered = sorted(matches, key=lambda m: (*_order(m[3], m[2]), swedish_sort_key(m[1]), m[0]))
    shown = [pk for pk, *_rest in ordered[:SEARCH_LIMIT]]
    bodies = list(_listed_bodies().filter(pk__in=shown)) if shown else []
    return SearchResult(groups=_grouped(bodies), total=len(ordered))


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
