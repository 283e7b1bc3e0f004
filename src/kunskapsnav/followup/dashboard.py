"""Follow-up overviews: one body's, the bodies a user holds roles in, and a region's.

Each is a fixed number of queries whatever the amount of data:

* ``body_dashboard``: actions (with their responsibles), vacancies, nominations, remiss
  contributions and assignments, and the next meeting of one body;
* ``my_bodies``: the same figures as counts for every body the user holds a role in, in one
  query for all the bodies (plus the user's roles, read once per request);
* ``region_dashboard``: a region's matrix column, vacancies and overdue actions by body,
  införanden by status and the kommuner's part in each programme area, for the bodies the user
  may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.core.models import ProgrammeArea, Region
from kunskapsnav.core.text import swedish_sort_key
from kunskapsnav.followup.matrix import Cell, ImplementationCount, _seats_on, maturity_matrix
from kunskapsnav.guidance.models import Implementation, RemissAssignment, RemissContribution
from kunskapsnav.meetings.models import ActionItem, Meeting
from kunskapsnav.meetings.queries import ActionFilter, action_list, visible_actions
from kunskapsnav.registry.models import Body, Membership, Nomination, Seat, today
from kunskapsnav.registry.queries import Vacancy, vacancies, with_vacancy_count

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


@dataclass
class Dashboard:
    body: Body
    open_actions: list[ActionItem]
    overdue_actions: list[ActionItem]
    vacancies: list[Vacancy]
    nominations: list[Nomination]
    contributions: list[RemissContribution]
    assignments: list[RemissAssignment]
    next_meeting: Meeting | None
    today: dt.date

    @property
    def vacant_places(self) -> int:
        return sum(row.places for row in self.vacancies)


def body_dashboard(user: User | AnonymousUser, body: Body) -> Dashboard:
    """The overview of ``body`` as ``user`` may see it; the caller checks that ``user`` may
    see ``body`` itself."""
    day = today()
    actions = list(action_list(user, ActionFilter(body=body)))
    overdue = [action for action in actions if action.is_overdue(day)]
    not_overdue = [action for action in actions if not action.is_overdue(day)]
    vacant = vacancies(user, body=body)
    nominations = list(
        Nomination.objects.filter(
            seat__body=body,
            status__in=[Nomination.Status.REQUESTED, Nomination.Status.NOMINATED],
        )
        .select_related("seat", "candidate", "nominating_body", "deciding_body")
        .order_by(F("deadline").asc(nulls_last=True), "requested_on", "pk")
    )
    contributions = list(
        RemissContribution.objects.filter(body=body, status=RemissContribution.Status.BEGARD)
        .select_related("assignment__round__kunskapsstod", "assignment__region")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    assignments = list(
        RemissAssignment.objects.filter(coordinating_body=body)
        .exclude(status=RemissAssignment.Status.SKICKAD)
        .select_related("round__kunskapsstod", "region")
        .order_by(F("internal_deadline").asc(nulls_last=True), "round__closes", "pk")
    )
    # meetings.queries.next_meeting_of, restricted to meetings the user may see: a planned
    # meeting of a public body is not public until its minutes are published.
    next_meeting = (
        Meeting.objects.visible_to(user)
        .filter(body=body)
        .upcoming(day)
        .order_by("date", "start_time", "pk")
        .first()
    )
    return Dashboard(
        body=body,
        open_actions=not_overdue,
        overdue_actions=overdue,
        vacancies=vacant,
        nominations=nominations,
        contributions=contributions,
        assignments=assignments,
        next_meeting=next_meeting,
        today=day,
    )


# --- Mina organ ------------------------------------------------------------------------------


@dataclass
class BodySummary:
    """One body of "Mina organ": the user's roles in it and its follow-up figures."""

    body: Body
    roles: list[str]
    open_actions: int
    overdue_actions: int
    vacant_places: int
    nominations: int
    remiss_due: int
    next_meeting_id: int | None
    next_meeting_date: dt.date | None


def _count_of(rows: QuerySet[Any], field: str) -> Coalesce:
    """The number of ``rows`` whose ``field`` is the outer body, as a subquery."""
    per_body = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_body, output_field=IntegerField()), Value(0))


def my_bodies(user: User) -> list[BodySummary]:
    """Every body ``user`` holds a role in, with counts of open and overdue actions, vacant
    places, waiting nominations, remiss work due, and the next meeting.

    Two queries however many bodies: the user's roles (cached on the user) and the bodies with
    all their counts. A role in a body lets the user see all its actions and meetings, so the
    counts are the body's own (as on ``body_dashboard``).
    """
    day = today()
    roles = user.body_roles()
    if not roles:
        return []
    open_actions = ActionItem.objects.filter(status__in=ActionItem.OPEN)
    upcoming = (
        Meeting.objects.filter(body=OuterRef("pk"))
        .upcoming(day)
        .order_by("date", "start_time", "pk")
    )
    bodies = with_vacancy_count(
        Body.objects.filter(pk__in=list(roles)).select_related("region", "programme_area")
    ).annotate(
        open_count=_count_of(open_actions, "body"),
        overdue_count=_count_of(open_actions.filter(due_date__lt=day), "body"),
        nomination_count=_count_of(
            Nomination.objects.filter(
                status__in=[Nomination.Status.REQUESTED, Nomination.Status.NOMINATED]
            ),
            "seat__body",
        ),
        contribution_count=_count_of(
            RemissContribution.objects.filter(status=RemissContribution.Status.BEGARD), "body"
        ),
        assignment_count=_count_of(
            RemissAssignment.objects.exclude(status=RemissAssignment.Status.SKICKAD),
            "coordinating_body",
        ),
        next_meeting_id=Subquery(upcoming.values("pk")[:1]),
        next_meeting_date=Subquery(upcoming.values("date")[:1]),
    )
    role_labels = dict(BodyRole.Role.choices)
    summaries = [
        BodySummary(
            body=body,
            roles=sorted(str(role_labels.get(r, r)) for r in roles.get(body.pk, set())),
            open_actions=body.open_count,
            overdue_actions=body.overdue_count,
            vacant_places=body.vacancy_count,  # type: ignore[attr-defined]
            nominations=body.nomination_count,
            remiss_due=body.contribution_count + body.assignment_count,
            next_meeting_id=body.next_meeting_id,
            next_meeting_date=body.next_meeting_date,
        )
        for body in bodies
    ]
    summaries.sort(key=lambda s: (s.body.is_closed, swedish_sort_key(s.body.name)))
    return summaries


