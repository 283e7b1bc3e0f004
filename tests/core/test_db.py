"""Planner statistics: refreshed by `kunskapsnav analyze` and after a bulk load."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection

from tests.base import BaseTestCase


def _has_statistics() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'registry_body'")
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'registry_body' "
                "AND attname = 'name'"
            )
        row = cursor.fetchone()
    return bool(row and row[0])


class PlannerStatisticsTests(BaseTestCase):
    def test_analyze_gives_the_planner_statistics_of_the_tables(self) -> None:
        out = StringIO()
        call_command("analyze", stdout=out)
        assert "Statistiken uppdaterad" in out.getvalue()
        assert _has_statistics()
