"""Pages of the core: the start page, reference data, the glossary, object history."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_POST

from kunskapsnav.accounts import services as account_services
from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core import queries
from kunskapsnav.core.audit import has_history, history_entries
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.core.models import GlossaryTerm, Region


@require_GET
def start(request: Request) -> HttpResponse:
    from kunskapsnav.meetings import queries as meeting_queries

    roles: list[BodyRole] = []
    actions: list[Any] = []
    meetings: list[Any] = []
    if isinstance(request.user, User):
        roles = list(
            BodyRole.objects.filter(user=request.user)
            .select_related("body")
            .order_by("body__name", "role")
        )
        actions = meeting_queries.my_open_actions(request.user)
        meetings = list(
            meeting_queries.calendar(
                request.user,
                start=timezone.localdate(),
                bodies=[role.body_id for role in roles],
            )[:8]
        )
    return render(
        request,
        "core/start.html",
        {"roles": roles, "actions": actions, "meetings": meetings, "today": timezone.localdate()},
    )


@require_GET
def region_list(request: Request) -> HttpResponse:
    return render(
        request,
        "core/region_list.html",
        {"sjukvardsregioner": queries.sjukvardsregioner_with_regions()},
    )


@require_GET
def region_detail(request: Request, code: str) -> HttpResponse:
    try:
        region = queries.region_with_kommuner(code)
    except Region.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "core/region_detail.html", {"region": region})


@require_GET
def programme_area_list(request: Request) -> HttpResponse:
    return render(
        request, "core/programme_area_list.html", {"groups": queries.programme_areas_by_kind()}
    )


@require_GET
def glossary(request: Request) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    category = request.GET.get("kategori", "")
    if category not in GlossaryTerm.Category.values:
        category = ""
    groups = queries.glossary_by_letter(text=text, category=category)
    present = {letter for letter, _ in groups}
    context = {
        "groups": groups,
        "letters": [(letter, letter in present) for letter in queries.swedish_letters()],
        "categories": GlossaryTerm.Category.choices,
        "q": text,
        "category": category,
        "count": sum(len(items) for _, items in groups),
    }
    template = "core/glossary.html#glossary-results" if request.htmx else "core/glossary.html"
    return render(request, template, context)


@require_POST
def set_language(request: Request) -> HttpResponse:
    """Switch the interface language; a logged-in user keeps the choice on their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
            httponly=True,
        )
        user = request.user
        if isinstance(user, User) and user.language != language:
            account_services.set_language(user, language, acting_user=user)
    return response


@login_required
@require_GET
def history(
    request: AuthenticatedRequest, app_label: str, model_name: str, pk: str
) -> HttpResponse:
    """The change history of any audited object, for those who may see the object."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not has_history(model):
        raise Http404
    obj = model._default_manager.filter(pk=pk).first() if pk.isdigit() else None
    if obj is None:
        raise Http404
    if not request.user.has_perm(f"{app_label}.view_{model_name}", obj):
        raise PermissionDenied
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "model_name": model._meta.verbose_name,
            "object_url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            "entries": history_entries(obj),
        },
    )


@require_GET
def health(request: Request) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
