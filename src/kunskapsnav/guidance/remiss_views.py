"""Pages of the kunskapsstöd catalogue and of remiss handling.

Views are thin: they read through ``remiss`` (its reads section), check access through the
``_get_*`` helpers (404 when the user may not see the object, 403 when they may not act on it)
and write through the ``remiss`` services. An HTMX request gets the named partial of the same
template.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.core.models import Kommun
from kunskapsnav.guidance import list_exports, remiss, remiss_dates, remiss_export
from kunskapsnav.guidance import remiss_forms as forms
from kunskapsnav.guidance.models import (
    Implementation,
    Kunskapsstod,
    RemissAnswerSection,
    RemissAssignment,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.models import Body, Person

Viewer = Any  # User | AnonymousUser

# --- Access helpers -------------------------------------------------------------------------


def _get_stod(code: str) -> Kunskapsstod:
    return get_object_or_404(
        Kunskapsstod.objects.select_related("type", "programme_area", "part_of"), code=code
    )


def _assignment_queryset() -> QuerySet[RemissAssignment]:
    return RemissAssignment.objects.select_related(
        "round__kunskapsstod",
        "region",
        "coordinating_body",
        "approved_decision__meeting",
        "signatory",
    )


def _get_assignment(request: Request, pk: int, perm: str = "") -> RemissAssignment:
    """The remiss, if the user may see it (404 otherwise) and holds ``perm`` (403 otherwise).

    It is seen by those who see its coordinating body and by those asked to contribute.
    """
    assignment = get_object_or_404(_assignment_queryset(), pk=pk)
    user = request.user
    if not user.has_perm("guidance.view_remissassignment", assignment):
        contributions = remiss.assignment_contributions(assignment)
        if not remiss.access(user, assignment, contributions).visible:
            raise Http404
    if perm and not user.has_perm(perm, assignment):
        raise PermissionDenied
    return assignment


def _get_contribution(request: Request, pk: int) -> RemissContribution:
    contribution = get_object_or_404(
        RemissContribution.objects.select_related("body", "kommun"), pk=pk
    )
    contribution.assignment = _get_assignment(request, contribution.assignment_id)
    if not request.user.has_perm("guidance.change_remisscontribution", contribution):
        raise PermissionDenied
    return contribution


def _get_section(request: Request, pk: int) -> RemissAnswerSection:
    section = get_object_or_404(RemissAnswerSection, pk=pk)
    section.assignment = _get_assignment(
        request, section.assignment_id, "guidance.change_remissassignment"
    )
    return section


def _add_service_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _done(request: Request, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(url)


def _is_samordnare_somewhere(user: Viewer) -> bool:
    if not user.is_authenticated:
        return False
    return any(BodyRole.Role.SAMORDNARE in roles for roles in user.body_roles().values())


# --- The catalogue --------------------------------------------------------------------------


def _filters_from(form: forms.CatalogueFilterForm) -> remiss.CatalogueFilter:
    data = form.cleaned_data if form.is_valid() else {}
    return remiss.CatalogueFilter(
        type=data.get("type", ""),
        programme_area=data.get("programme_area", ""),
        status=data.get("status", ""),
        text=data.get("q", ""),
    )


@require_GET
def kunskapsstod_list(request: Request) -> HttpResponse:
    form = forms.CatalogueFilterForm(request.GET or None)
    rows = remiss.catalogue(_filters_from(form))
    page = Paginator(rows, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    template = "guidance/catalogue/list.html"
    return render(
        request,
        f"{template}#results" if request.htmx else template,
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
def kunskapsstod_export(request: Request, fmt: str) -> HttpResponse:
    """The catalogue as ``kunskapsstod.xlsx`` or ``kunskapsstod.csv``, with the page's filters
    (every page, not only the first)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = forms.CatalogueFilterForm(request.GET or None)
    return list_exports.kunskapsstod_response(remiss.catalogue(_filters_from(form)), fmt)


