"""Builders for meeting tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import kunskapsnav.meetings.services as services
from kunskapsnav.meetings.models import AgendaItem, Meeting
from kunskapsnav.registry.models import Body


def meeting(body: Body, date: dt.date, **fields: Any) -> Meeting:
    fields.setdefault("start_time", dt.time(9))
    fields.setdefault("end_time", dt.time(12))
    fields.setdefault("place", "Teams")
    return services.create_meeting(body, acting_user=None, date=date, **fields)


def item(on: Meeting, title: str, **fields: Any) -> AgendaItem:
    return services.add_item(on, acting_user=None, title=title, **fields)


def held(on: Meeting) -> Meeting:
    return services.mark_held(on, acting_user=None)
