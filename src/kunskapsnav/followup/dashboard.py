"""A body's follow-up overview: what is open, late, vacant, waiting or due, and what is next.

A fixed number of queries whatever the size of the body: actions (with their responsibles),
vacancies, nominations, remiss contributions and assignments, and the next meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F

from kunskapsnav.guidance.models import RemissAssignment, RemissContribution
from kunskapsnav.meetings.models import ActionItem, Meeting
from kunskapsnav.meetings.queries import ActionFilter, action_list
from kunskapsnav.registry.models import Body, Nomination, today
from kunskapsnav.registry.queries import Vacancy, vacancies

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
