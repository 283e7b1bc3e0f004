"""Small builders for registry tests: a Dalarna-like structure that tests can grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kunskapsnav.core.models import Region
from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body, Membership, Organisation, Person, Seat


def person(name: str, **fields: Any) -> Person:
    return services.create_person(acting_user=None, name=name, **fields)


def body(name: str, **fields: Any) -> Body:
    fields.setdefault("kind", Body.Kind.LPO)
    fields.setdefault("level", Body.Level.REGIONAL)
    return services.create_body(acting_user=None, name=name, **fields)


def seat(in_body: Body, title: str = "Kommunrepresentant", **fields: Any) -> Seat:
    fields.setdefault("opened_on", dt.date(2020, 1, 1))
    return services.add_seat(in_body, acting_user=None, title=title, **fields)


def member(
    in_seat: Seat, who: Person, start: dt.date | None = None, end: dt.date | None = None
) -> Membership:
    return services.fill_seat(
        in_seat, who, acting_user=None, start_on=start or dt.date(2021, 1, 1), end_on=end
    )


def region_organisation(region: Region) -> Organisation:
    return services.create_organisation(
        acting_user=None, name=region.name, kind=Organisation.Kind.REGION, region=region
    )


def grow(region: Region, parent: Body, n: int) -> None:
    """``n`` more bodies under ``parent``, each with two seats, a holder and a nomination."""
    for i in range(n):
        child = body(f"LAG {parent.name} {i}", parent=parent, region=region, kind=Body.Kind.LAG)
        first = seat(child, "Regionrepresentant", quota=2)
        seat(child, "Kommunrepresentant", nominating_body=parent)
        member(first, person(f"Person {parent.pk}-{i}"))
        services.request_nomination(first, acting_user=None)
        services.add_commission_version(child, acting_user=None, text="Uppdrag")
