"""Writes to the registry: each service is atomic, validated and audited with its acting user.

``acting_user=None`` is the system itself (a management command, the demo loader); a person
acting must hold the permission the service names, whichever door (page, API) they came in by.
Business rules that are broken raise ``ValidationError`` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kunskapsnav.accounts.models import BodyRole, User
from kunskapsnav.core.audit import save_audited
from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
    today,
)


def require(acting_user: User | None, perm: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless the system acts or ``acting_user`` holds ``perm``."""
    if acting_user is not None and not acting_user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _set_fields(obj: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# --- Organisations and people ---------------------------------------------------------------


@transaction.atomic
def create_organisation(*, acting_user: User | None, **fields: Any) -> Organisation:
    require(acting_user, "registry.add_organisation")
    organisation = Organisation(**fields)
    save_audited(organisation, acting_user=acting_user, reason="create_organisation")
    return organisation


@transaction.atomic
def create_person(*, acting_user: User | None, **fields: Any) -> Person:
    require(acting_user, "registry.add_person")
    person = Person(**fields)
    save_audited(person, acting_user=acting_user, reason="create_person")
    return person


@transaction.atomic
def update_person(person: Person, *, acting_user: User | None, **fields: Any) -> Person:
    require(acting_user, "registry.change_person", person)
    _set_fields(person, fields)
    save_audited(person, acting_user=acting_user, reason="update_person")
    return person


# --- Bodies ---------------------------------------------------------------------------------


@transaction.atomic
def create_body(
    *,
    acting_user: User | None,
    owners: Iterable[Organisation] = (),
    **fields: Any,
) -> Body:
    """Create a body. A samordnare may create bodies under a body they coordinate."""
    require(acting_user, "registry.add_body", fields.get("parent"))
    body = Body(**fields)
    save_audited(body, acting_user=acting_user, reason="create_body")
    owners = list(owners)
    if owners:
        body.owners.set(owners)
    if acting_user is not None and not acting_user.is_systemforvaltare:
        # Whoever sets a body up coordinates it until someone else is given the role.
        from kunskapsnav.accounts.services import grant_body_role

        grant_body_role(acting_user, body, BodyRole.Role.SAMORDNARE, acting_user=None)
    return body


@transaction.atomic
def update_body(
    body: Body,
    *,
    acting_user: User | None,
    owners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Body:
    require(acting_user, "registry.change_body", body)
    if fields.get("status") == Body.Status.AVVECKLAD and not body.is_closed:
        raise ValidationError(_('Använd "Avveckla organet" för att avveckla det.'))
    if "parent" in fields and fields["parent"] != body.parent:
        require(acting_user, "registry.add_body", fields["parent"])
    _set_fields(body, fields)
    save_audited(body, acting_user=acting_user, reason="update_body")
    if owners is not None:
        body.owners.set(list(owners))
    return body


@transaction.atomic
def close_body(body: Body, *, closed_on: dt.date | None = None, acting_user: User | None) -> Body:
    """Wind a body up ("Avsluta uppdrag"): memberships end, seats close, nominations lapse.

    A body with active sub-bodies cannot be closed: they must be closed or moved first.
    """
    require(acting_user, "registry.close_body", body)
    if body.is_closed:
        raise ValidationError(_("Organet är redan avvecklat."))
    day = closed_on or today()
    active_children = list(body.children.active())
    if active_children:
        # Name only the sub-bodies the acting user may see; count the others.
        named = [
            child.name
            for child in active_children
            if acting_user is None or acting_user.has_perm("registry.view_body", child)
        ]
        hidden = len(active_children) - len(named)
        if hidden:
            named.append(
                ngettext("%(count)s annat organ", "%(count)s andra organ", hidden)
                % {"count": hidden}
            )
        raise ValidationError(
            _("Organet har aktiva underorgan som först måste avvecklas eller flyttas: %(names)s")
            % {"names": ", ".join(named)}
        )
    if body.established_on and body.established_on > day:
        raise ValidationError(_("Organet kan inte avvecklas före det inrättades."))
    running = body.memberships.filter(Q(end_on__isnull=True) | Q(end_on__gt=day))
    for membership in running.select_for_update():
        membership.end_on = max(day, membership.start_on or day)
        save_audited(membership, acting_user=acting_user, reason="close_body", validate=False)
    for seat in body.seats.open():
        seat.closed_on = max(day, seat.opened_on)
        save_audited(seat, acting_user=acting_user, reason="close_body", validate=False)
    for nomination in Nomination.objects.filter(
        seat__body=body, status__in=[Nomination.Status.REQUESTED, Nomination.Status.NOMINATED]
    ):
        nomination.status = Nomination.Status.WITHDRAWN
        save_audited(nomination, acting_user=acting_user, reason="close_body", validate=False)
    body.status = Body.Status.AVVECKLAD
    body.closed_on = day
    save_audited(body, acting_user=acting_user, reason="close_body")
    return body


# --- Seats and memberships ------------------------------------------------------------------


@transaction.atomic
def add_seat(body: Body, *, acting_user: User | None, **fields: Any) -> Seat:
    require(acting_user, "registry.change_body", body)
    if body.is_closed:
        raise ValidationError(_("Ett avvecklat organ kan inte få nya platser."))
    if "order" not in fields:
        fields["order"] = (body.seats.aggregate(top=Max("order"))["top"] or 0) + 1
    seat = Seat(body=body, **fields)
    save_audited(seat, acting_user=acting_user, reason="add_seat")
    return seat


@transaction.atomic
def update_seat(seat: Seat, *, acting_user: User | None, **fields: Any) -> Seat:
    require(acting_user, "registry.change_body", seat.body)
    _set_fields(seat, fields)
    if seat.quota < seat.filled:
        raise ValidationError(
            _("Platsen har %(filled)s innehavare; antalet platser kan inte bli lägre.")
            % {"filled": seat.filled}
        )
    save_audited(seat, acting_user=acting_user, reason="update_seat")
    return seat


@transaction.atomic
def appoint(
    body: Body,
    person: Person,
    *,
    acting_user: User | None,
    role: str = Membership.Role.LEDAMOT,
    seat: Seat | None = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    representing: Organisation | None = None,
    note: str = "",
    reason: str = "appoint",
) -> Membership:
    """Give ``person`` a role in ``body``, in ``seat`` when given (the seat's quota holds)."""
    require(acting_user, "registry.change_body", body)
    if body.is_closed:
        raise ValidationError(_("Ett avvecklat organ kan inte få nya ledamöter."))
    if seat is not None:
        # Serialise concurrent fillings of the same seat (a row lock on PostgreSQL; SQLite
        # transactions are IMMEDIATE and so already serialised).
        Seat.objects.select_for_update().filter(pk=seat.pk).first()
    membership = Membership(
        body=body,
        seat=seat,
        person=person,
        role=role,
        start_on=start_on,
        end_on=end_on,
        representing=representing,
        note=note,
    )
    save_audited(membership, acting_user=acting_user, reason=reason)
    return membership


def fill_seat(
    seat: Seat,
    person: Person,
    *,
    acting_user: User | None,
    role: str = Membership.Role.LEDAMOT,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    representing: Organisation | None = None,
    note: str = "",
) -> Membership:
    return appoint(
        seat.body,
        person,
        acting_user=acting_user,
        role=role,
        seat=seat,
        start_on=start_on or today(),
        end_on=end_on,
        representing=representing,
        note=note,
        reason="fill_seat",
    )


@transaction.atomic
def end_membership(
    membership: Membership, *, end_on: dt.date | None = None, acting_user: User | None
) -> Membership:
    require(acting_user, "registry.change_body", membership.body)
    day = end_on or today()
    if membership.start_on and day < membership.start_on:
        raise ValidationError(_("Uppdraget kan inte avslutas före det började."))
    if membership.end_on is not None and membership.end_on <= day:
        raise ValidationError(_("Uppdraget är redan avslutat."))
    membership.end_on = day
    save_audited(membership, acting_user=acting_user, reason="end_membership")
    return membership


# --- Nominations ----------------------------------------------------------------------------


@transaction.atomic
def request_nomination(
    seat: Seat,
    *,
    acting_user: User | None,
    nominating_body: Body | None = None,
    deciding_body: Body | None = None,
    deadline: dt.date | None = None,
    requested_on: dt.date | None = None,
    note: str = "",
) -> Nomination:
    """Ask a nominating body for a candidate to ``seat`` (defaults: the seat's nominator)."""
    require(acting_user, "registry.change_body", seat.body)
    if not seat.is_open:
        raise ValidationError(_("Platsen är avslutad."))
    nomination = Nomination(
        seat=seat,
        nominating_body=nominating_body or seat.nominating_body,
        deciding_body=deciding_body or seat.body.parent or seat.nominating_body,
        deadline=deadline,
        requested_on=requested_on or today(),
        note=note,
    )
    save_audited(nomination, acting_user=acting_user, reason="request_nomination")
    return nomination


@transaction.atomic
def record_nomination(
    nomination: Nomination,
    candidate: Person,
    *,
    acting_user: User | None,
    nominated_on: dt.date | None = None,
    note: str | None = None,
) -> Nomination:
    """The nominating body names its candidate."""
    require(acting_user, "registry.nominate", nomination)
    if nomination.status not in (Nomination.Status.REQUESTED, Nomination.Status.NOMINATED):
        raise ValidationError(_("Nomineringen är redan avslutad."))
    nomination.candidate = candidate
    nomination.status = Nomination.Status.NOMINATED
    nomination.nominated_on = nominated_on or today()
    if note is not None:
        nomination.note = note
    save_audited(nomination, acting_user=acting_user, reason="record_nomination")
    return nomination


@transaction.atomic
def decide_nomination(
    nomination: Nomination,
    *,
    acting_user: User | None,
    decided_on: dt.date | None = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    role: str = Membership.Role.LEDAMOT,
) -> Membership:
    """The deciding body appoints the candidate: the nomination ends in a membership."""
    require(acting_user, "registry.decide_nomination", nomination)
    if nomination.status != Nomination.Status.NOMINATED or nomination.candidate is None:
        raise ValidationError(_("Bara en nominering med en kandidat kan beslutas."))
    day = decided_on or today()
    membership = appoint(
        nomination.seat.body,
        nomination.candidate,
        acting_user=None,  # the permission to decide was checked above
        role=role,
        seat=nomination.seat,
        start_on=start_on or day,
        end_on=end_on,
        reason="decide_nomination",
    )
    nomination.status = Nomination.Status.DECIDED
    nomination.decided_on = day
    nomination.membership = membership
    save_audited(nomination, acting_user=acting_user, reason="decide_nomination")
    return membership


@transaction.atomic
def withdraw_nomination(
    nomination: Nomination, *, acting_user: User | None, note: str | None = None
) -> Nomination:
    require(acting_user, "registry.change_body", nomination.seat.body)
    if not nomination.is_open:
        raise ValidationError(_("Nomineringen är redan avslutad."))
    nomination.status = Nomination.Status.WITHDRAWN
    if note is not None:
        nomination.note = note
    save_audited(nomination, acting_user=acting_user, reason="withdraw_nomination")
    return nomination


# --- Commissions ----------------------------------------------------------------------------


@transaction.atomic
def add_commission_version(
    body: Body,
    *,
    acting_user: User | None,
    text: str = "",
    attachment: File[Any] | None = None,
    commission: Commission | None = None,
    kind: str = Commission.Kind.UPPDRAGSBESKRIVNING,
    title: str = "",
) -> CommissionVersion:
    """Add a draft version to the body's commission (creating the commission if needed)."""
    require(acting_user, "registry.change_body", body)
    if commission is None:
        commission = body.commissions.filter(kind=kind).first()
    if commission is None:
        commission = Commission(
            body=body, kind=kind, title=title or f"{Commission.Kind(kind).label} – {body.name}"
        )
        save_audited(commission, acting_user=acting_user, reason="add_commission_version")
    elif commission.body_id != body.pk:
        raise ValidationError(_("Uppdragsbeskrivningen hör till ett annat organ."))
    if not text and attachment is None:
        raise ValidationError(_("En version behöver en text eller en bilaga."))
    number = (commission.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = CommissionVersion(commission=commission, number=number, text=text)
    if attachment is not None:
        version.attachment.save(getattr(attachment, "name", "bilaga"), attachment, save=False)
    save_audited(version, acting_user=acting_user, reason="add_commission_version")
    return version


@transaction.atomic
def approve_commission_version(
    version: CommissionVersion,
    *,
    acting_user: User | None,
    approved_by: Body | None = None,
    approved_on: dt.date | None = None,
) -> CommissionVersion:
    """Approve a draft; the version approved before it is superseded."""
    require(acting_user, "registry.change_body", version.commission.body)
    if version.status != CommissionVersion.Status.DRAFT:
        raise ValidationError(_("Bara ett utkast kan fastställas."))
    for previous in version.commission.versions.filter(status=CommissionVersion.Status.APPROVED):
        previous.status = CommissionVersion.Status.SUPERSEDED
        save_audited(previous, acting_user=acting_user, reason="approve_commission_version")
    version.status = CommissionVersion.Status.APPROVED
    version.approved_by = approved_by
    version.approved_on = approved_on or today()
    save_audited(version, acting_user=acting_user, reason="approve_commission_version")
    return version
