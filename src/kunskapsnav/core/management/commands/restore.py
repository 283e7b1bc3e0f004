"""``kunskapsnav restore ARCHIVE``: put a backup back, after checking all of it."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kunskapsnav.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Återställer databasen och de bifogade filerna från en säkerhetskopia. Arkivet "
        "kontrolleras först (manifest, kontrollsummor, migreringar); ett skadat arkiv eller ett "
        "från en nyare version ändrar ingenting."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", metavar="ARKIV", help="Säkerhetskopian (.tar.gz).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Fråga inte om bekräftelse.",
        )
        parser.add_argument("--database", default="default", help="Databasen (standard: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        if options["interactive"]:
            answer = input(
                _(
                    "Återställningen ersätter hela databasen och alla bifogade filer. "
                    "Skriv ja för att fortsätta: "
                )
            )
            if answer.strip().lower() not in {"ja", "yes"}:
                raise CommandError(_("Återställningen avbröts; ingenting har ändrats."))
        try:
            report = restore_backup(options["archive"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        message = ngettext(
            "Säkerhetskopian från %(created)s är återställd (databasen och %(count)d fil).",
            "Säkerhetskopian från %(created)s är återställd (databasen och %(count)d filer).",
            report.media_files,
        )
        self.stdout.write(
            self.style.SUCCESS(
                message % {"created": report.manifest.created_at, "count": report.media_files}
            )
        )
        if report.older_migrations:
            self.stdout.write(
                _(
                    "Säkerhetskopian kommer från en äldre version: kör kunskapsnav migrate "
                    "för att uppdatera databasen."
                )
            )
