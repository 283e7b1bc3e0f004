"""``kunskapsnav backup [--output DIR]``: the database and the attached files in one archive."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from kunskapsnav.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen och alla bifogade filer till en tar.gz-fil med manifest "
        "och kontrollsummor (standardmapp var/backups). Kan köras medan Kunskapsnav körs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output", metavar="MAPP", help="Mappen som säkerhetskopian skrivs till."
        )
        parser.add_argument("--database", default="default", help="Databasen (standard: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                archive = create_backup(options["output"], alias=options["database"])
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    _("Säkerhetskopian är sparad: %(archive)s") % {"archive": archive}
                )
            )
