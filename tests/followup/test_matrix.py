"""The maturity matrix is computed from the registry, per user, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.followup.matrix import Level, maturity_matrix
from kunskapsnav.guidance.models import Implementation, Kunskapsstod
from kunskapsnav.registry import services
from kunskapsnav.registry.models import Body
from tests.followup.base import FollowupTestCase, lpo
from tests.registry import factories as f

#: programme areas, regions, LPOs with their counts, implementation counts
MATRIX_QUERIES = 5


class MaturityLevelTests(FollowupTestCase):
    def test_the_matrix_spans_npo_and_the_council_by_all_21_regions(self) -> None:
        matrix = maturity_matrix(AnonymousUser())
        assert len(matrix.regions) == 21
        assert [a.code for a in matrix.areas][-1] == "primarvard"
        assert len(matrix.areas) == 26
        assert "nsg-x" not in {a.code for a in matrix.areas}
        assert all(c.level == Level.SAKNAS for row in matrix.rows for c in row.cells)

    def test_one_sjukvardsregion_narrows_the_columns(self) -> None:
        matrix = maturity_matrix(AnonymousUser(), "norr")
        assert sorted(r.code for r in matrix.regions) == ["17", "18", "19", "21"]
        assert len(matrix.rows[0].cells) == 4

    def test_a_planned_lpo_is_planerad(self) -> None:
        lpo(self.barn, self.dalarna, status=Body.Status.PLANERAD)
        cell = maturity_matrix(AnonymousUser()).cell("npo-01", "20")
        assert cell.level == Level.PLANERAD
        assert cell.staffing is None

    def test_under_inrattande_and_closed_lpos(self) -> None:
        lpo(self.barn, self.dalarna, status=Body.Status.UNDER_INRATTANDE)
        lpo(
            self.rad,
            self.dalarna,
            status=Body.Status.AVVECKLAD,
            closed_on=dt.date(2024, 1, 1),
        )
        matrix = maturity_matrix(AnonymousUser())
        assert matrix.cell("npo-01", "20").level == Level.UNDER_INRATTANDE
        assert matrix.cell("primarvard", "20").level == Level.SAKNAS

    def test_filling_the_last_seat_and_creating_a_lag_change_the_cell_by_themselves(self) -> None:
        body = lpo(self.barn, self.dalarna)
        seat = f.seat(body, "Regionrepresentant", quota=2)
        f.seat(body, "Kommunrepresentant", quota=2, unnamed_holders=2)
        f.member(seat, f.person("Ann"))
        version = services.add_commission_version(body, acting_user=None, text="Uppdrag")
        cell = maturity_matrix(AnonymousUser()).cell("npo-01", "20")
        assert cell.level == Level.AKTIV
        assert not cell.has_commission
        services.approve_commission_version(
            version, acting_user=None, approved_on=dt.date(2024, 1, 1)
        )
        cell = maturity_matrix(AnonymousUser()).cell("npo-01", "20")
        assert cell.has_commission
        assert (cell.filled, cell.places) == (3, 4)
        assert cell.staffing == 0.75
        assert cell.level == Level.AKTIV

        f.member(seat, f.person("Bo"))
        cell = maturity_matrix(AnonymousUser()).cell("npo-01", "20")
        assert cell.staffing == 1.0
        assert cell.level == Level.KOMPLETT
        assert cell.level_label == "Aktiv med uppdrag och bemanning"

        assert cell.lag_count == 0
        f.body("LAG Barnhälsovård", parent=body, region=self.dalarna, kind=Body.Kind.LAG)
        assert maturity_matrix(AnonymousUser()).cell("npo-01", "20").lag_count == 1

    def test_an_aktiv_lpo_without_seats_stays_aktiv(self) -> None:
        body = lpo(self.barn, self.dalarna)
        version = services.add_commission_version(body, acting_user=None, text="Uppdrag")
        services.approve_commission_version(
            version, acting_user=None, approved_on=dt.date(2024, 1, 1)
        )
        cell = maturity_matrix(AnonymousUser()).cell("npo-01", "20")
        assert cell.staffing is None
        assert cell.level == Level.AKTIV

    def test_implementations_of_the_areas_kunskapsstod_are_counted_by_status(self) -> None:
        stod = Kunskapsstod.objects.create(
            code="adhd", name="ADHD", type=self.vardforlopp, programme_area=self.barn
        )
        other = Kunskapsstod.objects.create(
            code="astma", name="Astma", type=self.vardforlopp, programme_area=self.barn
        )
        Implementation.objects.create(
            kunskapsstod=stod, region=self.dalarna, status=Implementation.Status.INFORT
        )
        Implementation.objects.create(
            kunskapsstod=other, region=self.dalarna, status=Implementation.Status.INFORT
        )
        Implementation.objects.create(kunskapsstod=stod, region=self.regions[1])
        matrix = maturity_matrix(AnonymousUser())
        cell = matrix.cell("npo-01", "20")
        assert [(c.status, c.count) for c in cell.implementations] == [("infort", 2)]
        assert cell.level == Level.SAKNAS
        assert matrix.cell("npo-01", self.regions[1].code).implementation_total == 1


class MatrixVisibilityTests(FollowupTestCase):
    def test_a_non_public_lpo_is_hidden_from_dave_but_not_from_its_members(self) -> None:
        hidden = lpo(self.barn, self.dalarna, is_public=False)
        assert maturity_matrix(self.dave).cell("npo-01", "20").level == Level.SAKNAS
        assert maturity_matrix(AnonymousUser()).cell("npo-01", "20").body is None
        assert maturity_matrix(self.alice).cell("npo-01", "20").body == hidden
        BodyRole.objects.create(user=self.dave, body=hidden, role=BodyRole.Role.LEDAMOT)
        assert maturity_matrix(self.dave).cell("npo-01", "20").level == Level.AKTIV

    def test_hidden_lags_are_not_counted(self) -> None:
        body = lpo(self.barn, self.dalarna)
        f.body("LAG dold", parent=body, region=self.dalarna, kind=Body.Kind.LAG, is_public=False)
        assert maturity_matrix(self.dave).cell("npo-01", "20").lag_count == 0
        assert maturity_matrix(self.alice).cell("npo-01", "20").lag_count == 1


def populate(case: FollowupTestCase, per_area: int) -> None:
    """LPOs in the first ``per_area`` regions of every area, each with seats, a LAG, a holder,
    an approved commission and an implementation."""
    for area in case.areas[:10]:
        stod = Kunskapsstod.objects.create(
            code=f"stod-{area.code}",
            name=f"Stöd {area.code}",
            type=case.vardforlopp,
            programme_area=area,
        )
        for region in case.regions[:per_area]:
            body = Body.objects.create(
                name=f"LPO {area.code} {region.code}",
                kind=Body.Kind.LPO,
                level=Body.Level.REGIONAL,
                region=region,
                programme_area=area,
            )
            seat = f.seat(body, quota=2)
            f.member(seat, f.person(f"P {area.code} {region.code}"))
            Body.objects.create(
                name=f"LAG {body.pk}",
                kind=Body.Kind.LAG,
                level=Body.Level.REGIONAL,
                region=region,
                parent=body,
            )
            version = services.add_commission_version(body, acting_user=None, text="U")
            services.approve_commission_version(
                version, acting_user=None, approved_on=dt.date(2024, 1, 1)
            )
            Implementation.objects.create(kunskapsstod=stod, region=region)


class MatrixQueryCountTests(FollowupTestCase):
    def test_the_matrix_is_a_fixed_number_of_queries_whatever_the_size(self) -> None:
        for user in (AnonymousUser(), self.dave, self.alice):
            with self.assertNumQueries(MATRIX_QUERIES):
                maturity_matrix(user)
        populate(self, per_area=2)
        with self.assertNumQueries(MATRIX_QUERIES):
            small = maturity_matrix(self.dave)
        assert sum(1 for r in small.rows for c in r.cells if c.body) == 20
        populate_more(self)
        with self.assertNumQueries(MATRIX_QUERIES):
            big = maturity_matrix(self.dave)
        assert sum(1 for r in big.rows for c in r.cells if c.body) == 200


def populate_more(case: FollowupTestCase) -> None:
    """Ten times as many LPOs: regions 3–20 for the same ten areas."""
    for area in case.areas[:10]:
        stod = Kunskapsstod.objects.get(code=f"stod-{area.code}")
        for region in case.regions[2:20]:
            body = Body.objects.create(
                name=f"LPO {area.code} {region.code}",
                kind=Body.Kind.LPO,
                level=Body.Level.REGIONAL,
                region=region,
                programme_area=area,
            )
            seat = f.seat(body, quota=2)
            f.member(seat, f.person(f"P {area.code} {region.code}"))
            Implementation.objects.create(kunskapsstod=stod, region=region)
