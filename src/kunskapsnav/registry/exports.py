"""Downloads of the registry: the body list and the vacancy list as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kunskapsnav.core.exports import table_response
from kunskapsnav.registry.models import Body, today
from kunskapsnav.registry.queries import Vacancy


def vacancies_response(rows: list[Vacancy], fmt: str) -> HttpResponse:
    headers = [
        _("Organ"),
        _("Region"),
        _("Plats"),
        _("Profil"),
        _("Företräder"),
        _("Typ av plats"),
        _("Vakanta platser"),
        _("Nomineras av"),
        _("Vakant sedan"),
        _("Nominering"),
        _("Svar senast"),
    ]
    table = [
        [
            row.body.name,
            row.body.region.name if row.body.region else "",
            row.seat.title,
            row.seat.profile,
            row.seat.get_represents_display(),
            row.seat.get_seat_type_display(),
            row.places,
            row.nominator,
            row.since,
            row.nomination.get_status_display() if row.nomination else "",
            row.deadline,
        ]
        for row in rows
    ]
    return table_response(f"vakanser-{today().isoformat()}", _("Vakanser"), headers, table, fmt)


def bodies_response(bodies: Iterable[Body], fmt: str) -> HttpResponse:
    """The body list as shown to the user; the bodies come from ``queries.body_list`` (with
    region, programme area, parent and ``vacancy_count``). The short-name and public columns
    are titled with the model fields' own (lower-case) names."""
    headers = [
        _("Namn"),
        capfirst(_("kortnamn")),
        _("Typ"),
        _("Nivå"),
        _("Status"),
        _("Region"),
        _("Programområde"),
        _("Överordnat organ"),
        capfirst(_("offentligt")),
        _("Vakanta platser"),
    ]
    table = [
        [
            body.name,
            body.short_name,
            body.get_kind_display(),
            body.get_level_display(),
            body.get_status_display(),
            body.region.name if body.region else "",
            body.programme_area.name if body.programme_area else "",
            body.parent.name if body.parent else "",
            body.is_public,
            body.vacancy_count,  # type: ignore[attr-defined]
        ]
        for body in bodies
    ]
    return table_response(f"organ-{today().isoformat()}", _("Organ"), headers, table, fmt)
