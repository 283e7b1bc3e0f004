"""``kunskapsnav send_reminders``: the day's reminders and kallelser by e-mail, from cron."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kunskapsnav.meetings.reminders import send_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"inte ett datum (ÅÅÅÅ-MM-DD): {value}") from error


class Command(BaseCommand):
    help = (
        "Skickar påminnelser om åtgärder som snart ska vara klara eller är försenade, och "
        "kallelser med dagordning till ledamöterna inför möten. Kan köras flera gånger om "
        "dagen: varje e-post skickas bara en gång."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Kör som om det vore detta datum (ÅÅÅÅ-MM-DD). Standard: i dag.",
        )
        parser.add_argument(
            "--due-days",
            type=int,
            default=3,
            help="Påminn så här många dagar innan en åtgärd ska vara klar (standard 3).",
        )
        parser.add_argument(
            "--kallelse-days",
            type=int,
            default=7,
            help="Skicka kallelsen så här många dagar före mötet (standard 7).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        due_days, kallelse_days = options["due_days"], options["kallelse_days"]
        if due_days < 0 or kallelse_days < 0:
            raise CommandError("Antalet dagar kan inte vara negativt.")
        from kunskapsnav.guidance.remiss import escalate_overdue_contributions

        report = send_reminders(options["today"], due_days=due_days, kallelse_days=kallelse_days)
        escalated = escalate_overdue_contributions(options["today"])
        from kunskapsnav.followup.funds_reminders import send_grant_reminders
        from kunskapsnav.followup.questionnaires import send_questionnaire_reminders

        grants = send_grant_reminders(options["today"])
        questionnaires = send_questionnaire_reminders(options["today"])
        self.stdout.write(
            f"{report.summary()} Remissbidrag efter svarstiden: {escalated} påminnelser."
            f" Statsbidrag: {grants} påminnelser om rekvirering och redovisning."
            f" Enkäter: {questionnaires} påminnelser till dem som inte har svarat."
        )
