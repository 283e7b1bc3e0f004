"""Writes to an införande: status and timeline, units, recommendations, the gap analysis, the
handlingsplan and uppföljning. Each service is atomic, validated, audited and permission-checked.

An införande is run by the samordnare of its responsible body (``guidance.change_implementation``);
the national catalogue (recommendations, indicators) is kept by the systemförvaltare. Actions of
a handlingsplan are action items of the meetings app, owned by the responsible body, so they are
followed up at its meetings and reminded like every other action.
``acting_user=None`` is the system itself (the demo loader, a management command).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnav.accounts.models import User
from kunskapsnav.core.audit import delete_audited, save_audited
from kunskapsnav.core.models import Kommun, Region
from kunskapsnav.guidance.models import (
    ActionPlan,
    Finding,
    GapAssessment,
    Implementation,
    ImplementationEvent,
    ImplementationUnit,
    Indicator,
    Kunskapsstod,
    Measurement,
    PlanAction,
    Recommendation,
)
from kunskapsnav.meetings import services as meeting_services
from kunskapsnav.meetings.models import Decision
from kunskapsnav.registry.models import Body, Organisation, Person
from kunskapsnav.registry.services import require

Status = Implementation.Status


# --- Införande and its timeline -------------------------------------------------------------


def _record_event(
    implementation: Implementation,
    *,
    text: str,
    acting_user: User | None,
    status: str = "",
    date: dt.date | None = None,
    decision: Decision | None = None,
) -> ImplementationEvent:
    event = ImplementationEvent(
        implementation=implementation,
        date=date or timezone.localdate(),
        status=status,
        text=text,
        decision=decision,
        created_by=acting_user,
    )
    save_audited(event, acting_user=acting_user, reason="implementation_event")
    return event


def _check_body_in_region(body: Body | None, region: Region) -> None:
    if body is not None and body.region_id not in (None, region.pk):
        raise ValidationError(
            _("%(body)s hör till en annan region än %(region)s.")
            % {"body": body.name, "region": region.name}
        )


@transaction.atomic
def start_implementation(
    kunskapsstod: Kunskapsstod,
    region: Region,
    *,
    responsible_body: Body,
    acting_user: User | None,
    status: str = Status.BESLUT,
    date: dt.date | None = None,
    decision: Decision | None = None,
    note: str = "",
) -> Implementation:
    """Follow ``kunskapsstod`` in ``region``, run by ``responsible_body``; the first step is dated
    on the timeline."""
    require(acting_user, "guidance.add_implementation", responsible_body)
    _check_body_in_region(responsible_body, region)
    if Implementation.objects.filter(kunskapsstod=kunskapsstod, region=region).exists():
        raise ValidationError(
            _("%(stod)s följs redan i %(region)s.") % {"stod": kunskapsstod, "region": region}
        )
    if status not in Implementation.ORDER:
        raise ValidationError(_("Okänd status: %(status)s.") % {"status": status})
    date = date or timezone.localdate()
    implementation = Implementation(
        kunskapsstod=kunskapsstod,
        region=region,
        responsible_body=responsible_body,
        status=status,
        note=note.strip(),
    )
    _date_status(implementation, status, date)
    save_audited(implementation, acting_user=acting_user, reason="start_implementation")
    _record_event(
        implementation,
        text=_("Införandet registrerades: %(status)s. Ansvarigt organ: %(body)s.")
        % {"status": implementation.get_status_display(), "body": responsible_body.name},
        status=status,
        date=date,
        decision=decision,
        acting_user=acting_user,
    )
    return implementation


def _date_status(implementation: Implementation, status: str, date: dt.date) -> None:
    """Fill the dates a status stands for, the first time it is reached."""
    index = Implementation.ORDER.index(status)
    if index >= Implementation.ORDER.index(Status.BESLUT) and implementation.decided_on is None:
        implementation.decided_on = date
    if index >= Implementation.ORDER.index(Status.INFORANDE) and implementation.started_on is None:
        implementation.started_on = date
    if index >= Implementation.ORDER.index(Status.INFORT) and implementation.completed_on is None:
        implementation.completed_on = date


@transaction.atomic
def update_implementation(
    implementation: Implementation,
    *,
    acting_user: User | None,
    responsible_body: Body | None = None,
    note: str | None = None,
) -> Implementation:
    """Change the responsible body or the note; a new body is put on the timeline."""
    require(acting_user, "guidance.change_implementation", implementation)
    if responsible_body is not None and responsible_body.pk != implementation.responsible_body_id:
        require(acting_user, "guidance.add_implementation", responsible_body)
        _check_body_in_region(responsible_body, implementation.region)
        implementation.responsible_body = responsible_body
        _record_event(
            implementation,
            text=_("Nytt ansvarigt organ: %(body)s.") % {"body": responsible_body.name},
            acting_user=acting_user,
        )
    if note is not None:
        implementation.note = note.strip()
    save_audited(implementation, acting_user=acting_user, reason="update_implementation")
    return implementation


@transaction.atomic
def change_status(
    implementation: Implementation,
    status: str,
    *,
    acting_user: User | None,
    date: dt.date | None = None,
    text: str = "",
    decision: Decision | None = None,
) -> Implementation:
    """Move the införande to ``status``; each change is an event on the timeline."""
    require(acting_user, "guidance.change_implementation", implementation)
    if status not in Implementation.ORDER:
        raise ValidationError(_("Okänd status: %(status)s.") % {"status": status})
    if status == implementation.status:
        raise ValidationError(
            _("Införandet har redan status %(status)s.")
            % {"status": implementation.get_status_display()}
        )
    date = date or timezone.localdate()
    old_label = implementation.get_status_display()
    implementation.status = status
    _date_status(implementation, status, date)
    save_audited(implementation, acting_user=acting_user, reason="change_status")
    summary = _("Status ändrad från %(old)s till %(new)s.") % {
        "old": old_label,
        "new": implementation.get_status_display(),
    }
    _record_event(
        implementation,
        text=f"{summary} {text.strip()}".strip(),
        status=status,
        date=date,
        decision=decision,
        acting_user=acting_user,
    )
    return implementation


@transaction.atomic
def add_event(
    implementation: Implementation,
    *,
    text: str,
    acting_user: User | None,
    date: dt.date | None = None,
    decision: Decision | None = None,
) -> ImplementationEvent:
    """A note on the timeline (a meeting, a decision, a milestone) without a status change."""
    require(acting_user, "guidance.change_implementation", implementation)
    if not text.strip():
        raise ValidationError(_("Skriv vad som hände."))
    return _record_event(
        implementation, text=text.strip(), date=date, decision=decision, acting_user=acting_user
    )


# --- Units ----------------------------------------------------------------------------------


@transaction.atomic
def add_unit(
    implementation: Implementation,
    *,
    acting_user: User | None,
    name: str = "",
    huvudman: str = ImplementationUnit.Huvudman.REGION,
    organisation: Organisation | None = None,
    kommun: Kommun | None = None,
) -> ImplementationUnit:
    """A unit of the region (by name and organisation) or a kommun (huvudman kommun)."""
    require(acting_user, "guidance.change_implementation", implementation)
    if kommun is not None:
        if kommun.region_id != implementation.region_id:
            raise ValidationError(
                _("%(kommun)s ligger inte i %(region)s.")
                % {"kommun": kommun.name, "region": implementation.region.name}
            )
        huvudman = ImplementationUnit.Huvudman.KOMMUN
        name = name.strip() or kommun.name
    name = name.strip()
    if not name:
        raise ValidationError(_("Ge enheten ett namn."))
    if implementation.units.filter(name__iexact=name).exists():
        raise ValidationError(_("Enheten %(name)s deltar redan.") % {"name": name})
    last = implementation.units.aggregate(last=Max("order"))["last"]
    unit = ImplementationUnit(
        implementation=implementation,
        name=name,
        huvudman=huvudman,
        kommun=kommun,
        organisation=organisation,
        order=0 if last is None else last + 1,
    )
    save_audited(unit, acting_user=acting_user, reason="add_unit")
    return unit


@transaction.atomic
def remove_unit(unit: ImplementationUnit, *, acting_user: User | None) -> None:
    """The unit leaves the införande; its assessments go with it (they stay in the history)."""
    require(acting_user, "guidance.change_implementation", unit.implementation)
    for assessment in unit.assessments.all():
        delete_audited(assessment, acting_user=acting_user, reason="remove_unit")
    delete_audited(unit, acting_user=acting_user, reason="remove_unit")


# --- Recommendations of a kunskapsstöd ------------------------------------------------------


@transaction.atomic
def add_recommendation(
    kunskapsstod: Kunskapsstod, *, number: str, text: str, acting_user: User | None
) -> Recommendation:
    require(acting_user, "guidance.add_recommendation", kunskapsstod)
    number = number.strip()
    if kunskapsstod.recommendations.filter(number=number).exists():
        raise ValidationError(
            _("Det finns redan en rekommendation med nummer %(number)s.") % {"number": number}
        )
    last = kunskapsstod.recommendations.aggregate(last=Max("order"))["last"]
    recommendation = Recommendation(
        kunskapsstod=kunskapsstod,
        number=number,
        text=text.strip(),
        order=0 if last is None else last + 1,
    )
    save_audited(recommendation, acting_user=acting_user, reason="add_recommendation")
    return recommendation


@transaction.atomic
def update_recommendation(
    recommendation: Recommendation, *, acting_user: User | None, number: str, text: str
) -> Recommendation:
    require(acting_user, "guidance.change_recommendation", recommendation)
    number = number.strip()
    clash = recommendation.kunskapsstod.recommendations.filter(number=number).exclude(
        pk=recommendation.pk
    )
    if clash.exists():
        raise ValidationError(
            _("Det finns redan en rekommendation med nummer %(number)s.") % {"number": number}
        )
    recommendation.number = number
    recommendation.text = text.strip()
    save_audited(recommendation, acting_user=acting_user, reason="update_recommendation")
    return recommendation


@transaction.atomic
def move_recommendation(
    recommendation: Recommendation, *, acting_user: User | None, up: bool
) -> Recommendation:
    """One step up or down; the order is renumbered 0, 1, 2 … on the way."""
    require(acting_user, "guidance.change_recommendation", recommendation)
    siblings = list(recommendation.kunskapsstod.recommendations.order_by("order", "id"))
    index = next(i for i, r in enumerate(siblings) if r.pk == recommendation.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings):
        if item.order != order:
            item.order = order
            save_audited(item, acting_user=acting_user, reason="move_recommendation")
    return next(r for r in siblings if r.pk == recommendation.pk)


# --- Gap analysis ---------------------------------------------------------------------------


def state_labels() -> dict[str, str]:
    """The states by their label (in the active language, lower case) for reading them back."""
    return {str(label).casefold(): value for value, label in GapAssessment.State.choices}


@transaction.atomic
def set_assessment(
    unit: ImplementationUnit,
    recommendation: Recommendation,
    *,
    acting_user: User | None,
    state: str,
    comment: str | None = None,
    reason: str = "set_assessment",
) -> GapAssessment:
    """The nuläge (and, when given, the comment) of one unit for one recommendation.

    Nothing is written when nothing changes, so the history shows real changes only.
    """
    implementation = unit.implementation
    require(acting_user, "guidance.change_implementation", implementation)
    if recommendation.kunskapsstod_id != implementation.kunskapsstod_id:
        raise ValidationError(_("Rekommendationen hör till ett annat kunskapsstöd."))
    if state and state not in GapAssessment.State.values:
        raise ValidationError(_("Okänt nuläge: %(state)s.") % {"state": state})
    assessment = GapAssessment.objects.filter(unit=unit, recommendation=recommendation).first()
    if assessment is None:
        assessment = GapAssessment(unit=unit, recommendation=recommendation)
    elif assessment.state == state and (comment is None or assessment.comment == comment.strip()):
        return assessment
    assessment.state = state
    if comment is not None:
        assessment.comment = comment.strip()
    save_audited(assessment, acting_user=acting_user, reason=reason)
    return assessment


@transaction.atomic
def add_finding(
    implementation: Implementation,
    *,
    acting_user: User | None,
    dimension: str,
    text: str,
    unit: ImplementationUnit | None = None,
    recommendation: Recommendation | None = None,
) -> Finding:
    require(acting_user, "guidance.change_implementation", implementation)
    if unit is not None and unit.implementation_id != implementation.pk:
        raise ValidationError(_("Enheten deltar inte i detta införande."))
    if recommendation is not None and recommendation.kunskapsstod_id != (
        implementation.kunskapsstod_id
    ):
        raise ValidationError(_("Rekommendationen hör till ett annat kunskapsstöd."))
    if not text.strip():
        raise ValidationError(_("Skriv vad som iakttogs."))
    finding = Finding(
        implementation=implementation,
        dimension=dimension,
        text=text.strip(),
        unit=unit,
        recommendation=recommendation,
    )
    save_audited(finding, acting_user=acting_user, reason="add_finding")
    return finding


@transaction.atomic
def remove_finding(finding: Finding, *, acting_user: User | None) -> None:
    require(acting_user, "guidance.change_implementation", finding.implementation)
    delete_audited(finding, acting_user=acting_user, reason="remove_finding")


# --- Handlingsplan --------------------------------------------------------------------------


@transaction.atomic
def create_action_plan(implementation: Implementation, *, acting_user: User | None) -> ActionPlan:
    """The införande's handlingsplan, as a draft (the existing one if there is one)."""
    require(acting_user, "guidance.change_implementation", implementation)
    plan = ActionPlan.objects.filter(implementation=implementation).first()
    if plan is None:
        plan = ActionPlan(implementation=implementation)
        save_audited(plan, acting_user=acting_user, reason="create_action_plan")
    return plan


