"""Import of minutes: upload, background parsing of many files, the review screen, apply."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.core import uploads
from kunskapsnav.core.http import AuthenticatedRequest
from kunskapsnav.meetings.models import AgendaItem, Attendance, Meeting
from kunskapsnav.minutes import extract, importer, tasks
from kunskapsnav.minutes.models import ImportBatch, ImportDocument
from kunskapsnav.registry.models import Body

#: Limits of an upload: one file, and everything in one ZIP once unpacked.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ZIP_TOTAL = 200 * 1024 * 1024
MAX_ZIP_FILES = 200
SUFFIXES = (".txt", ".pdf", ".docx", ".md")


def importable_bodies(user: Any) -> QuerySet[Body]:
    """The bodies whose meetings the user may import: all for a systemförvaltare, else those
    they coordinate."""
    bodies = Body.objects.active().order_by("name")
    if user.is_systemforvaltare:
        return bodies
    coordinated = BodyRole.objects.filter(user=user, role=BodyRole.Role.SAMORDNARE).values(
        "body_id"
    )
    return bodies.filter(pk__in=coordinated)


def _may_import(request: AuthenticatedRequest) -> QuerySet[Body]:
    bodies = importable_bodies(request.user)
    if not bodies.exists():
        raise PermissionDenied
    return bodies


def _get_document(request: AuthenticatedRequest, pk: int) -> ImportDocument:
    document = get_object_or_404(ImportDocument.objects.select_related("body", "meeting"), pk=pk)
    if not (request.user.is_systemforvaltare or document.uploaded_by_id == request.user.pk):
        raise Http404
    return document


def _files_from(request: AuthenticatedRequest) -> list[tuple[str, bytes]]:
    """The uploaded files, each ZIP opened (its directory checked before anything is unpacked)
    and every file through the upload guard, so that a bad file refuses the whole upload
    before anything is stored."""
    files: list[tuple[str, bytes]] = []
    for upload in request.FILES.getlist("files"):
        name = uploads.safe_filename(upload.name)
        with _guarded():
            uploads.check_size(upload.size or 0, name, _limits())
        data = upload.read()
        if name.lower().endswith(".zip"):
            files.extend(_unzip(name, data))
        elif name.lower().endswith(SUFFIXES):
            files.append((name, data))
        else:
            raise ValidationError(
                _("%(name)s: bara txt, PDF, Word (docx) eller ZIP med sådana filer.")
                % {"name": name}
            )
    for name, data in files:
        with _guarded():
            uploads.check_upload(data, name, _limits())
    text = request.POST.get("text", "").strip()
    if text:
        files.append((_("inklistrad-text.txt"), text.encode("utf-8")))
    if not files:
        raise ValidationError(_("Välj minst en fil eller klistra in text."))
    return files


def _limits() -> uploads.Limits:
    """One file's limits; a DOCX's zip directory is held to the extractor's."""
    return uploads.Limits(
        max_bytes=MAX_FILE_BYTES,
        max_unpacked=extract.MAX_UNPACKED,
        max_entries=extract.MAX_ZIP_ENTRIES,
    )


@contextmanager
def _guarded() -> Iterator[None]:
    """The guard's refusal as the ``ValidationError`` the page shows."""
    try:
        yield
    except uploads.UploadError as refused:
        raise ValidationError(refused.message, code=refused.code) from None


def _is_mac_metadata(path: str) -> bool:
    """The resource forks macOS adds to a ZIP (``__MACOSX/``, ``._protokoll.pdf``)."""
    return path.startswith("__MACOSX/") or path.rsplit("/", 1)[-1].startswith("._")


