"""Remiss handling in a region: from a national round to a sent, consolidated remissvar.

A national ``RemissRound`` (registered by a systemförvaltare) is assigned in a region to one
coordinating body (``assign_round``) with an internal deadline a week before the round closes.
Its samordnare asks bodies and kommuner for input (``request_contributions``), each answers
(``submit_contribution``: synpunkter, or avstår), and the samordnare writes one remissvar in
sections (``add_section`` …), has it approved, by a decision of the coordinating body or by a
named signatory (``approve_remissvar``), and records that it was sent (``mark_sent``).

Every service is atomic and audited with its ``acting_user`` and checks the permission of
``accounts.rules`` it names (``acting_user=None`` is the system: the demo, a command). Broken
rules raise ``ValidationError`` with a Swedish message.

Overdue contributions are listed by ``overdue_contributions(on)``; ``escalate_overdue_
contributions(today)`` writes once per overdue contribution (and deadline) to the
coordinating body's samordnare. Each e-mail is recorded as a ``meetings.SentReminder`` of kind
``action_overdue`` with the key ``remiss-contribution:<id>:<deadline>``, so a later run sends
nothing twice and a new deadline re-arms the escalation (the model has no field of its own
for it).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.audit import delete_audited, save_audited
from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.core.reference import read_reference
from kunskapsnav.guidance import remiss_dates
from kunskapsnav.guidance.models import (
    Kunskapsstod,
    RemissAnswerSection,
    RemissAssignment,
    RemissContribution,
    RemissRound,
)
from kunskapsnav.meetings.models import Decision, SentReminder
from kunskapsnav.registry.models import Body, Person
from kunskapsnav.registry.services import require

logger = logging.getLogger(__name__)

Status = RemissAssignment.Status
OPEN_STATUSES = (Status.MOTTAGEN, Status.UNDER_BEREDNING)

#: Calendar days between the internal deadline and the round's closing, and between a
#: contribution's deadline and the internal deadline (both moved back onto a weekday).
INTERNAL_LEAD_DAYS = 7
CONTRIBUTION_LEAD_DAYS = 7


def today() -> dt.date:
    return timezone.localdate()


# --- Defaults ---------------------------------------------------------------------------------


def default_internal_deadline(round: RemissRound) -> dt.date:
    """A week before the round closes, on a weekday (never before the round opens)."""
    return max(
        remiss_dates.weekday_before(round.closes, INTERNAL_LEAD_DAYS),
        min(round.opens, round.closes),
    )


def default_contribution_deadline(assignment: RemissAssignment) -> dt.date:
    """A week before the internal deadline (or the round's closing), on a weekday."""
    until = assignment.internal_deadline or assignment.round.closes
    return max(
        remiss_dates.weekday_before(until, CONTRIBUTION_LEAD_DAYS),
        min(assignment.round.opens, until),
    )


def proposed_sections(round: RemissRound) -> list[str]:
    """The sections a remissvar usually has, proposed when the remiss is assigned."""
    if round.kind == RemissRound.Kind.SYNPUNKTSINHAMTNING:
        return [
            _("Synpunkter på innehållet"),
            _("Konsekvenser för regionen och kommunerna"),
            _("Övriga synpunkter"),
        ]
    return [
        _("Övergripande synpunkter"),
        _("Synpunkter på innehåll och rekommendationer"),
        _("Konsekvenser för verksamheten: resurser, kompetens och organisation"),
        _("Konsekvenser för kommunerna och samverkan mellan huvudmännen"),
        _("Förutsättningar och hinder för införande"),
        _("Övriga synpunkter"),
    ]


# --- Rounds and assignments -------------------------------------------------------------------


@transaction.atomic
def create_round(
    kunskapsstod: Kunskapsstod,
    *,
    acting_user: User | None,
    kind: str = RemissRound.Kind.REMISS,
    version: str = "",
    opens: dt.date | None = None,
    closes: dt.date | None = None,
    note: str = "",
) -> RemissRound:
    """Register a national round; missing dates come from the national remiss calendar."""
    require(acting_user, "guidance.add_remissround", kunskapsstod)
    if opens is None:
        opens = remiss_dates.next_window(today(), str(kind)).opens
    if closes is None:
        closes = remiss_dates.proposed_closing(opens, str(kind))
    if closes < opens:
        raise ValidationError(_("Remissen kan inte stänga innan den öppnar."))
    round = RemissRound(
        kunskapsstod=kunskapsstod,
        kind=kind,
        version=version,
        opens=opens,
        closes=closes,
        note=note,
    )
    save_audited(round, acting_user=acting_user, reason="create_remiss_round")
    return round


@transaction.atomic
def assign_round(
    round: RemissRound,
    *,
    region: Region,
    coordinating_body: Body,
    acting_user: User | None,
    internal_deadline: dt.date | None = None,
    sections: Sequence[str] | None = None,
) -> RemissAssignment:
    """Route a round in ``region`` to the body that writes the remissvar.

    The remissvar starts with the proposed sections (or ``sections``).
    """
    require(acting_user, "guidance.add_remissassignment", coordinating_body)
    if coordinating_body.is_closed:
        raise ValidationError(_("Organet är avvecklat och kan inte samordna en remiss."))
    if coordinating_body.region_id is not None and coordinating_body.region_id != region.pk:
        raise ValidationError(
            _("%(body)s hör inte till %(region)s.")
            % {"body": coordinating_body.name, "region": region.name}
        )
    if RemissAssignment.objects.filter(round=round, region=region).exists():
        raise ValidationError(
            _("Remissen är redan tilldelad ett organ i %(region)s.") % {"region": region.name}
        )
    deadline = internal_deadline or default_internal_deadline(round)
    if deadline > round.closes:
        raise ValidationError(_("Den interna svarstiden ligger efter att remissen stänger."))
    assignment = RemissAssignment(
        round=round,
        region=region,
        coordinating_body=coordinating_body,
        internal_deadline=deadline,
    )
    save_audited(assignment, acting_user=acting_user, reason="assign_remiss")
    headings = proposed_sections(round) if sections is None else list(sections)
    for order, heading in enumerate(headings, start=1):
        section = RemissAnswerSection(assignment=assignment, order=order, heading=heading)
        save_audited(section, acting_user=acting_user, reason="assign_remiss")
    return assignment


def _require_open(assignment: RemissAssignment) -> None:
    if assignment.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Remissvaret är %(status)s och kan inte längre ändras.")
            % {"status": assignment.get_status_display().lower()}
        )


