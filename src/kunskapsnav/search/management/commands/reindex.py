"""``kunskapsnav reindex``: rebuild the search index from the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kunskapsnav.search.documents import reindex_all
from kunskapsnav.search.models import SearchDocument


class Command(BaseCommand):
    help = (
        "Bygger om sökindexet från databasen (möten, punkter, beslut, åtgärder, bilagor, "
        "organ, personer och kunskapsstöd)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reindex_all()
        labels = dict(SearchDocument.Kind.choices)
        parts = [f"{labels[kind]}: {count}" for kind, count in counts.items()]
        self.stdout.write(f"Sökindexet är ombyggt. {', '.join(parts)}.")
