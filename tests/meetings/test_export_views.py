"""Who may download what: the documents of a meeting for each named user, and the action list.

* Länschefsnätverket's minutes of 28 January 2022 and LPO Barn och unga's of 1 February are
  published in public bodies: everyone reads them.
* LPO's minutes of 15 February are a draft: alice, and bob and carol who hold roles in the LPO.
* The non-public Styrgrupp välfärdsteknik's published minutes: alice and erin only.
"""

from __future__ import annotations

import csv
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import Meeting
from tests.base import LoginClient
from tests.meetings.export_base import D, ExportTestCase, item, meeting

CALLERS = ("anonymous", "alice", "bob", "carol", "dave", "erin")
EVERYONE = frozenset(CALLERS)
LPO_ROLES = frozenset({"alice", "bob", "carol"})
STYRGRUPP_ROLES = frozenset({"alice", "erin"})


class ExportViewTestCase(ExportTestCase):
    def client_for(self, caller: str) -> LoginClient:
        client = LoginClient()
        if caller != "anonymous":
            client.force_login(getattr(self, caller))
        return client

    def statuses(self, path: str) -> dict[str, int]:
        return {caller: self.client_for(caller).get(path).status_code for caller in CALLERS}

    def expect(self, path: str, allowed: frozenset[str]) -> None:
        expected = {caller: 200 if caller in allowed else 404 for caller in CALLERS}
        assert self.statuses(path) == expected, path


class DocumentPermissionTests(ExportViewTestCase):
    def test_everyone_downloads_published_minutes_of_a_public_body(self) -> None:
        self.expect(f"/moten/{self.minutes.pk}/protokoll.docx", EVERYONE)
        self.expect(f"/moten/{self.lpo_published.pk}/protokoll.docx", EVERYONE)

    def test_draft_minutes_are_for_those_with_a_role_in_the_body(self) -> None:
        self.expect(f"/moten/{self.lpo_draft.pk}/protokoll.docx", LPO_ROLES)
        self.expect(f"/moten/{self.lpo_draft.pk}/kallelse.docx", LPO_ROLES)

    def test_a_non_public_bodys_minutes_are_for_its_members_even_when_published(self) -> None:
        self.expect(f"/moten/{self.styrgrupp_published.pk}/protokoll.docx", STYRGRUPP_ROLES)
        self.expect(f"/moten/{self.styrgrupp_published.pk}/kallelse.docx", STYRGRUPP_ROLES)

    def test_a_meeting_that_has_not_been_held_has_a_kallelse_and_no_minutes(self) -> None:
        upcoming = meeting(self.lpo, D(2030, 5, 1))
        item(upcoming, "Mötets öppnande")
        self.expect(f"/moten/{upcoming.pk}/kallelse.docx", LPO_ROLES)
        self.expect(f"/moten/{upcoming.pk}/protokoll.docx", frozenset())

    def test_a_meeting_that_does_not_exist_is_not_found(self) -> None:
        self.expect("/moten/999999/protokoll.pdf", frozenset())


class DocumentDownloadTests(ExportViewTestCase):
    def test_minutes_pdf_is_shown_in_the_browser_with_a_file_name(self) -> None:
        response = self.client.get(f"/moten/{self.minutes.pk}/protokoll.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="minnesanteckningar-lchnv-2022-01-28.pdf"'
        )
        assert "private" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF")

    def test_minutes_docx_is_a_word_download(self) -> None:
        response = self.client.get(f"/moten/{self.minutes.pk}/protokoll.docx")
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert response["Content-Disposition"] == (
            'attachment; filename="minnesanteckningar-lchnv-2022-01-28.docx"'
        )
        assert response.content.startswith(b"PK")

    def test_kallelse_pdf_for_a_member(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(f"/moten/{self.lpo_draft.pk}/kallelse.pdf")
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'inline; filename="kallelse-lpo-barn-och-unga-2022-02-15.pdf"'
        )
        assert response.content.startswith(b"%PDF")

    def test_documents_are_only_read(self) -> None:
        assert self.client.post(f"/moten/{self.minutes.pk}/protokoll.pdf").status_code == 405


class ActionExportTests(ExportViewTestCase):
    def rows(self, caller: str, query: str = "") -> list[dict[str, str]]:
        response = self.client_for(caller).get(f"/atgarder.csv{query}")
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))

    def texts(self, caller: str, query: str = "") -> set[str]:
        return {row["Åtgärd"] for row in self.rows(caller, query)}

    def test_anonymous_callers_see_the_actions_of_published_minutes(self) -> None:
        assert self.texts("anonymous") == {"Skicka ut det reviderade uppdragsdirektivet"}

    def test_alice_sees_every_open_action(self) -> None:
        assert self.texts("alice") == {
            "Skicka ut det reviderade uppdragsdirektivet",
            "Ta fram förslag på kontaktperson för FVIS LINK",
        }

    def test_filters_by_body_status_overdue_and_own(self) -> None:
        services.close_action(self.report_action, acting_user=None, closed_on=D(2022, 3, 1))
        assert self.texts("alice", "?status=done") == {
            "Skicka ut det reviderade uppdragsdirektivet"
        }
        assert len(self.rows("alice", "?status=all")) == 2
        assert self.texts("alice", f"?organ={self.lpo.pk}") == set()
        assert self.texts("alice", "?forsenade=1") == {
            "Ta fram förslag på kontaktperson för FVIS LINK"
        }
        # Bob is Tanja: the action is his own although he holds no role in LCHNV.
        assert self.texts("bob", "?mina=1") == {"Ta fram förslag på kontaktperson för FVIS LINK"}
        assert self.texts("dave", "?mina=1") == set()

    def test_a_body_the_user_may_not_see_is_not_found(self) -> None:
        response = self.client_for("dave").get(f"/atgarder.csv?organ={self.styrgrupp.pk}")
        assert response.status_code == 404
        response = self.client_for("erin").get(f"/atgarder.csv?organ={self.styrgrupp.pk}")
        assert response.status_code == 200

    def test_a_malformed_filter_is_a_bad_request(self) -> None:
        assert self.client.get("/atgarder.csv?status=kanske").status_code == 400
        assert self.client.get("/atgarder.csv?organ=LCHNV").status_code == 400
        assert self.client.get("/atgarder.pdf").status_code == 404

    def test_the_xlsx_download_opens_in_excel(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/atgarder.xlsx?status=all")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="atgarder-')
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = workbook.active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Organ", "Åtgärd", "Ansvariga")
        assert len(rows) == 3

    def test_the_download_takes_as_many_queries_with_ten_times_the_actions(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/atgarder.csv?status=all")
            return len(queries)

        self.client.force_login(self.alice)
        self.client.get("/atgarder.csv")  # the session is read once
        before = count()
        for i in range(10):
            held = meeting(self.lchnv, D(2022, 2, 1 + i))
            services.add_action(
                self.lchnv,
                acting_user=None,
                meeting=held,
                text=f"Åtgärd {i}",
                responsible_people=[self.tomas, self.ulrika],
                responsible_bodies=[self.lpo],
                due_date=D(2022, 4, 1),
            )
        with self.assertNumQueries(before):
            self.client.get("/atgarder.csv?status=all")
        assert len(self.rows("alice", "?status=all")) == 12
        assert Meeting.objects.filter(body=self.lchnv).count() == 13