def _start_work(assignment: RemissAssignment, acting_user: User | None, reason: str) -> None:
    if assignment.status == Status.MOTTAGEN:
        assignment.status = Status.UNDER_BEREDNING
        save_audited(assignment, acting_user=acting_user, reason=reason)


@transaction.atomic
def update_assignment(
    assignment: RemissAssignment,
    *,
    acting_user: User | None,
    internal_deadline: dt.date | None,
) -> RemissAssignment:
    require(acting_user, "guidance.change_remissassignment", assignment)
    _require_open(assignment)
    if internal_deadline is not None and internal_deadline > assignment.round.closes:
        raise ValidationError(_("Den interna svarstiden ligger efter att remissen stänger."))
    assignment.internal_deadline = internal_deadline
    save_audited(assignment, acting_user=acting_user, reason="update_remiss")
    return assignment


# --- Contributions ----------------------------------------------------------------------------


@transaction.atomic
def request_contributions(
    assignment: RemissAssignment,
    *,
    acting_user: User | None,
    bodies: Iterable[Body] = (),
    kommuner: Iterable[Kommun] = (),
    deadline: dt.date | None = None,
) -> list[RemissContribution]:
    """Ask bodies and kommuner for input by ``deadline``; those already asked are skipped."""
    require(acting_user, "guidance.change_remissassignment", assignment)
    _require_open(assignment)
    bodies, kommuner = list(bodies), list(kommuner)
    if not bodies and not kommuner:
        raise ValidationError(_("Välj minst ett organ eller en kommun att begära synpunkter från."))
    if any(body.pk == assignment.coordinating_body_id for body in bodies):
        raise ValidationError(
            _("Det samordnande organet kan inte lämna synpunkter till sig självt.")
        )
    if any(body.is_closed for body in bodies):
        raise ValidationError(_("Ett avvecklat organ kan inte lämna synpunkter."))
    deadline = deadline or default_contribution_deadline(assignment)
    if deadline > assignment.round.closes:
        raise ValidationError(_("Svarstiden ligger efter att remissen stänger."))
    asked = assignment.contributions.all()
    asked_bodies = {c.body_id for c in asked if c.body_id}
    asked_kommuner = {c.kommun_id for c in asked if c.kommun_id}
    created: list[RemissContribution] = []
    for body in bodies:
        if body.pk not in asked_bodies:
            created.append(RemissContribution(assignment=assignment, body=body, deadline=deadline))
            asked_bodies.add(body.pk)
    for kommun in kommuner:
        if kommun.pk not in asked_kommuner:
            created.append(
                RemissContribution(assignment=assignment, kommun=kommun, deadline=deadline)
            )
            asked_kommuner.add(kommun.pk)
    for contribution in created:
        save_audited(contribution, acting_user=acting_user, reason="request_remiss_contribution")
    _start_work(assignment, acting_user, "request_remiss_contribution")
    return created


