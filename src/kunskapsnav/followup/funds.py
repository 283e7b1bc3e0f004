"""State funds: grants, their allocations to measures, spending, deadlines and what to repay.

A ``Grant`` (ÖK psykisk hälsa 2022: about 18 mkr to Region Dalarna and its kommuner) is kept by
the samordnare of its responsible body (``followup.change_grant``). It is divided into
``Allocation``\\s, one per measure with a responsible body, and ``Spending`` is reported against
an allocation by the grant's keeper or by the allocation's body (``followup.report_spending``).

The figures are computed, never typed in (:class:`GrantFigures`): allocated, unallocated, spent,
unspent, and, once the grant's period has ended, the amount to repay to the state (unspent minus
what has already been repaid). Before the period ends the unspent money is only "ej förbrukat
ännu".

Spending more than an allocation holds is refused with a Swedish message (the allocation is
raised first, by its keeper); so is allocating more than the grant holds, and lowering an
allocation or the grant below what is already spent or allocated.

Every service is atomic and audited with its ``acting_user`` (``None`` is the system: the demo,
a command) and checks the permission of ``accounts.rules`` it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import User
from kunskapsnav.core.audit import delete_audited, save_audited
from kunskapsnav.followup.models import Allocation, Grant, Spending
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.models import Body
from kunskapsnav.registry.services import require

ZERO = Decimal(0)
MONEY: DecimalField[Any, Any] = DecimalField(max_digits=16, decimal_places=2)

#: Days before a deadline that it counts as near (the badge, and the reminder's default).
SOON_DAYS = 14

#: The grant's fields a keeper edits on the grant's form.
GRANT_FIELDS = (
    "name",
    "source",
    "year",
    "amount",
    "amount_is_approximate",
    "period_start",
    "period_end",
    "conditions",
    "recipient_region",
    "recipient_organisation",
    "responsible_body",
    "requisition_deadline",
    "reporting_deadline",
    "decision",
    "note",
)
ALLOCATION_FIELDS = (
    "measure",
    "description",
    "responsible_body",
    "responsible_organisation",
    "amount",
    "period_start",
    "period_end",
    "decision",
    "note",
)


def today() -> dt.date:
    return timezone.localdate()


def kronor(value: Decimal) -> str:
    """``17950000`` as "17 950 000 kr", in the active language's number format."""
    rounded = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    return _("%(amount)s kr") % {
        "amount": formats.number_format(rounded, use_l10n=True, force_grouping=True)
    }


# --- Figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantFigures:
    """What a grant holds and what has become of it, on one day."""

    amount: Decimal
    allocated: Decimal
    spent: Decimal
    repaid: Decimal
    period_ended: bool

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated

    @property
    def unspent(self) -> Decimal:
        return self.amount - self.spent

    @property
    def to_repay(self) -> Decimal | None:
        """After the period: unspent money not yet repaid; ``None`` while the period runs."""
        if not self.period_ended:
            return None
        return max(self.unspent - self.repaid, ZERO)

    @property
    def over_allocated(self) -> bool:
        return self.allocated > self.amount

    @property
    def spent_share(self) -> int | None:
        """Per cent of the amount spent (whole number), ``None`` for a grant of 0 kr."""
        if not self.amount:
            return None
        return int((self.spent * 100 / self.amount).to_integral_value())


def figures(
    grant: Grant, *, allocated: Decimal, spent: Decimal, on: dt.date | None = None
) -> GrantFigures:
    return GrantFigures(
        amount=grant.amount,
        allocated=allocated or ZERO,
        spent=spent or ZERO,
        repaid=grant.repaid_amount or ZERO,
        period_ended=(on or today()) > grant.period_end,
    )


