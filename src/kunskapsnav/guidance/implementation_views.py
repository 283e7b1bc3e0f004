"""Pages of an införande: the list, the införande with its timeline, handlingsplan and
indicators, the gap-analysis grid (with XLSX out and in) and a form for every service.

Views are thin: ``_get_implementation`` fetches with the permission check in one place, writes
go through ``guidance.implementation`` (and ``gap_xlsx``), which check permissions again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.guidance import charts, gap_xlsx, list_exports
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance import implementation_forms as forms
from kunskapsnav.guidance.models import (
    ActionPlan,
    Finding,
    GapAssessment,
    Implementation,
    ImplementationUnit,
    Kunskapsstod,
    PlanAction,
    Recommendation,
)
from kunskapsnav.registry.models import Body

# --- Access helpers -------------------------------------------------------------------------


def _get_implementation(
    request: Request, pk: int, perm: str = "guidance.view_implementation"
) -> Implementation:
    """The införande, if the user may see it (404 otherwise) and holds ``perm`` (403)."""
    implementation = get_object_or_404(
        Implementation.objects.select_related("kunskapsstod", "region", "responsible_body"),
        pk=pk,
    )
    if not request.user.has_perm("guidance.view_implementation", implementation):
        raise Http404
    if perm != "guidance.view_implementation" and not request.user.has_perm(perm, implementation):
        raise PermissionDenied
    return implementation


def _done(request: Request, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(url)


def _add_service_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _form_page(
    request: Request,
    implementation: Implementation | None,
    form: Any,
    title: str,
    *,
    intro: str = "",
    submit: str = "",
    multipart: bool = False,
    back: str = "",
    errors: list[str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "guidance/implementation/form.html",
        {
            "implementation": implementation,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit or _("Spara"),
            "multipart": multipart,
            "back": back
            or (
                implementation.get_absolute_url()
                if implementation
                else reverse("guidance:implementation_list")
            ),
            "errors": errors or [],
        },
    )


def _responsible_bodies(user: User) -> QuerySet[Body]:
    """Bodies the user may make responsible for an införande."""
    if user.is_systemforvaltare:
        return Body.objects.active().order_by("name")
    return (
        Body.objects.active()
        .filter(
            pk__in=BodyRole.objects.filter(user=user, role=BodyRole.Role.SAMORDNARE).values(
                "body_id"
            )
        )
        .order_by("name")
    )


# --- The list -------------------------------------------------------------------------------


def _filtered_implementations(
    request: Request,
) -> tuple[forms.ImplementationFilterForm, QuerySet[Implementation]]:
    """The filter form of the införande list and the införanden it selects among those the
    user may see, each with ``unit_count``; shared by the page and its downloads."""
    visible = services.visible_implementations(request.user)
    bodies = Body.objects.filter(pk__in=visible.values("responsible_body"))
    stods = Kunskapsstod.objects.filter(pk__in=visible.values("kunskapsstod"))
    form = forms.ImplementationFilterForm(request.GET or None, bodies=bodies, stods=stods)
    data = form.cleaned_data if form.is_valid() else {}
    implementations = visible.annotate(unit_count=Count("units", distinct=True))
    if data.get("region"):
        implementations = implementations.filter(region__code=data["region"])
    if data.get("kunskapsstod"):
        implementations = implementations.filter(kunskapsstod__code=data["kunskapsstod"])
    if data.get("status"):
        implementations = implementations.filter(status=data["status"])
    if data.get("organ"):
        implementations = implementations.filter(responsible_body_id=data["organ"])
    return form, implementations


@require_GET
def implementation_list(request: Request) -> HttpResponse:
    form, implementations = _filtered_implementations(request)
    page = Paginator(implementations, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    user = request.user
    can_add = user.is_authenticated and (
        user.is_systemforvaltare or _responsible_bodies(user).exists()
    )
    context = {"form": form, "page": page, "query": query.urlencode(), "can_add": can_add}
    template = "guidance/implementation/list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@require_GET
def implementation_export(request: Request, fmt: str) -> HttpResponse:
    """The införande list as ``inforanden.xlsx`` or ``inforanden.csv``, with the page's filters
    (every page, not only the first)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, implementations = _filtered_implementations(request)
    return list_exports.implementations_response(implementations, fmt)


