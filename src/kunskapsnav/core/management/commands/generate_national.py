"""``kunskapsnav generate_national``: the national synthetic data set, for benchmarks and tests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kunskapsnav.core.national import (
    GeneratedDataExistsError,
    ProtectedGeneratedDataError,
    generate_national,
)


class Command(BaseCommand):
    help = (
        "Skapar syntetisk data i nationell skala från referensdata: NPO, RPO, LPO, LAG, nätverk, "
        "personer och tio års möten med punkter, beslut och åtgärder. Samma frö ger samma data. "
        "Vägrar om syntetisk data redan finns, utom med --replace. Rör aldrig demodata."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Andel av nationell skala (1.0 = hela landet)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Frö för slumptalen.")
        parser.add_argument("--years", type=int, default=10, help="Antal år med möten.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Ta bort tidigare skapad syntetisk data först.",
        )
        parser.add_argument(
            "--no-index", action="store_true", help="Bygg inte om sökindexet efteråt."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        if options["scale"] <= 0 or options["years"] < 1:
            raise CommandError("--scale måste vara större än 0 och --years minst 1.")
        try:
            report = generate_national(
                scale=options["scale"],
                seed=options["seed"],
                years=options["years"],
                replace=options["replace"],
                index=not options["no_index"],
                progress=self.stdout.write,
            )
        except (GeneratedDataExistsError, ProtectedGeneratedDataError) as exc:
            raise CommandError(str(exc)) from exc
        for label, number in report.deleted.items():
            self.stdout.write(f"Borttaget: {label}: {number}")
        for label, number in report.counts.items():
            self.stdout.write(f"{label}: {number}")
        self.stdout.write(f"Skapat på {report.seconds:.1f} s.")
        if report.index_seconds is not None:
            documents = sum(report.index_counts.values())
            self.stdout.write(
                f"Sökindexet byggdes om på {report.index_seconds:.1f} s ({documents} dokument)."
            )
        self.stdout.write(self.style.SUCCESS("Syntetisk data skapad."))
