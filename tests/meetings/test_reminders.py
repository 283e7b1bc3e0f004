"""Reminders by e-mail: each sent once however often cron runs, re-armed when the date changes.

The fixture (``export_base``): Tanja's action "Skicka ut det reviderade uppdragsdirektivet" is
due on 28 February 2022; Länschefsnätverket meets on 11 March 2022 (kallat, two items); its
members with an e-mail address are Tanja, Tomas, Ulrika and Camilla (Helene has none).
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Sequence
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings
from icalendar import Calendar

from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import SentReminder
from kunskapsnav.meetings.reminders import send_reminders
from tests.meetings.export_base import D, ExportTestCase, item, meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MEMBERS = ["camilla@example.org", "tanja@example.org", "tomas@example.org", "ulrika@example.org"]


def on(day: dt.date) -> time_machine.travel:
    """Run as on the morning of ``day`` in Stockholm (cron at 06.00)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(6), tzinfo=STOCKHOLM), tick=False)


def sent(subject_start: str) -> list[EmailMessage]:
    return [m for m in mail.outbox if m.subject.startswith(subject_start)]


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class ActionReminderTests(ExportTestCase):
    def test_a_due_soon_reminder_is_sent_once_however_often_cron_runs(self) -> None:
        with on(D(2022, 2, 25)):
            first = send_reminders()
            again = send_reminders()
        with on(D(2022, 2, 26)):
            send_reminders()
        assert (first.due_soon, again.due_soon) == (1, 0)
        [message] = mail.outbox
        assert message.to == ["tanja@example.org"]
        assert message.subject == "Påminnelse: åtgärd klar senast 28 februari 2022"
        assert "Hej!" in message.body
        assert (
            "En åtgärd i Länschefsnätverket ska vara klar senast 28 februari 2022:" in message.body
        )
        assert "Skicka ut det reviderade uppdragsdirektivet" in message.body
        assert "Åtgärden beslutades vid mötet 28 januari 2022." in message.body
        assert f"{settings.SITE_URL}/atgarder/{self.report_action.pk}/" in message.body
        assert SentReminder.objects.get().key == f"action:{self.report_action.pk}:2022-02-28"

    def test_an_overdue_reminder_is_sent_once_when_the_day_has_passed(self) -> None:
        with on(D(2022, 3, 1)):
            first = send_reminders()
        with on(D(2022, 3, 2)):
            again = send_reminders()
        assert (first.overdue, again.overdue) == (1, 0)
        [message] = mail.outbox
        assert message.subject == "Försenad åtgärd: Skicka ut det reviderade uppdragsdirektivet"
        assert "skulle ha varit klar senast 28 februari 2022" in message.body
        assert "Markera den som klar i Kunskapsnav" in message.body

    def test_both_reminders_go_out_once_each_over_a_month_of_daily_runs(self) -> None:
        day = D(2022, 2, 20)
        while day <= D(2022, 3, 20):
            with on(day):
                send_reminders(kallelse_days=0)
            day += dt.timedelta(days=1)
        tanjas = [m.subject for m in mail.outbox if m.to == ["tanja@example.org"]]
        assert tanjas.count("Påminnelse: åtgärd klar senast 28 februari 2022") == 1
        assert tanjas.count("Försenad åtgärd: Skicka ut det reviderade uppdragsdirektivet") == 1

    def test_a_changed_due_date_rearms_the_reminders(self) -> None:
        with on(D(2022, 2, 25)):
            send_reminders()
        services.update_action(self.report_action, acting_user=None, due_date=D(2022, 3, 2))
        with on(D(2022, 2, 27)):
            report = send_reminders()
        assert report.due_soon == 1
        assert [m.subject for m in mail.outbox] == [
            "Påminnelse: åtgärd klar senast 28 februari 2022",
            "Påminnelse: åtgärd klar senast 2 mars 2022",
        ]

    def test_a_closed_action_is_not_reminded(self) -> None:
        services.close_action(self.report_action, acting_user=None, closed_on=D(2022, 2, 20))
        with on(D(2022, 2, 25)):
            assert send_reminders().due_soon == 0
        assert mail.outbox == []

    def test_old_overdue_actions_send_no_flood_of_mail(self) -> None:
        with on(D(2022, 2, 25)):
            send_reminders()
        # "Ta fram förslag på kontaktperson" was due on 20 January: too long ago to remind.
        assert not any("FVIS" in m.body for m in mail.outbox)

    def test_the_samordnare_of_a_responsible_body_is_reminded(self) -> None:
        action = services.add_action(
            self.lpo,
            acting_user=None,
            text="Ta fram en plan för elevhälsan",
            responsible_bodies=[self.lpo],
            due_date=D(2022, 2, 27),
        )
        with on(D(2022, 2, 25)):
            send_reminders()
        [message] = [m for m in mail.outbox if m.to == ["bob@example.org"]]
        assert "Ta fram en plan för elevhälsan" in message.body
        assert (
            "Du får meddelandet som samordnare för LPO Barn och unga, som är ansvarigt för "
            "åtgärden."
        ) in message.body
        assert SentReminder.objects.filter(action=action, recipient="bob@example.org").exists()

    def test_an_action_with_nobody_to_write_to_is_counted(self) -> None:
        services.add_action(
            self.lchnv,
            acting_user=None,
            text="Boka lokal",
            responsible_people=[self.helene],
            due_date=D(2022, 2, 26),
        )
        with on(D(2022, 2, 25)):
            report = send_reminders()
        assert report.without_address == 1
        assert "1 utan e-postadress till någon mottagare." in report.summary()

    @override_settings(EMAIL_BACKEND="tests.meetings.test_reminders.BrokenBackend")
    def test_a_mail_that_could_not_be_sent_is_tried_again_next_time(self) -> None:
        with on(D(2022, 2, 25)), self.assertLogs("kunskapsnav.meetings.reminders", "ERROR"):
            report = send_reminders()
        assert (report.due_soon, report.failed) == (0, 1)
        assert not SentReminder.objects.exists()
        with (
            on(D(2022, 2, 26)),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        ):
            assert send_reminders().due_soon == 1