# --- One införande --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    value: str
    label: str
    state: str  # "done", "current" or "todo"


def _steps(implementation: Implementation) -> list[Step]:
    current = Implementation.ORDER.index(implementation.status)
    return [
        Step(
            value,
            str(label),
            "done" if index < current else "current" if index == current else "todo",
        )
        for index, (value, label) in enumerate(Implementation.Status.choices)
    ]


def _plan_and_actions(
    implementation: Implementation,
) -> tuple[ActionPlan | None, list[PlanAction]]:
    plan = (
        ActionPlan.objects.filter(implementation=implementation)
        .select_related("approved_decision__meeting", "approved_decision__deciding_body")
        .first()
    )
    if plan is None:
        return None, []
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("action", "finding")
        .prefetch_related("action__responsible_people")
        .order_by("action__due_date", "action__created_at", "pk")
    )
    return plan, actions


def _gap_data(
    implementation: Implementation,
) -> tuple[list[ImplementationUnit], list[Recommendation], dict[tuple[int, int], GapAssessment]]:
    units = list(implementation.units.select_related("kommun", "organisation"))
    recommendations = list(implementation.kunskapsstod.recommendations.order_by("order", "id"))
    assessments = {
        (a.unit_id, a.recommendation_id): a
        for a in GapAssessment.objects.filter(unit__implementation=implementation)
    }
    return units, recommendations, assessments


def _total_label(implementation: Implementation) -> str:
    return _("Hela %(region)s") % {"region": implementation.region.name}


