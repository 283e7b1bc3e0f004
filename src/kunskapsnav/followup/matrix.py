"""The maturity matrix: how far each region has come in building local programme areas.

Rows are the national programme areas (``ProgrammeArea`` kind ``npo``) and the primärvårdsråd
(kind ``rad``); columns are the 21 regions, or the regions of one sjukvårdsregion. A cell is the
LPO of that programme area in that region: a ``Body`` of kind ``lpo`` on the regional level
with that region and programme area, not avvecklad, and visible to the user.

Nothing in the matrix is typed in: every cell is computed from the registry and from guidance
when the page is drawn, so it changes by itself when a seat is filled, a LAG is created or a
commission is approved.

Each cell has exactly one maturity level:

``saknas``
    No LPO (that the user may see) exists for the programme area in the region.
``planerad``
    The LPO is registered with status *planerad*.
``under_inrattande``
    The LPO has status *under inrättande*.
``aktiv``
    The LPO is *aktiv* but lacks an approved (fastställd) uppdragsbeskrivning, or has no open
    seats, or has at least one open place that nobody holds today.
``komplett`` ("aktiv med uppdrag och bemanning")
    The LPO is *aktiv*, has an approved commission version, has open seats, and every place of
    every open seat is filled today (staffing share 100 %).

Staffing share is the filled places over the quota summed over the LPO's open seats; a place is
filled by a current named membership or by ``Seat.unnamed_holders`` (never more than the quota
of the seat, as in ``Seat.vacancies``). It is ``None`` when the LPO has no open seats.

Should a region have more than one live LPO for an area, the most mature one is shown.

The matrix on a past date
-------------------------
``maturity_matrix(user, on=date)`` draws the matrix as it was at the end of ``date``, from dated
facts only:

* an LPO's status is its status in the latest history row (django-simple-history) recorded on or
  before the date; when the registry holds no row that old (the body was typed in later), the
  dates say it: ``established_on`` on or before the date gives *aktiv*, ``planned_on`` gives
  *planerad*, and no date means the LPO was not known then (``saknas``). A ``closed_on`` on or
  before the date makes it *avvecklad*, which the matrix leaves out;
* a seat counts when ``opened_on`` is on or before the date and it had not closed
  (``closed_on`` after the date); a place is filled by the memberships running on the date, plus
  today's ``unnamed_holders`` (these carry no dates);
* the commission counts when a version approved (or since superseded) has ``approved_on`` on or
  before the date;
* a LAG counts when it had a history row, a ``planned_on`` or an ``established_on`` by then and
  had not closed;
* an införande counts with its status in its latest history row by then, or else from its dates
  (``completed_on`` → infört, ``started_on`` → införande pågår, ``decided_on`` → beslut).

Visibility is today's: a body the user may not see now is not shown on any date.

Beside the computed level, a cell may show the region's own rating: the answers to a
questionnaire's self-assessment question (a scale 1–5 question marked ``self_assessment``),
given for that region, in the latest round that has any, for the programme area of the body that
owns the questionnaire. It never changes the level.

Queries: five, whatever the size and whatever the date (programme areas, regions, LPOs with
their counts, implementation counts, and self-assessments).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.models import ProgrammeArea, Region
from kunskapsnav.core.text import swedish_sort_key
from kunskapsnav.guidance.models import Implementation
from kunskapsnav.registry.models import Body, CommissionVersion, Membership, Seat, today

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kunskapsnav.accounts.models import User


class Level(models.TextChoices):
    """The maturity levels of a cell, from lowest to highest."""

    SAKNAS = "saknas", _("Saknas")
    PLANERAD = "planerad", _("Planerad")
    UNDER_INRATTANDE = "under_inrattande", _("Under inrättande")
    AKTIV = "aktiv", _("Aktiv")
    KOMPLETT = "komplett", _("Aktiv med uppdrag och bemanning")


StrOrPromise = str | Promise

LEVEL_ORDER: list[str] = [value for value, _label in Level.choices]

LEVEL_DESCRIPTIONS: dict[str, StrOrPromise] = {
    Level.SAKNAS: _("Inget lokalt programområde finns registrerat."),
    Level.PLANERAD: _("Ett lokalt programområde är planerat."),
    Level.UNDER_INRATTANDE: _("Det lokala programområdet håller på att inrättas."),
    Level.AKTIV: _("Aktivt, men uppdragsbeskrivning saknas eller alla platser är inte tillsatta."),
    Level.KOMPLETT: _("Aktivt, med fastställd uppdragsbeskrivning och alla platser tillsatta."),
}


@dataclass
class ImplementationCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class SelfAssessment:
    """The mean of a region's answers to a self-assessment question in one round."""

    value: float
    answers: int
    round_label: str
    questionnaire_id: int


