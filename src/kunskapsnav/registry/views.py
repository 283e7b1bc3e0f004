"""Pages of the registry: bodies, people, the organisation chart and vacancies.

Views are thin: they fetch through ``queries``, check permissions through ``_get_*`` helpers
(healthchecks' pattern, so no view forgets the check) and write through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kunskapsnav.accounts.models import User
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.core.models import Region
from kunskapsnav.registry import exports, forms, queries, services
from kunskapsnav.registry.models import (
    Body,
    CommissionVersion,
    Membership,
    Nomination,
    Person,
    Seat,
    today,
)

# --- Access helpers -------------------------------------------------------------------------


def _get_body(request: Request, pk: int, perm: str = "registry.view_body") -> Body:
    """The body, if the user may see it (404 otherwise) and holds ``perm`` (403 otherwise)."""
    body = get_object_or_404(Body.objects.select_related("parent", "region"), pk=pk)
    if not request.user.has_perm("registry.view_body", body):
        raise Http404
    if perm != "registry.view_body" and not request.user.has_perm(perm, body):
        raise PermissionDenied
    return body


def _get_seat(request: Request, pk: int, perm: str = "registry.change_body") -> Seat:
    seat = get_object_or_404(Seat.objects.select_related("body", "nominating_body"), pk=pk)
    _get_body(request, seat.body_id, perm)
    return seat


def _get_nomination(request: Request, pk: int, perm: str) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "seat", "seat__body", "nominating_body", "deciding_body", "candidate"
        ),
        pk=pk,
    )
    if not request.user.has_perm("registry.view_body", nomination.seat.body):
        raise Http404
    if not request.user.has_perm(perm, nomination):
        raise PermissionDenied
    return nomination


def _acting(request: AuthenticatedRequest) -> User:
    return request.user


def _done(request: Request, body: Body, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(body.get_absolute_url())


def _add_service_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _person_from(form: forms.PersonPickerMixin, acting_user: User) -> Person:
    """The chosen person, or a new one registered from the form's fields."""
    data = form.cleaned_data
    if data.get("person"):
        person: Person = data["person"]
        return person
    return services.create_person(
        acting_user=acting_user,
        name=data["new_person_name"].strip(),
        title=data.get("new_person_title", "").strip(),
        organisation=data.get("new_person_organisation"),
        email=data.get("new_person_email", ""),
    )


# --- Bodies ---------------------------------------------------------------------------------


def _filters_from(form: forms.BodyFilterForm) -> queries.BodyFilter:
    data = form.cleaned_data if form.is_valid() else {}
    vacancies = data.get("vacancies", "")
    return queries.BodyFilter(
        level=data.get("level", ""),
        kind=data.get("kind", ""),
        programme_area=data.get("programme_area", ""),
        region=data.get("region", ""),
        status=data.get("status", ""),
        has_vacancies={"ja": True, "nej": False}.get(vacancies),
        text=data.get("q", ""),
    )


@require_GET
def body_list(request: Request) -> HttpResponse:
    form = forms.BodyFilterForm(request.GET or None)
    bodies = queries.body_list(request.user, _filters_from(form))
    page = Paginator(bodies, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_add": request.user.has_perm("registry.add_body"),
    }
    template = "registry/body_list.html#results" if request.htmx else "registry/body_list.html"
    return render(request, template, context)


