"""Reminders by e-mail: actions soon due or overdue, and kallelser before meetings.

``send_reminders`` is run once a day from cron (``kunskapsnav send_reminders``). Every e-mail
is recorded in ``SentReminder`` under a key that names what it was about (the action and its
due date, or the meeting with its date and iCalendar sequence), so running it again sends
nothing twice, a changed due date re-arms an action's reminders, and a moved meeting gets an
updated kallelse.

* An open action with a due date: its responsible people (``Person.email``) and, for a
  responsible body, that body's samordnare are written to ``due_days`` before the due date,
  and once more when it has passed. Actions overdue for longer than ``OVERDUE_WINDOW_DAYS``
  are left to the follow-up lists, so reading in old minutes sends no flood of mail.
* A meeting that is planerat or kallat, has at least one agenda item and falls within
  ``kallelse_days``: each current member of the body with an e-mail address gets the kallelse,
  with the agenda in the text and the kallelse as PDF and an .ics invitation attached.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.meetings import exports, ical, queries
from kunskapsnav.meetings.models import ActionItem, Meeting, SentReminder
from kunskapsnav.registry.models import Membership

logger = logging.getLogger(__name__)

#: Overdue actions older than this get no reminder (they are on the follow-up lists).
OVERDUE_WINDOW_DAYS = 30

SIGNATURE = "\n\n-- \n{}"


@dataclass
class ReminderReport:
    due_soon: int = 0
    overdue: int = 0
    kallelser: int = 0
    without_address: int = 0
    failed: int = 0

    @property
    def sent(self) -> int:
        return self.due_soon + self.overdue + self.kallelser

    def summary(self) -> str:
        """One Swedish line for the cron log."""
        line = _(
            "Påminnelser: %(due)s om åtgärder som snart ska vara klara, %(overdue)s om "
            "försenade åtgärder och %(kallelser)s kallelser skickade."
        ) % {"due": self.due_soon, "overdue": self.overdue, "kallelser": self.kallelser}
        if self.without_address:
            line += " " + _("%(count)s utan e-postadress till någon mottagare.") % {
                "count": self.without_address
            }
        if self.failed:
            line += " " + _("%(count)s kunde inte skickas och försöks igen nästa gång.") % {
                "count": self.failed
            }
        return line


def _footer() -> str:
    return SIGNATURE.format(_("Det här meddelandet skickades automatiskt från Kunskapsnav."))


class _Sender:
    """Sends each e-mail once: the record and the sending succeed or fail together."""

    def __init__(self, connection: BaseEmailBackend, report: ReminderReport) -> None:
        self.connection = connection
        self.report = report
        self.now = timezone.now()

    def send_once(
        self,
        message: mail.EmailMessage,
        *,
        kind: str,
        key: str,
        action: ActionItem | None = None,
        meeting: Meeting | None = None,
    ) -> bool:
        recipient = message.to[0]
        message.connection = self.connection
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    kind=kind,
                    recipient=recipient,
                    key=key,
                    action=action,
                    meeting=meeting,
                    sent_at=self.now,
                )
                message.send()
        except IntegrityError:
            return False  # another run sent it meanwhile
        except OSError:
            logger.exception("Could not send %s reminder %s to %s", kind, key, recipient)
            self.report.failed += 1
            return False
        return True


def _already_sent(kinds: Iterable[str], keys: Iterable[str]) -> set[tuple[str, str, str]]:
    rows = SentReminder.objects.filter(kind__in=list(kinds), key__in=list(keys)).values_list(
        "kind", "recipient", "key"
    )
    return {(kind, recipient.lower(), key) for kind, recipient, key in rows}


# --- Actions --------------------------------------------------------------------------------


def action_key(action: ActionItem) -> str:
    due = action.due_date.isoformat() if action.due_date else "-"
    return f"action:{action.pk}:{due}"


def _action_recipients(
    action: ActionItem, coordinators: dict[int, list[str]]
) -> dict[str, str | None]:
    """E-mail address → the responsible body it was reached through (``None``: in person)."""
    recipients: dict[str, str | None] = {}
    for body in action.responsible_bodies.all():
        for email in coordinators.get(body.pk, []):
            recipients.setdefault(email.lower(), body.name)
    for person in action.responsible_people.all():
        if person.email.strip():
            recipients[person.email.strip().lower()] = None
    return recipients


def _action_message(
    action: ActionItem, recipient: str, via_body: str | None, *, overdue: bool
) -> mail.EmailMessage:
    assert action.due_date is not None
    values = {
        "body": action.body.name,
        "date": exports.long_date(action.due_date),
        "text": action.text,
        "url": settings.SITE_URL.rstrip("/") + action.get_absolute_url(),
    }
    if overdue:
        subject = _("Försenad åtgärd: %(text)s") % {"text": action.text[:60]}
        intro = (
            _(
                "En åtgärd i %(body)s skulle ha varit klar senast %(date)s och är ännu inte "
                "markerad som klar:"
            )
            % values
        )
        ask = _(
            "Är den klar? Markera den som klar i Kunskapsnav. Behöver den mer tid kan "
            "samordnaren ge den ett nytt datum:"
        )
    else:
        subject = _("Påminnelse: åtgärd klar senast %(date)s") % values
        intro = _("En åtgärd i %(body)s ska vara klar senast %(date)s:") % values
        ask = _("Se åtgärden och markera den som klar i Kunskapsnav:")
    lines = [_("Hej!"), "", intro, "", f"    {action.text}", ""]
    if action.meeting is not None:
        lines += [
            _("Åtgärden beslutades vid mötet %(date)s.")
            % {"date": exports.long_date(action.meeting.date)},
            "",
        ]
    if via_body:
        lines += [
            _("Du får meddelandet som samordnare för %(body)s, som är ansvarigt för åtgärden.")
            % {"body": via_body},
            "",
        ]
    lines += [ask, values["url"]]
    return mail.EmailMessage(
        subject=subject,
        body="\n".join(lines) + _footer(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )


def _remind_actions(today: dt.date, due_days: int, send: _Sender, report: ReminderReport) -> None:
    soon = Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=due_days))
    late = Q(due_date__lt=today, due_date__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS))
    actions = list(
        queries.actions_with_responsibles().open().filter(soon | late).order_by("due_date", "pk")
    )
    if not actions:
        return
    bodies = {b.pk for a in actions for b in a.responsible_bodies.all()}
    coordinators: dict[int, list[str]] = defaultdict(list)
    for body_id, email in BodyRole.objects.filter(
        body_id__in=bodies, role=BodyRole.Role.SAMORDNARE, user__is_active=True
    ).values_list("body_id", "user__email"):
        coordinators[body_id].append(email)
    kinds = (SentReminder.Kind.ACTION_DUE, SentReminder.Kind.ACTION_OVERDUE)
    sent = _already_sent(kinds, (action_key(a) for a in actions))
    for action in actions:
        assert action.due_date is not None
        overdue = action.due_date < today
        kind = SentReminder.Kind.ACTION_OVERDUE if overdue else SentReminder.Kind.ACTION_DUE
        key = action_key(action)
        recipients = _action_recipients(action, coordinators)
        if not recipients:
            report.without_address += 1
            continue
        for recipient, via_body in recipients.items():
            if (kind, recipient, key) in sent:
                continue
            message = _action_message(action, recipient, via_body, overdue=overdue)
            if send.send_once(message, kind=kind, key=key, action=action):
                if overdue:
                    report.overdue += 1
                else:
                    report.due_soon += 1


# --- Kallelser ------------------------------------------------------------------------------


def meeting_key(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}:{meeting.date.isoformat()}:{meeting.ical_sequence}"


def kallelse_text(page: queries.MeetingPage, *, changed: bool = False) -> str:
    """The kallelse as plain text: when and where, the agenda, the actions to follow up."""
    document = exports.kallelse_document(page)
    meeting = page.meeting
    intro = (
        _("Kallelsen till mötet i %(body)s är ändrad.")
        if changed
        else _("Du kallas till möte i %(body)s.")
    ) % {"body": meeting.body.name}
    lines = [_("Hej!"), "", intro, ""]
    lines += [f"{fact.label}: {fact.value}" for fact in document.facts]
    lines += document.notices
    lines += ["", document.items_heading, ""]
    for item in document.items:
        lines.append(item.heading)
        lines += [f"    {line}" for line in (*item.marks, item.presenters) if line]
    if document.follow_up:
        lines += ["", document.follow_up_heading, ""]
        for row in document.follow_up:
            details = ", ".join(p for p in (row.responsible, row.due, row.status) if p)
            lines.append(f"– {row.text} ({details})")
    url = ical.meeting_url(meeting)
    lines += [
        "",
        _("Mötet, handlingarna och bilagorna i Kunskapsnav: %(url)s") % {"url": url},
        _("Kallelsen som PDF och en kalenderinbjudan (.ics) är bifogade."),
    ]
    if document.closing:
        lines += ["", *(f"{fact.label}: {fact.value}" for fact in document.closing)]
    return "\n".join(lines) + _footer()


def _remind_meetings(
    today: dt.date, kallelse_days: int, send: _Sender, report: ReminderReport
) -> None:
    meetings = list(
        Meeting.objects.filter(
            status__in=[Meeting.Status.PLANERAT, Meeting.Status.KALLAT],
            date__gte=today,
            date__lte=today + dt.timedelta(days=kallelse_days),
        )
        .annotate(item_count=Count("items"))
        .filter(item_count__gt=0)
        .order_by("date", "start_time", "pk")
    )
    if not meetings:
        return
    members: dict[int, set[str]] = defaultdict(set)
    for body_id, email in (
        Membership.objects.current(today)
        .filter(body_id__in={m.body_id for m in meetings})
        .exclude(person__email="")
        .values_list("body_id", "person__email")
    ):
        members[body_id].add(email.strip().lower())
    earlier: dict[tuple[int, str], set[str]] = defaultdict(set)
    for meeting_id, recipient, key in SentReminder.objects.filter(
        kind=SentReminder.Kind.KALLELSE, meeting__in=meetings
    ).values_list("meeting_id", "recipient", "key"):
        earlier[(meeting_id, recipient.lower())].add(key)
    kind = SentReminder.Kind.KALLELSE
    for meeting in meetings:
        recipients = sorted(members.get(meeting.body_id, set()))
        key = meeting_key(meeting)
        due = [r for r in recipients if key not in earlier[(meeting.pk, r)]]
        if not recipients:
            report.without_address += 1
        if not due:
            continue
        page = queries.meeting_page(meeting.pk)
        document = exports.kallelse_document(page)
        pdf = exports.render_pdf(document)
        invitation = ical.feed([page.meeting], page.meeting.body.name)
        for recipient in due:
            changed = bool(earlier[(meeting.pk, recipient)])
            subject = (
                _("Ändrad kallelse: %(body)s %(date)s")
                if changed
                else _("Kallelse: %(body)s %(date)s")
            ) % {"body": meeting.body.name, "date": exports.long_date(meeting.date)}
            message = mail.EmailMessage(
                subject=subject,
                body=kallelse_text(page, changed=changed),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient],
            )
            message.attach(f"{document.file_stem}.pdf", pdf, "application/pdf")
            message.attach(f"{document.file_stem}.ics", invitation, "text/calendar")
            if send.send_once(message, kind=kind, key=key, meeting=meeting):
                report.kallelser += 1


def send_reminders(
    today: dt.date | None = None, *, due_days: int = 3, kallelse_days: int = 7
) -> ReminderReport:
    """Send the reminders due on ``today`` (default: today) that have not been sent."""
    day = today or timezone.localdate()
    report = ReminderReport()
    with translation.override(settings.LANGUAGE_CODE), mail.get_connection() as connection:
        sender = _Sender(connection, report)
        _remind_actions(day, due_days, sender, report)
        _remind_meetings(day, kallelse_days, sender, report)
    return report