@transaction.atomic
def approve_action_plan(
    plan: ActionPlan,
    *,
    acting_user: User | None,
    decision: Decision | None = None,
    approved_on: dt.date | None = None,
) -> ActionPlan:
    """Fastställ the plan by a decision of a meeting, or on a recorded date.

    The införande moves to "Handlingsplan fastställd" (unless it has already come further) and
    the approval is put on its timeline.
    """
    implementation = plan.implementation
    require(acting_user, "guidance.change_implementation", implementation)
    if plan.status == ActionPlan.Status.FASTSTALLD:
        raise ValidationError(_("Handlingsplanen är redan fastställd."))
    if decision is None and approved_on is None:
        raise ValidationError(_("Ange beslutet eller datumet då handlingsplanen fastställdes."))
    if approved_on is None and decision is not None:
        approved_on = decision.meeting.date
    assert approved_on is not None
    plan.status = ActionPlan.Status.FASTSTALLD
    plan.approved_decision = decision
    plan.approved_on = approved_on
    save_audited(plan, acting_user=acting_user, reason="approve_action_plan")
    text = _("Handlingsplanen fastställdes.")
    if decision is not None:
        text = _("Handlingsplanen fastställdes av %(body)s %(date)s.") % {
            "body": decision.deciding_body.name,
            "date": decision.meeting.date.isoformat(),
        }
    order = Implementation.ORDER
    if order.index(implementation.status) < order.index(Status.HANDLINGSPLAN):
        change_status(
            implementation,
            Status.HANDLINGSPLAN,
            acting_user=acting_user,
            date=approved_on,
            text=text,
            decision=decision,
        )
    else:
        _record_event(
            implementation,
            text=text,
            date=approved_on,
            decision=decision,
            acting_user=acting_user,
        )
    return plan


