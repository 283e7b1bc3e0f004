"""One guard for every uploaded file: checked before anything is unpacked, parsed or saved.

The minutes import (``minutes.extract`` and its upload page), the gap analysis in Excel
(``guidance.gap_xlsx``) and meeting attachments (``meetings.services.add_attachment``) all ask
:func:`check_upload` (or one of its parts) first. What it refuses raises :class:`UploadError`
with one Swedish sentence for the user and a ``code`` that callers may map to a message of their
own. The checks:

- **size**: empty, or larger than the caller's limit;
- **type**: the first bytes must match the file name's extension (a program or a web page
  renamed ``.pdf``, ``.docx`` or ``.xlsx`` is refused, see :func:`sniff`);
- **ZIP containers** (DOCX, XLSX, PPTX, OpenDocument, ZIP), from the central directory before
  a byte is unpacked: number of entries, total unpacked size and, for each entry larger than
  1 MB, the compression ratio (a zip bomb packs gigabytes of zeros into kilobytes). Python's
  ``zipfile`` never unpacks more than an entry's declared size (it fails the CRC check
  instead), so the directory's sizes bound what any later reader unpacks;
- **XML in Office files**: no part may declare a DOCTYPE or an entity (billion laughs, XXE:
  ``<!ENTITY e SYSTEM "file:///etc/passwd">``), in UTF-8 or UTF-16/32 spelling, and no part
  may declare an encoding that hides those bytes (UTF-7, EBCDIC). Word and Excel never write
  either, so nothing real is refused;
- **PDF**: not encrypted with a password (it could not be checked) and no active content:
  JavaScript (``/JS``, ``/JavaScript``, in the names tree, ``/OpenAction``, ``/AA`` or an
  annotation's action), ``/Launch`` actions, embedded files or XFA forms. The whole object
  graph is walked with pypdf (which reads object streams and ``#xx``-escaped names), and the
  raw bytes are searched as well.

:func:`safe_filename` turns an uploaded name into one that is safe to store and to show.

The module imports Django only to translate its messages, and only when Django is set up, so
that ``minutes.extract`` still runs in the benchmark without settings.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PdfReader

MB = 1024 * 1024

#: An entry this large or larger may not unpack to more than ``MAX_RATIO`` times its packed size.
RATIO_FLOOR = 1 * MB
#: Office XML packs 10–30:1; a zip bomb of zeros about 1000:1.
MAX_RATIO = 200
#: More objects than this in a PDF are not walked; the file is refused as too complex.
MAX_PDF_OBJECTS = 500_000


def _(message: str) -> str:
    """``gettext`` once Django is set up (the web, the commands); the Swedish text otherwise."""
    from django.apps import apps
    from django.conf import settings

    if not settings.configured or not apps.ready:
        return message
    from django.utils.translation import gettext

    return gettext(message)


class UploadError(Exception):
    """An upload that is not accepted; ``str()`` is one Swedish sentence for the user."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


# The codes of UploadError, for callers that keep messages of their own.
EMPTY = "empty"
TOO_BIG = "too_big"
UNSUPPORTED = "unsupported"
WRONG_TYPE = "wrong_type"
NOT_TEXT = "not_text"
DAMAGED = "damaged"
NOT_OFFICE = "not_office"
ZIP_ENTRIES = "zip_entries"
ZIP_UNPACKED = "zip_unpacked"
ZIP_RATIO = "zip_ratio"
XML_DECLARATIONS = "xml_declarations"
PDF_ENCRYPTED = "pdf_encrypted"
PDF_ACTIVE = "pdf_active"
PDF_COMPLEX = "pdf_complex"


@dataclass(frozen=True)
class Limits:
    """A caller's limits: the file itself, and a ZIP container's directory."""

    max_bytes: int
    max_unpacked: int = 100 * MB
    max_entries: int | None = 5_000


# --- Kinds of file ----------------------------------------------------------------------------

