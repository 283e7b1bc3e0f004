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

Queries: four, whatever the size (programme areas, regions, LPOs with their counts, and
implementation counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kunskapsnav.core.models import ProgrammeArea, Region
from kunskapsnav.core.text import swedish_sort_key
from kunskapsnav.guidance.models import Implementation
from kunskapsnav.registry.models import Body, CommissionVersion, Seat
from kunskapsnav.registry.queries import with_vacancy_count

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
        if self.body.status == Body.Status.PLANERAD:
            return Level.PLANERAD.value
        if self.body.status == Body.Status.UNDER_INRATTANDE:
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


def _places_total() -> Subquery:
    per_body = (
        Seat.objects.open()
        .filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(total=Sum("quota"))
        .values("total")
    )
    return Subquery(per_body, output_field=IntegerField())


def _lag_count(user: User | AnonymousUser) -> Subquery:
    lags = (
        Body.objects.visible_to(user)
        .active()
        .filter(parent=OuterRef("pk"), kind=Body.Kind.LAG)
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(lags, output_field=IntegerField())


def maturity_matrix(user: User | AnonymousUser, sjukvardsregion_code: str | None = None) -> Matrix:
    """The programme areas × regions matrix for ``user``; see the module docstring."""
    areas = sorted(
        ProgrammeArea.objects.filter(kind__in=[ProgrammeArea.Kind.NPO, ProgrammeArea.Kind.RAD]),
        key=lambda a: (a.kind != ProgrammeArea.Kind.NPO, swedish_sort_key(a.name)),
    )
    regions_qs = Region.objects.all()
    if sjukvardsregion_code:
        regions_qs = regions_qs.filter(sjukvardsregion__code=sjukvardsregion_code)
    regions = sorted(regions_qs, key=lambda r: swedish_sort_key(r.short_name or r.name))
    area_ids = [a.pk for a in areas]
    region_ids = [r.pk for r in regions]

    approved = CommissionVersion.objects.filter(
        commission__body=OuterRef("pk"), status=CommissionVersion.Status.APPROVED
    )
    lpos = with_vacancy_count(
        Body.objects.visible_to(user)
        .active()
        .filter(
            kind=Body.Kind.LPO,
            level=Body.Level.REGIONAL,
            region_id__in=region_ids,
            programme_area_id__in=area_ids,
        )
        .annotate(
            places_total=Coalesce(_places_total(), Value(0)),
            lag_total=Coalesce(_lag_count(user), Value(0)),
            has_approved=Exists(approved),
        )
    ).order_by("pk")

    cells: dict[tuple[int, int], Cell] = {}
    area_by_id = {a.pk: a for a in areas}
    region_by_id = {r.pk: r for r in regions}
    for body in lpos:
        assert body.programme_area_id is not None
        assert body.region_id is not None
        places: int = body.places_total  # type: ignore[attr-defined]
        candidate = Cell(
            area=area_by_id[body.programme_area_id],
            region=region_by_id[body.region_id],
            body=body,
            lag_count=body.lag_total,  # type: ignore[attr-defined]
            places=places,
            filled=places - body.vacancy_count,  # type: ignore[attr-defined]
            has_commission=body.has_approved,  # type: ignore[attr-defined]
        )
        key = (body.programme_area_id, body.region_id)
        current = cells.get(key)
        if current is None or _rank(candidate) > _rank(current):
            cells[key] = candidate

    implementations: dict[tuple[int, int], list[ImplementationCount]] = {}
    labels = dict(Implementation.Status.choices)
    status_rank = {status: i for i, status in enumerate(Implementation.ORDER)}
    rows = (
        Implementation.objects.filter(
            region_id__in=region_ids, kunskapsstod__programme_area_id__in=area_ids
        )
        .order_by()
        .values_list("kunskapsstod__programme_area_id", "region_id", "status")
        .annotate(n=Count("pk"))
    )
    for area_id, region_id, status, n in rows:
        implementations.setdefault((area_id, region_id), []).append(
            ImplementationCount(status=status, label=str(labels.get(status, status)), count=n)
        )
    for counts in implementations.values():
        counts.sort(key=lambda c: status_rank.get(c.status, 99))

    matrix_rows = []
    for area in areas:
        row_cells = []
        for region in regions:
            cell = cells.get((area.pk, region.pk)) or Cell(area=area, region=region)
            cell.implementations = implementations.get((area.pk, region.pk), [])
            row_cells.append(cell)
        matrix_rows.append(Row(area=area, cells=row_cells))
    return Matrix(areas=areas, regions=regions, rows=matrix_rows)


def _rank(cell: Cell) -> tuple[int, float, int]:
    staffing = cell.staffing or 0.0
    return (LEVEL_ORDER.index(cell.level), staffing, cell.lag_count)
