"""Downloads of meetings: minutes and kallelser as Word and PDF, calendar feeds, the action list
and the calendar as tables.

A meeting's documents are for those who may see the meeting (404 for everyone else, so an
unpublished meeting's existence does not leak). Calendar feeds are fetched by calendar apps
without a session: their address carries a signed token instead (``meetings.ical``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kunskapsnav.accounts.models import User
from kunskapsnav.core.exports import table_response
from kunskapsnav.core.http import Request
from kunskapsnav.meetings import exports, ical, queries
from kunskapsnav.meetings.models import ActionItem, Meeting
from kunskapsnav.registry.models import Body, Person, today

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ICS = "text/calendar; charset=utf-8"


def _get_page(request: Request, pk: int) -> queries.MeetingPage:
    """The meeting's page if the user may see the meeting; 404 otherwise."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    return queries.meeting_page(pk)


def _download(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    patch_cache_control(response, private=True)
    return response


@require_GET
def minutes_docx(request: Request, pk: int) -> HttpResponse:
    page = _get_page(request, pk)
    if not page.meeting.has_minutes:
        raise Http404
    document = exports.minutes_document(page)
    return _download(
        exports.render_docx(document), DOCX, f"{document.file_stem}.docx", inline=False
    )


@require_GET
def minutes_pdf(request: Request, pk: int) -> HttpResponse:
    page = _get_page(request, pk)
    if not page.meeting.has_minutes:
        raise Http404
    document = exports.minutes_document(page)
    return _download(exports.render_pdf(document), PDF, f"{document.file_stem}.pdf", inline=True)


@require_GET
def kallelse_docx(request: Request, pk: int) -> HttpResponse:
    document = exports.kallelse_document(_get_page(request, pk))
    return _download(
        exports.render_docx(document), DOCX, f"{document.file_stem}.docx", inline=False
    )


@require_GET
def kallelse_pdf(request: Request, pk: int) -> HttpResponse:
    document = exports.kallelse_document(_get_page(request, pk))
    return _download(exports.render_pdf(document), PDF, f"{document.file_stem}.pdf", inline=True)


@require_GET
def calendar_feed(request: Request, token: str) -> HttpResponse:
    """A body's or a person's meetings as iCalendar, for the holder of the signed address."""
    named = ical.read_feed_token(token)
    if named is None:
        raise Http404
    kind, pk = named
    if kind == "body":
        body = get_object_or_404(Body, pk=pk)
        meetings = ical.body_feed_meetings(body)
        name = body.name
    else:
        person = get_object_or_404(Person, pk=pk)
        meetings = ical.person_feed_meetings(person)
        name = _("Möten för %(name)s") % {"name": person.name}
    response = HttpResponse(ical.feed(meetings, name), content_type=ICS)
    response["Content-Disposition"] = content_disposition_header(False, "kunskapsnav.ics") or ""
    patch_cache_control(response, private=True, max_age=900)
    return response


def _action_filter(request: Request) -> queries.ActionFilter:
    """The filters of the action list from the query string (the same as the page's)."""
    body = None
    if organ := request.GET.get("organ", "").strip():
        if not organ.isdigit():
            raise ValidationError(_("Okänt organ."))
        body = Body.objects.visible_to(request.user).filter(pk=int(organ)).first()
        if body is None:
            raise Http404
    status = request.GET.get("status", "").strip()
    if status not in ("", "all", *ActionItem.Status.values):
        raise ValidationError(_("Okänd status."))
    user = request.user
    mine = request.GET.get("mina") == "1" and isinstance(user, User)
    return queries.ActionFilter(
        body=body,
        status=status,
        overdue=request.GET.get("forsenade") == "1",
        responsible_user=user if mine and isinstance(user, User) else None,
    )


@require_GET
def action_export(request: Request, fmt: str) -> HttpResponse:
    """The action list as ``atgarder.csv`` or ``atgarder.xlsx`` (filters: organ, status,
    forsenade=1, mina=1)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        filters = _action_filter(request)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    headers, rows = exports.actions_table(queries.action_list(request.user, filters))
    response = table_response(f"atgarder-{today().isoformat()}", _("Åtgärder"), headers, rows, fmt)
    patch_cache_control(response, private=True)
    return response


@require_GET
def calendar_export(request: Request, fmt: str) -> HttpResponse:
    """The meeting calendar as ``moten.csv`` or ``moten.xlsx``: the meetings the page shows
    the user, with its filters (organ, period)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    body = None
    if request.GET.get("organ", "").isdigit():
        body = get_object_or_404(Body, pk=int(request.GET["organ"]))
        if not request.user.has_perm("registry.view_body", body):
            raise Http404
    period = request.GET.get("period", "kommande")
    start, end = queries.calendar_period(period, timezone.localdate())
    meetings = list(queries.calendar(request.user, body=body, start=start, end=end))
    if period == "tidigare":
        meetings.reverse()
    headers, rows = exports.calendar_table(meetings)
    response = table_response(f"moten-{today().isoformat()}", _("Möten"), headers, rows, fmt)
    patch_cache_control(response, private=True)
    return response
