"""Pages of state funds: the grant list, a grant with its allocations and spending, the forms
that keep them, and CSV/XLSX downloads.

Views are thin: they read through ``funds`` (its reads section), check access through the
``_get_*`` helpers (404 when the user may not see the grant, 403 when they may not act on it)
and write through the ``funds`` services.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.exports import table_response
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.followup import funds, funds_charts, funds_export
from kunskapsnav.followup import funds_forms as forms
from kunskapsnav.followup.models import Allocation, Grant, Spending
from kunskapsnav.registry.models import Body

FORMATS = ("csv", "xlsx")
FORM_TEMPLATE = "core/form_page.html"

# --- Access helpers -------------------------------------------------------------------------


def _grant_queryset() -> QuerySet[Grant]:
    return Grant.objects.select_related(
        "recipient_region",
        "recipient_organisation",
        "responsible_body",
        "decision__meeting",
        "decision__item",
    )


def _get_grant(request: Request, pk: int, perm: str = "") -> Grant:
    """The grant, if the user may see it (404 otherwise) and holds ``perm`` (403 otherwise)."""
    grant = get_object_or_404(_grant_queryset(), pk=pk)
    if not request.user.has_perm("followup.view_grant", grant):
        raise Http404
    if perm and not request.user.has_perm(perm, grant):
        raise PermissionDenied
    return grant


def _get_allocation(request: Request, pk: int, perm: str = "followup.change_grant") -> Allocation:
    allocation = get_object_or_404(
        Allocation.objects.select_related("responsible_body", "decision__meeting"), pk=pk
    )
    allocation.grant = get_object_or_404(_grant_queryset(), pk=allocation.grant_id)
    target: Any = allocation if perm == "followup.report_spending" else allocation.grant
    allowed = request.user.has_perm(perm, target)
    # The allocation's own body reports its spending even when the grant's body is hidden.
    if not allowed and not request.user.has_perm("followup.view_grant", allocation.grant):
        raise Http404
    if not allowed:
        raise PermissionDenied
    return allocation


def _get_spending(request: Request, pk: int) -> Spending:
    spending = get_object_or_404(Spending, pk=pk)
    spending.allocation = _get_allocation(
        request, spending.allocation_id, "followup.report_spending"
    )
    return spending


def _add_service_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _done(request: Request, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(url)


def _keepable_bodies(user: User) -> QuerySet[Body]:
    """The bodies ``user`` may register a grant for: those they coordinate (all for admins)."""
    bodies = Body.objects.active().select_related("region").order_by("name")
    if user.is_systemforvaltare:
        return bodies
    return bodies.filter(
        pk__in=BodyRole.objects.filter(user=user, role=BodyRole.Role.SAMORDNARE).values("body_id")
    )


def _can_add_grant(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_systemforvaltare:
        return True
    return any(BodyRole.Role.SAMORDNARE in roles for roles in user.body_roles().values())


def _form_page(
    request: Request, form: Any, title: str, back: str, context_label: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "title": title, "back": back, "context_label": context_label, **extra},
    )


# --- The grant list -------------------------------------------------------------------------


def _filtered_grants(request: Request) -> tuple[forms.GrantFilterForm, QuerySet[Grant]]:
    grants = funds.visible_grants(request.user)
    years = sorted(set(grants.values_list("year", flat=True)), reverse=True)
    form = forms.GrantFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("region"):
        grants = grants.filter(recipient_region__code=data["region"])
    if data.get("year"):
        grants = grants.filter(year=data["year"])
    return form, grants.order_by("-year", "name", "pk")


@require_GET
def grant_list(request: Request) -> HttpResponse:
    form, grants = _filtered_grants(request)
    page = Paginator(funds.for_list(grants), 50).get_page(request.GET.get("sida"))
    rows = funds.grant_rows(page.object_list)
    query = request.GET.copy()
    query.pop("sida", None)
    template = "followup/funds/grant_list.html"
    return render(
        request,
        f"{template}#results" if request.htmx else template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "totals": funds.totals(rows),
            "query": query.urlencode(),
            "can_add": _can_add_grant(request.user),
        },
    )


@require_GET
def grant_list_export(request: Request, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _form, grants = _filtered_grants(request)
    headers, rows = funds_export.grant_list_table(funds.grant_rows(funds.for_list(grants)))
    return table_response("statsbidrag", _("Statsbidrag"), headers, rows, fmt)


# --- A grant --------------------------------------------------------------------------------


@require_GET
def grant_detail(request: Request, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk)
    user = request.user
    day = funds.today()
    rows = funds.allocation_rows(grant)
    figures = funds.figures(
        grant,
        allocated=sum((row.allocation.amount for row in rows), Decimal(0)),
        spent=sum((row.spent for row in rows), Decimal(0)),
        on=day,
    )
    spendings = list(
        Spending.objects.filter(allocation__grant=grant)
        .select_related("allocation", "reported_by")
        .order_by("-spent_on", "-pk")
    )
    can_change = user.has_perm("followup.change_grant", grant)
    reportable = {
        row.allocation.pk
        for row in rows
        if can_change or user.has_perm("followup.report_spending", row.allocation)
    }
    return render(
        request,
        "followup/funds/grant_detail.html",
        {
            "grant": grant,
            "figures": figures,
            "rows": rows,
            "spendings": spendings,
            "deadlines": funds.deadlines_of(grant, day),
            "chart": funds_charts.allocation_chart(
                title=_("%(name)s: fördelat och upparbetat per insats") % {"name": grant.name},
                rows=rows,
            )
            if rows
            else None,
            "can_change": can_change,
            "reportable": reportable,
            "today": day,
        },
    )


@require_GET
def grant_export(request: Request, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    grant = _get_grant(request, pk)
    content, content_type = funds_export.grant_workbook(grant, fmt)
    response = HttpResponse(content, content_type=content_type)
    filename = f"statsbidrag-{slugify(grant.name) or grant.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request: AuthenticatedRequest) -> HttpResponse:
    bodies = _keepable_bodies(request.user)
    if not request.user.is_systemforvaltare and not bodies.exists():
        raise PermissionDenied
    first = bodies.filter(region__isnull=False).first()
    form = forms.GrantForm(
        request.POST or None,
        bodies=bodies,
        initial={"recipient_region": first.region if first else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = funds.create_grant(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("responsible_body", _("Du är inte samordnare för organet."))
        else:
            return _done(request, grant.get_absolute_url(), _("Statsbidraget är registrerat."))
    return _form_page(
        request,
        form,
        _("Nytt statsbidrag"),
        back=reverse("followup:grant_list"),
        context_label=_("Statsbidrag"),
        submit=_("Registrera"),
        intro=_(
            "Fördelningar, upparbetade belopp och beslut läggs till på bidragets sida när det "
            "är registrerat."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk, "followup.change_grant")
    bodies = _keepable_bodies(request.user) | Body.objects.filter(pk=grant.responsible_body_id)
    form = forms.GrantForm(
        request.POST or None,
        instance=grant,
        bodies=bodies.distinct(),
        decisions=funds.decisions_for(grant.responsible_body),
    )
    if request.method == "POST" and form.is_valid():
        try:
            funds.update_grant(grant, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("responsible_body", _("Du är inte samordnare för organet."))
        else:
            return _done(request, grant.get_absolute_url(), _("Statsbidraget är ändrat."))
    return _form_page(
        request,
        form,
        _("Ändra %(name)s") % {"name": grant.name},
        back=grant.get_absolute_url(),
        context_label=grant.name,
        intro=_(
            "Beslutet väljs bland besluten vid möten i %(body)s. Byts organet, spara först och "
            "välj sedan beslutet."
        )
        % {"body": grant.responsible_body.name},
    )


def _date_page(
    request: AuthenticatedRequest,
    grant: Grant,
    *,
    field: str,
    label: str,
    title: str,
    intro: str,
    saved: str,
) -> HttpResponse:
    form = forms.DateForm(
        request.POST or None,
        label=label,
        initial={"on": getattr(grant, field) or funds.today()},
    )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data.get("on")
        try:
            if field == "requisitioned_on":
                funds.record_requisition(grant, acting_user=request.user, requisitioned_on=day)
            else:
                funds.record_report(grant, acting_user=request.user, reported_on=day)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, grant.get_absolute_url(), saved)
    return _form_page(
        request, form, title, back=grant.get_absolute_url(), context_label=grant.name, intro=intro
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_requisition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk, "followup.change_grant")
    deadline = grant.requisition_deadline
    return _date_page(
        request,
        grant,
        field="requisitioned_on",
        label=_("Rekvirerat den"),
        title=_("Registrera rekvirering"),
        intro=_("Medlen ska rekvireras senast %(date)s.") % {"date": deadline.isoformat()}
        if deadline
        else _("Ingen sista dag för rekvirering är angiven."),
        saved=_("Rekvireringen är registrerad."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk, "followup.change_grant")
    deadline = grant.reporting_deadline
    return _date_page(
        request,
        grant,
        field="reported_on",
        label=_("Redovisat den"),
        title=_("Registrera redovisning"),
        intro=_("Användningen ska redovisas senast %(date)s.") % {"date": deadline.isoformat()}
        if deadline
        else _("Ingen sista dag för redovisning är angiven."),
        saved=_("Redovisningen är registrerad."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_repayment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk, "followup.change_grant")
    figures = funds.grant_figures(grant)
    form = forms.RepaymentForm(
        request.POST or None,
        initial={"repaid_amount": grant.repaid_amount or Decimal(0), "repaid_on": grant.repaid_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            funds.record_repayment(
                grant,
                acting_user=request.user,
                repaid_amount=form.cleaned_data["repaid_amount"],
                repaid_on=form.cleaned_data.get("repaid_on"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, grant.get_absolute_url(), _("Återbetalningen är registrerad."))
    return _form_page(
        request,
        form,
        _("Registrera återbetalning"),
        back=grant.get_absolute_url(),
        context_label=grant.name,
        intro=_("Ej förbrukat: %(unspent)s. Ange det totala belopp som har återbetalats.")
        % {"unspent": funds.kronor(figures.unspent)},
    )


# --- Allocations ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def allocation_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk, "followup.change_grant")
    form = forms.AllocationForm(
        request.POST or None,
        decisions=funds.decisions_for(grant.responsible_body),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            funds.add_allocation(grant, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, grant.get_absolute_url() + "#fordelningar", _("Fördelningen är sparad.")
            )
    left = funds.grant_figures(grant).unallocated
    return _form_page(
        request,
        form,
        _("Ny fördelning"),
        back=grant.get_absolute_url(),
        context_label=grant.name,
        intro=_("Återstår att fördela: %(left)s.") % {"left": funds.kronor(left)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    allocation = _get_allocation(request, pk)
    grant = allocation.grant
    form = forms.AllocationForm(
        request.POST or None,
        instance=allocation,
        decisions=funds.decisions_for(grant.responsible_body),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            funds.update_allocation(allocation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, grant.get_absolute_url() + "#fordelningar", _("Fördelningen är ändrad.")
            )
    return _form_page(
        request,
        form,
        _("Ändra fördelningen %(measure)s") % {"measure": allocation.measure},
        back=grant.get_absolute_url(),
        context_label=grant.name,
    )


@login_required
@require_POST
def allocation_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    allocation = _get_allocation(request, pk)
    url = allocation.grant.get_absolute_url() + "#fordelningar"
    try:
        funds.delete_allocation(allocation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(url)
    return _done(request, url, _("Fördelningen är borttagen."))


# --- Spending -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def spending_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    allocation = _get_allocation(request, pk, "followup.report_spending")
    grant = allocation.grant
    form = forms.SpendingForm(request.POST or None, initial={"spent_on": funds.today()})
    if request.method == "POST" and form.is_valid():
        try:
            funds.report_spending(allocation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, grant.get_absolute_url() + "#upparbetat", _("Beloppet är rapporterat.")
            )
    spent = funds.spent_on_allocation(allocation)
    return _form_page(
        request,
        form,
        _("Rapportera upparbetat belopp"),
        back=grant.get_absolute_url(),
        context_label=grant.name,
        intro=_("%(measure)s: %(allocated)s fördelat, %(spent)s upparbetat hittills.")
        % {
            "measure": allocation.measure,
            "allocated": funds.kronor(allocation.amount),
            "spent": funds.kronor(spent),
        },
        submit=_("Rapportera"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def spending_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    spending = _get_spending(request, pk)
    grant = spending.allocation.grant
    form = forms.SpendingForm(request.POST or None, instance=spending)
    if request.method == "POST" and form.is_valid():
        try:
            funds.correct_spending(spending, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, grant.get_absolute_url() + "#upparbetat", _("Beloppet är rättat.")
            )
    return _form_page(
        request,
        form,
        _("Rätta upparbetat belopp"),
        back=grant.get_absolute_url(),
        context_label=f"{grant.name} – {spending.allocation.measure}",
    )


@login_required
@require_POST
def spending_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    spending = _get_spending(request, pk)
    url = spending.allocation.grant.get_absolute_url() + "#upparbetat"
    funds.delete_spending(spending, acting_user=request.user)
    return _done(request, url, _("Beloppet är borttaget."))