@transaction.atomic
def submit_contribution(
    contribution: RemissContribution,
    *,
    acting_user: User | None,
    text: str = "",
    status: str = RemissContribution.Status.INLAMNAD,
    submitted_on: dt.date | None = None,
) -> RemissContribution:
    """Hand in synpunkter (``inlamnad``) or decline to give any (``avstar``)."""
    require(acting_user, "guidance.change_remisscontribution", contribution)
    _require_open(contribution.assignment)
    text = text.strip()
    if status not in (RemissContribution.Status.INLAMNAD, RemissContribution.Status.AVSTAR):
        raise ValidationError(_("Ett bidrag lämnas in eller avstås."))
    if status == RemissContribution.Status.INLAMNAD and not text:
        raise ValidationError(_("Skriv synpunkterna, eller välj att avstå."))
    contribution.status = status
    contribution.text = text
    contribution.submitted_on = submitted_on or today()
    contribution.submitted_by = acting_user
    save_audited(contribution, acting_user=acting_user, reason="submit_remiss_contribution")
    return contribution


@transaction.atomic
def withdraw_request(contribution: RemissContribution, *, acting_user: User | None) -> None:
    """Take back a request that has not been answered."""
    require(acting_user, "guidance.change_remissassignment", contribution.assignment)
    _require_open(contribution.assignment)
    if contribution.status != RemissContribution.Status.BEGARD:
        raise ValidationError(_("Bidraget är redan besvarat och kan inte tas bort."))
    delete_audited(contribution, acting_user=acting_user, reason="withdraw_remiss_contribution")


def overdue_contributions(on: dt.date | None = None) -> QuerySet[RemissContribution]:
    """Requested contributions past their deadline, in remisser still being prepared."""
    day = on or today()
    return (
        RemissContribution.objects.filter(
            status=RemissContribution.Status.BEGARD,
            deadline__lt=day,
            assignment__status__in=OPEN_STATUSES,
        )
        .select_related(
            "body",
            "kommun",
            "assignment__region",
            "assignment__coordinating_body",
            "assignment__round__kunskapsstod",
        )
        .order_by("deadline", "pk")
    )


def escalation_key(contribution: RemissContribution) -> str:
    deadline = contribution.deadline.isoformat() if contribution.deadline else "-"
    return f"remiss-contribution:{contribution.pk}:{deadline}"


def _escalation_message(contribution: RemissContribution, recipient: str) -> mail.EmailMessage:
    assignment = contribution.assignment
    assert contribution.deadline is not None
    values = {
        "contributor": str(contribution),
        "kunskapsstod": assignment.round.kunskapsstod.name,
        "body": assignment.coordinating_body.name,
        "date": contribution.deadline.isoformat(),
        "url": settings.SITE_URL.rstrip("/") + assignment.get_absolute_url(),
    }
    lines = [
        _("Hej!"),
        "",
        _(
            "%(contributor)s skulle ha lämnat synpunkter på remissen om %(kunskapsstod)s "
            "senast %(date)s, men inget bidrag har kommit in."
        )
        % values,
        "",
        _("Du får meddelandet som samordnare för %(body)s, som samordnar remissvaret.") % values,
        "",
        _("Påminn, ge en ny svarstid eller gå vidare utan bidraget:"),
        values["url"],
        "",
        "-- ",
        _("Det här meddelandet skickades automatiskt från Kunskapsnav."),
    ]
    return mail.EmailMessage(
        subject=_("Försenat remissbidrag: %(contributor)s, %(kunskapsstod)s") % values,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )


