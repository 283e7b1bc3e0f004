"""Pages of meetings: the calendar, the meeting page (prepare, run, read) and the action list.

The meeting page is one template with named partials (``attendance``, ``agenda``,
``follow-up``): a form posted by HTMX gets its partial back, the same form posted without
JavaScript gets a redirect to the page, anchored where it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunskapsnav.accounts.models import User
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.meetings import forms, ical, queries, services
from kunskapsnav.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Meeting,
)
from kunskapsnav.registry.forms import body_choices
from kunskapsnav.registry.models import Body, Membership, Person
from kunskapsnav.registry.views import _get_body

#: Rows of the action list per page; the export has them all.
ACTIONS_PER_PAGE = 50

# --- Access helpers -------------------------------------------------------------------------


def _get_meeting(request: Request, pk: int, perm: str = "meetings.view_meeting") -> Meeting:
    """The meeting if the user may see it (else 404) and holds ``perm`` (else 403)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    if perm != "meetings.view_meeting" and not request.user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


def _get_item(request: Request, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "meeting__body"), pk=pk)
    _get_meeting(request, item.meeting_id, "meetings.change_meeting")
    return item


def _get_action(request: Request, pk: int) -> ActionItem:
    action = get_object_or_404(
        ActionItem.objects.select_related("body", "meeting", "closed_in"), pk=pk
    )
    if not request.user.has_perm("meetings.view_actionitem", action):
        raise Http404
    return action


def _people_of(meeting: Meeting) -> QuerySet[Person]:
    """Who can be chosen in the meeting's forms: the body's members and the attendees."""
    member_ids = Membership.objects.filter(body=meeting.body).values("person_id")
    attendee_ids = Attendance.objects.filter(meeting=meeting, person__isnull=False).values(
        "person_id"
    )
    return Person.objects.filter(Q(pk__in=member_ids) | Q(pk__in=attendee_ids)).order_by("name")


def _back(request: Request, meeting: Meeting, anchor: str, partial: str) -> HttpResponse:
    """The partial for HTMX, else back to the meeting page at ``anchor``."""
    if request.htmx:
        return render(
            request, f"meetings/meeting_detail.html#{partial}", _context(request, meeting)
        )
    return HttpResponseRedirect(meeting.get_absolute_url() + f"#{anchor}")


def _error(
    request: Request, meeting: Meeting, error: ValidationError, anchor: str, partial: str
) -> HttpResponse:
    message = " ".join(error.messages)
    if request.htmx:
        context = _context(request, meeting)
        context["error"] = message
        return render(request, f"meetings/meeting_detail.html#{partial}", context)
    messages.error(request, message)
    return HttpResponseRedirect(meeting.get_absolute_url() + f"#{anchor}")


def _checklist(page: queries.MeetingPage) -> list[dict[str, Any]]:
    """Members of the body on the meeting's day, with their recorded attendance, then others
    recorded (guests, presenters)."""
    meeting = page.meeting
    recorded = {a.person_id: a for a in page.attendance if a.person_id}
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    members = (
        Membership.objects.current(meeting.date)
        .filter(body=meeting.body)
        .select_related("person", "person__organisation")
        .order_by("person__name")
    )
    for membership in members:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        rows.append(
            {
                "person": membership.person,
                "role": membership.get_role_display(),
                "attendance": recorded.get(membership.person_id),
            }
        )
    for attendance in page.attendance:
        if attendance.person_id is None or attendance.person_id not in seen:
            rows.append(
                {"person": attendance.person, "role": attendance.role, "attendance": attendance}
            )
    return rows


def _export_links(request: Request, meeting: Meeting) -> list[dict[str, str]]:
    """Downloads of the meeting: the minutes once held, the kallelse before, the body's feed."""
    links = []
    if meeting.has_minutes:
        links += [
            {
                "url": reverse("meetings_export:minutes_pdf", args=[meeting.pk]),
                "label": _("Protokoll (PDF)"),
            },
            {
                "url": reverse("meetings_export:minutes_docx", args=[meeting.pk]),
                "label": _("Protokoll (Word)"),
            },
        ]
    else:
        links += [
            {
                "url": reverse("meetings_export:kallelse_pdf", args=[meeting.pk]),
                "label": _("Kallelse (PDF)"),
            },
            {
                "url": reverse("meetings_export:kallelse_docx", args=[meeting.pk]),
                "label": _("Kallelse (Word)"),
            },
        ]
    feed = ical.feed_url_for(request.user, meeting.body)
    if feed:
        links.append({"url": feed, "label": _("Prenumerera på organets kalender")})
    return links