# --- A region's leadership view ------------------------------------------------------------------


@dataclass
class BodyCount:
    body_id: int
    name: str
    count: int


@dataclass
class KommunPart:
    """The kommuner's part in one programme area of the region, from seats and memberships."""

    area: ProgrammeArea
    places: int = 0
    filled: int = 0
    kommuner: list[str] = field(default_factory=list)


@dataclass
class RegionDashboard:
    region: Region
    cells: list[Cell]
    vacancies: list[BodyCount]
    overdue_actions: list[BodyCount]
    implementations: list[ImplementationCount]
    kommun_parts: list[KommunPart]
    today: dt.date

    @property
    def vacant_places(self) -> int:
        return sum(row.count for row in self.vacancies)

    @property
    def overdue_total(self) -> int:
        return sum(row.count for row in self.overdue_actions)

    @property
    def implementation_total(self) -> int:
        return sum(row.count for row in self.implementations)


def _by_body(rows: list[tuple[int, str, int]]) -> list[BodyCount]:
    counts = [BodyCount(body_id, name, n) for body_id, name, n in rows if n]
    counts.sort(key=lambda row: (-row.count, swedish_sort_key(row.name)))
    return counts


def region_dashboard(user: User | AnonymousUser, region: Region) -> RegionDashboard:
    """What the leadership of ``region`` follows, for the bodies ``user`` may see.

    Ten queries whatever the size: the matrix column (four), vacancies (two), overdue actions
    by body, införanden by status, and the kommuner's seats and representatives (two).
    """
    day = today()
    matrix = maturity_matrix(user, region_code=region.code)
    cells = [row.cells[0] for row in matrix.rows if row.cells]

    vacant: dict[tuple[int, str], int] = {}
    for vacancy in vacancies(user, region=region.code):
        key = (vacancy.body.pk, vacancy.body.name)
        vacant[key] = vacant.get(key, 0) + vacancy.places

    overdue = (
        visible_actions(user)
        .overdue(day)
        .filter(body__region=region)
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .values_list("body_id", "body__name")
        .annotate(n=Count("pk", distinct=True))
    )

    labels = dict(Implementation.Status.choices)
    by_status = dict(
        Implementation.objects.filter(region=region)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    implementations = [
        ImplementationCount(status=s, label=str(labels[s]), count=by_status.get(s, 0))
        for s in Implementation.ORDER
    ]

    return RegionDashboard(
        region=region,
        cells=cells,
        vacancies=_by_body([(pk, name, n) for (pk, name), n in vacant.items()]),
        overdue_actions=_by_body(list(overdue)),
        implementations=implementations,
        kommun_parts=_kommun_parts(user, region, matrix.areas, day),
        today=day,
    )


def _kommun_parts(
    user: User | AnonymousUser, region: Region, areas: list[ProgrammeArea], day: dt.date
) -> list[KommunPart]:
    """Per programme area: the places the region's bodies keep for the kommuner, how many are
    filled, and which kommuner the current members come from. Two queries."""
    bodies = Body.objects.visible_to(user).active().filter(region=region)
    parts = {area.pk: KommunPart(area=area) for area in areas}
    seats = (
        _seats_on(None)
        .filter(
            body__in=bodies,
            body__programme_area_id__in=list(parts),
            represents__in=[Seat.Represents.KOMMUN, Seat.Represents.BADA],
        )
        .order_by()
        .values_list("body__programme_area_id")
        .annotate(places_sum=Sum("quota"), filled_sum=Sum("filled_places"))
        .values_list("body__programme_area_id", "places_sum", "filled_sum")
    )
    for area_id, places, filled in seats:
        parts[area_id].places = places or 0
        parts[area_id].filled = filled or 0
    kommun_members = (
        Membership.objects.current(day)
        .filter(body__in=bodies, body__programme_area_id__in=list(parts))
        .filter(
            Q(representing__kommun__isnull=False)
            | Q(representing__isnull=True, person__organisation__kommun__isnull=False)
        )
        .annotate(
            kommun_name=Coalesce("representing__kommun__name", "person__organisation__kommun__name")
        )
        .order_by()
        .values_list("body__programme_area_id", "kommun_name")
        .distinct()
    )
    for area_id, name in kommun_members:
        parts[area_id].kommuner.append(name)
    result = [part for part in parts.values() if part.places or part.kommuner]
    for part in result:
        part.kommuner.sort(key=swedish_sort_key)
    return result