class KallelseReminderTests(ExportTestCase):
    def test_the_kallelse_goes_to_each_member_with_an_address_once(self) -> None:
        with on(D(2022, 3, 4)):
            first = send_reminders()
            again = send_reminders()
        assert (first.kallelser, again.kallelser) == (4, 0)
        kallelser = sent("Kallelse: Länschefsnätverket 11 mars 2022")
        assert sorted(m.to[0] for m in kallelser) == MEMBERS
        body = kallelser[0].body
        assert "Du kallas till möte i Länschefsnätverket." in body
        assert "Datum: Fredag 11 mars 2022" in body
        assert "Tid: Kl. 9.00–12.00" in body
        assert "Dagordning" in body
        assert "1. Mötets öppnande" in body
        assert "2. Beslut: Regional samverkansöverenskommelse om Kvinnofrid" in body
        assert "Föredragande: Tanja Mårtensson" in body
        assert "Åtgärder att följa upp" in body
        assert "Skicka ut det reviderade uppdragsdirektivet" in body
        assert f"/moten/{self.next_meeting.pk}/" in body

    def test_the_kallelse_carries_the_pdf_and_a_calendar_invitation(self) -> None:
        with on(D(2022, 3, 4)):
            send_reminders()
        message = sent("Kallelse")[0]
        names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
        pdf, ics = (
            names["kallelse-lchnv-2022-03-11.pdf"],
            names["kallelse-lchnv-2022-03-11.ics"],
        )
        assert pdf[1] == "application/pdf"
        assert pdf[0].startswith(b"%PDF")
        assert ics[1] == "text/calendar"
        calendar = Calendar.from_ical(ics[0])
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"{self.next_meeting.uid}@kunskapsnav"

    def test_no_kallelse_for_a_cancelled_meeting(self) -> None:
        services.cancel_meeting(self.next_meeting, acting_user=None, reason="Inställt")
        with on(D(2022, 3, 4)):
            assert send_reminders().kallelser == 0
        assert sent("Kallelse") == []

    def test_no_kallelse_for_a_meeting_without_an_agenda(self) -> None:
        meeting(self.lchnv, D(2022, 3, 8))
        with on(D(2022, 3, 2)):
            assert send_reminders().kallelser == 0

    def test_no_kallelse_before_the_days_before_the_meeting(self) -> None:
        with on(D(2022, 3, 3)):
            assert send_reminders().kallelser == 0
        with on(D(2022, 3, 3)):
            assert send_reminders(kallelse_days=8).kallelser == 4

    def test_a_moved_meeting_gets_a_changed_kallelse(self) -> None:
        with on(D(2022, 3, 4)):
            send_reminders()
        services.move_meeting(self.next_meeting, acting_user=None, date=D(2022, 3, 9))
        with on(D(2022, 3, 5)):
            report = send_reminders()
        assert report.kallelser == 4
        changed = sent("Ändrad kallelse: Länschefsnätverket 9 mars 2022")
        assert len(changed) == 4
        assert "Kallelsen till mötet i Länschefsnätverket är ändrad." in changed[0].body
        assert "Mötet är flyttat från 11 mars 2022." in changed[0].body

    def test_a_planned_meeting_with_an_agenda_is_kallad_too(self) -> None:
        planned = meeting(self.lchnv, D(2022, 3, 8), place="Falun")
        item(planned, "Mötets öppnande")
        with on(D(2022, 3, 2)):
            send_reminders()
        assert len(sent("Kallelse: Länschefsnätverket 8 mars 2022")) == 4


class CommandTests(ExportTestCase):
    def test_the_command_prints_one_swedish_line(self) -> None:
        out = StringIO()
        call_command("send_reminders", "--today", "2022-03-04", stdout=out)
        assert out.getvalue() == (
            "Påminnelser: 0 om åtgärder som snart ska vara klara, 1 om försenade åtgärder och "
            "4 kallelser skickade. Remissbidrag efter svarstiden: 0 påminnelser. "
            "Statsbidrag: 0 påminnelser om rekvirering och redovisning. "
            "Enkäter: 0 påminnelser till dem som inte har svarat.\n"
        )
        out = StringIO()
        call_command("send_reminders", "--today", "2022-03-04", stdout=out)
        assert out.getvalue().startswith("Påminnelser: 0 om åtgärder som snart ska vara klara, 0")

    def test_the_command_takes_the_number_of_days(self) -> None:
        out = StringIO()
        call_command(
            "send_reminders", "--today=2022-02-20", "--due-days=8", "--kallelse-days=0", stdout=out
        )
        assert "1 om åtgärder som snart ska vara klara" in out.getvalue()
