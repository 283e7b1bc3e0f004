"""E-mail reminders of grant deadlines: rekvirering and redovisning (1 March for ÖK psykisk hälsa).

``send_grant_reminders`` runs from ``kunskapsnav send_reminders`` once a day. The samordnare of a
grant's responsible body are written to ``days_before`` days before a requisition or reporting
deadline that is not yet met, and once more when it has passed. Deadlines overdue for longer
than ``OVERDUE_WINDOW_DAYS`` get no mail (they stay on the grant pages), so registering an old
grant sends no flood. Each e-mail is recorded as a ``SentFollowupReminder`` under a key naming
the grant, the deadline and its date, the stage and the recipient, so a later run sends nothing
twice and a moved deadline re-arms its reminders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.followup import funds
from kunskapsnav.followup.models import SentFollowupReminder
from kunskapsnav.meetings.exports import long_date

logger = logging.getLogger(__name__)

#: Deadlines overdue for longer than this get no reminder.
OVERDUE_WINDOW_DAYS = 30


def reminder_key(deadline: funds.Deadline, stage: str, recipient: str) -> str:
    """``grant:<id>:<kind>:<date>:<stage>:<recipient>``, at most 200 characters."""
    key = f"grant:{deadline.grant.pk}:{deadline.kind}:{deadline.date.isoformat()}:{stage}:"
    if len(key) + len(recipient) > 200:
        return key + hashlib.sha256(recipient.encode()).hexdigest()
    return key + recipient


def _message(deadline: funds.Deadline, stage: str, recipient: str) -> mail.EmailMessage:
    grant = deadline.grant
    values = {
        "grant": grant.name,
        "body": grant.responsible_body.name,
        "date": long_date(deadline.date),
        "url": settings.SITE_URL.rstrip("/") + grant.get_absolute_url(),
    }
    requisition = deadline.kind == funds.Deadline.REQUISITION
    if stage == "overdue":
        if requisition:
            subject = _("Försenad rekvirering: %(grant)s") % values
            intro = (
                _(
                    "Medlen i %(grant)s skulle ha rekvirerats senast %(date)s, men ingen "
                    "rekvirering är registrerad."
                )
                % values
            )
        else:
            subject = _("Försenad redovisning: %(grant)s") % values
            intro = (
                _(
                    "Användningen av %(grant)s skulle ha redovisats senast %(date)s, men ingen "
                    "redovisning är registrerad."
                )
                % values
            )
        ask = _("Är det gjort? Registrera datumet i Kunskapsnav:")
    else:
        if requisition:
            subject = _("Påminnelse: %(grant)s ska rekvireras senast %(date)s") % values
            intro = _("Medlen i %(grant)s ska rekvireras senast %(date)s.") % values
        else:
            subject = _("Påminnelse: %(grant)s ska redovisas senast %(date)s") % values
            intro = _("Användningen av %(grant)s ska redovisas senast %(date)s.") % values
        ask = _("Se bidraget och registrera datumet när det är gjort:")
    lines = [_("Hej!"), "", intro, ""]
    if not requisition:
        figures = funds.grant_figures(grant, deadline.on)
        lines += [
            _("Upparbetat hittills: %(spent)s av %(amount)s. Ej förbrukat: %(unspent)s.")
            % {
                "spent": funds.kronor(figures.spent),
                "amount": funds.kronor(figures.amount),
                "unspent": funds.kronor(figures.unspent),
            },
            _("Medel som inte har förbrukats ska återbetalas."),
            "",
        ]
    lines += [
        _("Du får meddelandet som samordnare för %(body)s, som fördelar bidraget.") % values,
        "",
        ask,
        values["url"],
        "",
        "-- ",
        _("Det här meddelandet skickades automatiskt från Kunskapsnav."),
    ]
    return mail.EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )


def _stage(deadline: funds.Deadline, days_before: int) -> str | None:
    days = (deadline.date - deadline.on).days
    if 0 <= days <= days_before:
        return "soon"
    if -OVERDUE_WINDOW_DAYS <= days < 0:
        return "overdue"
    return None


def send_grant_reminders(today: dt.date | None = None, days_before: int = funds.SOON_DAYS) -> int:
    """E-mail the responsible bodies' samordnare about near and overdue deadlines; the count."""
    day = today or funds.today()
    due = [
        (deadline, stage)
        for deadline in funds.open_deadlines(day)
        if (stage := _stage(deadline, days_before)) is not None
    ]
    if not due:
        return 0
    coordinators: dict[int, list[str]] = defaultdict(list)
    for body_id, email in BodyRole.objects.filter(
        body_id__in={d.grant.responsible_body_id for d, _stage in due},
        role=BodyRole.Role.SAMORDNARE,
        user__is_active=True,
    ).values_list("body_id", "user__email"):
        address = (email or "").strip().lower()
        if address and address not in coordinators[body_id]:
            coordinators[body_id].append(address)
    planned = [
        (deadline, stage, recipient, reminder_key(deadline, stage, recipient))
        for deadline, stage in due
        for recipient in coordinators.get(deadline.grant.responsible_body_id, [])
    ]
    sent = set(
        SentFollowupReminder.objects.filter(key__in=[key for *_rest, key in planned]).values_list(
            "key", flat=True
        )
    )
    count = 0
    now = timezone.now()
    with mail.get_connection() as connection:
        for deadline, stage, recipient, key in planned:
            if key in sent:
                continue
            message = _message(deadline, stage, recipient)
            message.connection = connection
            try:
                with transaction.atomic():
                    SentFollowupReminder.objects.create(key=key, recipient=recipient, sent_at=now)
                    message.send()
            except IntegrityError:
                continue  # another run sent it meanwhile
            except OSError:
                logger.exception("Could not send grant reminder %s", key)
                continue
            sent.add(key)
            count += 1
    return count
