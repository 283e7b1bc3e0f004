"""Benchmark of the key pages at national scale against a minimal view, on SQLite and PostgreSQL.

``python -m kunskapsnav.core.bench_pages`` times ten pages (start, body list, body page, org
chart, vacancies, meeting page, action list, matrix, search and the portal's body page) through
the whole Django stack (middleware, view, template) in a process configured as production
(``DEBUG=0``), on a database filled by ``generate_national``. In the same run and rounds it times
a minimal view doing one primary-key lookup (``core/bench_urls.py``), so the figures are read as
ratios that do not depend on how busy the machine is. It prints per page p50 and p95 in
milliseconds, p95 as a multiple of the minimal view's p95 (target: at most 3×), and the number of
SQL queries at the small scale and at the national scale (target: the same), plus the resident
memory of the serving process; and writes everything under ``"pages"`` in ``bench/results.json``.

Databases are built once and kept (``var/bench/``): SQLite always; PostgreSQL when
``BENCH_POSTGRES_URL`` names a server and database the benchmark may create databases beside
(``<name>_s0_01`` and ``<name>_s1_0``). Building scale 1.0 takes a while (about 7 minutes for the
rows plus the search index); later runs reuse it. Each database is measured in its own process
(``--one``), so settings are read once per database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[3]
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results.json"
TARGET_RATIO = 3.0
SEARCH_QUERY = "vårdförloppet"
BENCH_EMAIL = "bench@kunskapsnav.example"


# --- inside one database's process ---------------------------------------------------------


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "kunskapsnav.settings"
    # As served in production: DEBUG off, the cached template loader, no query log.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SESSION_COOKIE_SECURE"] = "0"
    os.environ["SECURE_HSTS_SECONDS"] = "0"
    import django

    django.setup()


def prepare(url: str, scale: float, seed: int) -> dict[str, Any]:
    """Migrate, load the reference data and generate the national data set."""
    _setup_django(url)
    from django.core.management import call_command

    from kunskapsnav.core.national import generate_national

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    report = generate_national(scale=scale, seed=seed, replace=True, progress=print)
    return {
        "scale": scale,
        "seed": seed,
        "seconds": time.perf_counter() - began,
        "counts": report.counts,
        "index_seconds": report.index_seconds,
    }


def _rss_mb() -> dict[str, float]:
    """Resident and peak resident memory of this process, from /proc (Linux)."""
    values: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_mb": values.get("VmHWM", 0.0)}


def _targets() -> dict[str, Any]:
    """The pages to time, chosen by the same rules at every scale: the busiest bodies."""
    from django.db.models import Count
    from django.utils import timezone

    from kunskapsnav.accounts.models import BodyRole, User
    from kunskapsnav.meetings.models import Meeting
    from kunskapsnav.registry.models import Body, Membership, Person

    busiest = (
        Meeting.objects.values("body_id").annotate(n=Count("id")).order_by("-n", "body_id")[:50]
    )
    body_ids = [row["body_id"] for row in busiest]
    bodies = Body.objects.in_bulk(body_ids)
    public_body = next(bodies[pk] for pk in body_ids if bodies[pk].is_public)
    today = timezone.localdate()
    # The busiest regional body's latest meeting that was held and whose minutes are still being
    # written: the page with the most on it (attendance, decisions, actions and their forms).
    # The same state at every scale, so that query counts compare like with like.
    held = (
        Meeting.objects.filter(
            body__in=[pk for pk in body_ids if bodies[pk].region_id is not None],
            date__lte=today,
            status=Meeting.Status.GENOMFORT,
        )
        .annotate(n_items=Count("items"))
        .order_by("-date", "-n_items")
    )
    meeting = next((m for pk in body_ids for m in held.filter(body_id=pk)[:1]), None)
    assert meeting is not None, "no busy body has a held meeting with minutes in draft"
    body = bodies[meeting.body_id]
    region = body.region
    assert region is not None

    user = User.objects.filter(email=BENCH_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            BENCH_EMAIL,
            os.urandom(16).hex(),
            full_name="Bänk Mätsson",
            is_systemforvaltare=True,
            is_staff=True,
        )
    BodyRole.objects.get_or_create(user=user, body=body, role=BodyRole.Role.SAMORDNARE)
    if not Person.objects.filter(user=user).exists():
        member = (
            Membership.objects.filter(seat__body=body, person__user__isnull=True)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .first()
        )
        if member is not None:
            Person.objects.filter(pk=member).update(user=user)
    return {
        "user": user,
        "minimal_pk": body.pk,
        "pages": [
            ("start", "/", True),
            ("body list", "/organ/", True),
            ("body page", f"/organ/{body.pk}/", True),
            ("org chart", f"/organisationsschema/{region.code}/", True),
            ("vacancies", "/vakanser/", True),
            ("meeting page", f"/moten/{meeting.pk}/", True),
            ("action list", "/atgarder/", True),
            ("matrix", "/uppfoljning/mognad/", True),
            ("search", f"/sok/?q={SEARCH_QUERY}", True),
            ("portal body page", f"/portal/organ/{public_body.pk}/", False),
        ],
        "objects": {
            "body": f"{body.name} ({body.pk})",
            "public_body": f"{public_body.name} ({public_body.pk})",
            "meeting": f"{meeting.date} ({meeting.pk}, {getattr(meeting, 'n_items', 0)} items)",
        },
    }


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(url: str, rounds: int, warmup: int) -> dict[str, Any]:
    """Time every page and the minimal view in interleaved rounds; count their queries."""
    _setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from kunskapsnav.core.national import MARKER
    from kunskapsnav.meetings.models import AgendaItem, Meeting
    from kunskapsnav.registry.models import Body
    from kunskapsnav.search.models import SearchDocument

    with override_settings(ROOT_URLCONF="kunskapsnav.core.bench_urls"):
        targets = _targets()
        signed_in = Client()
        signed_in.force_login(targets["user"], "django.contrib.auth.backends.ModelBackend")
        anonymous = Client()
        minimal = f"/__bench__/minimal/{targets['minimal_pk']}/"
        runs: list[tuple[str, str, Client]] = [
            ("minimal view", minimal, signed_in),
            ("minimal view (anonymous)", minimal, anonymous),
        ]
        runs += [
            (name, path, signed_in if logged_in else anonymous)
            for name, path, logged_in in targets["pages"]
        ]
        memory_before = _rss_mb()
        queries: dict[str, int] = {}
        sizes: dict[str, int] = {}
        for name, path, client in runs:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{name} {path}: HTTP {response.status_code}")
            queries[name] = len(captured)
            sizes[name] = len(response.content)
        times: dict[str, list[float]] = {name: [] for name, _path, _client in runs}
        for number in range(warmup + rounds):
            for name, path, client in runs:
                began = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - began) * 1000
                response.close()
                if number >= warmup:
                    times[name].append(elapsed)
        memory_after = _rss_mb()

    pages = {
        name: {
            "path": path,
            "p50_ms": statistics.median(times[name]),
            "p95_ms": _percentile(times[name], 0.95),
            "queries": queries[name],
            "bytes": sizes[name],
        }
        for name, path, _client in runs
    }
    return {
        "vendor": connection.vendor,
        "rounds": rounds,
        "objects": targets["objects"],
        "rows": {
            "bodies": Body.objects.count(),
            "generated_bodies": Body.objects.filter(purpose__startswith=MARKER).count(),
            "meetings": Meeting.objects.count(),
            "agenda_items": AgendaItem.objects.count(),
            "search_documents": SearchDocument.objects.count(),
        },
        "pages": pages,
        "memory": {"before": memory_before, "after": memory_after},
    }


# --- the driver ----------------------------------------------------------------------------


def _tag(scale: float) -> str:
    return f"s{scale}".replace(".", "_")


def _sqlite_url(scale: float, seed: int) -> tuple[str, Path]:
    path = BENCH_DIR / f"national-{scale}-seed{seed}.sqlite3"
    return f"sqlite:///{path}", path.with_suffix(".json")


def _postgres_url(base: str, scale: float, seed: int) -> tuple[str, Path]:
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_{_tag(scale)}_seed{seed}"
    return urlunsplit(parts._replace(path=f"/{name}")), BENCH_DIR / f"pg-{name}.json"


def _recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this interpreter, this module
        [sys.executable, "-m", "kunskapsnav.core.bench_pages", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_pages {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _database(backend: str, scale: float, seed: int, postgres: str | None) -> str:
    """The URL of a database holding the national data at ``scale``, built when missing."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        url, marker = _sqlite_url(scale, seed)
    else:
        assert postgres is not None
        url, marker = _postgres_url(postgres, scale, seed)
    if marker.exists():
        return url
    print(f"== building {backend} at scale {scale} (kept in var/bench/ for later runs)")
    if backend == "sqlite":
        database = Path(urlsplit(url).path)
        for leftover in database.parent.glob(database.name + "*"):
            leftover.unlink()
    else:
        _recreate_postgres(url)
    built = _child("--prepare", url, "--scale", str(scale), "--seed", str(seed))
    marker.write_text(json.dumps(built, indent=2))
    print(f"   built in {built['seconds']:.0f} s")
    return url


