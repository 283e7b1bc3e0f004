"""The one place where the text of minutes is cleaned before it is read.

Text extracted from PDF (and pasted from Word) carries noise that is not part of what was written:
private-use bullet glyphs from the Symbol font (U+F0B7 and friends), words split by a hyphen at the
end of a line, non-breaking and zero-width spaces, soft hyphens, page numbers, runs of blank lines
where a page broke, and stray spaces at the start of lines. :func:`clean` removes that noise from a
whole document and keeps the line structure the rules of reading depend on; :func:`squash` cleans
one field value (single spaces, no bullet) for the JSON output.

Both are idempotent: cleaning cleaned text changes nothing (a property the tests check on any
input), so the parser can call them wherever a value is produced without double-cleaning risks.
"""

from __future__ import annotations

import re
import unicodedata

BULLET = "•"
# Bullet glyphs that Word and PDF producers put at the start of list lines.
_BULLET_GLYPHS = "•●▪■◦○►▶➢➤✓✔❖◆◇□·∙"
_SPACES = dict.fromkeys([0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)], " ")
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF], None)
_SOFT_HYPHEN = "\u00ad"
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_BULLET_START = re.compile(rf"^(?:[{_BULLET_GLYPHS}]|\*(?=\s))\s*")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.?|page|s\.)\s*\d+(?:\s*(?:av|of|/|\()\s*\d+\)?)?"
    r"|\d+\s*\(\s*\d+\s*\)|[-–]\s*\d+\s*[-–]|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
# Page furniture of Swedish kommun protokoll, printed in the margin of every page.
_FURNITURE = re.compile(
    r"^(?:justerandes?|justerares|justerare)\s+(?:sign|signatur|signaturer)\b[\s.|,]*"
    r"(?:utdragsbestyrkande)?$|^utdragsbestyrkande$",
    re.IGNORECASE,
)
# Words that follow a suspended compound ("hälso- och sjukvård"): the hyphen is real.
_SUSPENDED = {"och", "eller", "samt", "respektive", "resp", "resp.", "till", "som", "&", "/", "el."}
# Anchored at a word start so that a long line without spaces is searched in linear time.
_HYPHEN_END = re.compile(r"(?<!\S)(\S*[^\W_])(-|\u00ad)$")
_MAX_PASSES = 6


def clean(text: str) -> str:
    """Remove extraction noise from a whole document, keeping one line per written line.

    Reads: any text. Returns text with ``\\n`` line ends, NFC, no control, zero-width or
    private-use characters, bullets written as ``"• "``, no markdown bold markers, no leading or
    trailing spaces on lines, runs of spaces inside a line reduced (three or more spaces, a column
    gap, become a tab), line-end hyphenation joined, page numbers and margin furniture dropped, and
    at most one blank line in a row.
    """
    previous = None
    for _ in range(_MAX_PASSES):
        if text == previous:
            break
        previous = text
        text = _clean_once(text)
    return text


def _clean_once(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\f\v\u2028\u2029\x85]", "\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_SPACES).translate(_INVISIBLE)
    text = "".join(_char(ch) for ch in text)
    lines = [_clean_line(line) for line in text.split("\n")]
    lines = [line for line in lines if not _is_page_noise(line)]
    lines = _join_hyphenation(lines, text)
    return _collapse_blank_runs(lines)


def _char(ch: str) -> str:
    if ch in "\n\t":
        return ch
    category = unicodedata.category(ch)
    if category == "Co":  # private use: a bullet glyph from a symbol font
        return BULLET
    if category in ("Cc", "Cs", "Cn") or ch == "\ufffd":
        return ""
    return ch


def _clean_line(line: str) -> str:
    line = line.strip(" \t")
    line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
    bullet = False
    match = _BULLET_START.match(line)
    while match:
        bullet = True
        line = line[match.end() :].lstrip(" \t")
        match = _BULLET_START.match(line)
    line = re.sub(rf"[ \t]*{BULLET}[ \t]*", " ", line)
    line = re.sub(r" {3,}", "\t", line)
    line = re.sub(r" {2,}", " ", line)
    line = re.sub(r"[ \t]*\t[ \t]*", "\t", line).strip(" \t")
    # A soft hyphen inside a word is invisible; at the end of a line it marks hyphenation.
    line = line[:-1].replace(_SOFT_HYPHEN, "") + line[-1:]
    return f"{BULLET} {line}" if bullet and line else line


def _is_page_noise(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line) or _FURNITURE.match(line))


def _join_hyphenation(lines: list[str], whole: str) -> list[str]:
    """Join a word split by a hyphen at a line end with its second half on the next line.

    ``Kunskaps-`` / ``styrningen`` becomes ``Kunskapsstyrningen``; the hyphen stays when it is
    part of the word: before an acronym or digit (``LPO-arbetet``, ``2022-2030``, ``Covid-19``),
    before a capital (``Malung-Sälen``), after a single letter (``e-post``), or when the hyphenated
    spelling is the one the document uses elsewhere. A suspended compound (``hälso-`` / ``och
    sjukvård``) is left alone. The second half moves up, so the line structure stays.
    """
    lower = whole.lower()
    out = list(lines)
    for i in range(len(out)):
        match = _HYPHEN_END.search(out[i])
        if not match:
            continue
        j = i + 1
        while j < len(out) and j <= i + 3 and not out[j]:
            j += 1
        if j >= len(out) or j > i + 3 or not out[j] or out[j].startswith(BULLET):
            continue
        token, _, rest = out[j].partition(" ")
        if not token or token.lower() in _SUSPENDED or not token[0].isalnum():
            continue
        left = match.group(1).split("-")[-1]
        soft = match.group(2) == _SOFT_HYPHEN
        keep = not soft and _keeps_hyphen(left, token, lower)
        head = out[i][: match.end(1)] + ("-" if keep else "")
        out[i] = head + token
        out[j] = rest.strip()
    return out


def _keeps_hyphen(left: str, right: str, lower: str) -> bool:
    if left[-1].isupper() or left[-1].isdigit() or right[0].isupper() or right[0].isdigit():
        return True
    if len(left) == 1:
        return True
    word = re.sub(r"\W+$", "", right)
    return f"{left}-{word}".lower() in lower and f"{left}{word}".lower() not in lower


def _collapse_blank_runs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def squash(value: str) -> str:
    """One field value: single spaces, no leading bullet, no surrounding whitespace."""
    value = " ".join(value.replace(_SOFT_HYPHEN, "").split())
    if value.startswith(BULLET):
        value = value[1:].lstrip()
    return value
