"""``kunskapsnav load_reference``: load regions, kommuner, programme areas and the glossary."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kunskapsnav.core.reference import ReferenceDataError, load_reference


class Command(BaseCommand):
    help = (
        "Läser in referensdata (sjukvårdsregioner, regioner, kommuner, programområden, "
        "typer av kunskapsstöd, ordlistan och katalogen över nationella kunskapsstöd). "
        "Kan köras flera gånger."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle()

    def _handle(self) -> None:
        try:
            report = load_reference()
            from kunskapsnav.guidance.catalogue import load_catalogue

            load_catalogue(report)
        except ReferenceDataError as exc:
            raise CommandError(f"Referensdata kunde inte läsas in: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Referensdata inläst."))
