"""Extraction of text from .txt, .pdf and .docx, and the guards against bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from kunskapsnav.minutes import extract as extract_module
from kunskapsnav.minutes.extract import ExtractionError, extract, extract_text, join_pages

from .documents import encrypted_pdf, pdf_from_lines, scanned_pdf, zip_bomb_docx

SWEDISH = "Minnesanteckningar\nNärvarande: Åsa Öberg, Björn Ärlig\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_text_in_common_encodings(encoding: str) -> None:
    assert extract_text(SWEDISH.encode(encoding), "a.txt") == SWEDISH


def test_cp1252_quotes_and_dashes() -> None:
    text = "Strategin ”God och nära vård” – beslut"
    assert extract_text(text.encode("cp1252"), "a.txt") == text


def test_a_text_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "anteckningar.md"
    path.write_text("# Minnesanteckningar\n", encoding="utf-8")
    assert extract_text(path) == "# Minnesanteckningar\n"


def test_pdf_keeps_line_order_and_drops_repeated_headers_and_footers() -> None:
    data = pdf_from_lines(
        [
            ["Minnesanteckningar", "1. Inledning", "Anna hälsade välkommen."],
            ["2. Budget", "Budgeten gicks igenom."],
            ["3. Övrigt", "Inga övriga frågor."],
        ]
    )
    result = extract(data, "m.pdf")
    assert result.pages == 3
    lines = [line for line in result.text.split("\n") if line.strip()]
    assert lines == [
        "Minnesanteckningar",
        "1. Inledning",
        "Anna hälsade välkommen.",
        "2. Budget",
        "Budgeten gicks igenom.",
        "3. Övrigt",
        "Inga övriga frågor.",
    ]


def test_furniture_is_only_what_repeats_on_most_pages() -> None:
    pages = [
        ["Region X", "§ 12", "Text ett.", "Sida 1 av 3"],
        ["Region X", "§ 13", "Text två.", "Sida 2 av 3"],
        ["Region X", "§ 14", "Text tre.", "Sida 3 av 3"],
    ]
    assert join_pages(pages).split("\n") == [
        "§ 12",
        "Text ett.",
        "",
        "§ 13",
        "Text två.",
        "",
        "§ 14",
        "Text tre.",
    ]


def test_a_scanned_pdf_needs_ocr() -> None:
    with pytest.raises(
        ExtractionError, match="ingen text; den verkar vara inskannad och behöver OCR"
    ):
        extract_text(scanned_pdf(), "skannad.pdf")


def test_a_password_protected_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="lösenordsskyddad"):
        extract_text(encrypted_pdf("hemligt"), "låst.pdf")


def test_a_pdf_encrypted_without_user_password_is_read() -> None:
    assert "Hemliga minnesanteckningar" in extract_text(encrypted_pdf(""), "öppen.pdf")


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n\x00\x01garbage", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"]
)
def test_a_damaged_pdf(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="skadad"):
        extract_text(data, "trasig.pdf")


def test_a_truncated_pdf() -> None:
    data = pdf_from_lines([["Minnesanteckningar"]])
    with pytest.raises(ExtractionError):
        extract_text(data[: len(data) // 3], "avklippt.pdf")


def test_docx_paragraphs_numbering_bullets_headings_and_tables_in_order(tmp_path: Path) -> None:
    document = Document()
    document.add_heading("Minnesanteckningar", 0)
    document.add_paragraph("Datum: 2024-05-03")
    table = document.add_table(rows=2, cols=3)
    for col, value in enumerate(["Namn", "Organisation", "Roll"]):
        table.cell(0, col).text = value
    for col, value in enumerate(["Anna Berg", "Region Dalarna", "ordförande"]):
        table.cell(1, col).text = value
    document.add_heading("Ekonomi", 1)
    document.add_paragraph("Utfall", style="List Number")
    document.add_paragraph("Prognos", style="List Number")
    document.add_paragraph("En punkt", style="List Bullet")
    path = tmp_path / "m.docx"
    document.save(str(path))
    lines = [line for line in extract_text(path).split("\n") if line]
    assert lines == [
        "# Minnesanteckningar",
        "Datum: 2024-05-03",
        "Namn, Organisation, Roll",
        "Anna Berg, Region Dalarna, ordförande",
        "# Ekonomi",
        "1. Utfall",
        "2. Prognos",
        "• En punkt",
    ]


def test_a_merged_table_cell_is_read_once(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Närvarande"
    table.cell(0, 2).text = "Anna Berg"
    path = tmp_path / "m.docx"
    document.save(str(path))
    assert extract_text(path).strip() == "Närvarande, Anna Berg"


def test_a_zip_bomb_docx_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    zip_bomb_docx(path)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ExtractionError, match="100 MB"):
        extract_text(path)


def test_a_zip_that_is_not_a_word_file(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "arkiv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("annat.txt", "hej")
    with pytest.raises(ExtractionError, match="inte en Word-fil"):
        extract_text(path)


def test_a_damaged_docx() -> None:
    with pytest.raises(ExtractionError, match="skadad"):
        extract_text(b"PK\x03\x04 trasig", "trasig.docx")


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(ExtractionError, match=r"tom\.txt är tom"):
        extract_text(path)


def test_binary_garbage() -> None:
    with pytest.raises(ExtractionError, match="binärt"):
        extract_text(bytes(range(256)) * 10, "bild.txt")


def test_a_file_over_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: costs no disk
    with pytest.raises(ExtractionError, match="för stor"):
        extract_text(path)


def test_bytes_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_BYTES", 10)
    with pytest.raises(ExtractionError, match="högst 50 MB"):
        extract_text(b"x" * 11, "a.txt")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="finns inte"):
        extract_text(tmp_path / "saknas.pdf")


def test_an_old_word_file_is_named() -> None:
    with pytest.raises(ExtractionError, match="PDF, DOCX eller text"):
        extract_text(b"\xd0\xcf\x11\xe0 gammal", "gammal.doc")
