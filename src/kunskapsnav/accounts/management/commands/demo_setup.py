"""Create (or reset) the demo systemförvaltare and print its login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kunskapsnav.accounts.services import ensure_demo_admin

DEMO_EMAIL = "admin@kunskapsnav.example"
DEMO_PASSWORD = "kunskapsnav-demo"  # noqa: S105 - printed on purpose: it is the demo login


class Command(BaseCommand):
    help = "Skapar demoadministratören (systemförvaltare) och skriver ut inloggningen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args: Any, **options: Any) -> None:
        user, created = ensure_demo_admin(options["email"], options["password"])
        verb = "Skapade" if created else "Återställde"
        self.stdout.write(self.style.SUCCESS(f"{verb} demoadministratören."))
        self.stdout.write("")
        self.stdout.write("  Demo-inloggning")
        self.stdout.write(f"  E-post:   {user.email}")
        self.stdout.write(f"  Lösenord: {options['password']}")
        self.stdout.write("")
