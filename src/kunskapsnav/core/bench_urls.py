"""The project's URLs plus the page benchmark's baseline: a minimal view doing one indexed query.

Used only by :mod:`kunskapsnav.core.bench_pages` (``ROOT_URLCONF`` is switched to this module in
the benchmark's own process); never mounted in the product.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kunskapsnav.registry.models import Body
from kunskapsnav.urls import urlpatterns as project_urlpatterns


def minimal(request: HttpRequest, pk: int) -> HttpResponse:
    """One primary-key lookup and a plain response: the floor every page is compared with."""
    name = Body.objects.filter(pk=pk).values_list("name", flat=True).first()
    return HttpResponse(name or "", content_type="text/plain; charset=utf-8")


urlpatterns = [path("__bench__/minimal/<int:pk>/", minimal), *project_urlpatterns]
