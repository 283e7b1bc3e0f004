"""Reads of the registry that pages, the API and exports share, each in a fixed number of
queries however much data there is.

Vacancies are counted in SQL for lists (so a list can filter on them) and in Python from
prefetched holders on a body's own page; both follow ``Seat.vacancies``: the open places of an
open seat not taken today by a named holder or by an unnamed one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import (
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
)
from django.db.models.functions import Coalesce, Greatest

from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Person,
    Seat,
    today,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


def _current_holder_count() -> Subquery:
    """Named holders of the outer seat today."""
    day = today()
    holders = (
        Membership.objects.filter(seat=OuterRef("pk"))
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=day))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
        .order_by()
        .values("seat")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(holders, output_field=IntegerField())


def seats_with_vacancy_count() -> QuerySet[Seat]:
    """Open seats annotated with ``named_holders`` and ``vacancy_count`` (never negative)."""
    return (
        Seat.objects.open()
        .annotate(named_holders=Coalesce(_current_holder_count(), Value(0)))
        .annotate(
            vacancy_count=Greatest(F("quota") - F("unnamed_holders") - F("named_holders"), Value(0))
        )
    )


def with_vacancy_count(bodies: QuerySet[Body]) -> QuerySet[Body]:
    """Annotate ``vacancy_count``: the sum of the vacancies of each body's open seats."""
    per_body = (
        seats_with_vacancy_count()
        .filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(total=Sum("vacancy_count"))
        .values("total")
    )
    return bodies.annotate(
        vacancy_count=Coalesce(Subquery(per_body, output_field=IntegerField()), Value(0))
    )


@dataclass(frozen=True)
class BodyFilter:
    """The filters of the body list and ``GET /api/v1/bodies``; empty means "any"."""

    level: str = ""
    kind: str = ""
    programme_area: str = ""  # ProgrammeArea.code
    region: str = ""  # Region.code
    status: str = ""
    has_vacancies: bool | None = None
    text: str = ""


def body_list(user: User | AnonymousUser, filters: BodyFilter | None = None) -> QuerySet[Body]:
    """Bodies ``user`` may see, filtered, with region, programme area and vacancy count."""
    f = filters or BodyFilter()
    bodies: QuerySet[Body] = Body.objects.visible_to(user).select_related(
        "region", "programme_area", "parent", "sjukvardsregion"
    )
    if f.level:
        bodies = bodies.filter(level=f.level)
    if f.kind:
        bodies = bodies.filter(kind=f.kind)
    if f.programme_area:
        bodies = bodies.filter(programme_area__code=f.programme_area)
    if f.region:
        bodies = bodies.filter(region__code=f.region)
    if f.status:
        bodies = bodies.filter(status=f.status)
    if f.text.strip():
        needle = f.text.strip()
        bodies = bodies.filter(Q(name__icontains=needle) | Q(short_name__icontains=needle))
    bodies = with_vacancy_count(bodies)
    if f.has_vacancies is True:
        bodies = bodies.filter(Q(vacancy_count__gt=0))
    elif f.has_vacancies is False:
        bodies = bodies.filter(Q(vacancy_count=0))
    return bodies.order_by("name", "pk")


def body_detail(pk: int) -> tuple[Body, list[Nomination]]:
    """One body with everything its page shows, and its open nominations; fixed query count.

    Prefetched on the body: ``open_seats`` (with ``current_holders``), ``current_members``
    (current memberships with person and seat), ``past_members``, ``child_bodies`` (with
    ``vacancy_count``) and ``all_commissions`` (with ``all_versions``).
    Raises ``Body.DoesNotExist``.
    """
    day = today()
    current = Membership.objects.current(day).select_related(
        "person", "person__organisation", "seat", "representing"
    )
    past = (
        Membership.objects.filter(end_on__lt=day)
        .select_related("person", "seat")
        .order_by("-end_on")
    )
    seats = Seat.objects.open().select_related("nominating_body", "organisation").with_holders(day)
    nominations = Nomination.objects.filter(
        status__in=[Nomination.Status.REQUESTED, Nomination.Status.NOMINATED]
    ).select_related("seat", "candidate", "nominating_body", "deciding_body")
    versions = CommissionVersion.objects.select_related("approved_by").order_by("-number")
    commissions = Commission.objects.prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="all_versions")
    )
    children = with_vacancy_count(Body.objects.select_related("programme_area")).order_by("name")
    return (
        Body.objects.select_related("region", "programme_area", "parent", "sjukvardsregion")
        .prefetch_related(
            "owners",
            Prefetch("seats", queryset=seats, to_attr="open_seats"),
            Prefetch("memberships", queryset=current, to_attr="current_members"),
            Prefetch("memberships", queryset=past, to_attr="past_members"),
            Prefetch("children", queryset=children, to_attr="child_bodies"),
            Prefetch("commissions", queryset=commissions, to_attr="all_commissions"),
        )
        .get(pk=pk)
    ), list(nominations.filter(seat__body_id=pk))