def _print(backend: str, small: dict[str, Any], large: dict[str, Any], scales: list[float]) -> None:
    print(f"\n{backend}: scale {scales[-1]}: {large['rows']}")
    print(f"   objects: {large['objects']}")
    header = (
        f"{'page':26} {'p50 ms':>8} {'p95 ms':>8} {'×min p95':>9} "
        f"{'q@' + str(scales[0]):>7} {'q@' + str(scales[-1]):>7}  verdict"
    )
    print(header)
    for name, row in large["pages"].items():
        baseline = _baseline(large, name)
        ratio = row["p95_ms"] / baseline if baseline else float("inf")
        small_queries = small["pages"].get(name, {}).get("queries")
        verdict = []
        if not name.startswith("minimal"):
            verdict.append("p95 ok" if ratio <= TARGET_RATIO else "p95 OVER")
            verdict.append("queries same" if small_queries == row["queries"] else "queries GROW")
        print(
            f"{name:26} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {ratio:>8.1f}× "
            f"{small_queries!s:>7} {row['queries']:>7}  {', '.join(verdict)}"
        )
    memory = large["memory"]
    print(
        f"serving process memory: {memory['before']['rss_mb']:.0f} MB resident before, "
        f"{memory['after']['rss_mb']:.0f} MB after {large['rounds']} rounds "
        f"(peak {memory['after']['peak_mb']:.0f} MB)"
    )