#: A file's kind by its extension.
KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".xlsx": "xlsx",
    ".pptx": "pptx",
    ".odt": "odf",
    ".ods": "odf",
    ".odp": "odf",
    ".doc": "ole",
    ".xls": "ole",
    ".ppt": "ole",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".csv": "text",
    ".zip": "zip",
}
#: What :func:`sniff` must find for each kind.
CONTENT = {
    "pdf": "pdf",
    "docx": "zip",
    "xlsx": "zip",
    "pptx": "zip",
    "odf": "zip",
    "zip": "zip",
    "ole": "ole",
    "png": "png",
    "jpeg": "jpeg",
    "gif": "gif",
    "text": "text",
}
#: The part without which a ZIP is not a file of the kind.
REQUIRED_PARTS = {
    "docx": ("word/document.xml",),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
    "odf": ("content.xml",),
}
ZIP_KINDS = frozenset({"docx", "xlsx", "pptx", "odf", "zip"})
#: Office containers whose XML parts are checked for DOCTYPE and entities.
XML_CONTAINERS = frozenset({"docx", "xlsx", "pptx", "odf"})


def kind_label(kind: str) -> str:
    labels = {
        "pdf": _("PDF"),
        "docx": _("Word-fil"),
        "xlsx": _("Excel-fil"),
        "pptx": _("PowerPoint-fil"),
        "odf": _("OpenDocument-fil"),
        "ole": _("Office-fil"),
        "png": _("PNG-bild"),
        "jpeg": _("JPEG-bild"),
        "gif": _("GIF-bild"),
        "text": _("textfil"),
        "zip": _("ZIP-fil"),
    }
    return labels.get(kind, kind)


def kind_of(name: str) -> str | None:
    """The kind of file its name says it is, or ``None`` for an extension not known here."""
    return KINDS.get(PurePosixPath(name.lower()).suffix)


_MARKUP = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<?xml",
)


def sniff(data: bytes) -> str:
    """What the first bytes say the file is.

    ``pdf``, ``zip``, ``ole`` (old Office), ``png``, ``jpeg``, ``gif``, ``exe`` (Windows, Linux
    or macOS programs), ``markup`` (HTML, SVG, XML), ``rtf``, ``text`` (no NUL
    byte in the first 8 KB, or a UTF-16 byte-order mark), ``binary``, or ``empty``.
    """
    if not data:
        return "empty"
    head = data[:8192]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\f")
    if start.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(
        (
            b"\x7fELF",
            b"\xfe\xed\xfa\xce",
            b"\xfe\xed\xfa\xcf",
            b"\xcf\xfa\xed\xfe",
            b"\xce\xfa\xed\xfe",
        )
    ) or (head.startswith(b"MZ") and b"\x00" in head):
        return "exe"
    if start.lower().startswith(b"{\\rtf"):
        return "rtf"
    if start.lower().startswith(_MARKUP):
        return "markup"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        return "text"
    return "binary"


# --- Names ------------------------------------------------------------------------------------