def _context(request: Request, meeting: Meeting) -> dict[str, Any]:
    from kunskapsnav.followup.models import Poll

    page = queries.meeting_page(meeting.pk)
    meeting = page.meeting
    can_change = request.user.has_perm("meetings.change_meeting", meeting)
    editable = can_change and not meeting.is_locked and meeting.status != Meeting.Status.INSTALLT
    people = _people_of(meeting) if editable else Person.objects.none()
    return {
        "meeting": meeting,
        "page": page,
        "export_links": _export_links(request, meeting),
        "can_change": can_change,
        "editable": editable,
        "can_approve": request.user.has_perm("meetings.approve_meeting", meeting),
        "checklist": _checklist(page) if editable else [],
        "attendance_statuses": Attendance.Status.choices,
        "item_form": forms.ItemForm(people=people, prefix="new") if editable else None,
        "decision_form": forms.DecisionForm() if editable else None,
        "action_form": forms.ActionForm(people=people) if editable else None,
        # Rendered in every item's action form: read once, not once per item.
        "people_choices": list(people.values_list("pk", "name")) if editable else [],
        "guest_form": forms.AttendanceForm(people=people, prefix="guest") if editable else None,
        "can_close_actions": can_change,
        # Live polls (follow-up) are started and shown to those who run the meeting.
        "polls": list(Poll.objects.filter(meeting=meeting).order_by("-created_at"))
        if can_change
        else [],
        "show_contact": request.user.is_authenticated,
        "today": timezone.localdate(),
    }


# --- Calendar -------------------------------------------------------------------------------


