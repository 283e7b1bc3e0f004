"""The search page: one box across meetings, items, decisions, actions, attachments, bodies,
people and kunskapsstöd, with filters; results grouped by kind."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kunskapsnav.core.http import Request
from kunskapsnav.registry.models import Body
from kunskapsnav.search.engine import Results
from kunskapsnav.search.engine import search as run_search
from kunskapsnav.search.forms import SearchForm

#: Hits shown per kind before "show all of this kind", and when one kind is chosen.
PER_KIND = 8
ALL_OF_KIND = 100


@require_GET
def search(request: Request) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: Results | None = None
    body: Body | None = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        filters = form.filters()
        if filters.body_id:
            body = Body.objects.filter(pk=filters.body_id).first()
            if body is not None and not request.user.has_perm("registry.view_body", body):
                body = None
        results = run_search(
            request.user,
            form.cleaned_data["q"],
            filters,
            per_kind=PER_KIND if not filters.kinds else ALL_OF_KIND,
        )
    only_kind = form.cleaned_data.get("kind") if form.is_valid() else ""
    without_kind = request.GET.copy()
    without_kind.pop("kind", None)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "results": results,
            "body": body,
            "per_kind": None if only_kind else PER_KIND,
            "base_query": without_kind.urlencode(),
            # Nothing to search for: a blank box, or no letters or digits in it.
            "empty_query": form.is_bound
            and form.is_valid()
            and (results is None or results.query.is_empty),
        },
    )
