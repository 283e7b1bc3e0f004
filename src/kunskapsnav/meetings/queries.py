"""Reads of meetings shared by pages, the API and exports; each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kunskapsnav.meetings.models import (
    ActionItem,
    ActionItemQuerySet,
    AgendaItem,
    Approval,
    Attachment,
    Attendance,
    Decision,
    Meeting,
)
from kunskapsnav.registry.models import Body

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


def actions_with_responsibles() -> ActionItemQuerySet:
    return ActionItem.objects.select_related("body", "meeting", "closed_in").prefetch_related(
        "responsible_people", "responsible_bodies"
    )


def calendar(
    user: User | AnonymousUser,
    *,
    body: Body | None = None,
    bodies: list[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Meeting]:
    """Meetings ``user`` may see between ``start`` and ``end``, with their item counts."""
    meetings = Meeting.objects.visible_to(user).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    if bodies is not None:
        meetings = meetings.filter(body_id__in=bodies)
    if start is not None:
        meetings = meetings.filter(date__gte=start)
    if end is not None:
        meetings = meetings.filter(date__lte=end)
    return meetings.annotate(item_count=Count("items", distinct=True)).order_by(
        "date", "start_time", "pk"
    )


def calendar_period(period: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The dates of the calendar's ``period``: "kommande" (from today), "tidigare" (until
    yesterday) or anything else for all meetings."""
    return {
        "kommande": (today, None),
        "tidigare": (None, today - dt.timedelta(days=1)),
    }.get(period, (None, None))


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[AgendaItem]
    attendance: list[Attendance]
    loose_decisions: list[Decision]
    loose_actions: list[ActionItem]
    follow_up: list[ActionItem]
    approvals: list[Approval]

    @property
    def present(self) -> list[Attendance]:
        absent = Attendance.Status.FRANVARANDE
        return [a for a in self.attendance if a.status != absent]

    @property
    def absent(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status == Attendance.Status.FRANVARANDE]


def meeting_page(pk: int) -> MeetingPage:
    """A meeting with its agenda (each item with decisions, actions, presenters, attachments),
    attendance, and the body's earlier actions it follows up. Raises ``Meeting.DoesNotExist``."""
    decisions = Decision.objects.select_related(
        "deciding_body", "commission_version", "closed_body"
    ).order_by("order", "pk")
    actions = actions_with_responsibles().order_by("created_at", "pk")
    items = AgendaItem.objects.prefetch_related(
        "presenters",
        "attachments",
        Prefetch("decisions", queryset=decisions, to_attr="all_decisions"),
        Prefetch("actions", queryset=actions, to_attr="all_actions"),
    ).order_by("order", "pk")
    meeting = (
        Meeting.objects.select_related("body", "chair", "secretary", "series")
        .prefetch_related(
            "justerare",
            Prefetch("items", queryset=items, to_attr="agenda"),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person", "person__organisation"),
                to_attr="all_attendance",
            ),
            Prefetch(
                "attachments",
                queryset=meeting_attachments(),
                to_attr="meeting_attachments",
            ),
        )
        .get(pk=pk)
    )
    loose_decisions = list(decisions.filter(meeting=meeting, item__isnull=True))
    loose_actions = list(actions.filter(meeting=meeting, item__isnull=True))
    follow_up = list(
        actions_with_responsibles()
        .on_follow_up_of(meeting)
        .order_by("meeting__date", "created_at", "pk")
    )
    approvals = list(
        Approval.objects.filter(meeting=meeting, revision=meeting.revision).select_related("person")
    )
    return MeetingPage(
        meeting=meeting,
        items=meeting.agenda,  # type: ignore[attr-defined]
        attendance=meeting.all_attendance,  # type: ignore[attr-defined]
        loose_decisions=loose_decisions,
        loose_actions=loose_actions,
        follow_up=follow_up,
        approvals=approvals,
    )


def meeting_attachments() -> QuerySet[Attachment]:
    """Attachments of the meeting as a whole (an item's own are prefetched on the item)."""
    return Attachment.objects.filter(item__isnull=True)


@dataclass(frozen=True)
class ActionFilter:
    body: Body | None = None
    status: str = ""  # "" = open ones, "all", or a status value
    overdue: bool = False
    responsible_user: User | None = None


def action_list(
    user: User | AnonymousUser, filters: ActionFilter | None = None
) -> QuerySet[ActionItem]:
    """Actions ``user`` may see, overdue first, then by due date."""
    f = filters or ActionFilter()
    actions = visible_actions(user)
    if f.body is not None:
        actions = actions.filter(body=f.body)
    if f.status == "":
        actions = actions.open()
    elif f.status != "all":
        actions = actions.filter(status=f.status)
    if f.overdue:
        actions = actions.overdue()
    if f.responsible_user is not None:
        actions = actions.for_user(f.responsible_user)
    return actions.overdue_first()


def visible_actions(user: User | AnonymousUser) -> ActionItemQuerySet:
    actions = actions_with_responsibles()
    if user.is_authenticated and user.is_systemforvaltare:
        return actions
    public = Q(meeting__status=Meeting.Status.PUBLICERAT, body__in=Body.objects.visible_to(user))
    if not user.is_authenticated:
        return actions.filter(public)
    from kunskapsnav.accounts.models import BodyRole

    member_of = BodyRole.objects.filter(user=user).values("body_id")
    mine = ActionItem.objects.for_user(user).values("pk")
    return actions.filter(public | Q(body_id__in=member_of) | Q(pk__in=mine))


def my_open_actions(user: User) -> list[ActionItem]:
    """The user's open actions across bodies, overdue first."""
    return list(actions_with_responsibles().for_user(user).open().overdue_first())


def next_meeting_of(body: Body, after: dt.date | None = None) -> Meeting | None:
    return (
        Meeting.objects.filter(body=body, date__gte=after or timezone.localdate())
        .exclude(status=Meeting.Status.INSTALLT)
        .order_by("date", "start_time")
        .first()
    )