@require_GET
def kunskapsstod_detail(request: Request, code: str) -> HttpResponse:
    stod = _get_stod(code)
    user = request.user
    assignments = remiss.visible_assignments(user).order_by("region__name")
    rounds = list(
        stod.remiss_rounds.prefetch_related(Prefetch("assignments", queryset=assignments))
    )
    implementations = Implementation.objects.filter(kunskapsstod=stod).select_related(
        "region", "responsible_body"
    )
    if not (user.is_authenticated and user.is_systemforvaltare):
        implementations = implementations.filter(responsible_body__in=Body.objects.visible_to(user))
    return render(
        request,
        "guidance/catalogue/detail.html",
        {
            "stod": stod,
            "other_areas": list(stod.other_programme_areas.order_by("name")),
            "parts": list(stod.parts.order_by("name")),
            "rounds": rounds,
            "steps": remiss.lifecycle(stod, rounds),
            "approved": remiss.partial_date(stod.approved_on, stod.approved_precision),
            "implementations": list(implementations.order_by("region__name")),
            "can_add_round": user.has_perm("guidance.add_remissround", stod),
            "can_assign": user.is_authenticated
            and (user.is_systemforvaltare or _is_samordnare_somewhere(user)),
            "today": remiss.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    stod = _get_stod(code)
    if not request.user.has_perm("guidance.add_remissround", stod):
        raise PermissionDenied
    window = remiss_dates.next_window(remiss.today())
    form = forms.RoundForm(
        request.POST or None,
        initial={"kind": RemissRound.Kind.REMISS, "opens": window.opens, "closes": window.closes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            remiss.create_round(stod, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, stod.get_absolute_url(), _("Remissomgången är registrerad."))
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "back": stod.get_absolute_url(),
            "context_label": stod.name,
            "title": _("Ny remissomgång för %(name)s") % {"name": stod.name},
            "intro": _(
                "Datumen föreslås från den nationella remisskalendern: 15 februari – 14 april, "
                "15 april – 14 juni, 15 september – 14 november och 15 november – 14 februari."
            ),
        },
    )


def _assignable_bodies(user: User) -> QuerySet[Body]:
    bodies = Body.objects.active().select_related("region").order_by("name")
    if user.is_systemforvaltare:
        return bodies
    return bodies.filter(
        pk__in=BodyRole.objects.filter(user=user, role=BodyRole.Role.SAMORDNARE).values("body_id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(RemissRound.objects.select_related("kunskapsstod"), pk=pk)
    bodies = _assignable_bodies(request.user)
    if not request.user.is_systemforvaltare and not bodies.exists():
        raise PermissionDenied
    first = bodies.filter(region__isnull=False).first()
    form = forms.AssignForm(
        request.POST or None,
        bodies=bodies,
        initial={
            "region": first.region if first else None,
            "internal_deadline": remiss.default_internal_deadline(round),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = remiss.assign_round(
                round,
                region=data["region"],
                coordinating_body=data["coordinating_body"],
                internal_deadline=data.get("internal_deadline"),
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, assignment.get_absolute_url(), _("Remissen är tilldelad organet.")
            )
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "back": round.kunskapsstod.get_absolute_url(),
            "context_label": round.kunskapsstod.name,
            "title": _("Tilldela remissen om %(name)s") % {"name": round.kunskapsstod.name},
            "intro": _(
                "Remissen är öppen %(opens)s – %(closes)s. Organet som tilldelas samlar in "
                "synpunkter och skriver regionens remissvar."
            )
            % {"opens": round.opens.isoformat(), "closes": round.closes.isoformat()},
            "submit": _("Tilldela"),
        },
    )


# --- A body's remiss inbox ------------------------------------------------------------------


@require_GET
def body_inbox(request: Request, pk: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("region"), pk=pk)
    user = request.user
    if not user.has_perm("registry.view_body", body):
        raise Http404
    day = remiss.today()
    assignments = list(
        RemissAssignment.objects.filter(coordinating_body=body)
        .select_related("round__kunskapsstod", "region")
        .order_by("round__closes", "pk")
    )
    for assignment in assignments:
        assignment.coordinating_body = body
        assignment.overdue = assignment.status in remiss.OPEN_STATUSES and remiss.is_overdue(  # type: ignore[attr-defined]
            assignment.internal_deadline, day
        )
    asked = list(
        RemissContribution.objects.filter(body=body)
        .select_related(
            "assignment__round__kunskapsstod",
            "assignment__region",
            "assignment__coordinating_body",
        )
        .order_by("deadline", "pk")
    )
    for contribution in asked:
        contribution.body = body
    contributions = [
        c
        for c in asked
        if user.has_perm("guidance.view_remissassignment", c.assignment)
        or user.has_perm("guidance.change_remisscontribution", c)
    ]
    for contribution in contributions:
        contribution.overdue = (  # type: ignore[attr-defined]
            contribution.status == RemissContribution.Status.BEGARD
            and contribution.assignment.status in remiss.OPEN_STATUSES
            and remiss.is_overdue(contribution.deadline, day)
        )
        contribution.can_answer = (  # type: ignore[attr-defined]
            contribution.assignment.status in remiss.OPEN_STATUSES
            and user.has_perm("guidance.change_remisscontribution", contribution)
        )
    # Overdue first, then by deadline.
    assignments.sort(key=lambda a: (not a.overdue, a.round.closes))  # type: ignore[attr-defined]
    contributions.sort(key=lambda c: (not c.overdue, c.deadline or day))  # type: ignore[attr-defined]
    return render(
        request,
        "guidance/remiss/inbox.html",
        {"body": body, "assignments": assignments, "contributions": contributions, "today": day},
    )


# --- A remiss -------------------------------------------------------------------------------


def _remiss_context(request: Request, assignment: RemissAssignment) -> dict[str, Any]:
    day = remiss.today()
    contributions = remiss.assignment_contributions(assignment)
    for contribution in contributions:
        contribution.overdue = (  # type: ignore[attr-defined]
            contribution.status == RemissContribution.Status.BEGARD
            and remiss.is_overdue(contribution.deadline, day)
        )
    allowed = remiss.access(request.user, assignment, contributions)
    # A body that the user may not see is not named, unless the user answers for it.
    contributions = [
        c
        for c in contributions
        if c.body is None
        or c.pk in allowed.mine
        or request.user.has_perm("registry.view_body", c.body)
    ]
    is_open = assignment.status in remiss.OPEN_STATUSES
    sections = list(assignment.sections.all())
    return {
        "assignment": assignment,
        "round": assignment.round,
        "stod": assignment.round.kunskapsstod,
        "contributions": contributions,
        "mine": allowed.mine,
        "sections": sections,
        "section_forms": [
            (section, forms.SectionForm(instance=section, prefix=f"s{section.pk}"))
            for section in sections
        ],
        "new_section_form": forms.NewSectionForm(),
        "can_manage": allowed.can_manage,
        "editable": allowed.can_manage and is_open,
        "is_open": is_open,
        "show_texts": allowed.show_texts,
        "show_sections": allowed.show_sections,
        "approval": remiss_export.approval_line(assignment),
        "overdue": is_open and remiss.is_overdue(assignment.internal_deadline, day),
        "today": day,
    }


@require_GET
def remiss_detail(request: Request, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk)
    return render(request, "guidance/remiss/detail.html", _remiss_context(request, assignment))


def _back_to_remissvar(request: Request, assignment: RemissAssignment) -> HttpResponse:
    """After a change to the sections: the editor partial for HTMX, the page otherwise."""
    if request.htmx:
        return render(
            request,
            "guidance/remiss/detail.html#remissvar",
            _remiss_context(request, assignment),
        )
    return HttpResponseRedirect(assignment.get_absolute_url() + "#remissvar")


@login_required
@require_http_methods(["GET", "POST"])
def remiss_deadline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk, "guidance.change_remissassignment")
    form = forms.DeadlineForm(
        request.POST or None, initial={"internal_deadline": assignment.internal_deadline}
    )
    if request.method == "POST" and form.is_valid():
        try:
            remiss.update_assignment(
                assignment,
                acting_user=request.user,
                internal_deadline=form.cleaned_data.get("internal_deadline"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, assignment.get_absolute_url(), _("Svarstiden är ändrad."))
    return _form_page(request, assignment, form, _("Ändra intern svarstid"))


def _form_page(
    request: Request,
    assignment: RemissAssignment,
    form: Any,
    title: str,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "back": assignment.get_absolute_url(),
            "context_label": str(assignment),
            "title": title,
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk, "guidance.change_remissassignment")
    bodies = (
        Body.objects.visible_to(request.user)
        .active()
        .filter(region=assignment.region)
        .exclude(pk=assignment.coordinating_body_id)
        .order_by("name")
    )
    kommuner = Kommun.objects.filter(region=assignment.region).order_by("name")
    form = forms.RequestContributionsForm(
        request.POST or None,
        bodies=bodies,
        kommuner=kommuner,
        initial={"deadline": remiss.default_contribution_deadline(assignment)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = remiss.request_contributions(
                assignment,
                acting_user=request.user,
                bodies=data["bodies"],
                kommuner=data["kommuner"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request,
                assignment.get_absolute_url(),
                _("Synpunkter är begärda från %(count)s.") % {"count": len(created)},
            )
    return _form_page(
        request,
        assignment,
        form,
        _("Begär synpunkter"),
        intro=_("De som redan har fått en begäran hoppas över."),
        submit=_("Begär synpunkter"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contribution = _get_contribution(request, pk)
    assignment = contribution.assignment
    initial: dict[str, Any] = {"text": contribution.text}
    if contribution.status != RemissContribution.Status.BEGARD:
        initial["status"] = contribution.status
    form = forms.ContributionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            remiss.submit_contribution(
                contribution,
                acting_user=request.user,
                text=form.cleaned_data.get("text", ""),
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, assignment.get_absolute_url(), _("Tack! Svaret är lämnat."))
    deadline = contribution.deadline.isoformat() if contribution.deadline else "–"
    return _form_page(
        request,
        assignment,
        form,
        _("Synpunkter från %(name)s") % {"name": contribution},
        intro=_("Remissen gäller %(name)s. Svara senast %(date)s.")
        % {"name": assignment.round.kunskapsstod.name, "date": deadline},
        submit=_("Lämna svaret"),
    )


@login_required
@require_POST
def contribution_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(RemissContribution.objects.select_related("body"), pk=pk)
    assignment = _get_assignment(
        request, contribution.assignment_id, "guidance.change_remissassignment"
    )
    contribution.assignment = assignment
    try:
        remiss.withdraw_request(contribution, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(assignment.get_absolute_url())
    return _done(request, assignment.get_absolute_url(), _("Begäran är borttagen."))


# --- The remissvar editor -------------------------------------------------------------------


@login_required
@require_POST
def section_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk, "guidance.change_remissassignment")
    form = forms.NewSectionForm(request.POST)
    if form.is_valid():
        try:
            remiss.add_section(
                assignment, acting_user=request.user, heading=form.cleaned_data["heading"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Skriv en rubrik för avsnittet."))
    return _back_to_remissvar(request, assignment)


@login_required
@require_POST
def section_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save a section's heading and text: the autosave (HTMX) or the form's button."""
    section = _get_section(request, pk)
    form = forms.SectionForm(request.POST, instance=section, prefix=f"s{section.pk}")
    context: dict[str, Any] = {"section": section}
    if form.is_valid():
        try:
            remiss.update_section(
                section,
                acting_user=request.user,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            context["saved_at"] = timezone.localtime()
    else:
        context["error"] = _("Avsnittet behöver en rubrik.")
    if not request.htmx:
        if "error" in context:
            messages.error(request, context["error"])
        else:
            messages.success(request, _("Avsnittet är sparat."))
        return HttpResponseRedirect(
            section.assignment.get_absolute_url() + f"#section-{section.pk}"
        )
    return render(request, "guidance/remiss/_section_status.html", context)


@login_required
@require_POST
def section_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    section = _get_section(request, pk)
    try:
        remiss.move_section(section, acting_user=request.user, up=request.POST.get("to") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to_remissvar(request, section.assignment)


@login_required
@require_POST
def section_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    section = _get_section(request, pk)
    try:
        remiss.delete_section(section, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to_remissvar(request, section.assignment)


# --- Approval, sending, download ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def remiss_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk, "guidance.change_remissassignment")
    body = assignment.coordinating_body
    decisions = (
        Decision.objects.filter(deciding_body=body, meeting__date__gte=assignment.round.opens)
        .select_related("meeting")
        .order_by("-meeting__date", "order", "pk")
    )
    bodies = [body.pk] + ([body.parent_id] if body.parent_id else [])
    people = Person.objects.filter(memberships__body__in=bodies).distinct().order_by("name", "pk")
    form = forms.ApproveForm(request.POST or None, decisions=decisions, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            remiss.approve_remissvar(
                assignment,
                acting_user=request.user,
                decision=data.get("decision"),
                signatory=data.get("signatory"),
                approved_on=data.get("approved_on"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, assignment.get_absolute_url(), _("Remissvaret är godkänt."))
    return _form_page(
        request,
        assignment,
        form,
        _("Godkänn remissvaret"),
        intro=_(
            "Remissvaret godkänns antingen genom ett beslut i %(body)s eller av en namngiven "
            "person som undertecknar det. Därefter kan det inte ändras."
        )
        % {"body": body.name},
        submit=_("Godkänn"),
    )


@login_required
@require_POST
def remiss_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk, "guidance.change_remissassignment")
    try:
        remiss.reopen_remissvar(assignment, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(assignment.get_absolute_url())
    return _done(request, assignment.get_absolute_url(), _("Remissvaret är öppnat igen."))


@login_required
@require_http_methods(["GET", "POST"])
def remiss_sent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk, "guidance.change_remissassignment")
    form = forms.SentForm(request.POST or None, initial={"sent_on": remiss.today()})
    if request.method == "POST" and form.is_valid():
        try:
            remiss.mark_sent(
                assignment, acting_user=request.user, sent_on=form.cleaned_data["sent_on"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(
                request, assignment.get_absolute_url(), _("Remissvaret är markerat som skickat.")
            )
    return _form_page(
        request,
        assignment,
        form,
        _("Markera remissvaret som skickat"),
        intro=_("Remissen stänger %(date)s.") % {"date": assignment.round.closes.isoformat()},
        submit=_("Markera som skickat"),
    )


@require_GET
def remiss_docx(request: Request, pk: int) -> HttpResponse:
    assignment = _get_assignment(request, pk)
    context = _remiss_context(request, assignment)
    if not context["show_sections"]:
        raise PermissionDenied
    content = remiss_export.remissvar_docx(assignment, context["sections"])
    response = HttpResponse(content, content_type=remiss_export.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{remiss_export.filename(assignment)}"'
    return response
