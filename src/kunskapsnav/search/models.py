"""The search index: one ``SearchDocument`` per searchable object.

A document keeps the object's title and text as shown (for snippets) and as search keys
(``title_terms``, ``terms``; see ``search.text``), the facts the filters use, and the facts that
decide who may see it: ``body`` (members of the body see it), ``body_public`` and ``published``
(everyone sees it when both hold). The full-text index over the keys lives beside the table:
an FTS5 table kept in step by triggers on SQLite, a weighted ``tsvector`` column with a GIN
index on PostgreSQL (migration 0002).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Möten")
        ITEM = "item", _("Punkter på dagordningen")
        DECISION = "decision", _("Beslut")
        ACTION = "action", _("Åtgärder")
        ATTACHMENT = "attachment", _("Bilagor")
        BODY = "body", _("Organ")
        PERSON = "person", _("Personer")
        KUNSKAPSSTOD = "kunskapsstod", _("Kunskapsstöd")
        REGION = "region", _("Regioner")
        KOMMUN = "kommun", _("Kommuner")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    context = models.CharField(
        max_length=500, blank=True, help_text="Where the hit is: body and meeting, for instance."
    )
    url = models.CharField(max_length=500)
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    body = models.ForeignKey(
        "registry.Body", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=30, blank=True)
    date = models.DateField(null=True, blank=True)
    body_public = models.BooleanField(default=True)
    published = models.BooleanField(default=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [
            models.Index(fields=["body", "kind"]),
            models.Index(fields=["date"]),
            # Covers the filters the full-text query joins on, so a match is checked without
            # reading the document's (long) text.
            models.Index(
                fields=[
                    "id",
                    "body_public",
                    "published",
                    "kind",
                    "body",
                    "region",
                    "date",
                    "level",
                    "status",
                ],
                name="search_document_facts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
