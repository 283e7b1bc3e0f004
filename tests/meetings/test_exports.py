"""Minutes and kallelser as Word and PDF read like real Swedish minutes; the action table."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest

from kunskapsnav.meetings import exports, queries, services
from kunskapsnav.meetings.models import Meeting
from tests.meetings.export_base import D, ExportTestCase, T, item, meeting


def docx_text(content: bytes) -> str:
    """Every paragraph of the document, its tables' cells and its footer, one per line."""
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    lines += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8")


class MinutesDocxTests(ExportTestCase):
    def test_minutes_open_in_word_with_the_header_of_real_minutes(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.minutes.pk)))
        assert "Länschefsnätverket (LCHNV)" in text
        assert "Minnesanteckningar" in text
        assert "Datum:\t28 januari 2022" in text
        assert "Tid:\tKl. 9.00–12.00" in text
        assert "Plats:\tTeams" in text
        assert "Dnr:\tRD22/00384" in text
        assert "Sida 1 av 1" in text  # the page fields, as Word shows them before layout

    def test_attendance_is_one_comma_separated_line_with_presenters_as_below(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.minutes.pk)))
        assert (
            "Närvarande: Tomas Ahlin, Ulrika Gärdsback, Camilla Sömsk (del av mötet), "
            "Tanja Mårtensson samt föredragande enligt nedan."
        ) in text
        assert "Frånvarande: Helene Kastemyr" in text
        assert "Ewa Welén" not in text.split("Frånvarande")[0].split("Närvarande")[1]

    def test_items_are_numbered_with_kind_presenters_decisions_and_actions(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.minutes.pk)))
        assert "1. Mötets öppnande" in text
        assert "3. Beslut: Länsgemensam strategi med målbild och färdplan" in text
        assert (
            "Föredragande: Ewa Welén, Processledare Styrgrupp God och nära vård, Region "
            "Dalarna, Susanne Magnusson, chef för Medicinkliniken, Region Dalarna"
        ) in text
        assert "Länschefsnätverket beslutade:\natt godkänna dagordningen." in text
        # Two clauses of one decision under one heading.
        assert (
            "Länschefsnätverket beslutade:\natt godkänna Länsgemensam strategi med målbild och "
            "färdplan för God och Nära vård i Dalarna 2022-2030.\natt uppdra åt Tanja"
        ) in text
        assert "4. Rapport: Reviderat uppdragsdirektiv" in text
        assert (
            "Åtgärd: Skicka ut det reviderade uppdragsdirektivet – ansvarig: Tanja Mårtensson, "
            "klart senast 28 februari 2022"
        ) in text
        assert "Det beslutades att förlägga mötet den 9 juni" in text

    def test_struck_items_and_items_added_after_the_meeting_are_marked(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.minutes.pk)))
        assert (
            "5. Rapport: Uppdrag till LPO RHF Samverkan kring syn- & hörselinstruktörer\n" in text
        )
        assert "\nPunkten utgick\n" in text
        assert "7. Riktlinje för screening av covid-19\nTillagt efter mötet" in text

    def test_open_actions_of_earlier_meetings_are_followed_up(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.minutes.pk)))
        assert "Uppföljning av åtgärder" in text
        assert "Ta fram förslag på kontaktperson för FVIS LINK\nMötet 17 december 2021" in text
        assert "Öppen, försenad" in text
        assert "Nästa möte:\t11 mars 2022 kl. 9.00–12.00, Teams" in text

    def test_minutes_without_earlier_actions_have_no_follow_up_list(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.previous.pk)))
        assert "Uppföljning av åtgärder" not in text

    def test_minnesanteckningar_have_no_signature_block_but_say_who_approved(self) -> None:
        text = docx_text(exports.minutes_docx(queries.meeting_page(self.minutes.pk)))
        assert "Vid protokollet" not in text
        assert "Justerat i Kunskapsnav av Tanja Mårtensson" in text
        assert "Utkast" not in text

    def test_a_protokoll_has_a_signature_block_and_a_draft_says_so(self) -> None:
        protokoll = meeting(
            self.lchnv,
            D(2022, 4, 25),
            document_type=Meeting.DocumentType.PROTOKOLL,
            secretary=self.tanja,
            chair=self.ulrika,
            start_time=T(14),
            end_time=T(15, 30),
        )
        services.update_meeting(protokoll, acting_user=None, justerare=[self.tomas, self.camilla])
        item(protokoll, "Val av justerare")
        services.mark_held(protokoll, acting_user=None)
        text = docx_text(exports.minutes_docx(queries.meeting_page(protokoll.pk)))
        assert "Protokoll" in text
        assert "Tid:\tKl. 14.00–15.30" in text
        assert "Utkast – ej justerat" in text
        lines = text.splitlines()
        for label, name in (
            ("Vid protokollet", "Tanja Mårtensson"),
            ("Justeras", "Tomas Ahlin"),
            ("Justeras", "Camilla Sömsk"),
            ("Ordförande", "Ulrika Gärdsback"),
        ):
            assert label in lines
            assert name in lines

    def test_a_meeting_without_a_time_leaves_the_time_out(self) -> None:
        untimed = meeting(self.lchnv, D(2022, 5, 2), start_time=None, end_time=None, place="")
        services.mark_held(untimed, acting_user=None)
        text = docx_text(exports.minutes_docx(queries.meeting_page(untimed.pk)))
        assert "Tid:" not in text
        assert "Plats:" not in text
        assert "Närvarande" not in text