def safe_filename(name: str | None, default: str = "fil", max_length: int = 150) -> str:
    """The last part of ``name`` without control characters, path separators or leading dots.

    ``../../etc/passwd.pdf`` becomes ``passwd.pdf``, ``a\\x00b.pdf`` ``ab.pdf`` (control and
    format characters such as a right-to-left override are dropped); a name with
    nothing left becomes ``default`` (with the original extension when there was one). Long
    names are shortened, keeping the extension.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.split(r"[/\\]", text)[-1]
    text = " ".join(text.split()).strip(" .")
    suffix = PurePosixPath(text).suffix if text else ""
    if not text or not PurePosixPath(text).stem.strip(" ."):
        clean_suffix = suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) else ""
        return default + clean_suffix
    if len(text) > max_length:
        keep = suffix if len(suffix) <= 12 else ""
        text = text[: max_length - len(keep)].rstrip(" .") + keep
    return text


# --- The guard --------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    """A limit as people read it: ``5 MB``, ``512 kB``, ``10 byte``."""
    if size >= MB:
        return f"{size / MB:.0f} MB" if size % MB == 0 else f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} kB"
    return f"{size} byte"


def check_size(size: int, name: str, limits: Limits) -> None:
    """Not empty, and not over the limit (checked on the declared size, before reading)."""
    if size <= 0:
        raise UploadError(_("%(name)s är tom.") % {"name": name}, EMPTY)
    if size > limits.max_bytes:
        raise UploadError(
            _("%(name)s är för stor (högst %(limit)s).")
            % {"name": name, "limit": megabytes(limits.max_bytes)},
            TOO_BIG,
        )


def check_upload(data: bytes, name: str, limits: Limits, kind: str | None = None) -> str:
    """Check an upload in full (see the module doc); its kind (``pdf``, ``docx``, …).

    ``kind`` defaults to what the name's extension says; an extension not in :data:`KINDS`
    is refused.
    """
    check_size(len(data), name, limits)
    kind = kind or kind_of(name)
    if kind is None:
        raise UploadError(_("%(name)s: filtypen tas inte emot.") % {"name": name}, UNSUPPORTED)
    check_type(data, name, kind)
    if kind in ZIP_KINDS:
        check_zip(data, name, limits, kind)
    elif kind == "pdf":
        check_pdf(data, name)
    return kind


def check_type(data: bytes, name: str, kind: str) -> None:
    """The first bytes must be what the extension says."""
    found = sniff(data)
    expected = CONTENT.get(kind, kind)
    if found == expected:
        return
    if expected == "text":
        if found in {"markup", "rtf"}:
            return  # text that happens to hold markup is still text, and is served as text
        raise UploadError(
            _("%(name)s verkar inte vara en textfil (binärt innehåll).") % {"name": name},
            NOT_TEXT,
        )
    raise UploadError(
        _("%(name)s är ingen %(kind)s: innehållet stämmer inte med filändelsen.")
        % {"name": name, "kind": kind_label(kind)},
        WRONG_TYPE,
    )


def _damaged(name: str, kind: str) -> UploadError:
    return UploadError(
        _("%(name)s är skadad och kan inte läsas som %(kind)s.")
        % {"name": name, "kind": kind_label(kind)},
        DAMAGED,
    )


# --- ZIP containers ---------------------------------------------------------------------------


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The ZIP with its central directory read (nothing unpacked), or ``UploadError``."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged(name, kind) from None


def check_zip_entries(
    entries: Sequence[zipfile.ZipInfo], name: str, limits: Limits, *, count: bool = True
) -> None:
    """Entry count, total unpacked size and each entry's ratio, from the directory alone."""
    if count and limits.max_entries is not None and len(entries) > limits.max_entries:
        raise UploadError(
            _("%(name)s innehåller fler än %(max)s delar och läses inte in (misstänkt zip-bomb).")
            % {"name": name, "max": limits.max_entries},
            ZIP_ENTRIES,
        )
    if sum(entry.file_size for entry in entries) > limits.max_unpacked:
        raise UploadError(
            _("%(name)s packas upp till mer än %(limit)s och läses inte in (misstänkt zip-bomb).")
            % {"name": name, "limit": megabytes(limits.max_unpacked)},
            ZIP_UNPACKED,
        )
    for entry in entries:
        if entry.file_size >= RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise UploadError(
                _(
                    "%(name)s innehåller en del som packas upp till mer än %(ratio)s gånger sin "
                    "storlek och läses inte in (misstänkt zip-bomb)."
                )
                % {"name": name, "ratio": MAX_RATIO},
                ZIP_RATIO,
            )