@transaction.atomic
def add_plan_action(
    plan: ActionPlan,
    *,
    acting_user: User | None,
    text: str,
    finding: Finding | None = None,
    responsible_people: Iterable[Person] = (),
    responsible_text: str = "",
    due_date: dt.date | None = None,
    due_text: str = "",
) -> PlanAction:
    """An action of the plan: an action item of the responsible body, from a finding."""
    implementation = plan.implementation
    require(acting_user, "guidance.change_implementation", implementation)
    body = implementation.responsible_body
    if body is None:
        raise ValidationError(_("Införandet har inget ansvarigt organ som kan följa upp åtgärden."))
    if finding is not None and finding.implementation_id != implementation.pk:
        raise ValidationError(_("Iakttagelsen hör till ett annat införande."))
    action = meeting_services.add_action(
        body,
        acting_user=acting_user,
        text=text,
        responsible_people=responsible_people,
        responsible_text=responsible_text,
        due_date=due_date,
        due_text=due_text,
    )
    plan_action = PlanAction(plan=plan, action=action, finding=finding)
    save_audited(plan_action, acting_user=acting_user, reason="add_plan_action")
    return plan_action


# --- Uppföljning: indicators and measurements -----------------------------------------------


@transaction.atomic
def add_indicator(
    kunskapsstod: Kunskapsstod,
    *,
    acting_user: User | None,
    name: str,
    definition: str = "",
    target: Decimal | None = None,
    unit: str = "",
) -> Indicator:
    require(acting_user, "guidance.add_indicator", kunskapsstod)
    if kunskapsstod.indicators.filter(name__iexact=name.strip()).exists():
        raise ValidationError(_("Indikatorn %(name)s finns redan.") % {"name": name.strip()})
    indicator = Indicator(
        kunskapsstod=kunskapsstod,
        name=name.strip(),
        definition=definition.strip(),
        target=target,
        unit=unit.strip(),
    )
    save_audited(indicator, acting_user=acting_user, reason="add_indicator")
    return indicator


