"""The page benchmark's own arithmetic and its baseline view (the timing itself is `make bench`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import override_settings

from kunskapsnav.core import bench_pages
from tests.base import BaseTestCase


def _result(pages: dict[str, tuple[float, int]]) -> dict[str, object]:
    return {
        "pages": {
            name: {"p50_ms": p95 / 2, "p95_ms": p95, "queries": queries}
            for name, (p95, queries) in pages.items()
        }
    }


def test_a_page_over_three_times_the_minimal_view_or_with_more_queries_is_flagged() -> None:
    small = _result(
        {
            "minimal view": (2.0, 3),
            "minimal view (anonymous)": (1.0, 1),
            "start": (5.0, 7),
            "matrix": (5.0, 8),
            "portal body page": (2.5, 6),
        }
    )
    large = _result(
        {
            "minimal view": (2.0, 3),
            "minimal view (anonymous)": (1.0, 1),
            "start": (6.0, 7),
            "matrix": (6.2, 9),
            "portal body page": (3.5, 6),
        }
    )
    summary = bench_pages._summarise(small, large)
    assert summary["start"] == {
        "p95_ratio": 3.0,
        "p95_within_target": True,
        "queries_unchanged": True,
    }
    assert summary["matrix"]["p95_within_target"] is False
    assert summary["matrix"]["queries_unchanged"] is False
    # The portal is anonymous, so it is compared with the anonymous minimal view.
    assert summary["portal body page"]["p95_ratio"] == 3.5
    assert "minimal view" not in summary


def test_results_keep_what_other_benchmarks_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "bench" / "results.json"
    monkeypatch.setattr(bench_pages, "RESULTS", results)
    results.parent.mkdir()
    results.write_text(json.dumps({"load": {"errors": 0}}))
    bench_pages.write_results("pages", {"backends": {}})
    assert json.loads(results.read_text()) == {"load": {"errors": 0}, "pages": {"backends": {}}}


def test_each_scale_and_backend_gets_its_own_database() -> None:
    url, marker = bench_pages._postgres_url("postgres://u:p@db:5432/kn", 1.0, 1)
    assert url == "postgres://u:p@db:5432/kn_s1_0_seed1"
    assert marker.name == "pg-kn_s1_0_seed1.json"
    small, _ = bench_pages._sqlite_url(0.01, 1)
    assert small.endswith("national-0.01-seed1.sqlite3")


@override_settings(ROOT_URLCONF="kunskapsnav.core.bench_urls")
class MinimalViewTests(BaseTestCase):
    def test_the_minimal_view_is_one_query(self) -> None:
        with self.assertNumQueries(1):
            response = self.client.get(f"/__bench__/minimal/{self.lpo.pk}/")
        assert response.content.decode() == "LPO Barn och unga"

    def test_the_minimal_view_is_not_part_of_the_product(self) -> None:
        assert (
            self.client.get(f"/__bench__/minimal/{self.lpo.pk}/", follow=False).status_code == 200
        )
        with override_settings(ROOT_URLCONF="kunskapsnav.urls"):
            assert self.client.get(f"/__bench__/minimal/{self.lpo.pk}/").status_code == 404
