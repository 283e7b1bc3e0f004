"""Follow-up dashboards and the matrix export: "Mina organ", a region's leadership view, and the
maturity matrix as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kunskapsnav.core.exports import table_response
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.core.models import Region
from kunskapsnav.followup.dashboard import BodyCount, my_bodies, region_dashboard
from kunskapsnav.followup.dashboard_charts import Bar, count_chart, describe
from kunskapsnav.followup.matrix import LEVEL_ORDER, Level, Matrix, maturity_matrix
from kunskapsnav.followup.views import matrix_filters
from kunskapsnav.guidance.models import Implementation
from kunskapsnav.registry.models import today


@require_GET
@login_required
def my_bodies_page(request: AuthenticatedRequest) -> HttpResponse:
    summaries = my_bodies(request.user)
    bars = [Bar(s.body.display_name, s.overdue_actions) for s in summaries]
    chart = count_chart(
        chart_id="my-bodies-overdue",
        title=_("Försenade åtgärder per organ"),
        description=describe(bars),
        bars=bars,
    )
    response = render(
        request,
        "followup/dashboards/my_bodies.html",
        {"summaries": summaries, "chart": chart, "today": today()},
    )
    patch_cache_control(response, private=True)
    return response


def _body_chart(chart_id: str, title: str, rows: list[BodyCount]) -> str:
    bars = [Bar(row.name, row.count) for row in rows]
    return count_chart(chart_id=chart_id, title=title, description=describe(bars), bars=bars)


@require_GET
def region_dashboard_page(request: Request, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("sjukvardsregion"), code=code)
    dashboard = region_dashboard(request.user, region)
    level_counts = dict.fromkeys(LEVEL_ORDER, 0)
    for cell in dashboard.cells:
        level_counts[cell.level] += 1
    level_bars = [Bar(str(Level(level).label), n) for level, n in level_counts.items()]
    impl_bars = [Bar(row.label, row.count) for row in dashboard.implementations]
    name = region.short_name or region.name
    charts = {
        "levels": count_chart(
            chart_id="region-levels",
            title=_("Programområden i %(region)s per mognadsnivå") % {"region": name},
            description=describe(level_bars),
            bars=level_bars,
        ),
        "vacancies": _body_chart(
            "region-vacancies", _("Vakanta platser per organ"), dashboard.vacancies
        ),
        "overdue": _body_chart(
            "region-overdue", _("Försenade åtgärder per organ"), dashboard.overdue_actions
        ),
        "implementations": count_chart(
            chart_id="region-implementations",
            title=_("Införanden i %(region)s per status") % {"region": name},
            description=describe(impl_bars),
            bars=impl_bars,
        ),
    }
    response = render(
        request,
        "followup/dashboards/region.html",
        {"dashboard": dashboard, "region": region, "charts": charts, "level_counts": level_bars},
    )
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


def matrix_table(matrix: Matrix) -> tuple[list[str], list[list[object]]]:
    """The matrix as one row per cell: level as text, staffing, commission, införanden."""
    statuses = Implementation.ORDER
    labels = dict(Implementation.Status.choices)
    headers = [
        _("Datum"),
        _("Programområde"),
        _("Region"),
        _("Länskod"),
        _("Sjukvårdsregion"),
        _("Mognadsnivå"),
        _("Lokalt programområde"),
        _("Antal LAG"),
        _("Tillsatta platser"),
        _("Platser"),
        _("Bemanning (%)"),
        _("Uppdragsbeskrivning fastställd"),
        _("Införanden totalt"),
        *(_("Införanden: %(status)s") % {"status": labels[s]} for s in statuses),
        _("Självskattning (1–5)"),
        _("Självskattning, omgång"),
    ]
    day = matrix.on or today()
    rows: list[list[object]] = []
    for row in matrix.rows:
        for cell in row.cells:
            per_status = {c.status: c.count for c in cell.implementations}
            rows.append(
                [
                    day,
                    row.area.name,
                    cell.region.name,
                    cell.region.code,
                    cell.region.sjukvardsregion.name if cell.region.sjukvardsregion else "",
                    cell.level_label,
                    cell.body.name if cell.body else "",
                    cell.lag_count if cell.body else None,
                    cell.filled if cell.body else None,
                    cell.places if cell.body else None,
                    cell.staffing_percent,
                    cell.has_commission if cell.body else None,
                    cell.implementation_total,
                    *(per_status.get(s, 0) for s in statuses),
                    round(cell.self_assessment.value, 1) if cell.self_assessment else None,
                    cell.self_assessment.round_label if cell.self_assessment else "",
                ]
            )
    return headers, rows


@require_GET
def matrix_export(request: Request, fmt: str) -> HttpResponse:
    """The matrix as ``mognadsmatris-DATE.csv`` or ``.xlsx``, with the page's filters
    (``sjukvardsregion``, ``datum``)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = matrix_filters(request)
    if filters.form.errors:
        messages = [str(m) for errors in filters.form.errors.values() for m in errors]
        return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")
    code = filters.selected.code if filters.selected else None
    matrix = maturity_matrix(request.user, code, on=filters.on)
    headers, rows = matrix_table(matrix)
    day = (filters.on or today()).isoformat()
    name = (
        f"mognadsmatris-{filters.selected.code}-{day}"
        if filters.selected
        else f"mognadsmatris-{day}"
    )
    response = table_response(name, _("Mognadsmatris"), headers, rows, fmt)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response
