"""Downloads of the registry: the vacancy list as CSV or XLSX."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from kunskapsnav.core.exports import table_response
from kunskapsnav.registry.models import today
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
