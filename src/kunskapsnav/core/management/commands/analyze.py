"""``kunskapsnav analyze``: refresh the query planner's statistics (after large imports)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kunskapsnav.core.db import update_planner_statistics


class Command(BaseCommand):
    help = (
        "Uppdaterar databasens statistik för frågeplaneringen (ANALYZE). Kör efter stora "
        "importer, eller varje natt från cron; sidorna väljer annars sämre index."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = update_planner_statistics()
        self.stdout.write(self.style.SUCCESS(f"Statistiken uppdaterad på {seconds:.1f} s."))
