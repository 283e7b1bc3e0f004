"""The meeting calendar as CSV and XLSX: the page's filters, only the meetings the user sees."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import openpyxl
from django.urls import reverse

from tests.meetings.export_base import D, ExportTestCase, meeting

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def csv_rows(response: Response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]


def xlsx_rows(response: Response) -> list[tuple[object, ...]]:
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]


class CalendarExportTests(ExportTestCase):
    def url(self, fmt: str) -> str:
        return reverse("meetings_export:calendar_export", args=[fmt])

    def test_xlsx_holds_a_row_per_meeting_with_its_columns(self) -> None:
        self.client.force_login(self.alice)
        rows = xlsx_rows(self.client.get(self.url("xlsx"), {"period": "alla"}))
        assert rows[0] == ("Datum", "Tid", "Organ", "Titel", "Plats", "Status", "Dokumenttyp")
        by_date = {row[0].date(): row for row in rows[1:] if isinstance(row[0], dt.datetime)}
        assert len(by_date) == len(rows) - 1
        assert list(by_date) == sorted(by_date)
        assert by_date[D(2022, 1, 28)][1:3] == ("Kl. 9.00–12.00", "Länschefsnätverket")
        assert by_date[D(2022, 1, 28)][4:6] == ("Teams", "Publicerat")
        assert by_date[D(2022, 3, 11)][5] == "Kallat"
        assert D(2022, 2, 15) in by_date  # alice sees the draft
        assert D(2022, 2, 2) in by_date  # and the non-public styrgrupp's meeting

    def test_csv_has_a_header_row_and_the_organ_and_period_filters_apply(self) -> None:
        self.client.force_login(self.alice)
        rows = csv_rows(
            self.client.get(self.url("csv"), {"organ": str(self.lpo.pk), "period": "alla"})
        )
        assert rows[0][:3] == ["Datum", "Tid", "Organ"]
        assert [row[0] for row in rows[1:]] == ["2022-02-01", "2022-02-15"]
        assert {row[2] for row in rows[1:]} == {"LPO Barn och unga"}
        earlier = csv_rows(
            self.client.get(self.url("csv"), {"organ": str(self.lpo.pk), "period": "tidigare"})
        )
        assert [row[0] for row in earlier[1:]] == ["2022-02-15", "2022-02-01"]  # as the page
        coming = csv_rows(self.client.get(self.url("csv"), {"organ": str(self.lpo.pk)}))
        assert coming[1:] == []

    def test_anonymous_gets_only_published_meetings_of_public_bodies(self) -> None:
        rows = csv_rows(self.client.get(self.url("csv"), {"period": "alla"}))
        dates = [row[0] for row in rows[1:]]
        assert dates == ["2022-01-28", "2022-02-01"]
        assert {row[5] for row in rows[1:]} == {"Publicerat"}

    def test_a_body_the_user_may_not_see_is_not_found(self) -> None:
        self.client.force_login(self.dave)
        response = self.client.get(
            self.url("csv"), {"organ": str(self.styrgrupp.pk), "period": "alla"}
        )
        assert response.status_code == 404
        self.client.force_login(self.erin)
        rows = csv_rows(
            self.client.get(self.url("csv"), {"organ": str(self.styrgrupp.pk), "period": "alla"})
        )
        assert [row[0] for row in rows[1:]] == ["2022-02-02"]

    def test_an_unknown_format_is_not_found(self) -> None:
        assert self.client.get("/moten.pdf").status_code == 404
        assert self.client.get(self.minutes.get_absolute_url()).status_code == 200

    def test_the_calendar_links_to_the_export_with_its_filters(self) -> None:
        response = self.client.get(reverse("meetings:calendar"), {"period": "alla"})
        self.assertContains(response, self.url("xlsx") + "?period=alla")
        self.assertContains(response, self.url("csv") + "?period=alla")

    def test_the_export_is_a_fixed_number_of_queries_as_data_grows(self) -> None:
        self.client.force_login(self.carol)
        with self.assertNumQueries(3) as small:  # session, user, the meetings
            self.client.get(self.url("xlsx"), {"period": "alla"})
        for day in range(1, 11):
            meeting(self.lpo, D(2023, 1, day))
            meeting(self.lchnv, D(2023, 2, day))
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url("xlsx"), {"period": "alla"})
        # carol sees the LPO's meetings, planned ones too, and published ones elsewhere
        assert len(xlsx_rows(response)) == 1 + 3 + 10