class MinutesPdfTests(ExportTestCase):
    def test_minutes_pdf_has_the_swedish_text_and_page_numbers(self) -> None:
        content = exports.minutes_pdf(queries.meeting_page(self.minutes.pk))
        assert content.startswith(b"%PDF")
        text = pdf_text(content)
        for expected in (
            "Minnesanteckningar",
            "28 januari 2022",
            "Kl. 9.00–12.00",
            "RD22/00384",
            "Camilla Sömsk (del av mötet)",
            "samt föredragande enligt nedan",
            "3. Beslut: Länsgemensam strategi",
            "Länschefsnätverket beslutade:",
            "att godkänna dagordningen.",
            "Punkten utgick",
            "Tillagt efter mötet",
            "Uppföljning av åtgärder",
            "Sida 1 av 2",
            "Sida 2 av 2",
            "LCHNV · Minnesanteckningar 28 januari 2022",
        ):
            assert expected in text, expected

    def test_text_from_the_minutes_cannot_inject_markup_or_fetch_anything(self) -> None:
        services.reopen_for_correction(self.minutes, acting_user=None, reason="Test")
        item(
            self.minutes,
            '<img src="http://example.org/x.png"> </style><script>x</script>',
            text="<b>fet</b>",
        )
        text = pdf_text(exports.minutes_pdf(queries.meeting_page(self.minutes.pk)))
        assert "<b>fet</b>" in text
        assert '<img src="http://example.org/x.png">' in text


class KallelseTests(ExportTestCase):
    def test_kallelse_has_when_where_the_agenda_and_the_actions_to_follow_up(self) -> None:
        page = queries.meeting_page(self.next_meeting.pk)
        text = docx_text(exports.kallelse_docx(page))
        assert "Kallelse" in text
        assert "Datum:\tFredag 11 mars 2022" in text
        assert "Tid:\tKl. 9.00–12.00" in text
        assert "Dagordning" in text
        assert "1. Mötets öppnande" in text
        assert "2. Beslut: Regional samverkansöverenskommelse om Kvinnofrid" in text
        assert "Föredragande: Tanja Mårtensson, Chef Hälsa och välfärd, Region Dalarna" in text
        assert "Åtgärder att följa upp" in text
        assert "Skicka ut det reviderade uppdragsdirektivet" in text
        assert "Ta fram förslag på kontaktperson för FVIS LINK" in text
        assert "Sekreterare:\tTanja Mårtensson, tanja@example.org" in text

    def test_closed_actions_are_not_on_the_kallelse(self) -> None:
        services.close_action(self.old_action, acting_user=None, closed_on=D(2022, 2, 1))
        text = docx_text(exports.kallelse_docx(queries.meeting_page(self.next_meeting.pk)))
        assert "FVIS LINK" not in text

    def test_kallelse_pdf_shows_the_online_link_and_a_move(self) -> None:
        services.move_meeting(
            self.next_meeting, acting_user=None, date=D(2022, 3, 14), reason="Krockar med RSS."
        )
        services.update_meeting(
            self.next_meeting, acting_user=None, online_link="https://teams.example.org/m/1"
        )
        content = exports.kallelse_pdf(queries.meeting_page(self.next_meeting.pk))
        assert content.startswith(b"%PDF")
        text = pdf_text(content)
        assert "Måndag 14 mars 2022" in text
        assert "Mötet är flyttat från 11 mars 2022." in text
        assert "Krockar med RSS." in text
        assert "https://teams.example.org/m/1" in text
        assert "Sida 1 av 1" in text

    def test_a_cancelled_meeting_says_so(self) -> None:
        services.cancel_meeting(self.next_meeting, acting_user=None, reason="För få anmälda.")
        text = docx_text(exports.kallelse_docx(queries.meeting_page(self.next_meeting.pk)))
        assert "Mötet är inställt." in text


class ActionTableTests(ExportTestCase):
    def test_the_action_table_names_body_responsibles_dates_and_a_link(self) -> None:
        headers, rows = exports.actions_table(
            queries.action_list(self.alice, queries.ActionFilter(status="all"))
        )
        assert headers[:4] == ["Organ", "Åtgärd", "Ansvariga", "Klart senast"]
        by_text = {row[1]: dict(zip(headers, row, strict=True)) for row in rows}
        report = by_text["Skicka ut det reviderade uppdragsdirektivet"]
        assert report["Organ"] == "Länschefsnätverket"
        assert report["Ansvariga"] == "Tanja Mårtensson"
        assert report["Klart senast"] == dt.date(2022, 2, 28)
        assert report["Status"] == "Öppen"
        assert report["Försenad"] is True
        assert report["Beslutad vid mötet"] == dt.date(2022, 1, 28)
        assert str(report["Länk"]).endswith(f"/atgarder/{self.report_action.pk}/")

    def test_a_responsible_body_is_named_by_its_short_name(self) -> None:
        action = services.add_action(
            self.lchnv, acting_user=None, text="Utse kontaktperson", responsible_bodies=[self.lchnv]
        )
        assert exports.responsible_names(action) == "LCHNV"
        assert exports.action_line(action) == "Åtgärd: Utse kontaktperson – ansvarig: LCHNV"


class SwedishFormTests(ExportTestCase):
    def test_dates_and_times_are_written_the_swedish_way(self) -> None:
        assert exports.long_date(D(2022, 1, 28)) == "28 januari 2022"
        assert exports.time_span(T(9), T(12)) == "Kl. 9.00–12.00"
        assert exports.time_span(T(13, 30), None) == "Kl. 13.30"
        assert exports.time_span(None, None) == ""
