"""The gap analysis in Excel: out, changed by hand, and back in, or refused cell by cell."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from kunskapsnav.guidance import gap_xlsx
from kunskapsnav.guidance import implementation as services
from kunskapsnav.guidance.models import Finding, GapAssessment
from tests.guidance.implementation_base import ImplementationTestCase

State = GapAssessment.State
ALLOWED = "använd Uppfyllt, Delvis uppfyllt, Ej uppfyllt eller Ej tillämpligt."


class GapXlsxTests(ImplementationTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.first = services.set_assessment(
            self.psykiatri, self.r1, acting_user=None, state=State.UPPFYLLT, comment="Klart"
        )
        services.set_assessment(
            self.falun_unit, self.r2, acting_user=None, state=State.DELVIS, comment="=SUM(A1)"
        )
        services.add_finding(
            self.refresh(),
            acting_user=None,
            dimension=Finding.Dimension.KOMPETENS,
            text="Utbildning behövs.",
        )

    def exported(self) -> Workbook:
        return load_workbook(io.BytesIO(gap_xlsx.export_gap_analysis(self.refresh())))

    def upload(self, workbook: Workbook, user: object = None) -> gap_xlsx.ImportResult:
        buffer = io.BytesIO()
        workbook.save(buffer)
        return gap_xlsx.import_gap_analysis(
            self.refresh(),
            buffer.getvalue(),
            acting_user=user or self.bob,  # type: ignore[arg-type]
        )

    def states(self) -> dict[tuple[int, int], tuple[str, str]]:
        return {
            (a.unit_id, a.recommendation_id): (a.state, a.comment)
            for a in GapAssessment.objects.all()
        }

    def test_the_export_has_the_coordinators_layout(self) -> None:
        workbook = self.exported()
        assert workbook.sheetnames == ["Gapanalys", "Iakttagelser"]
        sheet = workbook["Gapanalys"]
        assert [sheet["A1"].value, sheet["B1"].value] == ["Nr", "Rekommendation"]
        assert sheet["C1"].value == "Psykiatrin, Region Dalarna"
        assert sheet["E1"].value == "Falun"
        assert "C1:D1" in {str(r) for r in sheet.merged_cells.ranges}
        assert [sheet["C2"].value, sheet["D2"].value] == ["Nuläge", "Kommentar"]
        assert [sheet["A3"].value, sheet["C3"].value, sheet["D3"].value] == [
            "1",
            "Uppfyllt",
            "Klart",
        ]
        assert sheet["E4"].value == "Delvis uppfyllt"
        assert sheet["F4"].value == "'=SUM(A1)", "text that looks like a formula is defused"
        validation = sheet.data_validations.dataValidation[0]
        assert validation.formula1 == '"Uppfyllt,Delvis uppfyllt,Ej uppfyllt,Ej tillämpligt"'
        assert {str(r) for r in validation.sqref.ranges} == {"C3:C5", "E3:E5"}
        notes = workbook["Iakttagelser"]
        assert notes["A2"].value == "Kunskap och kompetens"
        assert notes["D2"].value == "Utbildning behövs."

    def test_a_changed_cell_comes_back_with_its_audit_record(self) -> None:
        workbook = self.exported()
        workbook["Gapanalys"]["C3"] = "Delvis uppfyllt"
        workbook["Gapanalys"]["E5"] = "ej uppfyllt"
        result = self.upload(workbook)
        assert result.changed == 2
        self.first.refresh_from_db()
        assert self.first.state == State.DELVIS
        assert self.first.comment == "Klart"
        record = self.first.history.first()
        assert record is not None
        assert record.history_user == self.bob
        assert record.history_change_reason == "import_gap_analysis"
        falun_r3 = GapAssessment.objects.get(unit=self.falun_unit, recommendation=self.r3)
        assert falun_r3.state == State.EJ_UPPFYLLT
        # The defused formula came back as the text it was, so it did not change.
        assert GapAssessment.objects.get(unit=self.falun_unit, recommendation=self.r2).comment == (
            "=SUM(A1)"
        )
        self.client.force_login(self.bob)
        page = self.client.get(f"/historik/guidance/gapassessment/{self.first.pk}/")
        assert page.status_code == 200
        assert "Bob Berg" in page.content.decode()

    def test_importing_the_export_unchanged_changes_nothing(self) -> None:
        result = self.upload(self.exported())
        assert result.changed == 0
        assert GapAssessment.history.count() == 2

    def assert_refused(self, workbook: Workbook, *expected: str) -> None:
        before = self.states()
        with pytest.raises(ValidationError) as raised:
            self.upload(workbook)
        for message in expected:
            assert message in raised.value.messages, raised.value.messages
        assert self.states() == before
        assert GapAssessment.history.count() == 2

    def test_a_bad_state_label_is_reported_by_cell_and_nothing_changes(self) -> None:
        workbook = self.exported()
        sheet = workbook["Gapanalys"]
        sheet["C4"] = "Delvis uppfyllt"  # a good change in the same file is not applied
        sheet["E3"] = "Nja"
        sheet["C5"] = "Kanske"
        self.assert_refused(
            workbook,
            f"Gapanalys!E3: ”Nja” är inget nuläge; {ALLOWED}",
            f"Gapanalys!C5: ”Kanske” är inget nuläge; {ALLOWED}",
        )

    def test_an_unknown_unit_header_is_reported(self) -> None:
        workbook = self.exported()
        workbook["Gapanalys"]["E1"] = "Mora"
        self.assert_refused(workbook, "Gapanalys!E1: ”Mora” är ingen enhet i införandet.")

    def test_an_unknown_recommendation_number_is_reported(self) -> None:
        workbook = self.exported()
        workbook["Gapanalys"]["A6"] = "17"
        workbook["Gapanalys"]["C6"] = "Uppfyllt"
        self.assert_refused(workbook, "Gapanalys!A6: rekommendation ”17” finns inte i Schizofreni.")

    def test_a_formula_is_refused(self) -> None:
        workbook = self.exported()
        workbook["Gapanalys"]["D4"] = "=1+1"
        self.assert_refused(workbook, "Gapanalys!D4: formler läses inte in; skriv värdet i cellen.")

    def test_a_text_file_renamed_xlsx_is_refused(self) -> None:
        with pytest.raises(ValidationError) as raised:
            gap_xlsx.import_gap_analysis(
                self.refresh(), b"Nr;Rekommendation\n1;x\n", acting_user=self.bob
            )
        assert raised.value.messages == [
            "Filen är ingen Excel-fil (.xlsx). Spara den som Excel-arbetsbok och försök igen."
        ]

    def test_a_zip_bomb_is_refused_from_its_directory(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr(
                "xl/worksheets/sheet1.xml", b"\0" * (gap_xlsx.MAX_UNCOMPRESSED_BYTES + 1)
            )
        data = buffer.getvalue()
        assert len(data) < gap_xlsx.MAX_UPLOAD_BYTES
        with pytest.raises(ValidationError, match="mer än 50 MB"):
            gap_xlsx.import_gap_analysis(self.refresh(), data, acting_user=self.bob)

    def test_an_oversized_upload_is_refused(self) -> None:
        data = b"PK" + b"x" * gap_xlsx.MAX_UPLOAD_BYTES
        with pytest.raises(ValidationError, match="för stor"):
            gap_xlsx.import_gap_analysis(self.refresh(), data, acting_user=self.bob)

    def test_a_corrupt_xlsx_is_refused(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "inte xml")
            archive.writestr("xl/workbook.xml", "inte heller")
        with pytest.raises(ValidationError, match="skadad"):
            gap_xlsx.import_gap_analysis(self.refresh(), buffer.getvalue(), acting_user=self.bob)

    def test_carol_may_not_import(self) -> None:
        with pytest.raises(PermissionDenied):
            self.upload(self.exported(), self.carol)
