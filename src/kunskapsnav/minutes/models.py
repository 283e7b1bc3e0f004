"""Documents on their way from an uploaded file to a meeting.

An ``ImportDocument`` holds one uploaded file, the text extracted from it, the parser's result
(the JSON of ``minutes.schema.json``) and the reviewer's choices (``review``: which registry
person or body each name is, and corrections of header fields). Nothing reaches the meeting
tables until the reviewer confirms; then the document points at the meeting it became.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry.models import Body


class ImportBatch(models.Model):
    """Several files uploaded at once (or a ZIP), parsed in the background."""

    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importomgång")
        verbose_name_plural = _("importomgångar")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("minutes:batch_detail", args=[self.pk])


def upload_to(instance: ImportDocument, filename: str) -> str:
    return f"imports/{uuid.uuid4().hex[:12]}/{filename}"


class ImportDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        PARSED = "parsed", _("Redo för granskning")
        FAILED = "failed", _("Kunde inte läsas")
        IMPORTED = "imported", _("Importerat")
        DISCARDED = "discarded", _("Avvisat")

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("importomgång"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    file = models.FileField(_("fil"), upload_to=upload_to, max_length=400, blank=True)
    original_name = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("fel"), blank=True)
    text = models.TextField(_("text"), blank=True)
    parsed: models.JSONField[dict[str, Any] | None] = models.JSONField(
        _("tolkning"), null=True, blank=True
    )
    review: models.JSONField[dict[str, Any]] = models.JSONField(
        _("granskning"), default=dict, blank=True
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_documents",
    )
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("möte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_document",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_documents",
    )
    created_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    parsed_at = models.DateTimeField(_("tolkad"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importerat dokument")
        verbose_name_plural = _("importerade dokument")
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~Q(status__in=["failed", "discarded"]),
                name="one_live_import_per_file",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("minutes:review", args=[self.pk])

    @property
    def awaits_review(self) -> bool:
        return self.status == self.Status.PARSED