def _baseline(result: dict[str, Any], name: str) -> float:
    anonymous = name.startswith("portal") or name.endswith("(anonymous)")
    key = "minimal view (anonymous)" if anonymous else "minimal view"
    value: float = result["pages"][key]["p95_ms"]
    return value


def _summarise(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for name, row in large["pages"].items():
        if name.startswith("minimal"):
            continue
        ratio = row["p95_ms"] / _baseline(large, name)
        summary[name] = {
            "p95_ratio": round(ratio, 2),
            "p95_within_target": ratio <= TARGET_RATIO,
            "queries_unchanged": small["pages"][name]["queries"] == row["queries"],
        }
    return summary


def write_results(key: str, value: Any) -> None:
    """Update one key of ``bench/results.json``, keeping what other benchmarks wrote."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    try:
        results = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        results = {}
    results[key] = value
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scales", default="0.01,1.0", help="small,large (default 0.01,1.0)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        print(json.dumps(prepare(args.prepare, args.scale, args.seed)))
        return
    if args.one:
        print(json.dumps(measure(args.one, args.rounds, args.warmup)))
        return

    scales = [float(value) for value in args.scales.split(",")]
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    if "postgresql" in backends and not postgres:
        print("PostgreSQL skipped: set BENCH_POSTGRES_URL=postgres://user:pw@host/name")
        backends.remove("postgresql")
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "target": f"p95 within {TARGET_RATIO}× the minimal view; queries unchanged",
        "backends": {},
    }
    for backend in backends:
        measured = {}
        for scale in scales:
            url = _database(backend, scale, args.seed, postgres)
            rounds = args.rounds if scale == scales[-1] else max(3, args.rounds // 4)
            measured[scale] = _child(
                "--one", url, "--rounds", str(rounds), "--warmup", str(args.warmup)
            )
        small, large = measured[scales[0]], measured[scales[-1]]
        _print(backend, small, large, scales)
        results["backends"][backend] = {
            "scales": {str(scale): value for scale, value in measured.items()},
            "summary": _summarise(small, large),
        }
    # A run of one backend keeps the other backend's last figures.
    try:
        earlier = json.loads(RESULTS.read_text()).get("pages", {}).get("backends", {})
    except (OSError, ValueError):
        earlier = {}
    results["backends"] = {**earlier, **results["backends"]}
    write_results("pages", results)
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} (key 'pages')")


if __name__ == "__main__":
    main()
