"""Keep the index current on every save and delete (connected in ``SearchConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry.models import Body
from kunskapsnav.search import documents
from kunskapsnav.search.models import SearchDocument


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw:
        return
    if isinstance(instance, Meeting):
        before = (
            SearchDocument.objects.filter(kind=SearchDocument.Kind.MEETING, object_id=instance.pk)
            .values_list("published", "status")
            .first()
        )
        if before == (instance.is_published, instance.status):
            documents.index(instance)
        else:
            documents.index_meeting(instance)
        return
    documents.index(instance)
    if isinstance(instance, Body):
        documents.body_visibility_changed(instance)


def _deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    documents.unindex(sender, instance.pk)


def connect() -> None:
    for model in documents.REGISTRY:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