def _require_measurement_rights(
    implementation: Implementation, indicator: Indicator, region: Region, acting_user: User | None
) -> None:
    require(acting_user, "guidance.change_implementation", implementation)
    if indicator.kunskapsstod_id != implementation.kunskapsstod_id:
        raise ValidationError(_("Indikatorn hör till ett annat kunskapsstöd."))
    if region.pk != implementation.region_id:
        # Other regions' values (for comparison) are national data: kept by the systemförvaltare.
        require(acting_user, "guidance.change_indicator", indicator)


@transaction.atomic
def record_measurement(
    implementation: Implementation,
    indicator: Indicator,
    *,
    acting_user: User | None,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal,
    unit: ImplementationUnit | None = None,
    region: Region | None = None,
) -> Measurement:
    """Enter (or correct) the value of one period, for the region or one of its units."""
    region = region or implementation.region
    _require_measurement_rights(implementation, indicator, region, acting_user)
    if unit is not None and unit.implementation_id != implementation.pk:
        raise ValidationError(_("Enheten deltar inte i detta införande."))
    if period_end < period_start:
        raise ValidationError(_("Perioden slutar innan den börjar."))
    measurement = Measurement.objects.filter(
        indicator=indicator, region=region, unit=unit, period_start=period_start
    ).first()
    if measurement is None:
        measurement = Measurement(
            indicator=indicator, region=region, unit=unit, period_start=period_start
        )
    measurement.period_end = period_end
    measurement.value = value.quantize(Decimal("0.001"))
    save_audited(measurement, acting_user=acting_user, reason="record_measurement")
    return measurement