@require_GET
def implementation_detail(request: Request, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk)
    units, recommendations, assessments = _gap_data(implementation)
    plan, plan_actions = _plan_and_actions(implementation)
    events = list(
        implementation.events.select_related("decision__meeting", "created_by").order_by(
            "-date", "-id"
        )
    )
    summary = services.summarise_gap(
        units, recommendations, assessments, total_label=_total_label(implementation)
    )
    return render(
        request,
        "guidance/implementation/detail.html",
        {
            "implementation": implementation,
            "steps": _steps(implementation),
            "units": units,
            "recommendation_count": len(recommendations),
            "events": events,
            "plan": plan,
            "plan_actions": plan_actions,
            "charts": charts.charts_for(implementation),
            "total": summary[-1],
            "states": GapAssessment.State.choices,
            "can_change": request.user.has_perm("guidance.change_implementation", implementation),
            "can_add_indicator": request.user.has_perm(
                "guidance.add_indicator", implementation.kunskapsstod
            ),
            "can_edit_recommendations": request.user.has_perm(
                "guidance.add_recommendation", implementation.kunskapsstod
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def implementation_create(request: AuthenticatedRequest) -> HttpResponse:
    bodies = _responsible_bodies(request.user)
    if not request.user.is_systemforvaltare and not bodies.exists():
        raise PermissionDenied
    form = forms.ImplementationForm(
        request.POST or None, bodies=bodies, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            implementation = services.start_implementation(
                data["kunskapsstod"],
                data["region"],
                responsible_body=data["responsible_body"],
                acting_user=request.user,
                status=data["status"],
                date=data["date"],
                note=data.get("note", ""),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, implementation.get_absolute_url(), _("Införandet är registrerat.")
            )
    return _form_page(request, None, form, _("Nytt införande"))


@login_required
@require_http_methods(["GET", "POST"])
def implementation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    bodies = _responsible_bodies(request.user)
    if implementation.responsible_body_id:
        bodies = bodies | Body.objects.filter(pk=implementation.responsible_body_id)
    form = forms.ImplementationEditForm(
        request.POST or None,
        bodies=bodies.distinct(),
        initial={
            "responsible_body": implementation.responsible_body,
            "note": implementation.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_implementation(
                implementation,
                acting_user=request.user,
                responsible_body=form.cleaned_data["responsible_body"],
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, implementation.get_absolute_url(), _("Ändringarna är sparade."))
    return _form_page(request, implementation, form, _("Ändra införandet"))


@login_required
@require_http_methods(["GET", "POST"])
def implementation_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    order = Implementation.ORDER
    following = order[min(order.index(implementation.status) + 1, len(order) - 1)]
    form = forms.StatusForm(
        request.POST or None,
        implementation=implementation,
        initial={"status": following, "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                implementation,
                data["status"],
                acting_user=request.user,
                date=data["date"],
                text=data.get("text", ""),
                decision=data.get("decision"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, implementation.get_absolute_url(), _("Statusen är ändrad."))
    return _form_page(
        request,
        implementation,
        form,
        _("Ändra status"),
        intro=_("Nu: %(status)s. Ändringen läggs på tidslinjen med datum och kommentar.")
        % {"status": implementation.get_status_display()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def implementation_event_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    form = forms.EventForm(
        request.POST or None,
        implementation=implementation,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_event(
                implementation,
                text=data["text"],
                date=data["date"],
                decision=data.get("decision"),
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, implementation.get_absolute_url(), _("Händelsen är tillagd."))
    return _form_page(request, implementation, form, _("Ny händelse på tidslinjen"))


# --- Units and recommendations --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    form = forms.UnitForm(request.POST or None, implementation=implementation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.add_unit(
                implementation,
                acting_user=request.user,
                name=data.get("name", ""),
                huvudman=data["huvudman"],
                organisation=data.get("organisation"),
                kommun=data.get("kommun"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                implementation.get_absolute_url(),
                _("%(name)s deltar nu i införandet.") % {"name": unit.name},
            )
    return _form_page(
        request,
        implementation,
        form,
        _("Ny deltagande enhet"),
        intro=_("En enhet i regionen eller en kommun: gapanalysen görs per enhet och huvudman."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(ImplementationUnit, pk=pk)
    implementation = _get_implementation(
        request, unit.implementation_id, "guidance.change_implementation"
    )
    unit.implementation = implementation
    form = django_forms.Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.remove_unit(unit, acting_user=request.user)
        return _done(
            request,
            implementation.get_absolute_url(),
            _("%(name)s deltar inte längre.") % {"name": unit.name},
        )
    return _form_page(
        request,
        implementation,
        form,
        _("Ta bort %(name)s ur införandet") % {"name": unit.name},
        intro=_("Enhetens bedömningar i gapanalysen tas bort; de finns kvar i historiken."),
        submit=_("Ta bort enheten"),
    )


def _get_recommendation(implementation: Implementation, rec: int) -> Recommendation:
    return get_object_or_404(Recommendation, pk=rec, kunskapsstod=implementation.kunskapsstod_id)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk)
    if not request.user.has_perm("guidance.add_recommendation", implementation.kunskapsstod):
        raise PermissionDenied
    form = forms.RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_recommendation(
                implementation.kunskapsstod, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                reverse("guidance:gap_analysis", args=[implementation.pk]),
                _("Rekommendationen är tillagd."),
            )
    return _form_page(
        request,
        implementation,
        form,
        _("Ny rekommendation i %(stod)s") % {"stod": implementation.kunskapsstod},
        intro=_("Rekommendationerna hör till kunskapsstödet och gäller alla regioner."),
        back=reverse("guidance:gap_analysis", args=[implementation.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: AuthenticatedRequest, pk: int, rec: int) -> HttpResponse:
    implementation = _get_implementation(request, pk)
    recommendation = _get_recommendation(implementation, rec)
    if not request.user.has_perm("guidance.change_recommendation", recommendation):
        raise PermissionDenied
    form = forms.RecommendationForm(
        request.POST or None,
        initial={"number": recommendation.number, "text": recommendation.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recommendation(
                recommendation, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                reverse("guidance:gap_analysis", args=[implementation.pk]),
                _("Rekommendationen är ändrad."),
            )
    return _form_page(
        request,
        implementation,
        form,
        _("Ändra rekommendation %(number)s") % {"number": recommendation.number},
        back=reverse("guidance:gap_analysis", args=[implementation.pk]),
    )


@login_required
@require_POST
def recommendation_move(request: AuthenticatedRequest, pk: int, rec: int) -> HttpResponse:
    implementation = _get_implementation(request, pk)
    recommendation = _get_recommendation(implementation, rec)
    services.move_recommendation(
        recommendation, acting_user=request.user, up=request.POST.get("riktning") != "ned"
    )
    return HttpResponseRedirect(
        reverse("guidance:gap_analysis", args=[implementation.pk]) + "#rekommendationer"
    )


# --- The gap analysis -----------------------------------------------------------------------


def _cell_name(unit_id: int, recommendation_id: int) -> str:
    return f"nulage-{unit_id}-{recommendation_id}"


def _grid_context(request: Request, implementation: Implementation) -> dict[str, Any]:
    units, recommendations, assessments = _gap_data(implementation)
    rows = []
    for recommendation in recommendations:
        cells = []
        for unit in units:
            assessment = assessments.get((unit.pk, recommendation.pk))
            cells.append(
                {
                    "unit": unit,
                    "assessment": assessment,
                    "state": assessment.state if assessment else "",
                    "name": _cell_name(unit.pk, recommendation.pk),
                    "url": reverse(
                        "guidance:gap_assessment_cell",
                        args=[implementation.pk, unit.pk, recommendation.pk],
                    ),
                }
            )
        rows.append({"recommendation": recommendation, "cells": cells})
    findings = list(
        Finding.objects.filter(implementation=implementation).select_related(
            "unit", "recommendation"
        )
    )
    by_dimension = [
        (label, [f for f in findings if f.dimension == value])
        for value, label in Finding.Dimension.choices
    ]
    return {
        "implementation": implementation,
        "units": units,
        "rows": rows,
        "findings_by_dimension": by_dimension,
        "finding_count": len(findings),
        "summary": services.summarise_gap(
            units, recommendations, assessments, total_label=_total_label(implementation)
        ),
        "states": GapAssessment.State.choices,
        "can_change": request.user.has_perm("guidance.change_implementation", implementation),
        "can_edit_recommendations": request.user.has_perm(
            "guidance.add_recommendation", implementation.kunskapsstod
        ),
    }


@require_http_methods(["GET", "POST"])
def gap_analysis(request: Request, pk: int) -> HttpResponse:
    """The grid: recommendations × units, a select per cell; POST saves every changed cell
    (the form without JavaScript); with JavaScript each cell saves itself on change."""
    implementation = _get_implementation(request, pk)
    if request.method == "POST":
        if not request.user.is_authenticated or not request.user.has_perm(
            "guidance.change_implementation", implementation
        ):
            raise PermissionDenied
        units, recommendations, assessments = _gap_data(implementation)
        changed = 0
        try:
            for unit in units:
                unit.implementation = implementation
                for recommendation in recommendations:
                    name = _cell_name(unit.pk, recommendation.pk)
                    if name not in request.POST:
                        continue
                    state = request.POST[name]
                    current = assessments.get((unit.pk, recommendation.pk))
                    if (current.state if current else "") == state:
                        continue
                    services.set_assessment(
                        unit, recommendation, acting_user=request.user, state=state
                    )
                    changed += 1
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s bedömningar är sparade.") % {"count": changed})
        return HttpResponseRedirect(reverse("guidance:gap_analysis", args=[pk]))
    return render(
        request, "guidance/implementation/gap_analysis.html", _grid_context(request, implementation)
    )


@require_http_methods(["GET", "POST"])
def assessment_cell(request: Request, pk: int, unit: int, rec: int) -> HttpResponse:
    """One cell: HTMX autosave of the nuläge, or a page with nuläge and comment."""
    implementation = _get_implementation(request, pk)
    the_unit = get_object_or_404(ImplementationUnit, pk=unit, implementation=implementation)
    the_unit.implementation = implementation
    recommendation = _get_recommendation(implementation, rec)
    if not request.user.is_authenticated or not request.user.has_perm(
        "guidance.change_implementation", implementation
    ):
        raise PermissionDenied
    acting: User = request.user
    name = _cell_name(the_unit.pk, recommendation.pk)
    if request.method == "POST" and request.htmx:
        state = request.POST.get(name, request.POST.get("state", ""))
        error = ""
        try:
            services.set_assessment(the_unit, recommendation, acting_user=acting, state=state)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        context = _grid_context(request, implementation)
        context.update(
            {
                "saved_unit": the_unit,
                "saved_recommendation": recommendation,
                "saved_label": dict(GapAssessment.State.choices).get(state, _("Ej bedömd")),
                "error": error,
            }
        )
        return render(request, "guidance/implementation/_gap_saved.html", context)
    assessment = GapAssessment.objects.filter(unit=the_unit, recommendation=recommendation).first()
    form = forms.AssessmentForm(
        request.POST or None,
        initial={
            "state": assessment.state if assessment else "",
            "comment": assessment.comment if assessment else "",
        },
    )
    back = reverse("guidance:gap_analysis", args=[implementation.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.set_assessment(
                the_unit,
                recommendation,
                acting_user=acting,
                state=form.cleaned_data["state"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, back, _("Bedömningen är sparad."))
    return _form_page(
        request,
        implementation,
        form,
        _("%(unit)s: rekommendation %(number)s")
        % {"unit": the_unit.name, "number": recommendation.number},
        intro=recommendation.text,
        back=back,
    )


@require_GET
def gap_export(request: Request, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk)
    response = HttpResponse(
        gap_xlsx.export_gap_analysis(implementation), content_type=gap_xlsx.CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{gap_xlsx.export_filename(implementation)}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def gap_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    back = reverse("guidance:gap_analysis", args=[implementation.pk])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size and upload.size > gap_xlsx.MAX_UPLOAD_BYTES:
            errors = [_("Filen är för stor (högst 5 MB).")]
        else:
            try:
                result = gap_xlsx.import_gap_analysis(
                    implementation, upload.read(), acting_user=request.user
                )
            except ValidationError as error:
                errors = list(error.messages)
            else:
                return _done(
                    request,
                    back,
                    _("Gapanalysen är inläst: %(changed)s ändrade, %(same)s oförändrade.")
                    % {"changed": result.changed, "same": result.unchanged},
                )
    return _form_page(
        request,
        implementation,
        form,
        _("Läs in gapanalys från Excel"),
        intro=_(
            "Använd filen från ”Exportera till Excel”. Varje cell kontrolleras; om någon är fel "
            "ändras ingenting och alla fel visas."
        ),
        submit=_("Läs in"),
        multipart=True,
        back=back,
        errors=errors,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    form = forms.FindingForm(request.POST or None, implementation=implementation)
    back = reverse("guidance:gap_analysis", args=[implementation.pk]) + "#iakttagelser"
    if request.method == "POST" and form.is_valid():
        try:
            services.add_finding(implementation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, back, _("Iakttagelsen är tillagd."))
    return _form_page(request, implementation, form, _("Ny iakttagelse"), back=back)


# --- Handlingsplan --------------------------------------------------------------------------


@login_required
@require_POST
def plan_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    services.create_action_plan(implementation, acting_user=request.user)
    return _done(
        request,
        implementation.get_absolute_url() + "#handlingsplan",
        _("Handlingsplanen är skapad som utkast."),
    )


def _get_plan(implementation: Implementation) -> ActionPlan:
    plan = ActionPlan.objects.filter(implementation=implementation).first()
    if plan is None:
        raise Http404
    plan.implementation = implementation
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    plan = _get_plan(implementation)
    form = forms.ApprovePlanForm(request.POST or None, implementation=implementation)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_action_plan(
                plan,
                acting_user=request.user,
                decision=form.cleaned_data.get("decision"),
                approved_on=form.cleaned_data.get("approved_on"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                implementation.get_absolute_url() + "#handlingsplan",
                _("Handlingsplanen är fastställd."),
            )
    return _form_page(
        request,
        implementation,
        form,
        _("Fastställ handlingsplanen"),
        intro=_(
            "Välj beslutet i protokollet, eller ange datumet om beslutet fattades utanför "
            "Kunskapsnav. Införandet får status ”Handlingsplan fastställd”."
        ),
        submit=_("Fastställ"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_action_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    initial: dict[str, Any] = {}
    if request.GET.get("iakttagelse", "").isdigit():
        initial["finding"] = request.GET["iakttagelse"]
    form = forms.PlanActionForm(
        request.POST or None, implementation=implementation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_action_plan(implementation, acting_user=request.user)
            plan.implementation = implementation
            services.add_plan_action(
                plan,
                acting_user=request.user,
                text=data["text"],
                finding=data.get("finding"),
                responsible_text=data.get("responsible_text", ""),
                due_date=data.get("due_date"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                implementation.get_absolute_url() + "#handlingsplan",
                _("Åtgärden är tillagd och följs upp av %(body)s.")
                % {"body": implementation.responsible_body},
            )
    return _form_page(
        request,
        implementation,
        form,
        _("Ny åtgärd i handlingsplanen"),
        intro=_(
            "Åtgärden följs upp av det ansvariga organet på dess möten, som alla andra åtgärder."
        ),
    )


# --- Uppföljning ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk)
    if not request.user.has_perm("guidance.add_indicator", implementation.kunskapsstod):
        raise PermissionDenied
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_indicator(
                implementation.kunskapsstod, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                implementation.get_absolute_url() + "#uppfoljning",
                _("Indikatorn är tillagd."),
            )
    return _form_page(
        request,
        implementation,
        form,
        _("Ny indikator för %(stod)s") % {"stod": implementation.kunskapsstod},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    form = forms.MeasurementForm(request.POST or None, implementation=implementation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measurement(
                implementation,
                data["indicator"],
                acting_user=request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                value=data["value"],
                unit=data.get("unit"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                implementation.get_absolute_url() + "#uppfoljning",
                _("Mätvärdet är sparat."),
            )
    return _form_page(request, implementation, form, _("Nytt mätvärde"))


@login_required
@require_http_methods(["GET", "POST"])
def measurement_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    implementation = _get_implementation(request, pk, "guidance.change_implementation")
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size and upload.size > services.MAX_CSV_BYTES:
            errors = [_("Filen är för stor (högst 2 MB).")]
        else:
            try:
                count = services.import_measurements_csv(
                    implementation, upload.read(), acting_user=request.user
                )
            except ValidationError as error:
                errors = list(error.messages)
            else:
                return _done(
                    request,
                    implementation.get_absolute_url() + "#uppfoljning",
                    _("%(count)s mätvärden är inlästa.") % {"count": count},
                )
    return _form_page(
        request,
        implementation,
        form,
        _("Läs in mätvärden från CSV"),
        intro=_(
            "En CSV-fil med semikolon och kolumnerna indikator;region;enhet;från;till;värde. "
            "Lämna enhet tom för hela regionen. Datum skrivs ÅÅÅÅ-MM-DD och decimaler med "
            "komma eller punkt. Om någon rad är fel läses ingenting in."
        ),
        submit=_("Läs in"),
        multipart=True,
        errors=errors,
    )