def check_zip(data: bytes, name: str, limits: Limits, kind: str = "zip") -> None:
    """A ZIP container: its directory, the parts its kind needs, and its XML (Office files)."""
    with open_zip(data, name, kind) as archive:
        entries = archive.infolist()  # the central directory, read when the ZIP was opened
        check_zip_entries(entries, name, limits)
        names = {entry.filename for entry in entries}
        if not all(part in names for part in REQUIRED_PARTS.get(kind, ())):
            raise UploadError(
                _("%(name)s är ingen %(kind)s: innehållet stämmer inte med filändelsen.")
                % {"name": name, "kind": kind_label(kind)},
                NOT_OFFICE,
            )
        if kind in XML_CONTAINERS:
            check_xml_parts(archive, name, kind)


#: Parts that are not XML (unless [Content_Types].xml says they are); they are not scanned.
BINARY_SUFFIXES = frozenset(
    {
        *(".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".tif", ".tiff", ".wdp", ".svg"),
        *(".emf", ".wmf", ".svm", ".bin", ".odttf", ".ttf", ".otf", ".fntdata"),
        *(".mp3", ".mp4", ".m4a", ".wav", ".avi", ".mov", ".wmv"),
        *(".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".pdf"),
    }
)
XML_SUFFIXES = frozenset({".xml", ".rels", ".vml"})
_DECLARATIONS = tuple(
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_OVERLAP = max(len(p) for p in _DECLARATIONS)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SAFE_ENCODINGS = frozenset(
    {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii", "iso-8859-1"}
    | {"latin1", "latin-1", "windows-1252", "cp1252"}
)


class _XmlDeclarationError(Exception):
    """A part declares a DOCTYPE, an entity, or an encoding that would hide them."""


class _NotXmlError(Exception):
    """A part that must be XML does not start like XML."""


def _scan_part(chunks: Iterable[bytes], *, xml: bool) -> None:
    """Search a part, chunk by chunk, for DOCTYPE and entity declarations.

    A part that must be XML (``xml``) must also start like XML in UTF-8 or UTF-16 and declare
    no encoding in which the declarations would not show as those bytes (UTF-7, EBCDIC).
    """
    tail = b""
    first = True
    for chunk in chunks:
        if first and xml:
            start = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
            if start and not start.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<")):
                raise _NotXmlError
            declared = _ENCODING.search(chunk[:400].replace(b"\x00", b""))
            if declared and declared.group(1).decode("ascii").lower() not in _SAFE_ENCODINGS:
                raise _XmlDeclarationError
        first = False
        window = tail + chunk
        if any(pattern in window for pattern in _DECLARATIONS):
            raise _XmlDeclarationError
        tail = window[-_OVERLAP:]


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo | str) -> Iterable[bytes]:
    with archive.open(entry) as handle:
        while chunk := handle.read(MB):
            yield chunk


def _declared_xml_parts(archive: zipfile.ZipFile) -> tuple[set[str], set[str]]:
    """The part names and extensions that [Content_Types].xml declares as XML (OOXML)."""
    from xml.etree import ElementTree

    if "[Content_Types].xml" not in archive.namelist():
        return set(), set()
    _scan_part(_chunks(archive, "[Content_Types].xml"), xml=True)
    root = ElementTree.fromstring(  # noqa: S314 - scanned above: no DOCTYPE, no entity
        archive.read("[Content_Types].xml")
    )
    names: set[str] = set()
    extensions: set[str] = set()
    for node in root:
        content_type = (node.get("ContentType") or "").lower()
        if not content_type.endswith("xml") or content_type.startswith("image/"):
            continue
        if node.get("PartName"):
            names.add((node.get("PartName") or "").lstrip("/"))
        if node.get("Extension"):
            extensions.add("." + (node.get("Extension") or "").lower())
    return names, extensions


def check_xml_parts(archive: zipfile.ZipFile, name: str, kind: str) -> None:
    """No XML part of an Office file declares a DOCTYPE or an entity (see the module doc)."""
    try:
        declared_names, declared_extensions = _declared_xml_parts(archive)
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            suffix = PurePosixPath(entry.filename.lower()).suffix
            xml = (
                suffix in XML_SUFFIXES
                or entry.filename in declared_names
                or suffix in declared_extensions
            )
            if suffix in BINARY_SUFFIXES and not xml:
                continue
            _scan_part(_chunks(archive, entry), xml=xml)
    except _XmlDeclarationError:
        raise UploadError(
            _(
                "%(name)s innehåller XML med DOCTYPE eller entiteter, som Office aldrig skriver, "
                "och läses inte in. Spara om filen i Word eller Excel och försök igen."
            )
            % {"name": name},
            XML_DECLARATIONS,
        ) from None
    except Exception:  # not XML, bad CRC, unknown compression, encrypted entry, broken XML
        raise _damaged(name, kind) from None


# --- PDF --------------------------------------------------------------------------------------

#: Active content named outside streams (stream bytes are compressed: random, so not searched).
_ACTIVE_BYTES = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|XFA)(?![A-Za-z0-9#])")
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_ACTIVE_NAMES = {
    "JavaScript": "/JavaScript",
    "JS": "/JavaScript",
    "Launch": "/Launch",
    "EmbeddedFile": "/EmbeddedFile",
    "EmbeddedFiles": "/EmbeddedFile",
    "XFA": "/XFA",
}


class _TooComplexError(Exception):
    """More objects than :data:`MAX_PDF_OBJECTS`."""


def check_pdf(data: bytes, name: str) -> PdfReader:
    """The PDF opened, unlocked when it has no user password, and checked for active content."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    encrypted = UploadError(
        _("%(name)s är lösenordsskyddad; ta bort skyddet och ladda upp den igen.") % {"name": name},
        PDF_ENCRYPTED,
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = int(reader.decrypt(""))
            except (DependencyError, NotImplementedError):
                unlocked = 0
            if not unlocked:
                raise encrypted
        found = active_pdf_content(reader)
    except UploadError:
        raise
    except FileNotDecryptedError:
        raise encrypted from None
    except _TooComplexError:
        raise UploadError(
            _("%(name)s har för många delar för att kunna kontrolleras och tas inte emot.")
            % {"name": name},
            PDF_COMPLEX,
        ) from None
    except Exception:  # pypdf raises many kinds of errors on broken files, RecursionError too
        raise _damaged(name, "pdf") from None
    outside_streams = _STREAM.sub(b"", data)
    found |= {_ACTIVE_NAMES[m.decode()] for m in _ACTIVE_BYTES.findall(outside_streams)}
    if found:
        raise UploadError(
            _(
                "PDF-filen %(name)s innehåller skript eller inbäddade filer (%(found)s) och tas "
                "inte emot. Spara den som en ny PDF utan sådant innehåll och försök igen."
            )
            % {"name": name, "found": ", ".join(sorted(found))},
            PDF_ACTIVE,
        )
    return reader


def active_pdf_content(reader: PdfReader) -> set[str]:
    """The kinds of active content anywhere in the PDF's object graph (``/JavaScript``, …).

    Every object reachable from the trailer is visited once: the names tree, ``/OpenAction``,
    ``/AA``, pages, annotations and their actions (with ``/Next``), outlines and form fields.
    Stream data is not decoded; only dictionaries are looked at.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise _TooComplexError
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            found |= _active_in(obj)
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    return found


def _active_in(node: Any) -> set[str]:
    from pypdf.generic import IndirectObject

    keys = set(dict.keys(node))
    found: set[str] = set()
    if "/JS" in keys or "/JavaScript" in keys:
        found.add("/JavaScript")
    if "/EmbeddedFiles" in keys or "/EF" in keys:
        found.add("/EmbeddedFile")
    if "/XFA" in keys:
        found.add("/XFA")
    for key, values in (("/S", ("/JavaScript", "/Launch")), ("/Type", ("/EmbeddedFile",))):
        value = dict.get(node, key)
        if isinstance(value, IndirectObject):
            value = value.get_object()
        if isinstance(value, str) and value in values:
            found.add(str(value))
    return found