#: The CSV columns of an import of measurements, in order.
CSV_COLUMNS = ("indikator", "region", "enhet", "från", "till", "värde")
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 10_000


@dataclass(frozen=True)
class _MeasurementRow:
    indicator: Indicator
    region: Region
    unit: ImplementationUnit | None
    period_start: dt.date
    period_end: dt.date
    value: Decimal


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _parse_decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_measurements_csv(
    implementation: Implementation, data: bytes
) -> tuple[list[_MeasurementRow], list[str]]:
    """The rows of a CSV of measurements, and a Swedish message for every bad row."""
    if len(data) > MAX_CSV_BYTES:
        return [], [_("Filen är för stor (högst 2 MB).")]
    text = _decode(data)
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        rows = list(reader)
    except csv.Error:
        # A cell longer than the csv module reads (131,072 characters) or broken quoting.
        return [], [
            _("Filen kan inte läsas som CSV: en cell är för lång eller citattecknen stämmer inte.")
        ]
    if not rows:
        return [], [_("Filen är tom.")]
    header = [cell.strip().casefold() for cell in rows[0]]
    expected = list(CSV_COLUMNS)
    if header[: len(expected)] != expected:
        return [], [
            _("Rad 1: kolumnerna ska vara %(columns)s, åtskilda med semikolon.")
            % {"columns": ";".join(CSV_COLUMNS)}
        ]
    if len(rows) - 1 > MAX_CSV_ROWS:
        return [], [_("Filen har för många rader (högst %(max)s).") % {"max": MAX_CSV_ROWS}]
    indicators = {i.name.casefold(): i for i in implementation.kunskapsstod.indicators.all()}
    regions: dict[str, Region] = {}
    for known in Region.objects.all():
        for spelling in (known.code, known.name, known.short_name):
            regions[spelling.casefold()] = known
    units = {u.name.casefold(): u for u in implementation.units.all()}
    parsed: list[_MeasurementRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, int, int | None, dt.date], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [*row, *[""] * len(CSV_COLUMNS)][: len(CSV_COLUMNS)]
        name, region_text, unit_text, start_text, end_text, value_text = (c.strip() for c in cells)
        problems: list[str] = []
        indicator = indicators.get(name.casefold())
        if indicator is None:
            problems.append(
                _("indikatorn ”%(name)s” finns inte för %(stod)s")
                % {"name": name, "stod": implementation.kunskapsstod}
            )
        region = regions.get(region_text.casefold())
        if region is None:
            problems.append(_("regionen ”%(region)s” finns inte") % {"region": region_text})
        unit = None
        if unit_text:
            unit = units.get(unit_text.casefold())
            if unit is None:
                problems.append(
                    _("enheten ”%(unit)s” deltar inte i införandet") % {"unit": unit_text}
                )
            elif region is not None and region.pk != implementation.region_id:
                problems.append(_("en enhet kan bara anges för införandets region"))
        start, end = _parse_date(start_text), _parse_date(end_text)
        if start is None:
            problems.append(
                _("”%(value)s” är inget datum (ÅÅÅÅ-MM-DD) i kolumnen från") % {"value": start_text}
            )
        if end is None:
            problems.append(
                _("”%(value)s” är inget datum (ÅÅÅÅ-MM-DD) i kolumnen till") % {"value": end_text}
            )
        if start and end and end < start:
            problems.append(_("perioden slutar innan den börjar"))
        value = _parse_decimal(value_text)
        if value is None:
            problems.append(_("”%(value)s” är inget tal") % {"value": value_text})
        elif abs(value) >= Decimal("1e11"):
            problems.append(_("värdet %(value)s är för stort") % {"value": value_text})
        if problems:
            errors.append(
                _("Rad %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            continue
        assert indicator is not None
        assert region is not None
        assert start is not None
        assert end is not None
        assert value is not None
        row_key = (indicator.pk, region.pk, unit.pk if unit else None, start)
        if row_key in seen:
            errors.append(
                _("Rad %(row)s: samma indikator, region, enhet och period som rad %(other)s.")
                % {"row": number, "other": seen[row_key]}
            )
            continue
        seen[row_key] = number
        parsed.append(_MeasurementRow(indicator, region, unit, start, end, value))
    if not parsed and not errors:
        errors.append(_("Filen innehåller inga mätvärden."))
    return parsed, errors


@transaction.atomic
def import_measurements_csv(
    implementation: Implementation, data: bytes, *, acting_user: User | None
) -> int:
    """Import measurements (``indikator;region;enhet;från;till;värde``), all or nothing.

    Raises ``ValidationError`` with one message per bad row and writes nothing if any row is
    bad; returns the number of values written.
    """
    require(acting_user, "guidance.change_implementation", implementation)
    rows, errors = parse_measurements_csv(implementation, data)
    if not errors:
        for row in rows:
            if (
                row.region.pk != implementation.region_id
                and acting_user is not None
                and not acting_user.has_perm("guidance.change_indicator", row.indicator)
            ):
                errors.append(
                    _("Värden för %(region)s kan bara läsas in av en systemförvaltare.")
                    % {"region": row.region.name}
                )
                break
    if errors:
        raise ValidationError(errors)
    for row in rows:
        record_measurement(
            implementation,
            row.indicator,
            acting_user=acting_user,
            period_start=row.period_start,
            period_end=row.period_end,
            value=row.value,
            unit=row.unit,
            region=row.region,
        )
    return len(rows)


# --- Reads shared by the pages and the API --------------------------------------------------


def visible_implementations(user: Any) -> QuerySet[Implementation]:
    """The införanden ``user`` may see: those whose responsible body they may see."""
    queryset = Implementation.objects.select_related(
        "kunskapsstod", "region", "responsible_body"
    ).order_by("kunskapsstod__name", "region__name")
    if user.is_authenticated and user.is_systemforvaltare:
        return queryset
    return queryset.filter(
        Q(responsible_body__in=Body.objects.visible_to(user)) & Q(responsible_body__isnull=False)
    )


@dataclass(frozen=True)
class SummaryRow:
    """Counts per nuläge for one unit (or the whole region) and the share uppfyllt."""

    label: str
    counts: list[int]  # per GapAssessment.State, in order, then "ej bedömd"
    applicable: int
    share: int | None  # per cent uppfyllt of the applicable recommendations
    is_total: bool = False

    @property
    def labelled(self) -> list[tuple[str, int]]:
        """The counts beside their labels, "Ej bedömd" last."""
        labels = [str(label) for _value, label in GapAssessment.State.choices]
        return list(zip([*labels, _("Ej bedömd")], self.counts, strict=True))


def summarise_gap(
    units: list[ImplementationUnit],
    recommendations: list[Recommendation],
    assessments: dict[tuple[int, int], GapAssessment],
    *,
    total_label: str,
) -> list[SummaryRow]:
    """A row per unit and one for the whole region, from data already fetched (no queries).

    The share uppfyllt is counted of the recommendations that apply (all but "Ej tillämpligt"),
    so a recommendation not yet assessed counts against it.
    """
    states = list(GapAssessment.State.values)

    def row(label: str, unit_ids: list[int], is_total: bool = False) -> SummaryRow:
        counts = dict.fromkeys([*states, ""], 0)
        for unit_id in unit_ids:
            for recommendation in recommendations:
                found = assessments.get((unit_id, recommendation.pk))
                counts[found.state if found else ""] += 1
        applicable = sum(counts.values()) - counts[GapAssessment.State.EJ_TILLAMPLIGT]
        share = (
            round(100 * counts[GapAssessment.State.UPPFYLLT] / applicable) if applicable else None
        )
        return SummaryRow(label, [counts[s] for s in [*states, ""]], applicable, share, is_total)

    rows = [row(unit.name, [unit.pk]) for unit in units]
    rows.append(row(total_label, [unit.pk for unit in units], is_total=True))
    return rows
