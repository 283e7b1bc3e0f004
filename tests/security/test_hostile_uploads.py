"""Hostile files through every upload: each is refused with a clear message and changes nothing.

The uploads are the minutes import (page and ``extract``), the gap analysis in Excel (page and
service) and meeting attachments (page and service). Each malicious case is posted through the
real view by a user who may upload, and the database (rows and history), the stored files and
the extracted text are checked afterwards. The cases: zip bombs (a forged directory, a part
packed 1000:1), XML entities (billion laughs, XXE reading /etc/passwd), PDFs with JavaScript,
launch actions or embedded files, files whose bytes are not what the extension says, too large,
empty, truncated, password-protected PDFs, and file names with paths and control characters.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from kunskapsnav.core import uploads
from kunskapsnav.guidance import gap_xlsx
from kunskapsnav.guidance import implementation as guidance
from kunskapsnav.guidance.models import GapAssessment
from kunskapsnav.meetings import services as meetings
from kunskapsnav.meetings.models import Attachment, Meeting
from kunskapsnav.minutes import extract as extract_module
from kunskapsnav.minutes.extract import ExtractionError, extract_text
from kunskapsnav.minutes.models import ImportBatch, ImportDocument
from tests.base import BaseTestCase
from tests.guidance.implementation_base import ImplementationTestCase
from tests.meetings import factories as f
from tests.minutes.documents import encrypted_pdf, pdf_from_lines

MINUTES = [
    "Minnesanteckningar LPO Barn och unga 2024-05-03",
    "Närvarande: Anna Berg, Björn Ek",
    "1. Mötet öppnas",
    "Anna Berg hälsade välkommen.",
]
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
XXE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a0 "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)

SCRIPT = "innehåller skript eller inbäddade filer"
ZIP_BOMB = "misstänkt zip-bomb"
ENTITIES = "innehåller XML med DOCTYPE eller entiteter"
WRONG = "innehållet stämmer inte med filändelsen"


# --- Hostile files ----------------------------------------------------------------------------


def docx_bytes(lines: list[str] = MINUTES) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """The same ZIP with one XML part changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            archive.writestr(info.filename, content)
    return out.getvalue()


def with_doctype(data: bytes, part: str, doctype: str, old: str, new: str) -> bytes:
    """A DOCTYPE after the XML declaration of ``part``, and ``old`` text replaced by ``new``."""

    def change(xml: str) -> str:
        end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
        assert old in xml, (part, old)
        return xml[:end] + doctype + xml[end:].replace(old, new, 1)

    return rewrite_zip(data, part, change)