def grant_figures(grant: Grant, on: dt.date | None = None) -> GrantFigures:
    """The figures of one grant, in two queries."""
    allocated = grant.allocations.aggregate(total=Sum("amount"))["total"] or ZERO
    spent = (
        Spending.objects.filter(allocation__grant=grant).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return figures(grant, allocated=allocated, spent=spent, on=on)


@dataclass(frozen=True)
class AllocationRow:
    allocation: Allocation
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocation.amount - self.spent

    @property
    def overspent(self) -> bool:
        return self.spent > self.allocation.amount

    @property
    def spent_share(self) -> int | None:
        if not self.allocation.amount:
            return None
        return int((self.spent * 100 / self.allocation.amount).to_integral_value())


def _spent_per_allocation() -> Coalesce:
    spent = (
        Spending.objects.filter(allocation=OuterRef("pk"))
        .order_by()
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(spent, output_field=MONEY), Value(ZERO), output_field=MONEY)


def allocation_rows(grant: Grant) -> list[AllocationRow]:
    """The grant's allocations with what is spent of each, in one query."""
    rows = (
        grant.allocations.select_related(
            "responsible_body", "responsible_organisation", "decision__meeting"
        )
        .annotate(spent_total=_spent_per_allocation())
        .order_by("measure", "pk")
    )
    result = []
    for allocation in rows:
        allocation.grant = grant
        result.append(AllocationRow(allocation, allocation.spent_total))
    return result


# --- Deadlines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """A requisition or reporting deadline of a grant and where it stands."""

    REQUISITION = "rekvirering"
    REPORTING = "redovisning"

    grant: Grant
    kind: str
    date: dt.date
    done_on: dt.date | None
    on: dt.date

    @property
    def label(self) -> str:
        if self.kind == self.REQUISITION:
            return _("Rekvirering")
        return _("Redovisning")

    @property
    def status(self) -> str:
        """``done``, ``overdue``, ``soon`` (within ``SOON_DAYS``) or ``later``."""
        if self.done_on is not None:
            return "done"
        if self.date < self.on:
            return "overdue"
        if (self.date - self.on).days <= SOON_DAYS:
            return "soon"
        return "later"

    @property
    def status_label(self) -> str:
        return {
            "done": _("Klart"),
            "overdue": _("Försenad"),
            "soon": _("Snart"),
            "later": _("Kommande"),
        }[self.status]

    @property
    def badge(self) -> str:
        """The badge modifier of the status (``badge--danger`` for overdue …)."""
        return {"done": "ok", "overdue": "danger", "soon": "warn", "later": "neutral"}[self.status]

    @property
    def is_open(self) -> bool:
        return self.done_on is None


def deadlines_of(grant: Grant, on: dt.date | None = None) -> list[Deadline]:
    day = on or today()
    found = []
    if grant.requisition_deadline is not None:
        found.append(
            Deadline(
                grant, Deadline.REQUISITION, grant.requisition_deadline, grant.requisitioned_on, day
            )
        )
    if grant.reporting_deadline is not None:
        found.append(
            Deadline(grant, Deadline.REPORTING, grant.reporting_deadline, grant.reported_on, day)
        )
    return found


def open_deadline_grants() -> QuerySet[Grant]:
    """Grants with a requisition or reporting deadline that is not yet met."""
    return Grant.objects.filter(
        Q(requisition_deadline__isnull=False, requisitioned_on__isnull=True)
        | Q(reporting_deadline__isnull=False, reported_on__isnull=True)
    )


def open_deadlines(
    on: dt.date | None = None, *, within_days: int | None = None, grants: Iterable[Grant] = ()
) -> list[Deadline]:
    """Deadlines not yet met: overdue ones and, with ``within_days``, those coming that soon.

    Without ``grants`` every grant with an open deadline is read (one query).
    """
    day = on or today()
    rows = list(grants) or list(
        open_deadline_grants().select_related("responsible_body", "recipient_region")
    )
    found = [
        deadline
        for grant in rows
        for deadline in deadlines_of(grant, day)
        if deadline.is_open and (within_days is None or (deadline.date - day).days <= within_days)
    ]
    return sorted(found, key=lambda d: (d.date, d.grant.pk, d.kind))


# --- Reads for pages --------------------------------------------------------------------------


def visible_grants(user: User | AnonymousUser) -> QuerySet[Grant]:
    """The grants ``user`` may see: those whose responsible body they may see."""
    rows = Grant.objects.all()
    if user.is_authenticated and user.is_systemforvaltare:
        return rows
    return rows.filter(responsible_body__in=Body.objects.visible_to(user))


def with_sums(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    """``allocated_total`` and ``spent_total`` on each grant, by subqueries (no row fan-out)."""
    allocated = (
        Allocation.objects.filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    spent = (
        Spending.objects.filter(allocation__grant=OuterRef("pk"))
        .order_by()
        .values("allocation__grant")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return grants.annotate(
        allocated_total=Coalesce(
            Subquery(allocated, output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        spent_total=Coalesce(Subquery(spent, output_field=MONEY), Value(ZERO), output_field=MONEY),
    )


@dataclass(frozen=True)
class GrantRow:
    grant: Grant
    figures: GrantFigures
    deadlines: list[Deadline]

    @property
    def open_deadlines(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.is_open]


def for_list(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    """``grants`` with their sums and related rows, ready for :func:`grant_rows`."""
    return with_sums(grants).select_related(
        "recipient_region", "recipient_organisation", "responsible_body"
    )


def grant_rows(grants: Iterable[Grant], on: dt.date | None = None) -> list[GrantRow]:
    """Each grant of :func:`for_list` with its figures and deadlines (no further queries)."""
    day = on or today()
    return [
        GrantRow(
            grant,
            figures(
                grant,
                allocated=grant.allocated_total,  # type: ignore[attr-defined]
                spent=grant.spent_total,  # type: ignore[attr-defined]
                on=day,
            ),
            deadlines_of(grant, day),
        )
        for grant in grants
    ]


def totals(rows: Iterable[GrantRow]) -> dict[str, Decimal]:
    """The sums of a list of grants (amount, allocated, spent, unspent, repaid)."""
    result = dict.fromkeys(("amount", "allocated", "spent", "unspent", "repaid"), ZERO)
    for row in rows:
        f = row.figures
        result["amount"] += f.amount
        result["allocated"] += f.allocated
        result["spent"] += f.spent
        result["unspent"] += f.unspent
        result["repaid"] += f.repaid
    return result


def decisions_for(body: Body | None) -> QuerySet[Decision]:
    """Decisions a grant of ``body`` may be linked to: those of the body's own meetings."""
    if body is None:
        return Decision.objects.none()
    return (
        Decision.objects.filter(meeting__body=body)
        .select_related("meeting", "item")
        .order_by("-meeting__date", "item__order", "order", "pk")
    )


# --- Checks shared by the services ------------------------------------------------------------


def _check_decision(decision: Decision | None, body: Body | None) -> None:
    if decision is None:
        return
    if body is None or decision.meeting.body_id != body.pk:
        raise ValidationError(
            _("Beslutet ska vara fattat vid ett möte i %(body)s.")
            % {"body": body.name if body else _("bidragets organ")}
        )


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(_("Perioden kan inte sluta innan den börjar."))


def _check_positive(amount: Decimal, message: str) -> None:
    if amount is None or amount < 0:
        raise ValidationError(message)


def _allocated_except(grant: Grant, allocation: Allocation | None = None) -> Decimal:
    rows = Allocation.objects.filter(grant=grant)
    if allocation is not None and allocation.pk:
        rows = rows.exclude(pk=allocation.pk)
    total: Decimal = rows.aggregate(total=Sum("amount"))["total"] or ZERO
    return total


def spent_on_allocation(allocation: Allocation, except_spending: Spending | None = None) -> Decimal:
    """What is spent of ``allocation`` (without ``except_spending``, when it is corrected)."""
    rows = Spending.objects.filter(allocation=allocation)
    if except_spending is not None and except_spending.pk:
        rows = rows.exclude(pk=except_spending.pk)
    total: Decimal = rows.aggregate(total=Sum("amount"))["total"] or ZERO
    return total


def _set(obj: Any, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _lock_grant(grant: Grant) -> Grant:
    """Lock the grant's row for the transaction, so concurrent changes to it queue up."""
    Grant.objects.select_for_update().filter(pk=grant.pk).first()
    return grant


# --- Grants -----------------------------------------------------------------------------------


def _check_grant(grant: Grant) -> None:
    _check_period(grant.period_start, grant.period_end)
    _check_positive(grant.amount, _("Beloppet kan inte vara negativt."))
    _check_decision(grant.decision, grant.responsible_body)


@transaction.atomic
def create_grant(*, acting_user: User | None, **fields: Any) -> Grant:
    """Register a grant; the acting user must be samordnare of its responsible body."""
    require(acting_user, "followup.add_grant", fields.get("responsible_body"))
    grant = Grant()
    _set(grant, fields, GRANT_FIELDS)
    _check_grant(grant)
    save_audited(grant, acting_user=acting_user, reason="create_grant")
    return grant


@transaction.atomic
def update_grant(grant: Grant, *, acting_user: User | None, **fields: Any) -> Grant:
    require(acting_user, "followup.change_grant", grant)
    _lock_grant(grant)
    body = fields.get("responsible_body")
    if body is not None and body.pk != grant.responsible_body_id:
        require(acting_user, "followup.add_grant", body)
    _set(grant, fields, GRANT_FIELDS)
    _check_grant(grant)
    allocated = _allocated_except(grant)
    if allocated > grant.amount:
        raise ValidationError(
            _(
                "Bidraget kan inte vara mindre än det som redan är fördelat (%(allocated)s). "
                "Minska fördelningarna först."
            )
            % {"allocated": kronor(allocated)}
        )
    save_audited(grant, acting_user=acting_user, reason="update_grant")
    return grant


@transaction.atomic
def record_requisition(
    grant: Grant, *, acting_user: User | None, requisitioned_on: dt.date | None
) -> Grant:
    """Record the day the funds were requisitioned (``None`` takes the record back)."""
    require(acting_user, "followup.change_grant", grant)
    grant.requisitioned_on = requisitioned_on
    save_audited(grant, acting_user=acting_user, reason="record_requisition")
    return grant


@transaction.atomic
def record_report(grant: Grant, *, acting_user: User | None, reported_on: dt.date | None) -> Grant:
    """Record the day the use of the funds was reported (``None`` takes the record back)."""
    require(acting_user, "followup.change_grant", grant)
    if reported_on is not None and reported_on < grant.period_start:
        raise ValidationError(_("Redovisningen kan inte vara gjord innan bidragets period börjar."))
    grant.reported_on = reported_on
    save_audited(grant, acting_user=acting_user, reason="record_report")
    return grant


@transaction.atomic
def record_repayment(
    grant: Grant,
    *,
    acting_user: User | None,
    repaid_amount: Decimal,
    repaid_on: dt.date | None,
) -> Grant:
    """Record what has been repaid to the state in all, and when (the latest repayment)."""
    require(acting_user, "followup.change_grant", grant)
    _lock_grant(grant)
    _check_positive(repaid_amount, _("Det återbetalda beloppet kan inte vara negativt."))
    unspent = grant_figures(grant).unspent
    if repaid_amount > max(unspent, ZERO):
        raise ValidationError(
            _(
                "Det återbetalda beloppet (%(repaid)s) är större än det som inte har förbrukats "
                "(%(unspent)s)."
            )
            % {"repaid": kronor(repaid_amount), "unspent": kronor(max(unspent, ZERO))}
        )
    if repaid_amount and repaid_on is None:
        raise ValidationError(_("Ange när beloppet återbetalades."))
    grant.repaid_amount = repaid_amount or None
    grant.repaid_on = repaid_on if repaid_amount else None
    save_audited(grant, acting_user=acting_user, reason="record_repayment")
    return grant


# --- Allocations ------------------------------------------------------------------------------


def _check_allocation(allocation: Allocation) -> None:
    grant = allocation.grant
    _check_positive(allocation.amount, _("Beloppet kan inte vara negativt."))
    _check_period(allocation.period_start, allocation.period_end)
    if (allocation.period_start and allocation.period_start < grant.period_start) or (
        allocation.period_end and allocation.period_end > grant.period_end
    ):
        raise ValidationError(
            _("Fördelningens period ska ligga inom bidragets period (%(start)s – %(end)s).")
            % {"start": grant.period_start.isoformat(), "end": grant.period_end.isoformat()}
        )
    _check_decision(allocation.decision, grant.responsible_body)
    others = _allocated_except(grant, allocation)
    if others + allocation.amount > grant.amount:
        raise ValidationError(
            _(
                "Fördelningarna skulle bli %(total)s, mer än bidragets %(amount)s. "
                "Högst %(left)s återstår att fördela."
            )
            % {
                "total": kronor(others + allocation.amount),
                "amount": kronor(grant.amount),
                "left": kronor(max(grant.amount - others, ZERO)),
            }
        )


@transaction.atomic
def add_allocation(grant: Grant, *, acting_user: User | None, **fields: Any) -> Allocation:
    require(acting_user, "followup.change_grant", grant)
    _lock_grant(grant)
    allocation = Allocation(grant=grant)
    _set(allocation, fields, ALLOCATION_FIELDS)
    _check_allocation(allocation)
    save_audited(allocation, acting_user=acting_user, reason="add_allocation")
    return allocation


@transaction.atomic
def update_allocation(
    allocation: Allocation, *, acting_user: User | None, **fields: Any
) -> Allocation:
    grant = allocation.grant
    require(acting_user, "followup.change_grant", grant)
    _lock_grant(grant)
    _set(allocation, fields, ALLOCATION_FIELDS)
    _check_allocation(allocation)
    spent = spent_on_allocation(allocation)
    if spent > allocation.amount:
        raise ValidationError(
            _("Fördelningen kan inte vara mindre än det som redan är upparbetat (%(spent)s).")
            % {"spent": kronor(spent)}
        )
    save_audited(allocation, acting_user=acting_user, reason="update_allocation")
    return allocation


@transaction.atomic
def delete_allocation(allocation: Allocation, *, acting_user: User | None) -> None:
    require(acting_user, "followup.change_grant", allocation.grant)
    if allocation.spendings.exists():
        raise ValidationError(
            _(
                "Fördelningen har rapporterade upparbetade belopp och kan inte tas bort. "
                "Ta bort eller flytta dem först."
            )
        )
    delete_audited(allocation, acting_user=acting_user, reason="delete_allocation")


# --- Spending ---------------------------------------------------------------------------------


def _check_spending(allocation: Allocation, amount: Decimal, spending: Spending | None) -> None:
    if amount is None or amount <= 0:
        raise ValidationError(_("Ange ett belopp större än 0 kr."))
    spent = spent_on_allocation(allocation, spending)
    if spent + amount > allocation.amount:
        raise ValidationError(
            _(
                "Beloppet är för stort: %(measure)s har %(allocated)s fördelat och "
                "%(spent)s redan upparbetat, så högst %(left)s återstår. Öka fördelningen "
                "först om mer har använts."
            )
            % {
                "measure": allocation.measure,
                "allocated": kronor(allocation.amount),
                "spent": kronor(spent),
                "left": kronor(max(allocation.amount - spent, ZERO)),
            }
        )


def _lock_allocation(allocation: Allocation) -> None:
    Allocation.objects.select_for_update().filter(pk=allocation.pk).first()


@transaction.atomic
def report_spending(
    allocation: Allocation,
    *,
    acting_user: User | None,
    amount: Decimal,
    spent_on: dt.date | None = None,
    description: str = "",
) -> Spending:
    """Report money used on the allocation's measure. More than it holds is refused."""
    require(acting_user, "followup.report_spending", allocation)
    _lock_allocation(allocation)
    _check_spending(allocation, amount, None)
    spending = Spending(
        allocation=allocation,
        amount=amount,
        spent_on=spent_on or today(),
        description=description.strip(),
        reported_by=acting_user,
        reported_at=timezone.now(),
    )
    save_audited(spending, acting_user=acting_user, reason="report_spending")
    return spending


@transaction.atomic
def correct_spending(
    spending: Spending,
    *,
    acting_user: User | None,
    amount: Decimal,
    spent_on: dt.date,
    description: str = "",
) -> Spending:
    allocation = spending.allocation
    require(acting_user, "followup.report_spending", allocation)
    _lock_allocation(allocation)
    _check_spending(allocation, amount, spending)
    spending.amount = amount
    spending.spent_on = spent_on
    spending.description = description.strip()
    save_audited(spending, acting_user=acting_user, reason="correct_spending")
    return spending


@transaction.atomic
def delete_spending(spending: Spending, *, acting_user: User | None) -> None:
    require(acting_user, "followup.report_spending", spending.allocation)
    delete_audited(spending, acting_user=acting_user, reason="delete_spending")
