"""Benchmark of the minutes parser: throughput on one core and peak memory on a long PDF.

``python -m kunskapsnav.minutes.bench`` prints a table; :func:`run` returns the figures as a
dict. What it measures, in one process on one core:

- text minutes: documents and pages per second for extraction alone (decoding the bytes) and for
  parsing alone, and their ratio;
- PDF minutes: the same for pypdf extraction and for parsing the extracted text;
- a 200-page PDF: time of extracting and parsing it, and in a second pass the peak memory
  (``tracemalloc``, which slows Python down, so it is not timed).

The documents are generated here (synthetic Swedish minnesanteckningar and protokoll with
header, attendance, items, decisions and actions, varied by a seeded random generator) and
rendered to PDF with WeasyPrint into a temporary folder, so the benchmark needs no files from
outside the package. ``--text FILE`` benchmarks a file of your own instead of the generated
documents (the 200-page PDF is then that text repeated).
"""

from __future__ import annotations

import argparse
import html
import importlib
import platform
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kunskapsnav.minutes.extract import extract
from kunskapsnav.minutes.parser import parse

_FIRST = ["Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Eva", "Per", "Sara", "Mats", "Lena"]
_LAST = ["Andersson", "Berg", "Holm", "Lind", "Nyström", "Sjöberg", "Ek", "Wik", "Falk", "Dahl"]
_ORGS = ["Region Dalarna", "Falu kommun", "Borlänge kommun", "Mora kommun", "Leksands kommun"]
_ROLES = ["socialchef", "verksamhetschef", "utvecklingsledare", "enhetschef", "MAS"]
_TOPICS = [
    "Vårdförlopp depression och ångest",
    "Länsgemensam strategi för god och nära vård",
    "Uppföljning av överenskommelse om psykisk hälsa",
    "Samverkan kring in- och utskrivning",
    "Nominering av ledamöter till lokala programområden",
    "Rapport från nationellt programområde",
    "Ekonomisk uppföljning",
]
_BODY_TEXT = (
    "Arbetet har pågått under hösten i bred samverkan mellan regionen och länets kommuner. "
    "Gruppen diskuterade hur uppföljningen kan göras enhetlig och vilka data som behövs för att "
    "följa införandet. Flera deltagare lyfte behovet av tydligare ansvarsfördelning mellan "
    "huvudmännen och av gemensamma rutiner för dokumentation. "
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def synthetic_minutes(seed: int, items: int = 12) -> str:
    """A realistic set of Swedish minutes (deterministic for a seed)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
    protokoll = seed % 3 == 0
    day = 1 + seed % 27
    lines = [
        "Protokoll" if protokoll else "Minnesanteckningar",
        "Socialnämnden" if protokoll else "Länsnätverket för förvaltningschefer",
        f"Datum: {day} mars 2024",
        "Tid: kl. 13.00–16.00",
        "Plats: Regionens hus, sal A",
        f"Dnr: RD24/{seed:05d}",
        "",
        "Närvarande:",
    ]
    for _ in range(8):
        lines.append(f"{_person(rng)}, {rng.choice(_ORGS)}, {rng.choice(_ROLES)}")
    lines += ["", f"Frånvarande: {_person(rng)}, {rng.choice(_ORGS)}", ""]
    for n in range(1, items + 1):
        number = f"§ {n}" if protokoll else f"{n}."
        kind = rng.choice(["Beslut: ", "Rapport: ", "Information: ", ""])
        presenter = _person(rng)
        lines += [
            f"{number} {kind}{rng.choice(_TOPICS)}",
            f"Föredragande: {presenter}, {rng.choice(_ROLES)}, {rng.choice(_ORGS)}",
            "",
            _BODY_TEXT * rng.randint(1, 3),
            f"{presenter} redogjorde för ärendet och inga frågor uppkom.",
            f"{rng.choice(_FIRST)} tar fram ett underlag till nästa möte – {rng.choice(_FIRST)} "
            "ansvarig",
            "",
            "Nätverket beslutade:",
            "att godkänna informationen och lägga den till handlingarna.",
            "",
        ]
    lines += ["Nästa möte", f"Den {day} april 2024 kl. 13.00.", ""]
    return "\n".join(lines)


def _render_pdf(text: str, path: Path) -> None:
    html_class = importlib.import_module("weasyprint").HTML  # WeasyPrint ships no types
    rows = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.split("\n"))
    style = (
        "@page { size: A4; margin: 2cm; @bottom-center { content: 'Sida ' counter(page) "
        "' av ' counter(pages) } } body { font: 10pt sans-serif } p { margin: 0 0 2pt }"
    )
    document = f"<html><head><style>{style}</style></head><body>{rows}</body></html>"
    html_class(string=document).write_pdf(path)


def _timed(function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _rates(seconds: float, documents: int, pages: int) -> dict[str, float]:
    return {
        "seconds": round(seconds, 4),
        "docs_per_s": round(documents / seconds, 1) if seconds else float("inf"),
        "pages_per_s": round(pages / seconds, 1) if seconds else float("inf"),
    }


def run(documents: int = 30, text: str | None = None, big_pages: int = 200) -> dict[str, Any]:
    """Measure and return the figures (see the module doc)."""
    texts = [text] * documents if text else [synthetic_minutes(i) for i in range(documents)]
    with tempfile.TemporaryDirectory(prefix="kn-bench-") as folder:
        tmp = Path(folder)
        pdf_bytes: list[bytes] = []
        for n, doc in enumerate(texts):
            path = tmp / f"doc{n}.pdf"
            _render_pdf(doc, path)
            pdf_bytes.append(path.read_bytes())
        txt_bytes = [doc.encode("utf-8") for doc in texts]
        extracted = [extract(data, "bench.pdf") for data in pdf_bytes]
        pages = sum(e.pages for e in extracted)
        pdf_texts = [e.text for e in extracted]

        txt_extract = _timed(lambda: [extract(b, "bench.txt") for b in txt_bytes])
        txt_parse = _timed(lambda: [parse(t) for t in texts])
        pdf_extract = _timed(lambda: [extract(b, "bench.pdf") for b in pdf_bytes], repeat=1)
        pdf_parse = _timed(lambda: [parse(t) for t in pdf_texts])

        big_path = tmp / "big.pdf"
        copies = 3 if big_pages >= 50 else 1
        base = text or "\n\n".join(synthetic_minutes(i, items=20) for i in range(copies))
        _long_pdf(base, big_pages, big_path)
        big_data = big_path.read_bytes()
        start = time.perf_counter()
        big = extract(big_data, "big.pdf")
        extract_seconds = time.perf_counter() - start
        parsed = parse(big.text)
        total_seconds = time.perf_counter() - start
        # Memory in a second pass: tracemalloc slows Python down several times.
        tracemalloc.start()
        parse(extract(big_data, "big.pdf").text)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "documents": documents,
        "pages": pages,
        "txt": {
            "extract": _rates(txt_extract, documents, pages),
            "parse": _rates(txt_parse, documents, pages),
            "parse_to_extract_ratio": round(txt_parse / txt_extract, 1) if txt_extract else None,
        },
        "pdf": {
            "extract": _rates(pdf_extract, documents, pages),
            "parse": _rates(pdf_parse, documents, pages),
            "parse_to_extract_ratio": round(pdf_parse / pdf_extract, 3) if pdf_extract else None,
        },
        "big_pdf": {
            "pages": big.pages,
            "bytes": len(big_data),
            "extract_seconds": round(extract_seconds, 2),
            "parse_seconds": round(total_seconds - extract_seconds, 2),
            "total_seconds": round(total_seconds, 2),
            "peak_mb": round(peak / 1024 / 1024, 1),
            "items": len(parsed.items),
        },
    }


def _long_pdf(base: str, pages: int, path: Path) -> None:
    """Render ``base`` repeated until the PDF has at least ``pages`` pages."""
    _render_pdf(base, path)
    per_copy = max(1, extract(path.read_bytes(), "probe.pdf").pages)
    copies = -(-pages // per_copy)
    for _ in range(3):
        _render_pdf("\n\n".join([base] * copies), path)
        have = extract(path.read_bytes(), "probe.pdf").pages
        if have >= pages:
            return
        copies += max(1, -(-(pages - have) // per_copy))


def table(result: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    rows = [
        f"Minutes parser benchmark (Python {result['python']}, {result['machine']}, one core)",
        f"{result['documents']} documents, {result['pages']} PDF pages",
        "",
        f"{'input':<6} {'step':<8} {'seconds':>9} {'docs/s':>9} {'pages/s':>9}",
    ]
    for kind in ("txt", "pdf"):
        for step in ("extract", "parse"):
            r = result[kind][step]
            rows.append(
                f"{kind:<6} {step:<8} {r['seconds']:>9.3f} {r['docs_per_s']:>9.1f} "
                f"{r['pages_per_s']:>9.1f}"
            )
        rows.append(f"{kind:<6} parse/extract time ratio: {result[kind]['parse_to_extract_ratio']}")
    big = result["big_pdf"]
    rows += [
        "",
        f"{big['pages']}-page PDF ({big['bytes'] / 1024:.0f} kB):"
        f" extract {big['extract_seconds']} s, parse {big['parse_seconds']} s,"
        f" total {big['total_seconds']} s,"
        f" peak memory {big['peak_mb']} MB (tracemalloc)",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the minutes parser.")
    parser.add_argument("--documents", type=int, default=30)
    parser.add_argument("--pages", type=int, default=200, help="pages of the long PDF")
    parser.add_argument("--text", help="benchmark this text file instead of generated minutes")
    args = parser.parse_args(argv)
    text = Path(args.text).read_text(encoding="utf-8") if args.text else None
    print(table(run(args.documents, text, args.pages)))


if __name__ == "__main__":
    main()
