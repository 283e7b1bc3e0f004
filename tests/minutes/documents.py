"""Small PDF and DOCX files built inside the tests (WeasyPrint, pypdf, python-docx, Pillow)."""

from __future__ import annotations

import html
import importlib
import io
import zipfile
from pathlib import Path

PAGE_STYLE = (
    "@page { size: A5; margin: 2cm; @top-center { content: 'Region Testlän – Minnesanteckningar' }"
    " @bottom-center { content: 'Sida ' counter(page) ' av ' counter(pages) } }"
    " body { font: 10pt sans-serif } p { margin: 0 } .break { page-break-before: always }"
)


def pdf_from_lines(pages: list[list[str]]) -> bytes:
    """A text PDF: each inner list is one page, one paragraph per line."""
    body = "".join(
        f"<div class='{'break' if n else ''}'>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        + "</div>"
        for n, lines in enumerate(pages)
    )
    document = f"<html><head><style>{PAGE_STYLE}</style></head><body>{body}</body></html>"
    weasyprint = importlib.import_module("weasyprint")  # WeasyPrint ships no types
    data: bytes = weasyprint.HTML(string=document).write_pdf()
    return data


def scanned_pdf() -> bytes:
    """An image-only PDF, as a scanner makes it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill="black")
    out = io.BytesIO()
    image.save(out, format="PDF")
    return out.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_from_lines([["Hemliga minnesanteckningar"]]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="ägare", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb_docx(path: Path, unpacked_mb: int = 101) -> None:
    """A DOCX whose parts unpack to more than the limit (zeros compress ~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/filler.bin", "w", force_zip64=True) as filler:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                filler.write(chunk)
