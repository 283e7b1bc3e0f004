"""The demo's matrix for Mellansverige says what each region reports in seed 003."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from kunskapsnav.followup.matrix import maturity_matrix
from kunskapsnav.registry.demo import load_demo


class MellansverigeTests(TestCase):
    def test_rehabilitation_row_matches_seed_003_region_by_region(self) -> None:
        load_demo()
        matrix = maturity_matrix(AnonymousUser(), "mellansverige")
        row = next(
            r
            for r in matrix.rows
            if r.area.code == "rehabilitering-habilitering-och-forsakringsmedicin"
        )
        levels = {cell.region.short_name: cell.level for cell in row.cells}
        assert levels["Västmanland"] == "saknas"  # "inget utformat LPO eller LAG"
        assert levels["Örebro"] == "saknas"  # "inte något utformat LPO"
        assert levels["Uppsala"] == "under_inrattande"  # beslut att bilda LPO, rekrytering pågår
        for started in ("Värmland", "Södermanland", "Gävleborg", "Dalarna"):
            assert levels[started] not in ("saknas", "planerad", "under_inrattande"), started
        lags = {cell.region.short_name: cell.lag_count for cell in row.cells}
        assert lags["Södermanland"] == 0  # "det finns inte någon LAG ännu"
        assert lags["Gävleborg"] >= 1
        assert lags["Värmland"] >= 1
