"""Background work of the importer (django-tasks; ``kunskapsnav db_worker`` runs the queue)."""

from __future__ import annotations

from django_tasks import task

from kunskapsnav.minutes.models import ImportDocument


@task()
def parse_import(document_id: int) -> str:
    """Parse one uploaded document of a batch; its status tells the batch page how far it got."""
    document = ImportDocument.objects.filter(pk=document_id).first()
    if document is None or document.status != ImportDocument.Status.QUEUED:
        return "skipped"
    from kunskapsnav.minutes.importer import parse_document

    return parse_document(document).status