@dataclass
class Cell:
    area: ProgrammeArea
    region: Region
    body: Body | None = None
    lag_count: int = 0
    places: int = 0
    filled: int = 0
    has_commission: bool = False
    implementations: list[ImplementationCount] = field(default_factory=list)
    #: The LPO's status on the matrix date; empty means the body's status today.
    status: str = ""
    #: The region's own rating (1–5) from the latest questionnaire round, if any.
    self_assessment: SelfAssessment | None = None

    @property
    def body_status(self) -> str:
        if self.body is None:
            return ""
        return self.status or self.body.status

    @property
    def staffing(self) -> float | None:
        """Filled places over the quota of the open seats; ``None`` without seats."""
        if self.body is None or self.places == 0:
            return None
        return self.filled / self.places

    @property
    def staffing_percent(self) -> int | None:
        share = self.staffing
        return None if share is None else round(share * 100)

    @property
    def level(self) -> str:
        if self.body is None:
            return Level.SAKNAS.value
        if self.body_status == Body.Status.PLANERAD:
            return Level.PLANERAD.value
        if self.body_status == Body.Status.UNDER_INRATTANDE:
            return Level.UNDER_INRATTANDE.value
        if self.has_commission and self.places > 0 and self.filled >= self.places:
            return Level.KOMPLETT.value
        return Level.AKTIV.value

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def implementation_total(self) -> int:
        return sum(row.count for row in self.implementations)


@dataclass
class Row:
    area: ProgrammeArea
    cells: list[Cell]


@dataclass
class Matrix:
    areas: list[ProgrammeArea]
    regions: list[Region]
    rows: list[Row]
    #: The date the matrix shows; ``None`` is today, computed from the registry as it is.
    on: dt.date | None = None

    def cell(self, area_code: str, region_code: str) -> Cell:
        for row in self.rows:
            if row.area.code == area_code:
                for cell in row.cells:
                    if cell.region.code == region_code:
                        return cell
        raise KeyError((area_code, region_code))

    def level_counts(self) -> list[tuple[str, str, int]]:
        """(level, label, number of cells) for each level, lowest first."""
        counts = dict.fromkeys(LEVEL_ORDER, 0)
        for row in self.rows:
            for cell in row.cells:
                counts[cell.level] += 1
        return [(level, str(Level(level).label), counts[level]) for level in LEVEL_ORDER]


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the current time zone: history rows before it count."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _seats_on(day: dt.date | None) -> QuerySet[Seat]:
    """Seats open today (``day`` is ``None``) or on ``day``, with ``filled_places`` annotated:
    named holders on that day plus unnamed ones, never more than the quota."""
    if day is None:
        seats: QuerySet[Seat] = Seat.objects.open()
    else:
        seats = Seat.objects.filter(opened_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )
    holders = (
        Membership.objects.current(day or today())
        .filter(seat=OuterRef("pk"))
        .order_by()
        .values("seat")
        .annotate(n=Count("id"))
        .values("n")
    )
    return seats.annotate(
        named_holders=Coalesce(Subquery(holders, output_field=IntegerField()), Value(0))
    ).annotate(filled_places=Least(F("quota"), F("unnamed_holders") + F("named_holders")))


def _per_body_sum(day: dt.date | None, column: str) -> Subquery:
    per_body = (
        _seats_on(day)
        .filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(total=Sum(column))
        .values("total")
    )
    return Subquery(per_body, output_field=IntegerField())


def _existed_on(day: dt.date) -> Q:
    """Bodies registered (a history row), planned or established by the end of ``day``, and
    not closed by then."""
    recorded = Exists(
        Body.history.model.objects.filter(id=OuterRef("pk"), history_date__lt=end_of(day))
    )
    known = Q(recorded) | Q(planned_on__lte=day) | Q(established_on__lte=day)
    return known & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def _lag_count(user: User | AnonymousUser, day: dt.date | None) -> Subquery:
    lags = Body.objects.visible_to(user).filter(parent=OuterRef("pk"), kind=Body.Kind.LAG)
    lags = lags.active() if day is None else lags.filter(_existed_on(day))
    per_parent = lags.order_by().values("parent").annotate(n=Count("pk")).values("n")
    return Subquery(per_parent, output_field=IntegerField())


