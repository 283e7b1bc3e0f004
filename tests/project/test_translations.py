"""Swedish is the source language; every string shown must also exist in English."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import kunskapsnav

PACKAGE = Path(kunskapsnav.__file__).parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

ENTRY = re.compile(
    r'^msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?'
    r'(?:msgstr ((?:"[^\n]*"\n)+)|((?:msgstr\[\d\] (?:"[^\n]*"\n)+)+))',
    re.MULTILINE,
)


def _join(block: str) -> str:
    """The text of a (possibly multi-line) quoted .po string, with its escapes undone."""
    return "".join(ast.literal_eval(line) for line in block.strip().splitlines())


def po_entries(text: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for match in ENTRY.finditer(text):
        msgid = _join(match.group(1))
        if match.group(2) is not None:
            entries[msgid] = [_join(match.group(2))]
        else:
            entries[msgid] = [
                _join(b) for b in re.findall(r'msgstr\[\d\] ((?:"[^\n]*"\n)+)', match.group(3))
            ]
    entries.pop("", None)
    return entries


def test_every_swedish_string_has_an_english_translation() -> None:
    entries = po_entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 150
    untranslated = [msgid for msgid, strs in entries.items() if not all(strs)]
    assert untranslated == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file() -> None:
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, strs in po_entries(PO.read_text(encoding="utf-8")).items():
        if len(strs) == 1:
            assert catalogue.gettext(msgid) == strs[0], msgid


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path: Path) -> None:
    """makemessages on a copy of the package finds nothing that the catalogue lacks."""
    copy = tmp_path / "kunskapsnav"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env={"DJANGO_SETTINGS_MODULE": "kunskapsnav.test_settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    before = set(po_entries(PO.read_text(encoding="utf-8")))
    after = set(po_entries((copy / PO.relative_to(PACKAGE)).read_text(encoding="utf-8")))
    assert after - before == set(), "run `make messages` and translate the new strings"
