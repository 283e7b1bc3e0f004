"""Pages of follow-up: the maturity matrix and a body's overview."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from kunskapsnav.core.http import Request
from kunskapsnav.core.models import Sjukvardsregion
from kunskapsnav.followup.dashboard import body_dashboard as build_dashboard
from kunskapsnav.followup.matrix import LEVEL_DESCRIPTIONS, maturity_matrix
from kunskapsnav.registry.models import Body


@require_GET
def matrix(request: Request) -> HttpResponse:
    sjukvardsregioner = list(Sjukvardsregion.objects.order_by("order", "name"))
    code = request.GET.get("sjukvardsregion", "")
    selected = next((s for s in sjukvardsregioner if s.code == code), None)
    if code and selected is None:
        raise Http404
    result = maturity_matrix(request.user, code or None)
    legend = [
        (level, label, LEVEL_DESCRIPTIONS[level], count)
        for level, label, count in result.level_counts()
    ]
    return render(
        request,
        "followup/matrix.html",
        {
            "matrix": result,
            "legend": legend,
            "sjukvardsregioner": sjukvardsregioner,
            "selected": selected,
        },
    )


@require_GET
def body_dashboard(request: Request, pk: int) -> HttpResponse:
    body = get_object_or_404(
        Body.objects.select_related("region", "programme_area", "parent"), pk=pk
    )
    if not request.user.has_perm("registry.view_body", body):
        raise Http404
    return render(
        request, "followup/body_dashboard.html", {"dashboard": build_dashboard(request.user, body)}
    )