def escalate_overdue_contributions(today: dt.date | None = None) -> int:
    """E-mail the coordinating body's samordnare once per overdue contribution; the count."""
    contributions = list(overdue_contributions(today))
    if not contributions:
        return 0
    bodies = {c.assignment.coordinating_body_id for c in contributions}
    coordinators: dict[int, list[str]] = defaultdict(list)
    for body_id, email in BodyRole.objects.filter(
        body_id__in=bodies, role=BodyRole.Role.SAMORDNARE, user__is_active=True
    ).values_list("body_id", "user__email"):
        if email.strip():
            coordinators[body_id].append(email.strip().lower())
    kind = SentReminder.Kind.ACTION_OVERDUE
    keys = [escalation_key(c) for c in contributions]
    sent = set(SentReminder.objects.filter(kind=kind, key__in=keys).values_list("recipient", "key"))
    count = 0
    now = timezone.now()
    with mail.get_connection() as connection:
        for contribution in contributions:
            key = escalation_key(contribution)
            for recipient in coordinators.get(contribution.assignment.coordinating_body_id, []):
                if (recipient, key) in sent:
                    continue
                message = _escalation_message(contribution, recipient)
                message.connection = connection
                try:
                    with transaction.atomic():
                        SentReminder.objects.create(
                            kind=kind, recipient=recipient, key=key, sent_at=now
                        )
                        message.send()
                except IntegrityError:
                    continue  # another run sent it meanwhile
                except OSError:
                    logger.exception("Could not send remiss escalation %s to %s", key, recipient)
                    continue
                sent.add((recipient, key))
                count += 1
    return count


# --- The remissvar, in sections ---------------------------------------------------------------


@transaction.atomic
def add_section(
    assignment: RemissAssignment,
    *,
    acting_user: User | None,
    heading: str,
    text: str = "",
) -> RemissAnswerSection:
    require(acting_user, "guidance.change_remissassignment", assignment)
    _require_open(assignment)
    last = assignment.sections.aggregate(last=Max("order"))["last"] or 0
    section = RemissAnswerSection(
        assignment=assignment, order=last + 1, heading=heading.strip(), text=text
    )
    save_audited(section, acting_user=acting_user, reason="add_remiss_section")
    _start_work(assignment, acting_user, "add_remiss_section")
    return section


@transaction.atomic
def update_section(
    section: RemissAnswerSection,
    *,
    acting_user: User | None,
    heading: str | None = None,
    text: str | None = None,
) -> RemissAnswerSection:
    assignment = section.assignment
    require(acting_user, "guidance.change_remissassignment", assignment)
    _require_open(assignment)
    if heading is not None:
        if not heading.strip():
            raise ValidationError(_("Avsnittet behöver en rubrik."))
        section.heading = heading.strip()
    if text is not None:
        section.text = text
    save_audited(section, acting_user=acting_user, reason="update_remiss_section")
    _start_work(assignment, acting_user, "update_remiss_section")
    return section


@transaction.atomic
def reorder_sections(
    assignment: RemissAssignment, *, acting_user: User | None, order: Sequence[int]
) -> None:
    """Put the sections in the order of the ids in ``order`` (all of them, each once)."""
    require(acting_user, "guidance.change_remissassignment", assignment)
    _require_open(assignment)
    sections = {s.pk: s for s in assignment.sections.all()}
    if sorted(order) != sorted(sections) or len(set(order)) != len(order):
        raise ValidationError(_("Ordningen måste ta med varje avsnitt en gång."))
    for position, pk in enumerate(order, start=1):
        section = sections[pk]
        if section.order != position:
            section.order = position
            save_audited(section, acting_user=acting_user, reason="reorder_remiss_sections")


