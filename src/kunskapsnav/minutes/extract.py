"""Text out of the files minutes arrive in: plain text, PDF and Word (DOCX).

``extract_text(path_or_bytes, filename)`` returns the document's text with one line per printed
line (PDF) or paragraph (DOCX); cleaning the text is the parser's job (``parser.clean``), so
PDF noise is removed in one place. What cannot be read raises :class:`ExtractionError` with a
one-line Swedish message for the user, never a traceback:

- an empty file, a file over 50 MB, binary data that is not text;
- a PDF that is encrypted with a password, damaged, holds scripts or embedded files, or has no
  text layer (a scan: the message says it needs OCR first);
- a DOCX that is not a Word file, is damaged, would unpack to more than 100 MB or is packed
  suspiciously hard (a zip bomb: the zip directory is checked before anything is unpacked), or
  whose XML declares a DOCTYPE or entities (billion laughs, XXE).

The checks of PDF and DOCX are the shared upload guard's, :mod:`kunskapsnav.core.uploads`.

Plain text is read as UTF-8 (with or without BOM), else as the encoding ``charset_normalizer``
finds, else CP1252, else Latin-1. PDF text comes from pypdf page by page in reading order;
lines that repeat at the top or bottom of most pages (letterheads, "Sida 2 av 5", "Justerandes
sign") are dropped. DOCX gives paragraphs and tables in document order: numbered paragraphs with
the number Word shows (``3.``), bullets as ``•``, headings as markdown ``#`` lines, and each table
row as ``cell, cell``.

No Django import here (the guard translates its messages only when Django is set up): the
module serves the management command, the web upload and the benchmark alike.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kunskapsnav.core import uploads

MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".csv", ""}
_MIN_CHARS_PER_PAGE = 20


class ExtractionError(Exception):
    """A file that cannot be read as minutes; the message is one Swedish line for the user."""


@dataclass(frozen=True)
class Extracted:
    """The text of a document and how many pages it had (1 for text and DOCX)."""

    text: str
    pages: int


def extract_text(source: str | Path | bytes, filename: str | None = None) -> str:
    """The text of a minutes file given as a path or as its bytes (see the module doc)."""
    return extract(source, filename).text


def extract(source: str | Path | bytes, filename: str | None = None) -> Extracted:
    """Like :func:`extract_text`, with the page count (the benchmark counts pages)."""
    data, name = _read(source, filename)
    if not data.strip():
        raise ExtractionError(f"{name} är tom.")
    suffix = Path(name).suffix.lower()
    found = uploads.sniff(data)
    if data.startswith(b"%PDF") or found == "pdf" or suffix == ".pdf":
        return _pdf(data, name)
    if found == "zip" or suffix in {".docx", ".docm"}:
        return Extracted(_docx(data, name), 1)
    if suffix in {".doc", ".odt", ".rtf", ".pages"}:
        raise ExtractionError(
            f"{name}: filformatet kan inte läsas; spara dokumentet som PDF, DOCX eller text."
        )
    return Extracted(_plain_text(data, name), 1)


def _read(source: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        name = filename or "Filen"
        if len(source) > MAX_BYTES:
            raise ExtractionError(_too_big(name, len(source)))
        return bytes(source), name
    path = Path(source)
    name = filename or path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ExtractionError(f"{name} är ingen fil.")
        if size > MAX_BYTES:
            raise ExtractionError(_too_big(name, size))
        return path.read_bytes(), name
    except FileNotFoundError:
        raise ExtractionError(f"{name} finns inte.") from None
    except PermissionError:
        raise ExtractionError(f"{name} kan inte öppnas (behörighet saknas).") from None
    except OSError as exc:
        raise ExtractionError(f"{name} kan inte läsas ({exc.strerror or exc}).") from None


def _too_big(name: str, size: int) -> str:
    return f"{name} är för stor ({size / 1024 / 1024:.0f} MB); högst 50 MB kan läsas in."


# -- plain text ------------------------------------------------------------------------------


def _plain_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError(f"{name} verkar inte vara en textfil (binärt innehåll).")
    text = _decode(data)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 50):
        raise ExtractionError(f"{name} verkar inte vara en textfil (binärt innehåll).")
    return text


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A cut UTF-16 file (an odd number of bytes) keeps what can be read.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding.replace("_", "").lower() in {
        "cp1252",
        "windows1252",
        "latin1",
        "iso88591",
        "iso885915",
        "cp850",
        "macroman",
        "utf16",
    }:
        return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# -- PDF -------------------------------------------------------------------------------------


def _pdf(data: bytes, name: str) -> Extracted:
    try:
        if not data.startswith(b"%PDF"):
            uploads.check_type(data, name, "pdf")
        reader = uploads.check_pdf(data, name)
    except uploads.UploadError as refused:
        raise ExtractionError(str(refused)) from None
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception:  # pypdf raises many kinds of errors on broken files, RecursionError too
        raise ExtractionError(f"{name} är skadad och kan inte läsas som PDF.") from None
    if not pages:
        raise ExtractionError(f"{name} har inga sidor.")
    chars = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if chars < _MIN_CHARS_PER_PAGE * len(pages):
        raise ExtractionError(
            f"{name} innehåller ingen text; den verkar vara inskannad och behöver OCR först."
        )
    return Extracted(join_pages([p.split("\n") for p in pages]), len(pages))


_PAGE_NUMBER = re.compile(
    r"\b(?:sida|sid\.?|page|s\.)\s*\d+(?:\s*(?:av|of|/|\()\s*\d+\)?)?|\b\d+\s*\(\s*\d+\s*\)"
    r"|\b\d+\s*/\s*\d+\b|^[-–]?\s*\d+\s*[-–]?$",
    re.IGNORECASE,
)


def _furniture_key(line: str) -> str:
    """A line as it repeats from page to page: only a page number may differ."""
    return _PAGE_NUMBER.sub("#", " ".join(line.split()).lower())


def join_pages(pages: list[list[str]], zone: int = 3) -> str:
    """Join pages, dropping lines that repeat at the top or bottom of most pages.

    A line counts as page furniture when its text (a page number ignored, so "Sida 2 av 5"
    matches "Sida 3 av 5", but "§ 12" does not match "§ 13") stands among the first or last
    ``zone`` non-empty lines of at least 60 % of the pages, and of at least two pages. A line
    that ends a sentence is text, not furniture, unless it holds a page number.
    """
    if len(pages) < 2:
        return "\n".join(pages[0]) if pages else ""
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = _edge_lines(lines, zone)
        counts.update({_furniture_key(lines[i]) for i in edge})
    needed = max(2, -(-len(pages) * 6 // 10))
    furniture = {
        key
        for key, n in counts.items()
        if n >= needed and key.strip() and ("#" in key or not re.search(r"[.!?]$", key))
    }
    out: list[str] = []
    for lines in pages:
        edge = _edge_lines(lines, zone)
        kept = [
            line
            for i, line in enumerate(lines)
            if not (i in edge and _furniture_key(line) in furniture)
        ]
        out.append("\n".join(kept))
    return "\n\n".join(out)


def _edge_lines(lines: list[str], zone: int) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:zone]) | set(filled[-zone:])


# -- DOCX ------------------------------------------------------------------------------------


def _limits() -> uploads.Limits:
    return uploads.Limits(
        max_bytes=MAX_BYTES, max_unpacked=MAX_UNPACKED, max_entries=MAX_ZIP_ENTRIES
    )


def _docx(data: bytes, name: str) -> str:
    try:
        uploads.check_type(data, name, "docx")
        uploads.check_zip(data, name, _limits(), "docx")
    except uploads.UploadError as refused:
        if refused.code == uploads.NOT_OFFICE:
            raise ExtractionError(f"{name} är inte en Word-fil (DOCX).") from None
        raise ExtractionError(str(refused)) from None
    try:
        from docx import Document

        document = Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document))
    except ExtractionError:
        raise
    except Exception:  # python-docx and lxml raise many kinds of errors on broken files
        raise ExtractionError(f"{name} är skadad och kan inte läsas som Word-fil.") from None


def _docx_lines(document: Any) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                lines.append("")
                continue
            lines.append(numbering.label(paragraph) + text)
        elif tag == "tbl":
            table = Table(child, document)
            lines.extend(_table_lines(table))
            lines.append("")
    return lines


def _table_lines(table: Any) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            lines.append(", ".join(cells))
    return lines


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Numbering:
    """The numbers and bullets Word shows before list paragraphs (``3.``, ``a)``, ``•``).

    python-docx does not compute list numbers, so they are counted here from the numbering
    definitions: each list (``numId``) keeps a counter per level; a level's counter restarts
    when a higher level moves on. Headings become markdown ``#`` lines.
    """

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl.find(f"{_W}numFmt"), "decimal")
                text = _val(lvl.find(f"{_W}lvlText"), "%1.")
                start = int(_val(lvl.find(f"{_W}start"), "1") or 1)
                levels[ilvl] = (fmt, text, start)
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for node in root.findall(f"{_W}num"):
            ref = node.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[node.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val", ""), {})

    def label(self, paragraph: Any) -> str:
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = re.match(r"^(?:Heading|Rubrik)\s*(\d)$", style or "")
        if heading:
            return "#" * int(heading.group(1)) + " "
        if style in {"Title", "Rubrik"}:
            return "# "
        num = self._num_pr(paragraph)
        if num is None:
            return ""
        num_id, ilvl = num
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for level in range(ilvl + 1, 9):
            counters[level] = 0
        fmt, text, start = levels[ilvl]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        if fmt == "bullet":
            return "• "
        if fmt == "none":
            return ""

        def number(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            lfmt = levels.get(level, ("decimal", "", 1))[0]
            value = counters[level] or levels.get(level, ("", "", 1))[2]
            return _format_number(value, lfmt)

        return re.sub(r"%(\d)", number, text).strip() + " "

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str, int] | None:
        for source in (paragraph._p.pPr, _style_ppr(paragraph)):
            if source is None:
                continue
            num_pr = source.find(f"{_W}numPr")
            if num_pr is None:
                continue
            num_id = _val(num_pr.find(f"{_W}numId"), "")
            ilvl = int(_val(num_pr.find(f"{_W}ilvl"), "0") or 0)
            if num_id and num_id != "0":
                return num_id, ilvl
        return None


def _style_ppr(paragraph: Any) -> Any:
    style = paragraph.style
    element = getattr(style, "element", None)
    return element.find(f"{_W}pPr") if element is not None else None


def _val(node: Any, default: str) -> str:
    if node is None:
        return default
    value = node.get(f"{_W}val")
    return str(value) if value is not None else default


def _format_number(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out