def _unzip(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The minutes in a ZIP; other files in it (nested ZIPs too) are left packed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(_("%(name)s är ingen läsbar ZIP-fil.") % {"name": name}) from exc
    members = [
        m
        for m in entries
        if not m.is_dir()
        and m.filename.lower().endswith(SUFFIXES)
        and not _is_mac_metadata(m.filename)
    ]
    if len(members) > MAX_ZIP_FILES:
        raise ValidationError(_("%(name)s innehåller fler än 200 filer.") % {"name": name})
    if sum(m.file_size for m in members) > MAX_ZIP_TOTAL or any(
        m.file_size > MAX_FILE_BYTES for m in members
    ):
        raise ValidationError(_("%(name)s blir för stor uppackad.") % {"name": name})
    limits = uploads.Limits(max_bytes=MAX_FILE_BYTES, max_unpacked=MAX_ZIP_TOTAL)
    with _guarded():
        uploads.check_zip_entries(members, name, limits, count=False)
    try:
        return [(uploads.safe_filename(m.filename), archive.read(m)) for m in members]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise ValidationError(_("%(name)s är ingen läsbar ZIP-fil.") % {"name": name}) from None


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedRequest) -> HttpResponse:
    bodies = _may_import(request)
    if request.method == "POST":
        body_id = request.POST.get("body", "")
        body = bodies.filter(pk=int(body_id)).first() if body_id.isdigit() else None
        try:
            files = _files_from(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        if len(files) == 1:
            name, data = files[0]
            try:
                document = importer.create_document(data, name, acting_user=request.user, body=body)
            except importer.DuplicateImportError as duplicate:
                messages.error(request, str(duplicate))
                return HttpResponseRedirect(duplicate.url or request.path)
            importer.parse_document(document)
            return HttpResponseRedirect(document.get_absolute_url())
        batch = ImportBatch.objects.create(created_by=request.user, body=body)
        refused = []
        for name, data in files:
            try:
                document = importer.create_document(
                    data, name, acting_user=request.user, body=body, batch=batch
                )
            except importer.DuplicateImportError as duplicate:
                refused.append(f"{name}: {duplicate}")
                continue
            tasks.parse_import.enqueue(document.pk)
        for line in refused:
            messages.warning(request, line)
        return HttpResponseRedirect(batch.get_absolute_url())
    queue = ImportDocument.objects.select_related("body", "meeting").order_by("-created_at")
    if not request.user.is_systemforvaltare:
        queue = queue.filter(uploaded_by=request.user)
    return render(
        request,
        "minutes/start.html",
        {"bodies": bodies, "documents": queue.exclude(status=ImportDocument.Status.DISCARDED)[:50]},
    )


@login_required
@require_GET
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not (request.user.is_systemforvaltare or batch.created_by_id == request.user.pk):
        raise Http404
    documents = list(batch.documents.select_related("meeting").order_by("original_name"))
    done = sum(1 for d in documents if d.status != ImportDocument.Status.QUEUED)
    context = {
        "batch": batch,
        "documents": documents,
        "done": done,
        "total": len(documents),
        "finished": done == len(documents),
    }
    template = "minutes/batch.html#progress" if request.htmx else "minutes/batch.html"
    return render(request, template, context)


def _at(entries: list[dict[str, Any]], index: int) -> dict[str, Any]:
    return entries[index] if index < len(entries) else {}


def _with_options(entry: dict[str, Any], field: str, *, allow_new: bool = True) -> dict[str, Any]:
    """The reviewer's choices for one name as select options, the current one selected."""
    chosen = str(entry.get("choice", "none"))
    options: list[dict[str, Any]] = [
        {
            "value": f"p:{c['id']}",
            "label": f"{c['name']}{', ' + c['detail'] if c.get('detail') else ''} ({c['score']} %)",
        }
        for c in entry.get("candidates", [])
    ]
    if chosen.startswith("b:"):
        body = Body.objects.filter(pk=int(chosen[2:])).only("name").first()
        options.append(
            {"value": chosen, "label": _("Organ: %(name)s") % {"name": body.name if body else "?"}}
        )
    if allow_new:
        options.append({"value": "new", "label": _("Ny person i registret")})
    options.append({"value": "none", "label": _("Bara namnet, ingen koppling")})
    for option in options:
        option["selected"] = option["value"] == chosen
    state = "new" if chosen == "new" else "none" if chosen == "none" else "matched"
    return {**entry, "options": options, "state": state, "field": field}


def _review_context(document: ImportDocument, bodies: QuerySet[Body]) -> dict[str, Any]:
    """The parsed document beside the reviewer's choices, grouped the way the page shows it."""
    parsed = document.parsed or {}
    review = document.review or {}
    reviewed_items = review.get("items", [])
    reviewed_actions = review.get("actions", [])
    actions = [
        (
            index,
            action,
            [
                _with_options(r, f"action-{index}-responsible-{j}", allow_new=False)
                for j, r in enumerate(_at(reviewed_actions, index).get("responsible", []))
            ],
        )
        for index, action in enumerate(parsed.get("actions", []))
    ]
    kind_labels = dict(AgendaItem.Kind.choices)
    items = []
    for index, item in enumerate(parsed.get("items", [])):
        choices = [
            _with_options(p, f"item-{index}-presenter-{j}")
            for j, p in enumerate(_at(reviewed_items, index).get("presenters", []))
        ]
        items.append(
            {
                "index": index,
                "parsed": item,
                "kind_label": kind_labels.get(importer.KIND.get(item.get("kind", "other"), ""), ""),
                "presenters": list(zip(item.get("presenters", []), choices, strict=False)),
                "decisions": [
                    d for d in parsed.get("decisions", []) if d.get("item") == item.get("number")
                ],
                "actions": [a for a in actions if a[1].get("item") == item.get("number")],
            }
        )
    numbers = {item.get("number") for item in parsed.get("items", [])}
    return {
        "document": document,
        "parsed": parsed,
        "review": review,
        "bodies": bodies,
        "attendees": list(
            zip(
                parsed.get("attendees", []),
                [
                    _with_options(a, f"attendee-{i}")
                    for i, a in enumerate(review.get("attendees", []))
                ],
                strict=False,
            )
        ),
        "items": items,
        "loose_actions": [a for a in actions if a[1].get("item") not in numbers],
        "loose_decisions": [d for d in parsed.get("decisions", []) if d.get("item") not in numbers],
        "statuses": Attendance.Status.choices,
        "document_types": Meeting.DocumentType.choices,
        "kinds": AgendaItem.Kind.choices,
    }


def _update_review(document: ImportDocument, data: Any, bodies: QuerySet[Body]) -> None:
    """Apply the posted review form to ``document.review`` (unknown values are ignored)."""
    review = dict(document.review or {})
    body_id = data.get("body", "")
    if body_id.isdigit() and bodies.filter(pk=int(body_id)).exists():
        review["body_id"] = int(body_id)
    for field in ("date", "start_time", "end_time", "place", "diary_number"):
        if field in data:
            review[field] = data.get(field, "").strip() or None
    if data.get("document_type") in Meeting.DocumentType.values:
        review["document_type"] = data["document_type"]
    review["approved"] = data.get("approved") == "on"

    def choice(key: str, entry: dict[str, Any]) -> None:
        value = data.get(key)
        allowed = {"new", "none", *(f"p:{c['id']}" for c in entry.get("candidates", []))}
        if value in allowed or (value or "").startswith("b:"):
            entry["choice"] = value

    for index, entry in enumerate(review.get("attendees", [])):
        choice(f"attendee-{index}", entry)
        status = data.get(f"attendee-{index}-status")
        if status in Attendance.Status.values:
            entry["status"] = status
    for index, entry in enumerate(review.get("items", [])):
        for j, presenter in enumerate(entry.get("presenters", [])):
            choice(f"item-{index}-presenter-{j}", presenter)
    for index, entry in enumerate(review.get("actions", [])):
        for j, responsible in enumerate(entry.get("responsible", [])):
            choice(f"action-{index}-responsible-{j}", responsible)
    document.review = review
    if review.get("body_id"):
        document.body_id = review["body_id"]
    document.save(update_fields=["review", "body"])


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _get_document(request, pk)
    bodies = _may_import(request)
    if request.method == "POST" and document.awaits_review:
        _update_review(document, request.POST, bodies)
        if "apply" in request.POST:
            body = bodies.filter(pk=document.review.get("body_id") or 0).first()
            if body is None:
                messages.error(request, _("Välj vilket organ mötet hölls i."))
            else:
                try:
                    meeting = importer.apply(document, acting_user=request.user)
                except importer.DuplicateImportError as duplicate:
                    messages.error(request, str(duplicate))
                    return HttpResponseRedirect(duplicate.url)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(
                        request, _("Protokollet är importerat som ett möte. Kontrollera det här.")
                    )
                    return HttpResponseRedirect(meeting.get_absolute_url())
        if request.htmx:
            return render(request, "minutes/review.html#saved", {"document": document})
        return HttpResponseRedirect(document.get_absolute_url())
    return render(request, "minutes/review.html", _review_context(document, bodies))


@login_required
@require_POST
def discard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _get_document(request, pk)
    if document.status == ImportDocument.Status.IMPORTED:
        messages.error(
            request, _("Ett importerat dokument kan inte avvisas; ändra mötet i stället.")
        )
    else:
        document.status = ImportDocument.Status.DISCARDED
        document.save(update_fields=["status"])
        messages.success(request, _("Dokumentet är avvisat."))
    return HttpResponseRedirect(reverse("minutes:start"))