def chair_of(body: Body) -> list[Membership]:
    """The body's current chairs, from its prefetched ``current_members``."""
    return [m for m in body.current_members if m.role == Membership.Role.ORDFORANDE]  # type: ignore[attr-defined]


def coordinators_of(body: Body) -> list[Membership]:
    return [m for m in body.current_members if m.role == Membership.Role.SAMORDNARE]  # type: ignore[attr-defined]


def person_detail(pk: int) -> Person:
    """A person with all their memberships, current and past, and open nominations."""
    memberships = Membership.objects.select_related("body", "seat", "representing").order_by(
        F("end_on").desc(nulls_first=True), "-start_on"
    )
    nominations = Nomination.objects.filter(
        status__in=[Nomination.Status.REQUESTED, Nomination.Status.NOMINATED]
    ).select_related("seat", "seat__body")
    return (
        Person.objects.select_related("organisation")
        .prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="all_memberships"),
            Prefetch("nominations", queryset=nominations, to_attr="open_nominations"),
        )
        .get(pk=pk)
    )


@dataclass
class Vacancy:
    """An open seat with at least one place nobody holds today."""

    seat: Seat
    body: Body
    places: int
    since: dt.date
    nomination: Nomination | None

    @property
    def nominator(self) -> str:
        if self.nomination and self.nomination.nominating_body:
            return self.nomination.nominating_body.name
        if self.seat.nominating_body:
            return self.seat.nominating_body.name
        return self.seat.nominating_note

    @property
    def deadline(self) -> dt.date | None:
        return self.nomination.deadline if self.nomination else None


def vacancies(
    user: User | AnonymousUser, *, region: str = "", body: Body | None = None
) -> list[Vacancy]:
    """Every vacant place in a body ``user`` may see: who must nominate, since when, deadline.

    Three queries: the seats with their counts, the end of their last membership, and their
    open nominations.
    """
    visible = Body.objects.visible_to(user).active()
    seats = (
        seats_with_vacancy_count()
        .filter(body__in=visible, vacancy_count__gt=0)
        .select_related("body", "body__region", "nominating_body")
        .annotate(
            last_end=Subquery(
                Membership.objects.filter(seat=OuterRef("pk"), end_on__lt=today())
                .order_by("-end_on")
                .values("end_on")[:1]
            )
        )
        .order_by("body__name", "order", "pk")
    )
    if region:
        seats = seats.filter(body__region__code=region)
    if body is not None:
        seats = seats.filter(body=body)
    seat_list = list(seats)
    open_nominations: dict[int, Nomination] = {}
    for nomination in (
        Nomination.objects.filter(
            seat__in=[s.pk for s in seat_list],
            status__in=[Nomination.Status.REQUESTED, Nomination.Status.NOMINATED],
        )
        .select_related("nominating_body")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    ):
        open_nominations.setdefault(nomination.seat_id, nomination)
    rows = []
    for seat in seat_list:
        last_end: dt.date | None = seat.last_end
        since = max(seat.opened_on, last_end + dt.timedelta(days=1)) if last_end else seat.opened_on
        rows.append(
            Vacancy(
                seat=seat,
                body=seat.body,
                places=seat.vacancy_count,  # type: ignore[attr-defined]
                since=since,
                nomination=open_nominations.get(seat.pk),
            )
        )
    return rows


@dataclass
class ChartNode:
    body: Body
    children: list[ChartNode] = field(default_factory=list)

    @property
    def vacancies(self) -> int:
        return int(getattr(self.body, "vacancy_count", 0))

    @property
    def total_vacancies(self) -> int:
        return self.vacancies + sum(child.total_vacancies for child in self.children)


def org_chart(user: User | AnonymousUser, region_code: str) -> list[ChartNode]:
    """The structure that concerns one region, as trees from the top level down.

    It holds the region's own bodies (regional, länsgemensam, kommunal), the bodies of its
    sjukvårdsregion, and the national bodies, with their sub-bodies. One query.
    """
    from kunskapsnav.core.models import Region

    region = Region.objects.get(code=region_code)
    scope = Q(region=region) | Q(level=Body.Level.NATIONELL)
    scope |= Q(level=Body.Level.SJUKVARDSREGIONAL, sjukvardsregion_id=region.sjukvardsregion_id)
    bodies = list(
        with_vacancy_count(
            Body.objects.visible_to(user).filter(scope).select_related("programme_area")
        ).order_by("name")
    )
    by_id = {body.pk: ChartNode(body) for body in bodies}
    roots: list[ChartNode] = []
    for node in by_id.values():
        parent = by_id.get(node.body.parent_id) if node.body.parent_id else None
        if parent is not None:
            parent.children.append(node)
        else:
            roots.append(node)
    level_rank = {str(level): i for i, level in enumerate(Body.LEVEL_ORDER)}
    roots.sort(key=lambda n: (level_rank.get(n.body.level, 99), n.body.name))
    return roots