def _status_then(model: type[models.Model], day: dt.date) -> Subquery:
    """The ``status`` of the outer row in its latest history row by the end of ``day``."""
    rows = (
        model.history.model.objects.filter(  # type: ignore[attr-defined]
            id=OuterRef("pk"), history_date__lt=end_of(day)
        )
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    return Subquery(rows, output_field=models.CharField())


def body_status_on(body: Body, status_then: str | None, day: dt.date) -> str | None:
    """The status ``body`` had on ``day``, or ``None`` when it was not known then."""
    if body.closed_on is not None and body.closed_on <= day:
        return Body.Status.AVVECKLAD.value
    if status_then:
        return status_then
    if body.established_on is not None and body.established_on <= day:
        return Body.Status.AKTIV.value
    if body.planned_on is not None and body.planned_on <= day:
        return Body.Status.PLANERAD.value
    return None


def implementation_status_on(
    status_then: str | None,
    decided_on: dt.date | None,
    started_on: dt.date | None,
    completed_on: dt.date | None,
    day: dt.date,
) -> str | None:
    """The status an införande had on ``day``, or ``None`` when it had not begun then."""
    if status_then:
        return status_then
    if completed_on is not None and completed_on <= day:
        return Implementation.Status.INFORT.value
    if started_on is not None and started_on <= day:
        return Implementation.Status.INFORANDE.value
    if decided_on is not None and decided_on <= day:
        return Implementation.Status.BESLUT.value
    return None


def maturity_matrix(
    user: User | AnonymousUser,
    sjukvardsregion_code: str | None = None,
    *,
    region_code: str | None = None,
    on: dt.date | None = None,
) -> Matrix:
    """The programme areas × regions matrix for ``user``, today or ``on`` a past date; see the
    module docstring. ``region_code`` narrows the columns to one region."""
    areas = sorted(
        ProgrammeArea.objects.filter(kind__in=[ProgrammeArea.Kind.NPO, ProgrammeArea.Kind.RAD]),
        key=lambda a: (a.kind != ProgrammeArea.Kind.NPO, swedish_sort_key(a.name)),
    )
    regions_qs = Region.objects.select_related("sjukvardsregion")
    if sjukvardsregion_code:
        regions_qs = regions_qs.filter(sjukvardsregion__code=sjukvardsregion_code)
    if region_code:
        regions_qs = regions_qs.filter(code=region_code)
    regions = sorted(regions_qs, key=lambda r: swedish_sort_key(r.short_name or r.name))
    area_ids = [a.pk for a in areas]
    region_ids = [r.pk for r in regions]

    approved = CommissionVersion.objects.filter(commission__body=OuterRef("pk"))
    if on is None:
        approved = approved.filter(status=CommissionVersion.Status.APPROVED)
    else:
        approved = approved.filter(
            status__in=[CommissionVersion.Status.APPROVED, CommissionVersion.Status.SUPERSEDED],
            approved_on__lte=on,
        )
    lpos = Body.objects.visible_to(user).filter(
        kind=Body.Kind.LPO,
        level=Body.Level.REGIONAL,
        region_id__in=region_ids,
        programme_area_id__in=area_ids,
    )
    lpos = lpos.active() if on is None else lpos.annotate(status_then=_status_then(Body, on))
    lpos = lpos.annotate(
        places_total=Coalesce(_per_body_sum(on, "quota"), Value(0)),
        filled_total=Coalesce(_per_body_sum(on, "filled_places"), Value(0)),
        lag_total=Coalesce(_lag_count(user, on), Value(0)),
        has_approved=Exists(approved),
    ).order_by("pk")

    cells: dict[tuple[int, int], Cell] = {}
    area_by_id = {a.pk: a for a in areas}
    region_by_id = {r.pk: r for r in regions}
    for body in lpos:
        assert body.programme_area_id is not None
        assert body.region_id is not None
        status = ""
        if on is not None:
            then = body_status_on(body, body.status_then, on)  # type: ignore[attr-defined]
            if then is None or then == Body.Status.AVVECKLAD:
                continue
            status = then
        candidate = Cell(
            area=area_by_id[body.programme_area_id],
            region=region_by_id[body.region_id],
            body=body,
            lag_count=body.lag_total,  # type: ignore[attr-defined]
            places=body.places_total,  # type: ignore[attr-defined]
            filled=body.filled_total,  # type: ignore[attr-defined]
            has_commission=body.has_approved,  # type: ignore[attr-defined]
            status=status,
        )
        key = (body.programme_area_id, body.region_id)
        current = cells.get(key)
        if current is None or _rank(candidate) > _rank(current):
            cells[key] = candidate

    implementations = _implementation_counts(area_ids, region_ids, on)
    assessments = _self_assessments(area_ids, region_ids, on)

    matrix_rows = []
    for area in areas:
        row_cells = []
        for region in regions:
            cell = cells.get((area.pk, region.pk)) or Cell(area=area, region=region)
            cell.implementations = implementations.get((area.pk, region.pk), [])
            cell.self_assessment = assessments.get((area.pk, region.pk))
            row_cells.append(cell)
        matrix_rows.append(Row(area=area, cells=row_cells))
    return Matrix(areas=areas, regions=regions, rows=matrix_rows, on=on)


def _implementation_counts(
    area_ids: list[int], region_ids: list[int], on: dt.date | None
) -> dict[tuple[int, int], list[ImplementationCount]]:
    """Införanden per (programme area, region) by status, today or on ``on``; one query."""
    found = Implementation.objects.filter(
        region_id__in=region_ids, kunskapsstod__programme_area_id__in=area_ids
    ).order_by()
    counts: dict[tuple[int, int], dict[str, int]] = {}
    if on is None:
        rows: Any = found.values_list("kunskapsstod__programme_area_id", "region_id", "status")
        for area_id, region_id, status, n in rows.annotate(n=Count("pk")):
            counts.setdefault((area_id, region_id), {})[status] = n
    else:
        dated = found.annotate(status_then=_status_then(Implementation, on)).values_list(
            "kunskapsstod__programme_area_id",
            "region_id",
            "status_then",
            "decided_on",
            "started_on",
            "completed_on",
        )
        for area_id, region_id, then, decided, started, completed in dated:
            status = implementation_status_on(then, decided, started, completed, on)
            if status is not None:
                per_status = counts.setdefault((area_id, region_id), {})
                per_status[status] = per_status.get(status, 0) + 1
    labels = dict(Implementation.Status.choices)
    status_rank = {status: i for i, status in enumerate(Implementation.ORDER)}
    result: dict[tuple[int, int], list[ImplementationCount]] = {}
    for key, per_status in counts.items():
        result[key] = sorted(
            (
                ImplementationCount(status=s, label=str(labels.get(s, s)), count=n)
                for s, n in per_status.items()
            ),
            key=lambda c: status_rank.get(c.status, 99),
        )
    return result


def _self_assessments(
    area_ids: list[int], region_ids: list[int], on: dt.date | None
) -> dict[tuple[int, int], SelfAssessment]:
    """Per (programme area, region) the region's self-assessment in the latest round that has
    one: submitted answers to a self-assessment question of a questionnaire owned by a body of
    that programme area, answered for that region (by the end of ``on``). One query."""
    from kunskapsnav.followup.models import Answer, QuestionnaireRound

    answers = Answer.objects.filter(
        question__self_assessment=True,
        recipient__submitted_at__isnull=False,
        recipient__region_id__in=region_ids,
        question__questionnaire__owner_body__programme_area_id__in=area_ids,
    )
    if on is not None:
        answers = answers.filter(recipient__submitted_at__lt=end_of(on))
    rows = answers.order_by(
        "recipient__round__opens_on", "recipient__round__number", "pk"
    ).values_list(
        "question__questionnaire__owner_body__programme_area_id",
        "recipient__region_id",
        "recipient__round_id",
        "recipient__round__title",
        "recipient__round__number",
        "question__questionnaire_id",
        "value",
    )
    latest: dict[tuple[int, int], tuple[int, str, int, list[float]]] = {}
    for area_id, region_id, round_id, title, number, questionnaire_id, value in rows:
        key = (area_id, region_id)
        label = QuestionnaireRound(title=title, number=number).label
        if key not in latest or latest[key][0] != round_id:
            latest[key] = (round_id, label, questionnaire_id, [])
        latest[key][3].append(float(value))
    return {
        key: SelfAssessment(
            value=sum(values) / len(values),
            answers=len(values),
            round_label=label,
            questionnaire_id=questionnaire_id,
        )
        for key, (_round, label, questionnaire_id, values) in latest.items()
    }


def _rank(cell: Cell) -> tuple[int, float, int]:
    staffing = cell.staffing or 0.0
    return (LEVEL_ORDER.index(cell.level), staffing, cell.lag_count)
