"""Benchmark of search at national scale: the full-text engine against a LIKE scan.

``python -m kunskapsnav.search.bench`` fills a throwaway database with synthetic search
documents (Swedish minutes text: agenda items, decisions, actions and meetings of bodies in all
21 regions, ten years of them), then times ten typical queries two ways over the same rows in the
same run: ``search()`` as the page runs it (FTS5 or ``tsvector``, ranking, snippets) and a plain
``LIKE '%term%'`` scan of title and text with the same visibility filter. It prints p50 and p95
per query and the ratio. SQLite always runs (a temporary file); PostgreSQL runs too when
``BENCH_POSTGRES_URL`` names an empty database the benchmark may fill (it is emptied first).

Each backend runs in its own process (``--one URL``), so the settings are read once per database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUERIES = [
    "vårdförloppet",
    "beslutade strategi",
    "Alvdalen",
    "SIP",
    '"samordnad individuell plan"',
    "psykisk hälsa",
    "nominering ledamot",
    "rehabilitering",
    "uppföljning handlingsplan",
    "äldre",
]
KOMMUNER = ["Älvdalen", "Mora", "Falun", "Borlänge", "Ludvika", "Leksand", "Rättvik", "Orsa"]
PHRASES = [
    "samordnad individuell plan (SIP)",
    "vårdförloppet för depression",
    "länsgemensam strategi för god och nära vård",
    "psykisk hälsa och suicidprevention",
    "nominering av ledamot till LPO",
    "uppföljning av handlingsplan",
    "rehabilitering efter covid",
    "äldres hälsa och palliativ vård",
]


def _vocabulary() -> list[str]:
    folder = Path(__file__).resolve().parents[1] / "minutes" / "demo_minutes"
    words: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        words += [w for w in path.read_text(encoding="utf-8").split() if w.isalpha()]
    return words


def _text(rng: random.Random, words: list[str], length: int) -> str:
    out = [rng.choice(words) for _ in range(length)]
    if rng.random() < 0.3:
        out.insert(rng.randrange(len(out) + 1), rng.choice(PHRASES))
    if rng.random() < 0.05:
        out.insert(rng.randrange(len(out) + 1), rng.choice(KOMMUNER))
    return " ".join(out)


def _fill(documents: int, seed: int = 7) -> None:
    import datetime as dt

    from kunskapsnav.search.models import SearchDocument
    from kunskapsnav.search.text import index_text

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    words = _vocabulary()
    kinds = ["item"] * 6 + ["decision"] * 3 + ["action"] * 2 + ["meeting"]
    start = dt.date(2016, 1, 1)
    batch: list[SearchDocument] = []
    for n in range(documents):
        title = _text(rng, words, rng.randint(3, 9))
        text = _text(rng, words, rng.randint(20, 120))
        batch.append(
            SearchDocument(
                kind=rng.choice(kinds),
                object_id=n + 1,
                title=title,
                text=text,
                url=f"/moten/{n + 1}/",
                title_terms=index_text(title),
                terms=index_text(text),
                date=start + dt.timedelta(days=rng.randrange(3650)),
                body_public=rng.random() < 0.8,
                published=rng.random() < 0.9,
            )
        )
        if len(batch) == 2000:
            SearchDocument.objects.bulk_create(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)


def _like(text: str) -> int:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Q

    from kunskapsnav.search.engine import visible_to
    from kunskapsnav.search.models import SearchDocument
    from kunskapsnav.search.text import PHRASE_OR_WORD

    documents = SearchDocument.objects.filter(visible_to(AnonymousUser()))
    for phrase, word in PHRASE_OR_WORD.findall(text):
        term = phrase or word
        documents = documents.filter(Q(title__icontains=term) | Q(text__icontains=term))
    return len(list(documents.order_by("-date")[:500]))


def _timings(function: Any, query: str, repeat: int) -> tuple[float, float, int]:
    function(query)  # warm the caches once
    times = []
    found = 0
    for _ in range(repeat):
        began = time.perf_counter()
        found = function(query)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, found


def run_one(url: str, documents: int, repeat: int) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnav.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from kunskapsnav.search.engine import search
    from kunskapsnav.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    SearchDocument.objects.all().delete()
    began = time.perf_counter()
    _fill(documents)
    filled = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    rows = []
    for query in QUERIES:
        fts = _timings(lambda q: search(AnonymousUser(), q).total, query, repeat)
        like = _timings(_like, query, max(3, repeat // 4))
        rows.append({"query": query, "fts": fts, "like": like})
    return {"vendor": connection.vendor, "documents": documents, "fill_s": filled, "rows": rows}


def _print(result: dict[str, Any]) -> None:
    print(
        f"\n{result['vendor']}: {result['documents']} documents "
        f"(filled and indexed in {result['fill_s']:.1f} s)"
    )
    print(f"{'query':32} {'hits':>5} {'p50 ms':>8} {'p95 ms':>8} {'LIKE p50':>9} {'ratio':>7}")
    ratios = []
    for row in result["rows"]:
        fts_p50, fts_p95, hits = row["fts"]
        like_p50, _like_p95, _found = row["like"]
        ratio = like_p50 / fts_p50 if fts_p50 else float("inf")
        ratios.append(ratio)
        print(
            f"{row['query']:32} {hits:>5} {fts_p50:>8.1f} {fts_p95:>8.1f} {like_p50:>9.1f} "
            f"{ratio:>6.1f}×"
        )
    print(f"median ratio LIKE/full-text: {statistics.median(ratios):.1f}×")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.documents, args.repeat)))
        return
    urls = []
    with tempfile.TemporaryDirectory() as folder:
        urls.append(f"sqlite:///{folder}/bench.sqlite3")
        if os.environ.get("BENCH_POSTGRES_URL"):
            urls.append(os.environ["BENCH_POSTGRES_URL"])
        for url in urls:
            done = subprocess.run(  # noqa: S603 - this interpreter, this module
                [
                    sys.executable,
                    "-m",
                    "kunskapsnav.search.bench",
                    "--one",
                    url,
                    "--documents",
                    str(args.documents),
                    "--repeat",
                    str(args.repeat),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            _print(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