@require_GET
def body_export(request: Request, fmt: str) -> HttpResponse:
    """The body list as ``organ.xlsx`` or ``organ.csv``: what the page shows the user, with
    the same filters (every page, not only the first)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = forms.BodyFilterForm(request.GET or None)
    response = exports.bodies_response(queries.body_list(request.user, _filters_from(form)), fmt)
    patch_cache_control(response, private=True)
    return response


@require_GET
def body_detail(request: Request, pk: int) -> HttpResponse:
    _get_body(request, pk)
    body, nominations = queries.body_detail(pk)
    can_change = request.user.has_perm("registry.change_body", body)
    child_bodies = [
        child
        for child in body.child_bodies  # type: ignore[attr-defined]
        if request.user.has_perm("registry.view_body", child)
    ]
    commissions = body.all_commissions  # type: ignore[attr-defined]
    return render(
        request,
        "registry/body_detail.html",
        {
            "body": body,
            "seats": body.open_seats,  # type: ignore[attr-defined]
            "members": body.current_members,  # type: ignore[attr-defined]
            "past_members": body.past_members,  # type: ignore[attr-defined]
            "chairs": queries.chair_of(body),
            "coordinators": queries.coordinators_of(body),
            "children": child_bodies,
            "nominations": nominations,
            "commissions": commissions,
            "vacancy_total": sum(seat.vacancies for seat in body.open_seats),  # type: ignore[attr-defined]
            "can_change": can_change and not body.is_closed,
            "can_close": request.user.has_perm("registry.close_body", body) and not body.is_closed,
            "can_add_child": request.user.has_perm("registry.add_body", body),
            "show_contact": request.user.is_authenticated,
            "today": today(),
        },
    )


def _parent_choices(user: User) -> QuerySet[Body]:
    if user.is_systemforvaltare:
        return Body.objects.active()
    from kunskapsnav.accounts.models import BodyRole

    return Body.objects.active().filter(
        pk__in=BodyRole.objects.filter(user=user, role=BodyRole.Role.SAMORDNARE).values("body_id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: AuthenticatedRequest) -> HttpResponse:
    parent: Body | None = None
    if request.GET.get("under", "").isdigit():
        parent = _get_body(request, int(request.GET["under"]), "registry.add_body")
    elif (
        not request.user.has_perm("registry.add_body")
        and not _parent_choices(request.user).exists()
    ):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if parent is not None:
        initial = {
            "parent": parent,
            "region": parent.region,
            "sjukvardsregion": parent.sjukvardsregion,
            "programme_area": parent.programme_area,
            "level": parent.level,
            "status": Body.Status.PLANERAD,
        }
    form = forms.BodyForm(
        request.POST or None, initial=initial, parents=_parent_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owners = data.pop("owners", [])
        try:
            body = services.create_body(acting_user=request.user, owners=owners, **data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Organet %(name)s är skapat.") % {"name": body.name})
    return render(request, "registry/body_form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "registry.change_body")
    form = forms.BodyForm(
        request.POST or None,
        instance=body,
        parents=_parent_choices(request.user).exclude(pk=body.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owners = data.pop("owners", [])
        try:
            services.update_body(body, acting_user=request.user, owners=owners, **data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Ändringarna är sparade."))
    return render(request, "registry/body_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "POST"])
def body_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "registry.close_body")
    form = forms.CloseBodyForm(request.POST or None, initial={"closed_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.close_body(
                body, closed_on=form.cleaned_data["closed_on"], acting_user=request.user
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Organet är avvecklat."))
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": body,
            "title": _("Avveckla %(name)s") % {"name": body.name},
            "intro": _(
                "När organet avvecklas avslutas alla pågående uppdrag, platserna stängs och "
                "nomineringar som pågår återkallas. Historiken finns kvar."
            ),
            "submit": _("Avveckla organet"),
            "danger": True,
        },
    )


# --- Seats and memberships ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def seat_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "registry.change_body")
    form = forms.SeatForm(
        request.POST or None, body=body, user=request.user, initial={"opened_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_seat(body, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Platsen är tillagd."))
    return render(
        request,
        "registry/action_form.html",
        {"form": form, "body": body, "title": _("Ny plats i %(name)s") % {"name": body.name}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    seat = _get_seat(request, pk)
    form = forms.SeatForm(request.POST or None, instance=seat, body=seat.body, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_seat(seat, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, seat.body, _("Platsen är ändrad."))
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": seat.body,
            "title": _("Ändra plats: %(title)s") % {"title": seat.title},
        },
    )


def _appoint_page(
    request: AuthenticatedRequest, body: Body, seat: Seat | None, title: str
) -> HttpResponse:
    initial = {"start_on": today(), "role": Membership.Role.LEDAMOT}
    if seat is not None and seat.organisation_id:
        initial["representing"] = seat.organisation
    form = forms.AppointForm(request.POST or None, initial=initial)
    searching = request.method == "POST" and "search" in request.POST
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            # A new person is registered only if the appointment succeeds.
            with transaction.atomic():
                person = _person_from(form, request.user)
                services.appoint(
                    body,
                    person,
                    acting_user=request.user,
                    seat=seat,
                    role=data["role"],
                    start_on=data.get("start_on"),
                    end_on=data.get("end_on"),
                    representing=data.get("representing"),
                    note=data.get("note", ""),
                    reason="fill_seat" if seat else "appoint",
                )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("%(name)s har fått uppdraget.") % {"name": person.name})
    if searching:
        form.errors.clear()
    return render(
        request,
        "registry/appoint_form.html",
        {"form": form, "body": body, "seat": seat, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_fill(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    seat = _get_seat(request, pk)
    return _appoint_page(
        request, seat.body, seat, _("Tillsätt plats: %(title)s") % {"title": seat.title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def appoint(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "registry.change_body")
    return _appoint_page(request, body, None, _("Nytt uppdrag i %(name)s") % {"name": body.name})


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("body", "person", "seat"), pk=pk
    )
    body = _get_body(request, membership.body_id, "registry.change_body")
    form = forms.EndMembershipForm(request.POST or None, initial={"end_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                membership, end_on=form.cleaned_data["end_on"], acting_user=request.user
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Uppdraget är avslutat."))
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": body,
            "title": _("Avsluta uppdrag: %(person)s, %(role)s")
            % {"person": membership.person.name, "role": membership.get_role_display()},
            "submit": _("Avsluta uppdraget"),
        },
    )


# --- Nominations ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def nomination_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    seat = _get_seat(request, pk)
    initial = {
        "nominating_body": seat.nominating_body,
        "deciding_body": seat.body.parent or seat.nominating_body,
    }
    form = forms.NominationRequestForm(
        request.POST or None, initial=initial, seat=seat, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_nomination(seat, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, seat.body, _("Nomineringen är begärd."))
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": seat.body,
            "title": _("Begär nominering till %(title)s") % {"title": seat.title},
            "submit": _("Begär nominering"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = _get_nomination(request, pk, "registry.nominate")
    form = forms.NominationRecordForm(request.POST or None, initial={"nominated_on": today()})
    searching = request.method == "POST" and "search" in request.POST
    if request.method == "POST" and not searching and form.is_valid():
        try:
            with transaction.atomic():
                person = _person_from(form, request.user)
                services.record_nomination(
                    nomination,
                    person,
                    acting_user=request.user,
                    nominated_on=form.cleaned_data.get("nominated_on"),
                )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                nomination.seat.body,
                _("%(name)s är nominerad.") % {"name": person.name},
            )
    if searching:
        form.errors.clear()
    return render(
        request,
        "registry/appoint_form.html",
        {
            "form": form,
            "body": nomination.seat.body,
            "seat": nomination.seat,
            "title": _("Nominera till %(title)s") % {"title": nomination.seat.title},
            "submit": _("Spara nomineringen"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = _get_nomination(request, pk, "registry.decide_nomination")
    form = forms.NominationDecideForm(
        request.POST or None, initial={"decided_on": today(), "start_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_nomination(nomination, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, nomination.seat.body, _("Beslutet är registrerat."))
    candidate = nomination.candidate.name if nomination.candidate else "–"
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": nomination.seat.body,
            "title": _("Besluta om %(name)s till %(title)s")
            % {"name": candidate, "title": nomination.seat.title},
            "submit": _("Registrera beslutet"),
        },
    )


@login_required
@require_http_methods(["POST"])
def nomination_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = _get_nomination(request, pk, "registry.view_nomination")
    if not request.user.has_perm("registry.change_body", nomination.seat.body):
        raise PermissionDenied
    try:
        services.withdraw_nomination(nomination, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(nomination.seat.body.get_absolute_url())
    return _done(request, nomination.seat.body, _("Nomineringen är återkallad."))


# --- Commissions ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def commission_version_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "registry.change_body")
    form = forms.CommissionVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_commission_version(
                body,
                acting_user=request.user,
                kind=data["kind"],
                text=data.get("text", ""),
                attachment=data.get("attachment"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Ett utkast är sparat."))
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": body,
            "title": _("Ny version av uppdragsbeskrivningen"),
            "multipart": True,
            "submit": _("Spara utkast"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commission_version_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(
        CommissionVersion.objects.select_related("commission", "commission__body"), pk=pk
    )
    body = _get_body(request, version.commission.body_id, "registry.change_body")
    form = forms.CommissionApproveForm(
        request.POST or None,
        initial={"approved_by": body.parent, "approved_on": today()},
        body=body,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_commission_version(
                version, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, body, _("Versionen är fastställd."))
    return render(
        request,
        "registry/action_form.html",
        {
            "form": form,
            "body": body,
            "title": _("Fastställ version %(number)s") % {"number": version.number},
            "submit": _("Fastställ"),
        },
    )


@require_GET
def commission_attachment(request: Request, pk: int) -> FileResponse:
    version = get_object_or_404(CommissionVersion.objects.select_related("commission"), pk=pk)
    _get_body(request, version.commission.body_id)
    if not version.attachment:
        raise Http404
    return FileResponse(
        version.attachment.open("rb"),
        as_attachment=True,
        filename=version.attachment.name.rsplit("/", 1)[-1],
    )


# --- People ---------------------------------------------------------------------------------


@require_GET
def person_detail(request: Request, pk: int) -> HttpResponse:
    try:
        person = queries.person_detail(pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    visible = set(
        Body.objects.visible_to(request.user)
        .filter(pk__in={m.body_id for m in person.all_memberships})  # type: ignore[attr-defined]
        .values_list("pk", flat=True)
    )
    memberships = [m for m in person.all_memberships if m.body_id in visible]  # type: ignore[attr-defined]
    day = today()
    from kunskapsnav.meetings.queries import visible_actions

    actions = list(visible_actions(request.user).for_person(person).open().overdue_first()[:50])
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "current": [m for m in memberships if m.is_current(day)],
            "past": [m for m in memberships if not m.is_current(day)],
            "nominations": [
                n
                for n in person.open_nominations  # type: ignore[attr-defined]
                if request.user.has_perm("registry.view_body", n.seat.body)
            ],
            "show_contact": request.user.is_authenticated,
            "can_change": request.user.has_perm("registry.change_person", person),
            "actions": actions,
            "today": day,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not request.user.has_perm("registry.change_person", person):
        raise PermissionDenied
    form = forms.PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return HttpResponseRedirect(person.get_absolute_url())
    return render(
        request,
        "registry/action_form.html",
        {"form": form, "title": _("Ändra %(name)s") % {"name": person.name}, "person": person},
    )


@require_GET
def person_search(request: Request) -> HttpResponse:
    """The person picker's results (an HTMX partial of the appointment form)."""
    form = forms.AppointForm(
        {"person_query": request.GET.get("person_query", "")[:100], "role": "ledamot"}
    )
    return render(request, "registry/appoint_form.html#person-choices", {"form": form})