def add_part(data: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(part, content)
    return out.getvalue()


def forge_declared_size(data: bytes, part: str, size: int = 3_000_000_000) -> bytes:
    """The ZIP with ``part`` claiming ``size`` bytes unpacked in its headers (a zip bomb's
    directory, without writing gigabytes)."""
    raw = bytearray(data)
    name = part.encode()
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", raw, central + 24, size)
            local = struct.unpack_from("<I", raw, central + 42)[0]
            struct.pack_into("<I", raw, local + 22, size)
            return bytes(raw)
        central = raw.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{part} is not in the zip")


def high_ratio(data: bytes) -> bytes:
    """A part of 5 MB of zeros, packed about 1000:1: under every total limit, a bomb's ratio."""
    return add_part(data, "word/media/image9.png", b"\0" * (5 * 1024 * 1024))


def nested_zip(data: bytes) -> bytes:
    """An embedded ZIP that holds a bomb; nothing reads it, so it is not unpacked."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.bin", b"\0" * (2 * 1024 * 1024))
    return add_part(data, "word/embeddings/oleObject1.bin", inner.getvalue())


_PDF_CACHE: dict[str, bytes] = {}


def minutes_pdf() -> bytes:
    if "minutes" not in _PDF_CACHE:
        _PDF_CACHE["minutes"] = pdf_from_lines([MINUTES])
    return _PDF_CACHE["minutes"]


def pdf_with(change: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minutes_pdf())))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries: str) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def names_tree_js(writer: PdfWriter) -> None:
    script = writer._add_object(_action("/JavaScript", JS="app.alert(1)"))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def open_action_js(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS="app.alert(1)")


def launch(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = _action("/Launch", F="cmd.exe")


def embedded_file(writer: PdfWriter) -> None:
    writer.add_attachment("virus.exe", EXE)


def annotation_js(writer: PdfWriter) -> None:
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 100)]),
            NameObject("/A"): _action("/JavaScript", JS="this.exportDataObject()"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def escaped_names_js() -> bytes:
    """A hand-written PDF whose names are #-escaped (/J#61vaScript): no substring search finds
    them, the object walk does."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def hostile_pdfs() -> dict[str, bytes]:
    return {
        "namntrad.pdf": pdf_with(names_tree_js),
        "oppna.pdf": pdf_with(open_action_js),
        "starta.pdf": pdf_with(launch),
        "inbaddad.pdf": pdf_with(embedded_file),
        "lank.pdf": pdf_with(annotation_js),
        "maskerad.pdf": escaped_names_js(),
    }


def hostile_docx() -> dict[str, tuple[bytes, str]]:
    """Malicious Word files and what the refusal says."""
    good = docx_bytes()
    return {
        "forfalskad.docx": (forge_declared_size(good, "word/document.xml"), ZIP_BOMB),
        "packad.docx": (high_ratio(good), ZIP_BOMB),
        "xxe.docx": (
            with_doctype(good, "word/document.xml", XXE, "Mötet öppnas", "&e;"),
            ENTITIES,
        ),
        "skratt.docx": (
            with_doctype(good, "word/document.xml", LAUGHS, "Mötet öppnas", "&a9;"),
            ENTITIES,
        ),
        "program.docx": (EXE, WRONG),
        "sida.docx": (HTML, WRONG),
        "halv.docx": (good[: len(good) // 2], "skadad"),
    }


# --- The guard itself -------------------------------------------------------------------------


def test_a_real_docx_pdf_and_xlsx_pass_the_guard() -> None:
    limits = uploads.Limits(max_bytes=10 * 1024 * 1024)
    assert uploads.check_upload(docx_bytes(), "m.docx", limits) == "docx"
    assert uploads.check_upload(minutes_pdf(), "m.pdf", limits) == "pdf"
    assert uploads.check_upload(nested_zip(docx_bytes()), "m.docx", limits) == "docx"
    # An /OpenAction that only opens page 1 is not a script.
    first_page = pdf_with(
        lambda w: w._root_object.__setitem__(
            NameObject("/OpenAction"), ArrayObject([w.pages[0].indirect_reference])
        )
    )
    assert uploads.check_upload(first_page, "m.pdf", limits) == "pdf"
    assert uploads.check_upload(b"Minnesanteckningar\n", "m.txt", limits) == "text"


@pytest.mark.parametrize("name", sorted(hostile_pdfs()))
def test_every_kind_of_active_pdf_content_is_found(name: str) -> None:
    with pytest.raises(uploads.UploadError, match=f"PDF-filen {name} {SCRIPT}") as refused:
        uploads.check_pdf(hostile_pdfs()[name], name)
    assert refused.value.code == uploads.PDF_ACTIVE


def test_the_object_walk_finds_what_a_substring_search_misses() -> None:
    reader = PdfReader(io.BytesIO(escaped_names_js()))
    assert uploads.active_pdf_content(reader) == {"/JavaScript"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("bi\x00la\x07ga\r\n.pdf", "bilaga.pdf"),
        ("faktura\u202efdp.exe", "fakturafdp.exe"),
        ("../..", "fil"),
        ("", "fil"),
        ("/.pdf", "pdf"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_are_made_safe(name: str, expected: str) -> None:
    assert uploads.safe_filename(name) == expected


def test_the_type_is_sniffed_from_the_bytes() -> None:
    assert uploads.sniff(EXE) == "exe"
    assert uploads.sniff(HTML) == "markup"
    assert uploads.sniff(b"\x7fELF\x02\x01") == "exe"
    assert uploads.sniff(minutes_pdf()) == "pdf"
    assert uploads.sniff(docx_bytes()) == "zip"
    assert uploads.sniff("Å ä ö".encode()) == "text"
    assert uploads.sniff(b"") == "empty"


# --- The minutes import -----------------------------------------------------------------------


class _MediaMixin:
    media: Path

    def use_temporary_media(self, test: Any) -> None:
        self.media = Path(tempfile.mkdtemp(prefix="kunskapsnav-hostile-"))
        override = override_settings(MEDIA_ROOT=str(self.media))
        override.enable()
        test.addCleanup(override.disable)
        test.addCleanup(shutil.rmtree, self.media, ignore_errors=True)

    def stored_files(self) -> list[Path]:
        return [p for p in self.media.rglob("*") if p.is_file()]


@pytest.mark.parametrize("name", sorted(hostile_docx()))
def test_extract_refuses_each_hostile_docx(name: str) -> None:
    data, expected = hostile_docx()[name]
    with pytest.raises(ExtractionError, match=expected) as refused:
        extract_text(data, name)
    assert "root:" not in str(refused.value)


@pytest.mark.parametrize("name", sorted(hostile_pdfs()))
def test_extract_refuses_each_hostile_pdf(name: str) -> None:
    with pytest.raises(ExtractionError, match=SCRIPT):
        extract_text(hostile_pdfs()[name], name)


def test_extract_reads_a_docx_with_an_embedded_zip_without_unpacking_it() -> None:
    assert "Mötet öppnas" in extract_text(nested_zip(docx_bytes()), "inbaddad.docx")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (EXE, "program.pdf", "program.pdf är ingen PDF: " + WRONG),
        (HTML, "sida.pdf", "sida.pdf är ingen PDF: " + WRONG),
        (EXE, "program.txt", "binärt innehåll"),
    ],
)
def test_extract_refuses_a_file_that_is_not_what_its_name_says(
    data: bytes, name: str, expected: str
) -> None:
    with pytest.raises(ExtractionError, match=expected):
        extract_text(data, name)


class MinutesUploadTests(_MediaMixin, BaseTestCase):
    """Each refused upload leaves no ImportDocument, ImportBatch, Meeting, history or file."""

    def setUp(self) -> None:
        super().setUp()
        self.use_temporary_media(self)
        self.client.force_login(self.alice)

    def post(self, *files: tuple[str, bytes]) -> str:
        response = self.client.post(
            reverse("minutes:start"),
            {"files": [SimpleUploadedFile(name, data) for name, data in files]},
            follow=True,
        )
        assert response.status_code == 200
        return response.content.decode()

    def assert_nothing_changed(self) -> None:
        assert not ImportDocument.objects.exists()
        assert not ImportBatch.objects.exists()
        assert not Meeting.objects.exists()
        assert not Meeting.history.exists()
        assert self.stored_files() == []

    def assert_refused(self, page: str, *expected: str) -> None:
        for text in expected:
            assert text in page, page[-3000:]
        assert "root:" not in page
        self.assert_nothing_changed()

    def test_hostile_word_files_are_refused(self) -> None:
        for name, (data, expected) in hostile_docx().items():
            with self.subTest(name):
                self.assert_refused(self.post((name, data)), name, expected)

    def test_pdfs_with_scripts_or_embedded_files_are_refused(self) -> None:
        for name, data in hostile_pdfs().items():
            with self.subTest(name):
                self.assert_refused(self.post((name, data)), f"PDF-filen {name} {SCRIPT}")

    def test_wrong_types_empty_encrypted_and_truncated_files_are_refused(self) -> None:
        pdf = minutes_pdf()
        cases = [
            ("program.pdf", EXE, f"program.pdf är ingen PDF: {WRONG}"),
            ("sida.pdf", HTML, f"sida.pdf är ingen PDF: {WRONG}"),
            ("tom.pdf", b"", "tom.pdf är tom."),
            ("tom.txt", b"", "tom.txt är tom."),
            ("binar.txt", EXE, "binar.txt verkar inte vara en textfil (binärt innehåll)."),
            ("last.pdf", encrypted_pdf("hemligt"), "last.pdf är lösenordsskyddad"),
            ("halv.pdf", pdf[: len(pdf) // 2], "halv.pdf är skadad och kan inte läsas som PDF."),
        ]
        for name, data, expected in cases:
            with self.subTest(name):
                self.assert_refused(self.post((name, data)), expected)

    def test_a_file_just_over_the_limit_is_refused(self) -> None:
        from kunskapsnav.minutes import views

        data = b"Minnesanteckningar\n" * 60
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(views, "MAX_FILE_BYTES", len(data) - 1)
            page = self.post(("stor.txt", data))
        self.assert_refused(page, "stor.txt är för stor (högst 1 kB).")

    def test_one_bad_file_in_a_zip_refuses_the_whole_upload(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("002.txt", "Minnesanteckningar\n1. Inledning\n")
            archive.writestr("bomb.docx", hostile_docx()["packad.docx"][0])
        page = self.post(("protokoll.zip", buffer.getvalue()))
        self.assert_refused(page, "bomb.docx", ZIP_BOMB)

    def test_a_zip_bomb_zip_is_refused_from_its_directory(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.txt", "Minnesanteckningar\n")
            archive.writestr("b.txt", b" " * (2 * 1024 * 1024))
        forged = forge_declared_size(buffer.getvalue(), "a.txt")
        self.assert_refused(self.post(("protokoll.zip", forged)), "protokoll.zip blir för stor")
        high = self.post(("protokoll.zip", buffer.getvalue()))
        self.assert_refused(high, "protokoll.zip", ZIP_BOMB)

    def test_a_zip_with_a_broken_or_encrypted_member_is_refused(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("002.txt", "Minnesanteckningar\n1. Inledning\n")
        broken = buffer.getvalue().replace(b"Inledning", b"Utledning")  # the CRC no longer fits
        encrypted = bytearray(buffer.getvalue())
        encrypted[6] |= 0x01  # the local header's "encrypted" flag
        central = encrypted.find(b"PK\x01\x02")
        encrypted[central + 8] |= 0x01  # and the directory's
        for data in (broken, bytes(encrypted)):
            with self.subTest(data[:0]):
                page = self.post(("protokoll.zip", data))
                self.assert_refused(page, "protokoll.zip är ingen läsbar ZIP-fil.")

    def test_zip_member_names_are_made_safe_and_mac_metadata_is_skipped(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("../../../tmp/ut\x01.txt", "Minnesanteckningar\n1. Inledning\n")
            archive.writestr("__MACOSX/._ut.txt", b"\x00\x05\x16\x07" + b"\x00" * 40)
            archive.writestr("inre.zip", b"PK\x03\x04 not unpacked")
        self.post(("protokoll.zip", buffer.getvalue()))
        document = ImportDocument.objects.get()
        assert document.original_name == "ut.txt"
        assert document.file.name.startswith("imports/")
        assert Path(document.file.path).resolve().is_relative_to(self.media.resolve())


# --- Meeting attachments ----------------------------------------------------------------------


class AttachmentUploadTests(_MediaMixin, BaseTestCase):
    meeting: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = f.meeting(cls.lpo, dt.date(2024, 5, 3))

    def setUp(self) -> None:
        super().setUp()
        self.use_temporary_media(self)
        self.client.force_login(self.bob)

    def post(self, name: str, data: bytes, **extra: str) -> str:
        response = self.client.post(
            reverse("meetings:attachment_add", args=[self.meeting.pk]),
            {"file": SimpleUploadedFile(name, data, content_type="text/html"), **extra},
            follow=True,
        )
        assert response.status_code == 200
        return response.content.decode()

    def assert_refused(self, page: str, expected: str) -> None:
        assert expected in page, page[-3000:]
        assert not Attachment.objects.exists()
        assert not Attachment.history.exists()
        assert self.stored_files() == []

    def test_hostile_files_are_refused_one_by_one(self) -> None:
        xlsx = _gap_like_xlsx()
        cases: list[tuple[str, bytes, str]] = [
            *((name, data, f"PDF-filen {name} {SCRIPT}") for name, data in hostile_pdfs().items()),
            *((name, data, expected) for name, (data, expected) in hostile_docx().items()),
            ("program.pdf", EXE, f"program.pdf är ingen PDF: {WRONG}"),
            ("sida.xlsx", HTML, f"sida.xlsx är ingen Excel-fil: {WRONG}"),
            ("program.xlsx", EXE, f"program.xlsx är ingen Excel-fil: {WRONG}"),
            ("bild.png", HTML, f"bild.png är ingen PNG-bild: {WRONG}"),
            ("xxe.xlsx", _xlsx_with_xxe(xlsx), ENTITIES),
            ("forfalskad.xlsx", forge_declared_size(xlsx, "xl/workbook.xml"), ZIP_BOMB),
            ("last.pdf", encrypted_pdf("hemligt"), "last.pdf är lösenordsskyddad"),
            ("tom.pdf", b"", "tom.pdf är tom."),
            ("halv.pdf", minutes_pdf()[:500], "halv.pdf är skadad"),
            ("sida.html", HTML, "Filtypen tas inte emot."),
        ]
        for name, data, expected in cases:
            with self.subTest(name):
                self.assert_refused(self.post(name, data), expected)

    def test_a_file_just_over_the_limit_is_refused(self) -> None:
        data = minutes_pdf()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(meetings, "MAX_ATTACHMENT_BYTES", len(data) - 1)
            page = self.post("stor.pdf", data)
        self.assert_refused(page, "stor.pdf är för stor (högst")

    def test_a_title_too_long_leaves_no_file_behind(self) -> None:
        self.assert_refused(self.post("plan.pdf", minutes_pdf(), title="x" * 301), "301")

    def test_a_path_in_the_name_is_dropped_and_control_characters_removed(self) -> None:
        for name in ("../../etc/passwd.pdf", "pass\x00wd\x1b.pdf", "..\\..\\passwd.pdf"):
            with self.subTest(name):
                attachment = meetings.add_attachment(
                    self.meeting, SimpleUploadedFile(name, minutes_pdf()), acting_user=self.bob
                )
                stored = attachment.file.name
                assert stored.startswith(f"meetings/{self.meeting.pk}/")
                assert stored.endswith("-passwd.pdf"), stored
                assert attachment.title == "passwd.pdf"
                assert Path(attachment.file.path).resolve().is_relative_to(self.media.resolve())
        # Through the page too (Django drops the path; the guard drops what is left).
        self.post("../../etc/\x07passwd.pdf", minutes_pdf())
        latest = Attachment.objects.latest("pk")
        assert latest.file.name.endswith("-passwd.pdf")

    def test_the_stored_type_is_the_extensions_not_the_browsers(self) -> None:
        self.post("plan.pdf", minutes_pdf())
        assert Attachment.objects.get().content_type == "application/pdf"

    def test_a_download_is_an_attachment_never_html_and_never_sniffed(self) -> None:
        self.post("plan.pdf", minutes_pdf())
        legacy = Attachment(meeting=self.meeting, title="Gammal")
        legacy.file.save("sida.html", ContentFile(HTML), save=True)
        types = {}
        for attachment in Attachment.objects.all():
            with self.subTest(attachment.title):
                response = self.client.get(
                    reverse("meetings:attachment_download", args=[attachment.pk])
                )
                assert response.status_code == 200
                assert response["Content-Disposition"].startswith("attachment;")
                assert response["X-Content-Type-Options"] == "nosniff"
                assert "html" not in response["Content-Type"]
                types[attachment.title] = response["Content-Type"]
                # Read through the test client's wrapper, which closes without ending the
                # test's transaction (response.close() would, on PostgreSQL).
                response.getvalue()
        assert types == {"plan.pdf": "application/pdf", "Gammal": "application/octet-stream"}

    def test_the_service_refuses_the_same_way(self) -> None:
        with pytest.raises(ValidationError, match=SCRIPT):
            meetings.add_attachment(
                self.meeting,
                SimpleUploadedFile("lank.pdf", hostile_pdfs()["lank.pdf"]),
                acting_user=self.bob,
            )
        assert not Attachment.objects.exists()
        assert self.stored_files() == []


def _gap_like_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Gapanalys"
    sheet["A1"] = "Nr"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_with_xxe(data: bytes) -> bytes:
    return with_doctype(data, "xl/worksheets/sheet1.xml", XXE, "<sheetData>", "<sheetData>&e;")


# --- The gap analysis in Excel ----------------------------------------------------------------


class GapImportTests(_MediaMixin, ImplementationTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.use_temporary_media(self)
        guidance.set_assessment(
            self.psykiatri, self.r1, acting_user=None, state=GapAssessment.State.UPPFYLLT
        )
        self.client.force_login(self.bob)

    def exported(self) -> bytes:
        return gap_xlsx.export_gap_analysis(self.refresh())

    def changed_export(self) -> bytes:
        """The export with a valid change, so that a refusal is the hostile part's doing."""
        workbook = load_workbook(io.BytesIO(self.exported()))
        workbook["Gapanalys"]["C4"] = "Delvis uppfyllt"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def snapshot(self) -> tuple[list[tuple[Any, ...]], int]:
        rows = list(
            GapAssessment.objects.order_by("pk").values_list(
                "unit_id", "recommendation_id", "state", "comment"
            )
        )
        return rows, GapAssessment.history.count()

    def post(self, data: bytes, name: str = "gapanalys.xlsx") -> str:
        response = self.client.post(
            reverse("guidance:gap_import", args=[self.implementation.pk]),
            {"file": SimpleUploadedFile(name, data)},
        )
        assert response.status_code == 200
        return response.content.decode()

    def test_the_changed_export_is_read(self) -> None:
        response = self.client.post(
            reverse("guidance:gap_import", args=[self.implementation.pk]),
            {"file": SimpleUploadedFile("gapanalys.xlsx", self.changed_export())},
        )
        assert response.status_code == 302
        assert GapAssessment.objects.get(recommendation=self.r2, unit=self.psykiatri).state == (
            GapAssessment.State.DELVIS
        )

    def test_hostile_workbooks_are_refused_and_change_nothing(self) -> None:
        good = self.changed_export()
        sheet = "xl/worksheets/sheet1.xml"
        cases: list[tuple[str, bytes, str]] = [
            ("forged", forge_declared_size(good, sheet), "Filen packas upp till mer än 50 MB"),
            ("ratio", add_part(good, "xl/media/image1.png", b"\0" * 5_000_000), ZIP_BOMB),
            ("xxe", with_doctype(good, sheet, XXE, "Delvis uppfyllt", "&e;"), ENTITIES),
            ("laughs", with_doctype(good, sheet, LAUGHS, "Delvis uppfyllt", "&a9;"), ENTITIES),
            (
                "xxe-workbook",
                with_doctype(good, "xl/workbook.xml", XXE, "<sheets>", "<sheets>&e;"),
                ENTITIES,
            ),
            ("exe", EXE, "Filen är ingen Excel-fil (.xlsx)."),
            ("html", HTML, "Filen är ingen Excel-fil (.xlsx)."),
            ("pdf", minutes_pdf(), "Filen är ingen Excel-fil (.xlsx)."),
            ("docx", docx_bytes(), "Filen är ingen Excel-fil (.xlsx)."),
            ("truncated", good[: len(good) // 2], "Filen är skadad"),
        ]
        before = self.snapshot()
        for label, data, expected in cases:
            with self.subTest(label):
                page = self.post(data)
                assert expected in page, page[-3000:]
                assert "root:" not in page
                assert self.snapshot() == before
        assert self.stored_files() == []

    def test_an_empty_upload_is_refused(self) -> None:
        before = self.snapshot()
        page = self.post(b"")
        assert "tom" in page
        assert self.snapshot() == before

    def test_a_workbook_just_over_the_limit_is_refused(self) -> None:
        data = self.changed_export()
        before = self.snapshot()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(gap_xlsx, "MAX_UPLOAD_BYTES", len(data) - 1)
            page = self.post(data)
        assert "Filen är för stor" in page
        assert self.snapshot() == before

    def test_the_service_refuses_an_entity_even_without_the_page(self) -> None:
        good = self.changed_export()
        data = with_doctype(good, "xl/worksheets/sheet1.xml", XXE, "Delvis uppfyllt", "&e;")
        with pytest.raises(ValidationError, match=ENTITIES):
            gap_xlsx.import_gap_analysis(self.refresh(), data, acting_user=self.bob)


# --- The API ----------------------------------------------------------------------------------


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_api_takes_no_file_uploads() -> None:
    """No API operation accepts a file today. One that does needs the guard and a case here."""
    from kunskapsnav.api.api import api

    schema = api.get_openapi_schema()
    uploads_found = [
        f"{method.upper()} {path}"
        for path, method, operation in _operations(schema)
        if any(
            kind.startswith(("multipart/", "application/octet-stream"))
            for kind in operation.get("requestBody", {}).get("content", {})
        )
    ]
    assert uploads_found == []


def test_extract_limits_are_the_guards() -> None:
    limits = extract_module._limits()
    assert (limits.max_unpacked, limits.max_entries) == (100 * 1024 * 1024, 5000)
