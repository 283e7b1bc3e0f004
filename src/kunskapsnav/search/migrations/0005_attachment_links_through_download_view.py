"""Attachments found by search link to the download view (which checks access), not to the
media path that an earlier version stored in the index."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.urls import reverse


def link_through_the_download_view(apps: Any, schema_editor: Any) -> None:
    SearchDocument = apps.get_model("search", "SearchDocument")
    stale = SearchDocument.objects.filter(kind="attachment").exclude(url__startswith="/bilagor/")
    for document in stale.only("pk", "object_id").iterator():
        SearchDocument.objects.filter(pk=document.pk).update(
            url=reverse("meetings:attachment_download", args=[document.object_id])
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facts_index")]

    operations = [
        migrations.RunPython(link_through_the_download_view, migrations.RunPython.noop),
    ]
