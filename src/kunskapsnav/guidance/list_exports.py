"""The catalogue and the införande list as CSV or XLSX downloads (``core.exports``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from kunskapsnav.core.exports import table_response
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.guidance.remiss import partial_date, today


def _response(
    stem: str, title: str, headers: list[str], rows: list[list[Any]], fmt: str
) -> HttpResponse:
    response = table_response(f"{stem}-{today().isoformat()}", title, headers, rows, fmt)
    patch_cache_control(response, private=True)
    return response


def kunskapsstod_response(stods: Iterable[Kunskapsstod], fmt: str) -> HttpResponse:
    """The catalogue; the rows come from ``remiss.catalogue`` (with type and programme area)."""
    headers = [
        _("Kod"),
        _("Namn"),
        _("Typ"),
        _("Programområde"),
        _("Nationell status"),
        _("Fastställt"),
        _("Publicerat"),
        _("Länk"),
    ]
    rows: list[list[Any]] = [
        [
            stod.code,
            stod.name,
            stod.type.name,
            stod.programme_area.name if stod.programme_area else "",
            stod.get_status_display(),
            partial_date(stod.approved_on, stod.approved_precision),
            stod.published_on,
            stod.link,
        ]
        for stod in stods
    ]
    return _response("kunskapsstod", _("Kunskapsstöd"), headers, rows, fmt)


def implementations_response(implementations: Iterable[Implementation], fmt: str) -> HttpResponse:
    """The införande list; the rows come with kunskapsstöd, region, responsible body and
    ``unit_count`` (as ``implementation_views.implementation_list`` reads them)."""
    headers = [
        _("Kunskapsstöd"),
        _("Region"),
        _("Status"),
        _("Ansvarigt organ"),
        _("Beslut om införande"),
        _("Införandet började"),
        _("Infört"),
        _("Enheter"),
    ]
    rows: list[list[Any]] = [
        [
            implementation.kunskapsstod.name,
            implementation.region.name,
            implementation.get_status_display(),
            implementation.responsible_body.name if implementation.responsible_body else "",
            implementation.decided_on,
            implementation.started_on,
            implementation.completed_on,
            implementation.unit_count,  # type: ignore[attr-defined]
        ]
        for implementation in implementations
    ]
    return _response("inforanden", _("Införanden"), headers, rows, fmt)