@require_GET
def calendar(request: Request) -> HttpResponse:
    body: Body | None = None
    if request.GET.get("organ", "").isdigit():
        body = _get_body(request, int(request.GET["organ"]))
    period = request.GET.get("period", "kommande")
    start, end = queries.calendar_period(period, timezone.localdate())
    meetings = list(queries.calendar(request.user, body=body, start=start, end=end))
    if period == "tidigare":
        meetings.reverse()
    months: dict[tuple[int, int], list[Meeting]] = {}
    for meeting in meetings:
        months.setdefault((meeting.date.year, meeting.date.month), []).append(meeting)
    return render(
        request,
        "meetings/calendar.html",
        {
            "body": body,
            "period": period,
            "months": [(dt.date(y, m, 1), items) for (y, m), items in months.items()],
            "can_plan": body is not None and request.user.has_perm("meetings.add_meeting", body),
            "bodies": Body.objects.visible_to(request.user).active().order_by("name"),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "meetings.add_meeting")
    people = Person.objects.filter(memberships__body=body).distinct().order_by("name")
    form = forms.MeetingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        justerare = data.pop("justerare", [])
        try:
            meeting = services.create_meeting(body, acting_user=request.user, **data)
            if justerare:
                meeting.justerare.set(justerare)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är planerat."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "body": body, "title": _("Nytt möte i %(name)s") % {"name": body.name}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk, "meetings.add_meeting")
    form = forms.SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.plan_series(
                body,
                data["all_dates"],
                acting_user=request.user,
                name=data.get("name", ""),
                start_time=data.get("start_time"),
                end_time=data.get("end_time"),
                place=data.get("place", ""),
                online_link=data.get("online_link", ""),
                document_type=data["document_type"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = series.meetings.count()
            messages.success(request, _("%(count)s möten är planerade.") % {"count": count})
            return HttpResponseRedirect(reverse("meetings:calendar") + f"?organ={body.pk}")
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "body": body,
            "title": _("Planera möten för %(name)s") % {"name": body.name},
        },
    )


# --- The meeting page -----------------------------------------------------------------------


@require_GET
def meeting_detail(request: Request, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    return render(request, "meetings/meeting_detail.html", _context(request, meeting))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    people = _people_of(meeting)
    form = forms.MeetingForm(request.POST or None, instance=meeting, people=people)
    version = meeting.lock_version
    if request.method == "POST":
        posted = request.POST.get("lock_version", "")
        version = int(posted) if posted.isdigit() else meeting.lock_version
        if form.is_valid():
            data = dict(form.cleaned_data)
            justerare = data.pop("justerare", None)
            try:
                services.update_meeting(
                    Meeting.objects.get(pk=meeting.pk),
                    acting_user=request.user,
                    expected_version=version,
                    justerare=justerare,
                    **data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "lock_version": version,
            "title": _("Ändra mötet %(date)s") % {"date": meeting.date.isoformat()},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    form = forms.MoveMeetingForm(
        request.POST or None,
        initial={
            "date": meeting.date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(meeting, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är flyttat. Prenumererade kalendrar uppdateras."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "body": meeting.body, "meeting": meeting, "title": _("Flytta mötet")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är inställt."))
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "title": _("Ställ in mötet"),
            "danger": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_for_correction(
                meeting, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Protokollet är öppnat för rättelse. Det behöver justeras igen.")
            )
            return HttpResponseRedirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "title": _("Rätta protokollet"),
            "intro": _(
                "Ett justerat protokoll är låst. En rättelse blir en ny version som måste "
                "justeras igen; anledningen och ändringarna syns i historiken."
            ),
        },
    )


TRANSITIONS = {
    "kalla": (services.call_meeting, _("Kallelsen är markerad som skickad.")),
    "genomfort": (services.mark_held, _("Mötet är markerat som genomfört. Skriv protokollet.")),
    "publicera": (services.publish_minutes, _("Protokollet är publicerat.")),
}


@login_required
@require_POST
def meeting_transition(request: AuthenticatedRequest, pk: int, step: str) -> HttpResponse:
    if step == "justera":
        meeting = _get_meeting(request, pk, "meetings.approve_meeting")
        try:
            services.approve_minutes(meeting, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if meeting.status == Meeting.Status.JUSTERAT:
                messages.success(request, _("Protokollet är justerat och låst."))
            else:
                messages.success(
                    request, _("Din justering är registrerad. Övriga justerare återstår.")
                )
        return HttpResponseRedirect(meeting.get_absolute_url())
    if step not in TRANSITIONS:
        raise Http404
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    service, message = TRANSITIONS[step]
    try:
        service(meeting, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(message))
    return HttpResponseRedirect(meeting.get_absolute_url())


# --- Agenda ---------------------------------------------------------------------------------


@login_required
@require_POST
def item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    form = forms.ItemForm(request.POST, people=_people_of(meeting), prefix="new")
    if not form.is_valid():
        return _error(
            request, meeting, ValidationError(_("Ge punkten en rubrik.")), "agenda", "agenda"
        )
    data = dict(form.cleaned_data)
    data.pop("lock_version", None)
    try:
        services.add_item(
            meeting,
            acting_user=request.user,
            title=data["title"],
            kind=data["kind"],
            number=data.get("number") or None,
            text=data.get("text", ""),
            presenters=data.get("presenters", []),
            presenter_text=data.get("presenter_text", ""),
        )
    except ValidationError as error:
        return _error(request, meeting, error, "agenda", "agenda")
    return _back(request, meeting, "agenda", "agenda")


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    meeting = item.meeting
    form = forms.ItemForm(request.POST or None, instance=item, people=_people_of(meeting))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("lock_version", None)
        presenters = data.pop("presenters", [])
        try:
            services.update_item(
                AgendaItem.objects.get(pk=item.pk),
                acting_user=request.user,
                expected_version=version,
                presenters=presenters,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return HttpResponseRedirect(meeting.get_absolute_url() + f"#item-{item.pk}")
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "body": meeting.body,
            "meeting": meeting,
            "title": _("Ändra punkt"),
            "lock_version": item.lock_version,
        },
    )


@login_required
@require_POST
def item_text(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Autosave of an item's notes while the meeting runs; a conflict keeps the typed text."""
    item = _get_item(request, pk)
    form = forms.ItemTextForm(request.POST)
    context: dict[str, Any] = {"item": item}
    if form.is_valid():
        try:
            services.update_item(
                item,
                acting_user=request.user,
                expected_version=form.cleaned_data["lock_version"],
                text=form.cleaned_data["text"],
            )
        except services.EditConflictError as conflict:
            item.refresh_from_db()
            context.update({"conflict": " ".join(conflict.messages), "saved_text": item.text})
        except ValidationError as error:
            context["conflict"] = " ".join(error.messages)
        else:
            context["saved_at"] = timezone.localtime()
    else:
        context["conflict"] = _("Texten kunde inte sparas. Ladda om sidan.")
    if not request.htmx:
        if "saved_text" in context:
            # Without JavaScript the page would reload with the saved text: show both instead,
            # so that what she typed is not lost.
            context["typed_text"] = form.cleaned_data["text"]
            return render(request, "meetings/item_text_conflict.html", context, status=409)
        if "conflict" in context:
            messages.error(request, context["conflict"])
        return HttpResponseRedirect(item.meeting.get_absolute_url() + f"#item-{item.pk}")
    return render(request, "meetings/_autosave_status.html", context)


@login_required
@require_POST
def item_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    try:
        services.move_item(item, acting_user=request.user, up=request.POST.get("riktning") == "upp")
    except ValidationError as error:
        return _error(request, item.meeting, error, "agenda", "agenda")
    return _back(request, item.meeting, f"item-{item.pk}", "agenda")


@login_required
@require_POST
def item_strike(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    try:
        if item.struck:
            services.update_item(item, acting_user=request.user, struck=False, struck_reason="")
        else:
            services.strike_item(
                item, acting_user=request.user, reason=request.POST.get("reason", "")
            )
    except ValidationError as error:
        return _error(request, item.meeting, error, "agenda", "agenda")
    return _back(request, item.meeting, f"item-{item.pk}", "agenda")


@login_required
@require_POST
def item_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    meeting = item.meeting
    try:
        services.delete_item(item, acting_user=request.user)
    except ValidationError as error:
        return _error(request, meeting, error, "agenda", "agenda")
    return _back(request, meeting, "agenda", "agenda")


# --- Attendance, decisions, actions ---------------------------------------------------------


@login_required
@require_POST
def attendance_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    people = _people_of(meeting)
    person_id = request.POST.get("person", "")
    status = request.POST.get("status", "")
    try:
        if "guest-status" in request.POST:
            form = forms.AttendanceForm(request.POST, people=people, prefix="guest")
            if not form.is_valid():
                problems = [str(e) for e in form.non_field_errors()]
                raise ValidationError(problems or _("Kontrollera uppgifterna."))
            services.set_attendance(meeting, acting_user=request.user, **form.cleaned_data)
        elif person_id.isdigit():
            person = people.filter(pk=int(person_id)).first()
            if person is None:
                raise ValidationError(_("Personen hör inte till organet."))
            existing = meeting.attendance.filter(person=person).first()
            if status == "":
                if existing is not None:
                    services.remove_attendance(existing, acting_user=request.user)
            elif status in Attendance.Status.values:
                services.set_attendance(
                    meeting, acting_user=request.user, person=person, status=status
                )
            else:
                raise ValidationError(_("Okänd närvarostatus."))
        else:
            raise ValidationError(_("Välj en person."))
    except ValidationError as error:
        return _error(request, meeting, error, "attendance", "attendance")
    return _back(request, meeting, "attendance", "attendance")


@login_required
@require_POST
def attendance_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance.objects.select_related("meeting"), pk=pk)
    meeting = _get_meeting(request, attendance.meeting_id, "meetings.change_meeting")
    try:
        services.remove_attendance(attendance, acting_user=request.user)
    except ValidationError as error:
        return _error(request, meeting, error, "attendance", "attendance")
    return _back(request, meeting, "attendance", "attendance")


@login_required
@require_POST
def decision_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    form = forms.DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Skriv beslutet."))
        services.add_decision(
            item.meeting, acting_user=request.user, item=item, text=form.cleaned_data["text"]
        )
        if item.kind == AgendaItem.Kind.OVRIGT:
            services.update_item(item, acting_user=request.user, kind=AgendaItem.Kind.BESLUT)
    except ValidationError as error:
        return _error(request, item.meeting, error, f"item-{item.pk}", "agenda")
    return _back(request, item.meeting, f"item-{item.pk}", "agenda")


@login_required
@require_POST
def decision_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    meeting = _get_meeting(request, decision.meeting_id, "meetings.change_meeting")
    try:
        services.delete_decision(decision, acting_user=request.user)
    except ValidationError as error:
        return _error(request, meeting, error, "agenda", "agenda")
    return _back(request, meeting, "agenda", "agenda")


@login_required
@require_POST
def action_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    meeting = item.meeting
    form = forms.ActionForm(request.POST, people=_people_of(meeting))
    try:
        if not form.is_valid():
            raise ValidationError(_("Skriv vad som ska göras."))
        data = form.cleaned_data
        services.add_action(
            meeting.body,
            acting_user=request.user,
            meeting=meeting,
            item=item,
            text=data["text"],
            responsible_people=data.get("responsible_people", []),
            responsible_bodies=data.get("responsible_bodies", []),
            responsible_text=data.get("responsible_text", ""),
            due_date=data.get("due_date"),
            due_text=data.get("due_text", ""),
        )
    except ValidationError as error:
        return _error(request, meeting, error, f"item-{item.pk}", "agenda")
    return _back(request, meeting, f"item-{item.pk}", "agenda")


@login_required
@require_POST
def action_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = _get_action(request, pk)
    # Refuse before reading the form: a form error must not answer someone who may not close.
    if not request.user.has_perm("meetings.change_action", action):
        raise PermissionDenied
    meeting: Meeting | None = None
    if request.POST.get("mote", "").isdigit():
        meeting = _get_meeting(request, int(request.POST["mote"]))
    form = forms.CloseActionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Välj om åtgärden är klar eller avbruten."))
        services.close_action(
            action,
            acting_user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data.get("note", ""),
            meeting=meeting,
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        if meeting is not None:
            return _error(request, meeting, error, "follow-up", "follow-up")
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(action.get_absolute_url())
    if meeting is not None:
        return _back(request, meeting, "follow-up", "follow-up")
    messages.success(request, _("Åtgärden är avslutad."))
    return HttpResponseRedirect(action.get_absolute_url())


@require_http_methods(["GET", "POST"])
def action_detail(request: Request, pk: int) -> HttpResponse:
    action = _get_action(request, pk)
    can_change = request.user.has_perm("meetings.change_action", action)
    people = Person.objects.filter(memberships__body=action.body).distinct().order_by("name")
    responsible_bodies = list(action.responsible_bodies.all())
    initial = {
        "text": action.text,
        "responsible_people": list(action.responsible_people.all()),
        "responsible_bodies": responsible_bodies,
        "responsible_text": action.responsible_text,
        "due_date": action.due_date,
        "due_text": action.due_text,
    }
    form = forms.ActionForm(
        request.POST or None,
        initial=initial,
        people=people,
        # The bodies the user may see; those already responsible stay on offer (the page
        # names them anyway), so saving does not drop one the user may not see.
        bodies=body_choices(request.user, keep=[body.pk for body in responsible_bodies]),
    )
    if request.method == "POST":
        if not can_change or not isinstance(request.user, User):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_action(action, acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Åtgärden är sparad."))
                return HttpResponseRedirect(action.get_absolute_url())
    return render(
        request,
        "meetings/action_detail.html",
        {
            "action": action,
            "form": form if can_change and action.is_open else None,
            "close_form": forms.CloseActionForm() if can_change and action.is_open else None,
            "can_change": can_change,
            "today": timezone.localdate(),
        },
    )


@require_GET
def action_list(request: Request) -> HttpResponse:
    # Only what the filter shows: a national list has some 3,000 bodies.
    bodies = Body.objects.visible_to(request.user).order_by("name").only("pk", "name")
    form = forms.ActionFilterForm(request.GET or None, bodies=bodies)
    data = form.cleaned_data if form.is_valid() else {}
    user = request.user
    mine = bool(data.get("mina")) and isinstance(user, User)
    actions = queries.action_list(
        request.user,
        queries.ActionFilter(
            body=data.get("organ"),
            status=data.get("status", ""),
            overdue=bool(data.get("forsenade")),
            responsible_user=user if mine and isinstance(user, User) else None,
        ),
    )
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("sida"))
    other = request.GET.copy()
    other.pop("sida", None)
    export_links = [
        {
            "url": reverse("meetings_export:action_export", args=[fmt]) + suffix,
            "label": label,
        }
        for fmt, label in (("xlsx", "Excel (XLSX)"), ("csv", "CSV"))
    ]
    return render(
        request,
        "meetings/action_list.html",
        {
            "form": form,
            "page": page,
            "query": other.urlencode(),
            "today": timezone.localdate(),
            "export_links": export_links,
        },
    )


# --- Attachments ----------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk, "meetings.change_meeting")
    upload = request.FILES.get("file")
    item: AgendaItem | None = None
    if request.POST.get("item", "").isdigit():
        item = meeting.items.filter(pk=int(request.POST["item"])).first()
    try:
        if upload is None:
            raise ValidationError(_("Välj en fil."))
        services.add_attachment(
            meeting,
            upload,
            acting_user=request.user,
            title=request.POST.get("title", ""),
            label=request.POST.get("label", ""),
            item=item,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bilagan är uppladdad."))
    anchor = f"item-{item.pk}" if item else "attachments"
    return HttpResponseRedirect(meeting.get_absolute_url() + f"#{anchor}")


@require_GET
def attachment_download(request: Request, pk: int) -> FileResponse:
    """The file, always as a download (never shown inline), as the type of its extension."""
    attachment = get_object_or_404(Attachment.objects.select_related("meeting"), pk=pk)
    _get_meeting(request, attachment.meeting_id)
    filename = attachment.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=services.attachment_content_type(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
