"""``kunskapsnav load_demo``: Dalarna's bodies, seats and people from the seed minutes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kunskapsnav.core.reference import ReferenceDataError
from kunskapsnav.registry.demo import load_demo


class Command(BaseCommand):
    help = (
        "Läser in demodata för registret: Region Dalarna med kommuner, Välfärdsrådet, "
        "Länschefsnätverket, Socialchefsnätverket, LPO, LAG och styrgrupper samt RPO och NPO "
        "rehabilitering, habilitering och försäkringsmedicin. Läser först in referensdata. "
        "Kan köras flera gånger."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle()

    def _handle(self) -> None:
        try:
            report = load_demo()
        except ReferenceDataError as exc:
            raise CommandError(f"Referensdata kunde inte läsas in: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        from kunskapsnav.guidance.catalogue import load_catalogue
        from kunskapsnav.guidance.demo_implementation import load_demo_implementations
        from kunskapsnav.guidance.demo_remiss import load_demo_remiss
        from kunskapsnav.minutes.demo import load_demo_minutes

        minutes = load_demo_minutes()
        for line in minutes.lines():
            self.stdout.write(line)
        load_catalogue()
        for line in [*load_demo_remiss().lines(), *load_demo_implementations().lines()]:
            self.stdout.write(line)
        from kunskapsnav.followup.demo_funds import load_demo_funds
        from kunskapsnav.followup.demo_questionnaires import load_demo_questionnaires

        for line in [*load_demo_funds().lines(), *load_demo_questionnaires().lines()]:
            self.stdout.write(line)
        from kunskapsnav.search.documents import reindex_all

        # Demo loaders write some rows in bulk, past the signals that keep the index current.
        reindex_all()
        if report.created_total or minutes.imported:
            self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        else:
            self.stdout.write(self.style.SUCCESS("Demodata fanns redan; inget ändrades."))