def move_section(
    section: RemissAnswerSection, *, acting_user: User | None, up: bool
) -> RemissAnswerSection:
    """Move a section one step up or down."""
    ids = list(section.assignment.sections.values_list("pk", flat=True))
    index = ids.index(section.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    reorder_sections(section.assignment, acting_user=acting_user, order=ids)
    return section


@transaction.atomic
def delete_section(section: RemissAnswerSection, *, acting_user: User | None) -> None:
    require(acting_user, "guidance.change_remissassignment", section.assignment)
    _require_open(section.assignment)
    delete_audited(section, acting_user=acting_user, reason="delete_remiss_section")


# --- Approval and sending ---------------------------------------------------------------------


@transaction.atomic
def approve_remissvar(
    assignment: RemissAssignment,
    *,
    acting_user: User | None,
    decision: Decision | None = None,
    signatory: Person | None = None,
    approved_on: dt.date | None = None,
) -> RemissAssignment:
    """Approve the remissvar: by a decision of the coordinating body, or by a signatory."""
    require(acting_user, "guidance.change_remissassignment", assignment)
    _require_open(assignment)
    if (decision is None) == (signatory is None):
        raise ValidationError(
            _("Ange antingen beslutet om remissvaret eller den som undertecknar det.")
        )
    if decision is not None and decision.deciding_body_id != assignment.coordinating_body_id:
        raise ValidationError(
            _("Beslutet ska vara fattat av %(body)s.") % {"body": assignment.coordinating_body.name}
        )
    if not assignment.sections.exclude(Q(text="") | Q(text__isnull=True)).exists():
        raise ValidationError(_("Remissvaret har inget svar i något avsnitt ännu."))
    if approved_on is None:
        approved_on = decision.meeting.date if decision is not None else today()
    assignment.approved_decision = decision
    assignment.signatory = signatory
    assignment.approved_on = approved_on
    assignment.status = Status.GODKAND
    save_audited(assignment, acting_user=acting_user, reason="approve_remissvar")
    return assignment


@transaction.atomic
def reopen_remissvar(assignment: RemissAssignment, *, acting_user: User | None) -> None:
    """Take an approved (not yet sent) remissvar back for more work."""
    require(acting_user, "guidance.change_remissassignment", assignment)
    if assignment.status != Status.GODKAND:
        raise ValidationError(_("Bara ett godkänt remissvar som inte är skickat kan öppnas igen."))
    assignment.status = Status.UNDER_BEREDNING
    assignment.approved_decision = None
    assignment.signatory = None
    assignment.approved_on = None
    save_audited(assignment, acting_user=acting_user, reason="reopen_remissvar")


@transaction.atomic
def mark_sent(
    assignment: RemissAssignment, *, acting_user: User | None, sent_on: dt.date | None = None
) -> RemissAssignment:
    require(acting_user, "guidance.change_remissassignment", assignment)
    if assignment.status != Status.GODKAND:
        raise ValidationError(_("Remissvaret måste vara godkänt innan det skickas."))
    day = sent_on or today()
    if assignment.approved_on and day < assignment.approved_on:
        raise ValidationError(_("Remissvaret kan inte skickas innan det godkändes."))
    assignment.status = Status.SKICKAD
    assignment.sent_on = day
    save_audited(assignment, acting_user=acting_user, reason="send_remissvar")
    return assignment


# --- Reads for pages and the API --------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    type: str = ""
    programme_area: str = ""
    status: str = ""
    text: str = ""


def catalogue(filters: CatalogueFilter | None = None) -> QuerySet[Kunskapsstod]:
    """The national catalogue, filtered; with type, programme area and part-of in one query."""
    filters = filters or CatalogueFilter()
    rows = Kunskapsstod.objects.select_related("type", "programme_area", "part_of")
    if filters.type:
        rows = rows.filter(type__code=filters.type)
    if filters.programme_area:
        rows = rows.filter(
            Q(programme_area__code=filters.programme_area)
            | Q(other_programme_areas__code=filters.programme_area)
        ).distinct()
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.text:
        words = filters.text.split()
        for word in words:
            rows = rows.filter(
                Q(name__icontains=word)
                | Q(full_name__icontains=word)
                | Q(code__icontains=word)
                | Q(aliases__icontains=word)
            )
    return rows.order_by("name", "pk")


def visible_assignments(user: User | AnonymousUser) -> QuerySet[RemissAssignment]:
    """The remisser ``user`` may see: those whose coordinating body they may see."""
    rows = RemissAssignment.objects.select_related(
        "round__kunskapsstod", "region", "coordinating_body"
    )
    if user.is_authenticated and user.is_systemforvaltare:
        return rows
    return rows.filter(coordinating_body__in=Body.objects.visible_to(user))


def is_overdue(deadline: dt.date | None, on: dt.date) -> bool:
    return deadline is not None and deadline < on


@dataclass(frozen=True)
class LifecycleStep:
    order: int
    code: str
    name: str
    level: str
    responsible: str
    date: str
    current: bool
    done: bool


#: The national lifecycle step a kunskapsstöd is at, by its national status.
_STEP_OF_STATUS = {
    Kunskapsstod.Status.UNDER_UTVECKLING: "nag_writing",
    Kunskapsstod.Status.REMISS: "remiss",
    Kunskapsstod.Status.FASTSTALLD: "approved",
    Kunskapsstod.Status.PUBLICERAD: "published",
    Kunskapsstod.Status.UNDER_REVISION: "revision",
}


def partial_date(day: dt.date | None, precision: str) -> str:
    """A date as precisely as it is known: "2021-02-24", "2020-05" or "2020"."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()


@cache
def lifecycle_steps() -> tuple[dict[str, Any], ...]:
    rows = [r for r in read_reference("remiss.json") if r.get("kind") == "lifecycle_step"]
    return tuple(sorted(rows, key=lambda r: int(r["order"])))


def lifecycle(
    stod: Kunskapsstod, rounds: Sequence[RemissRound], on: dt.date | None = None
) -> list[LifecycleStep]:
    """The 16 national lifecycle steps, the current one marked, with the dates known."""
    day = on or today()
    current = _STEP_OF_STATUS.get(Kunskapsstod.Status(stod.status), "")
    if any(r.opens <= day <= r.closes for r in rounds):
        current = "remiss"
    dates: dict[str, str] = {}
    if rounds:
        latest = max(rounds, key=lambda r: r.opens)
        dates["remiss"] = f"{latest.opens.isoformat()} – {latest.closes.isoformat()}"
    if stod.approved_on:
        dates["approved"] = partial_date(stod.approved_on, stod.approved_precision)
    if stod.published_on:
        dates["published"] = partial_date(stod.published_on, "day")
    steps = lifecycle_steps()
    current_order = next((int(s["order"]) for s in steps if s["code"] == current), 0)
    return [
        LifecycleStep(
            order=int(step["order"]),
            code=step["code"],
            name=step["name"],
            level=step.get("level", ""),
            responsible=step.get("responsible", ""),
            date=dates.get(step["code"], ""),
            current=step["code"] == current,
            done=int(step["order"]) < current_order,
        )
        for step in steps
    ]


@dataclass(frozen=True)
class Access:
    """What one user may see and do in one remiss (pages and API ask the same question)."""

    visible: bool
    can_manage: bool
    mine: frozenset[int]  # the contributions the user answers for
    show_texts: bool  # contributions' synpunkter
    show_sections: bool  # the remissvar (drafts only to those who work on it)


def access(
    user: User | AnonymousUser,
    assignment: RemissAssignment,
    contributions: Iterable[RemissContribution],
) -> Access:
    """``contributions`` are the assignment's, with ``assignment`` set on each."""
    mine = frozenset(
        c.pk for c in contributions if user.has_perm("guidance.change_remisscontribution", c)
    )
    can_manage = user.has_perm("guidance.change_remissassignment", assignment)
    visible = bool(
        can_manage or mine or user.has_perm("guidance.view_remissassignment", assignment)
    )
    approved = assignment.status in (Status.GODKAND, Status.SKICKAD)
    return Access(
        visible=visible,
        can_manage=can_manage,
        mine=mine,
        show_texts=can_manage or bool(mine),
        show_sections=can_manage or bool(mine) or (visible and approved),
    )


def assignment_contributions(assignment: RemissAssignment) -> list[RemissContribution]:
    """The contributions of a remiss with their contributors, each knowing its remiss."""
    rows = list(
        assignment.contributions.select_related("body", "kommun", "submitted_by").order_by(
            "deadline", "body__name", "kommun__name", "pk"
        )
    )
    for row in rows:
        row.assignment = assignment
    return rows