# --- Organisation chart and vacancies -------------------------------------------------------


@require_GET
def org_chart(request: Request, code: str = "") -> HttpResponse:
    regions = list(Region.objects.order_by("name"))
    if not code:
        code = request.GET.get("region", "")
    if not code:
        with_bodies = Body.objects.filter(region__isnull=False).values_list(
            "region__code", flat=True
        )
        code = next(iter(with_bodies), "") or (regions[0].code if regions else "")
        if code:
            return HttpResponseRedirect(reverse("registry:org_chart_region", args=[code]))
    region = next((r for r in regions if r.code == code), None)
    if region is None:
        raise Http404
    roots = queries.org_chart(request.user, code)
    levels: dict[str, list[queries.ChartNode]] = {}
    for node in roots:
        levels.setdefault(node.body.level, []).append(node)
    level_labels = dict(Body.Level.choices)
    grouped = [
        (str(level_labels[level]), levels[level]) for level in Body.LEVEL_ORDER if level in levels
    ]
    return render(
        request,
        "registry/org_chart.html",
        {"region": region, "regions": regions, "groups": grouped},
    )


#: Seats with vacancies per page; the export has them all.
VACANCIES_PER_PAGE = 100


@require_GET
def vacancy_list(request: Request) -> HttpResponse:
    region = request.GET.get("region", "")
    rows = queries.vacancies(request.user, region=region)
    other = request.GET.copy()
    other.pop("sida", None)
    return render(
        request,
        "registry/vacancy_list.html",
        {
            "page": Paginator(rows, VACANCIES_PER_PAGE).get_page(request.GET.get("sida")),
            "query": other.urlencode(),
            "regions": Region.objects.order_by("name"),
            "region": region,
            "total": sum(row.places for row in rows),
            "today": today(),
        },
    )


@require_GET
def vacancy_export(request: Request, fmt: str) -> HttpResponse:
    """The vacancy list as ``vakanser.xlsx`` or ``vakanser.csv`` (same filters as the page)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = queries.vacancies(request.user, region=request.GET.get("region", ""))
    return exports.vacancies_response(rows, fmt)
