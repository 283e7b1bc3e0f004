"""Load test: the product served as ``make demo`` serves it, under locust's mixed traffic.

``python -m kunskapsnav.core.loadtest [--scale 0.05] [--users 50] [--spawn-rate 10]
[--run-time 60] [--database PATH]``:

1. a fresh SQLite file (under ``var/load/``): ``migrate``, ``load_reference``,
   ``generate_national --scale S``, ``collectstatic`` (into ``var/load/static``, again only when
   a static file changed), and the load-test accounts (readers with a
   role in one body and an API token, samordnare of bodies with planned meetings, and several
   note editors of one contested item, one of them systemförvaltare), written as a plan (JSON);
2. gunicorn on 127.0.0.1 at a free port, 2 workers × 4 threads, ``DEBUG=0`` and the demo's
   settings (cookies not ``Secure``, as the server speaks plain http);
3. locust, headless, through its library API (``bench/locustfile.py``), for the run time;
4. the server's memory (RSS of the gunicorn master and its workers, from ``/proc``), then
   gunicorn is stopped;
5. the no-lost-update check, from the database: the contested item's stored text is the text of
   the accepted write with the highest version, the version rose by exactly the number of
   accepted writes, each accepted write was based on the version just before its own, and the
   item's history holds the accepted texts in that order.

It prints a table (requests, throughput, p50/p95/p99 per request name and overall, failures and
error rate, memory, the contested writes) and writes the ``"load"`` key of
``bench/results.json``. It exits non-zero on any failed request or lost update.

The database work runs in child processes with their own environment, never in the process
that calls :func:`run` (a test's process has its own database), and locust runs in a child of
its own: it patches the standard library with gevent on import.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

#: Where the run's files go (database, plan, logs), below the working directory.
LOAD_DIR = Path("var/load")
RESULTS = Path("bench/results.json")
LOCUSTFILE = Path("bench/locustfile.py")
PLAN_ENV = "KUNSKAPSNAV_LOAD_PLAN"
#: The load-test accounts' e-mail domain (reserved: mail to it goes nowhere).
ACCOUNT_DOMAIN = "lasttest.example"
#: In the name of a request the locustfile resent (a kept-alive connection closed unanswered).
RESENT_MARK = "(resent"


@dataclass
class LoadOptions:
    scale: float = 0.05
    users: int = 50
    spawn_rate: float = 10.0
    run_time: float = 60.0
    database: Path | None = None
    years: int = 10
    seed: int = 1
    #: How many simulated users edit the contested item at once (0: from ``users``).
    editors: int = 0
    #: ``collectstatic`` as a deployment does; without it the server finds the static files in
    #: the apps (as the test settings do), which saves most of a minute for a short run.
    collectstatic: bool = True
    #: ``"migrations"``: ``migrate``, as a deployment does. ``"models"``: the tables straight from
    #: the models plus our migrations' own SQL (the search index), as pytest-django's
    #: ``--nomigrations`` does: seconds instead of half a minute, for the test of this runner.
    schema: str = "migrations"
    results: Path | None = RESULTS
    workdir: Path | None = None
    locustfile: Path | None = None
    quiet: bool = False

    @property
    def note_editors(self) -> int:
        return self.editors or max(2, min(5, self.users // 10))


@dataclass
class Endpoint:
    name: str
    method: str
    requests: int
    failures: int
    rps: float
    avg_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Verification:
    item: int
    start_version: int
    final_version: int
    writes: int
    accepted: int
    conflicts: int
    failed: int
    pending: int
    lost_updates: int
    conflicts_naming_an_editor: int
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lost_updates == 0 and all(check.ok for check in self.checks)


@dataclass
class LoadReport:
    scale: float
    users: int
    spawn_rate: float
    run_time: float
    duration: float
    requests: int
    failures: int
    rps: float
    total: Endpoint
    endpoints: list[Endpoint]
    errors: list[dict[str, Any]]
    requests_per_user_class: dict[str, int]
    users_per_user_class: dict[str, int]
    memory_kib: dict[str, int]
    #: CPU time of the gunicorn processes during the run: the server's cost, whatever else the
    #: machine was doing (the wall-clock figures are not).
    server_cpu_seconds: float
    #: The machine's 1-minute load average when the run started and when it ended.
    load_average: tuple[float, float]
    verification: Verification
    database: str
    prepare_seconds: float

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0

    @property
    def ok(self) -> bool:
        return self.failures == 0 and self.requests > 0 and self.verification.ok

    @property
    def resent(self) -> int:
        """POSTs sent again, as a browser does, after a kept-alive connection was closed before
        any answer (see ``post_form`` in the locustfile); not errors, but worth knowing."""
        return sum(e.requests for e in self.endpoints if RESENT_MARK in e.name)

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_seconds / self.requests if self.requests else 0.0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["error_rate"] = round(self.error_rate, 6)
        data["ok"] = self.ok
        data["lost_updates"] = self.verification.lost_updates
        data["cpu_ms_per_request"] = round(self.cpu_ms_per_request, 1)
        data["resent"] = self.resent
        data["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return data


# --- The parent: orchestration ------------------------------------------------------------


def _repo_file(relative: Path) -> Path:
    """``relative`` in the working directory, else beside the source tree (editable install)."""
    here = Path.cwd() / relative
    if here.exists():
        return here
    return Path(__file__).resolve().parents[3] / relative


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _child_env(options: LoadOptions, workdir: Path, database: Path, port: int) -> dict[str, str]:
    """The environment of ``make demo`` (DEMO_ENV), on the load test's own database.

    Built from scratch for the settings that matter, so that a caller's DATABASE_URL (the
    PostgreSQL of a CI job) or test flag does not leak into the server.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "KUNSKAPSNAV_", "DATABASE_", "AXES_"))
        and key
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "STATIC_ROOT", "EMAIL_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kunskapsnav.settings",
            "DATABASE_URL": f"sqlite:///{database.resolve()}",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SESSION_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "KUNSKAPSNAV_VAR": str((workdir / "var").resolve()),
            "EMAIL_URL": "memory://",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if options.collectstatic:
        # Kept between runs: collecting and compressing takes most of a minute.
        env["STATIC_ROOT"] = str((Path.cwd() / LOAD_DIR / "static").resolve())
    else:
        env["KUNSKAPSNAV_TESTING"] = "1"
    return env


def _run_child(command: str, args: dict[str, Any], env: dict[str, str], *, quiet: bool) -> None:
    argv = [sys.executable, "-m", "kunskapsnav.core.loadtest", command, json.dumps(args)]
    result = subprocess.run(  # noqa: S603 - our own module, our own arguments
        argv,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stdout or "")[-4000:]
        raise RuntimeError(f"{command} failed (exit {result.returncode}).\n{output}")


def _proc_status(pid: int) -> dict[str, int]:
    values: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                values[key] = int(rest.split()[0])
    return values


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            # The command name may hold spaces: the fields follow the last ')'.
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append(int(entry.name))
    return sorted(found)


def server_cpu(master: int) -> float:
    """CPU seconds (user and system) used so far by the gunicorn master and its workers."""
    ticks = 0
    for pid in [master, *_children(master)]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def server_memory(master: int) -> dict[str, int]:
    """RSS (and peak RSS) in KiB of the gunicorn master and each worker, and their sum."""
    memory: dict[str, int] = {}
    total = peak = 0
    for label, pid in [("master", master)] + [
        (f"worker_{n}", pid) for n, pid in enumerate(_children(master), start=1)
    ]:
        status = _proc_status(pid)
        memory[f"{label}_rss"] = status.get("VmRSS", 0)
        memory[f"{label}_peak_rss"] = status.get("VmHWM", 0)
        total += status.get("VmRSS", 0)
        peak += status.get("VmHWM", 0)
    memory["total_rss"] = total
    memory["total_peak_rss"] = peak
    return memory


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as ``make demo`` starts it, stopped afterwards.

    Its workers boot (import Django and the apps) while the database is prepared: they open no
    connection before the first request.
    """
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "kunskapsnav.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--access-logfile",
        str(log),
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    with log.open("ab") as out:
        server = subprocess.Popen(  # noqa: S603 - gunicorn from this interpreter
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 90
    url = f"http://127.0.0.1:{port}/halsa/"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {server.returncode}):\n{_tail(log)}")
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(url, timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {url}:\n{_tail(log)}")


def _is_load_test_database(path: Path) -> bool:
    """Whether ``path`` is a database this runner made (it holds the load-test accounts)."""
    with contextlib.suppress(sqlite3.Error):
        uri = f"file:{path.resolve()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            row = connection.execute(
                "SELECT 1 FROM accounts_user WHERE email LIKE ? LIMIT 1", (f"%@{ACCOUNT_DOMAIN}",)
            ).fetchone()
            return row is not None
    return path.stat().st_size == 0


def _warm_up(host: str, plan: dict[str, Any]) -> None:
    """A few anonymous pages before the measured run, so that both workers have loaded their
    URLs and compiled their templates (a cold start is not what the figures are about)."""
    body = plan["public_bodies"][0] if plan["public_bodies"] else None
    paths = ["/", "/portal/", "/konto/logga-in/", "/organ/", "/sok/?q=v%C3%A5rd"]
    if body:
        paths += [f"/portal/organ/{body}/", f"/organ/{body}/"]
    for _round in range(3):
        for path in paths:
            with contextlib.suppress(OSError, urllib.error.URLError):
                urllib.request.urlopen(host + path, timeout=30).close()  # noqa: S310 - loopback


def _tail(path: Path, size: int = 3000) -> str:
    with contextlib.suppress(OSError):
        return path.read_text(errors="replace")[-size:]
    return ""


def run(options: LoadOptions) -> LoadReport:
    """The whole load test; returns its report (the caller prints it and decides)."""

    def say(message: str) -> None:
        if not options.quiet:
            print(message, flush=True)

    # The plan, figures and log go beside the database (by default all under var/load/).
    workdir = options.workdir or (options.database.parent if options.database else LOAD_DIR)
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    database = options.database or workdir / "loadtest.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists() and not _is_load_test_database(database):
        raise RuntimeError(
            f"{database} exists and is not a load-test database: not deleting it. "
            "Choose another --database."
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    plan_path = workdir / "plan.json"
    stats_path = workdir / "locust.json"
    log = workdir / "gunicorn.log"
    log.unlink(missing_ok=True)
    port = _free_port()
    env = _child_env(options, workdir, database, port)

    host = f"http://127.0.0.1:{port}"
    with _gunicorn(env, port, log) as server:
        how = "migrate" if options.schema == "migrations" else "tabeller från modellerna"
        say(
            f"== Databas {database}: {how}, referensdata, generate_national --scale {options.scale}"
        )
        started = time.monotonic()
        _run_child(
            "_prepare",
            {
                "plan": str(plan_path),
                "scale": options.scale,
                "years": options.years,
                "seed": options.seed,
                "users": options.users,
                "editors": options.note_editors,
                "collectstatic": options.collectstatic,
                "schema": options.schema,
            },
            env,
            quiet=options.quiet,
        )
        prepare_seconds = time.monotonic() - started
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        say(f"Förberett på {prepare_seconds:.0f} s.")
        say(f"== gunicorn på {host} (2 arbetare × 4 trådar, DEBUG=0)")
        _wait_until_up(server, port, log)
        _warm_up(host, plan)
        say(
            f"== locust: {options.users} användare, {options.spawn_rate}/s, "
            f"{options.run_time:.0f} s ({options.note_editors} skriver i samma punkt)"
        )
        locust_env = dict(env, **{PLAN_ENV: str(plan_path)})
        cpu_before = server_cpu(server.pid)
        load_before = os.getloadavg()[0]
        _run_child(
            "_locust",
            {
                "host": host,
                "users": options.users,
                "spawn_rate": options.spawn_rate,
                "run_time": options.run_time,
                "out": str(stats_path),
                "locustfile": str(options.locustfile or _repo_file(LOCUSTFILE)),
            },
            locust_env,
            quiet=options.quiet,
        )
        memory = server_memory(server.pid)
        cpu = server_cpu(server.pid) - cpu_before
        load_after = os.getloadavg()[0]
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    verification = verify(database, plan, stats["writes"])
    total = _endpoint(stats["total"])
    return LoadReport(
        scale=options.scale,
        users=options.users,
        spawn_rate=options.spawn_rate,
        run_time=options.run_time,
        duration=stats["duration"],
        requests=total.requests,
        failures=total.failures,
        rps=total.requests / stats["duration"] if stats["duration"] else 0.0,
        total=total,
        endpoints=[_endpoint(entry) for entry in stats["entries"]],
        errors=stats["errors"],
        requests_per_user_class=stats["requests_per_user_class"],
        users_per_user_class=stats["users_per_user_class"],
        memory_kib=memory,
        server_cpu_seconds=round(cpu, 2),
        load_average=(load_before, load_after),
        verification=verification,
        database=str(database),
        prepare_seconds=round(prepare_seconds, 1),
    )


def _endpoint(entry: dict[str, Any]) -> Endpoint:
    return Endpoint(**entry)


# --- The no-lost-update check -------------------------------------------------------------


def verify(database: Path, plan: dict[str, Any], writes: list[dict[str, Any]]) -> Verification:
    """Check the contested item in the database against what the editors were told.

    Each accepted write was told its new version. No update is lost when the versions of the
    accepted writes are exactly the versions the item went through (one each, every one based
    on the version just before it: nobody wrote over a text they had not seen), the stored text
    is the text of the highest of them, and the item's history holds the accepted texts in that
    order. A write cut off by the end of the run (sent, never answered) is looked up in the
    history: stored, it counts as accepted at the place it has there.
    """
    contested = plan["contested"]
    item = contested["item"]
    start = contested["start_version"]
    uri = f"file:{database.resolve()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        final_text, final_version = connection.execute(
            f'SELECT "text", "lock_version" FROM "{contested["table"]}" WHERE "id" = ?',  # noqa: S608
            (item,),
        ).fetchone()
        history = [
            text
            for (text,) in connection.execute(
                f'SELECT "text" FROM "{contested["history_table"]}" '  # noqa: S608
                'WHERE "id" = ? AND "history_id" > ? ORDER BY "history_id"',
                (item, contested["history_after"]),
            )
        ]
    accepted = sorted(
        (w for w in writes if w["outcome"] == "accepted"), key=lambda w: int(w["version"])
    )
    conflicts = [w for w in writes if w["outcome"] == "conflict"]
    pending = [w for w in writes if w["outcome"] == "pending"]
    unanswered_but_stored = {w["marker"] for w in pending if w["marker"] in history}
    increase = final_version - start
    checks: list[Check] = []

    versions = [int(w["version"]) for w in accepted]
    duplicates = len(versions) - len(set(versions))
    stale = [w for w in accepted if int(w["base"]) != int(w["version"]) - 1]
    counted = len(accepted) + len(unanswered_but_stored)
    checks.append(
        Check(
            "version increase = accepted writes",
            increase == counted,
            f"{start} → {final_version} (+{increase}); accepted {len(accepted)}"
            + (f" + {len(unanswered_but_stored)} stored but unanswered" if pending else ""),
        )
    )
    checks.append(
        Check(
            "each accepted write was based on the version before its own",
            not stale and not duplicates,
            f"{len(stale)} based on an older version, {duplicates} versions given twice",
        )
    )
    stored_order = [text for text in history if text not in unanswered_but_stored]
    in_version_order = [w["marker"] for w in accepted]
    checks.append(
        Check(
            "history holds every accepted text, in version order",
            stored_order == in_version_order,
            f"{len(history)} history rows for {counted} stored writes",
        )
    )
    if history:
        expected = history[-1] if unanswered_but_stored else in_version_order[-1]
    else:
        expected = contested["start_text"]
    checks.append(
        Check(
            "stored text = text of the highest accepted version",
            final_text == expected,
            f"stored {final_text[:50]!r}, expected {expected[:50]!r}",
        )
    )
    editors = set(plan["editor_names"])
    named = [w for w in conflicts if w.get("named") in editors]
    checks.append(
        Check(
            "each conflict message names an editor",
            len(named) == len(conflicts),
            f"{len(named)} of {len(conflicts)}",
        )
    )
    # A write still in flight when the run stops has no answer: stored or not, it is counted
    # by the version check above (stored but unanswered), so it is not a check of its own.
    in_history = set(history)
    lost = (
        max(0, counted - increase)
        + len(stale)
        + sum(1 for w in accepted if w["marker"] not in in_history)
        + (0 if final_text == expected else 1)
    )
    return Verification(
        item=item,
        start_version=start,
        final_version=final_version,
        writes=len(writes),
        accepted=len(accepted),
        conflicts=len(conflicts),
        failed=sum(1 for w in writes if w["outcome"] == "failed"),
        pending=len(pending),
        lost_updates=lost,
        conflicts_naming_an_editor=len(named),
        checks=checks,
    )


# --- Printing and saving ------------------------------------------------------------------


def format_report(report: LoadReport) -> str:
    lines = []
    header = (
        f"{'Förfrågan':<46} {'metod':<6} {'antal':>7} {'fel':>5} {'req/s':>7} "
        f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}"
    )
    lines += [header, "-" * len(header)]
    for e in [*sorted(report.endpoints, key=lambda e: (e.name, e.method)), report.total]:
        if e is report.total:
            lines.append("-" * len(header))
        lines.append(
            f"{e.name[:46]:<46} {e.method[:6]:<6} {e.requests:>7} {e.failures:>5} "
            f"{e.rps:>7.1f} {e.p50_ms:>6.0f} {e.p95_ms:>6.0f} {e.p99_ms:>6.0f} {e.max_ms:>7.0f}"
        )
    lines.append("(tider i millisekunder)")
    lines.append("")
    lines.append(
        f"Förfrågningar: {report.requests} på {report.duration:.1f} s = {report.rps:.1f} req/s; "
        f"p50 {report.total.p50_ms:.0f} ms, p95 {report.total.p95_ms:.0f} ms, "
        f"p99 {report.total.p99_ms:.0f} ms"
    )
    lines.append(f"Fel: {report.failures} (felkvot {report.error_rate:.2%})")
    if report.resent:
        lines.append(
            f"Återsända POST: {report.resent} (servern stängde en återanvänd anslutning utan svar; "
            "en webbläsare skickar då om, som här)"
        )
    for error in report.errors[:10]:
        lines.append(
            f"  {error['occurrences']}× {error['method']} {error['name']}: {error['error']}"
        )
    per_class = ", ".join(
        f"{name} {report.users_per_user_class.get(name, 0)} st / {count} req"
        for name, count in sorted(report.requests_per_user_class.items())
    )
    lines.append(f"Användare: {per_class}")
    lines.append(
        f"Serverns CPU-tid: {report.server_cpu_seconds:.1f} s = "
        f"{report.cpu_ms_per_request:.0f} ms per förfrågan; maskinens last (1 min) "
        f"{report.load_average[0]:.1f} vid start, {report.load_average[1]:.1f} vid slut "
        f"({os.cpu_count()} kärnor)"
    )
    mem = report.memory_kib
    workers = sorted(
        k for k in mem if k.startswith("worker_") and k.endswith("_rss") and "peak" not in k
    )
    lines.append(
        f"Serverns minne (RSS): {mem.get('total_rss', 0) / 1024:.0f} MiB totalt "
        f"(master {mem.get('master_rss', 0) / 1024:.0f} MiB, "
        + ", ".join(f"{k.removesuffix('_rss')} {mem[k] / 1024:.0f} MiB" for k in workers)
        + f"); topp {mem.get('total_peak_rss', 0) / 1024:.0f} MiB"
    )
    v = report.verification
    lines.append(
        f"Samtidiga skrivningar i punkt {v.item}: {v.writes} försök, {v.accepted} sparade, "
        f"{v.conflicts} konflikter (väntade), {v.failed} fel; version {v.start_version} → "
        f"{v.final_version}"
    )
    for check in v.checks:
        lines.append(f"  [{'ok' if check.ok else 'FEL'}] {check.name}: {check.detail}")
    lines.append(f"lost updates: {v.lost_updates}")
    lines.append(f"Resultat: {'OK' if report.ok else 'FEL'}")
    return "\n".join(lines)


def save_results(report: LoadReport, path: Path) -> None:
    """Update the ``"load"`` key of the results file; other benchmarks own the other keys."""
    results: dict[str, Any] = {}
    if path.exists():
        with contextlib.suppress(ValueError):
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                results = loaded
    results["load"] = report.as_json()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: a benchmark writing its own key at the same time sees either
    # the old file or the new one, never half of one.
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp"
    ) as out:
        json.dump(results, out, ensure_ascii=False, indent=2)
        out.write("\n")
    Path(out.name).replace(path)


# --- Children: the database side ----------------------------------------------------------


def _prepare(args: dict[str, Any]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()

    def step(label: str) -> None:
        print(f"  {label} ({time.monotonic() - started:.0f} s)", flush=True)

    if args["schema"] == "models":
        _schema_from_models()
        step("tabeller från modellerna")
    else:
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        step("migrate")
    call_command("load_reference", stdout=io.StringIO(), skip_checks=True)
    step("load_reference")
    call_command(
        "generate_national",
        scale=args["scale"],
        years=args["years"],
        seed=args["seed"],
        stdout=io.StringIO(),
        skip_checks=True,
    )
    step("generate_national")
    if args["collectstatic"]:
        if _static_is_current():
            step("statiska filer redan insamlade")
        else:
            call_command("collectstatic", interactive=False, verbosity=0, skip_checks=True)
            step("collectstatic")
    plan = make_plan(users=args["users"], editors=args["editors"])
    step("konton och plan")
    Path(args["plan"]).write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")


def _static_is_current() -> bool:
    """Whether STATIC_ROOT holds every static file, none changed since it was collected (a
    collection with compression takes most of a minute, and the files rarely change)."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    with contextlib.suppress(ValueError, OSError):
        known = json.loads(manifest.read_text(encoding="utf-8")).get("paths", {})
        for finder in get_finders():
            for path, storage in finder.list(["CVS", ".*", "*~"]):
                if path not in known or Path(storage.path(path)).stat().st_mtime > collected:
                    return False
        return True
    return False


class _NoMigrations(dict[str, None]):
    """``MIGRATION_MODULES`` that says "no migrations" for every app."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> None:
        return None


def _schema_from_models() -> None:
    """The tables straight from the models, then what our migrations do beyond the models
    (``RunSQL`` and ``RunPython``: the full-text index of ``search``), in migration order."""
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython, RunSQL

    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("kunskapsnav.")}
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    special = [
        operation
        for key in loader.graph.leaf_nodes()
        if key[0] in ours
        for plan_key in loader.graph.forwards_plan(key)
        if plan_key[0] == key[0]
        for operation in loader.graph.nodes[plan_key].operations
        if isinstance(operation, RunSQL | RunPython)
    ]
    settings.MIGRATION_MODULES = _NoMigrations()
    call_command("migrate", run_syncdb=True, interactive=False, verbosity=0, skip_checks=True)
    with connection.schema_editor() as editor:
        for operation in special:
            if isinstance(operation, RunPython):
                operation.code(cast(Any, apps), editor)
            else:
                statements = [operation.sql] if isinstance(operation.sql, str) else operation.sql
                for statement in statements:
                    if isinstance(statement, str):
                        editor.execute(statement)
                    else:
                        editor.execute(statement[0], cast(Any, statement[1]))


def make_plan(*, users: int, editors: int) -> dict[str, Any]:
    """Accounts, roles and tokens for the simulated users, and what each of them works on.

    One account per simulated user that logs in (locust splits the users between the kinds by
    weight, so each kind gets a pool as large as all users could take). They share one password,
    hashed once: the server checks it with the real hasher at each login.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from kunskapsnav.accounts.models import BodyRole, User
    from kunskapsnav.accounts.tokens import create_api_token
    from kunskapsnav.core.models import Region
    from kunskapsnav.core.national import generated_bodies
    from kunskapsnav.meetings.models import AgendaItem, Meeting
    from kunskapsnav.registry.models import Body, Membership

    bodies = generated_bodies().filter(status=Body.Status.AKTIV)
    open_statuses = [Meeting.Status.PLANERAT, Meeting.Status.KALLAT, Meeting.Status.GENOMFORT]
    # Meetings a samordnare works on: not locked, with items and with members to mark present.
    workable: list[tuple[int, int, list[int]]] = []  # (meeting, body, items)
    seen_bodies: set[int] = set()
    for meeting in (
        Meeting.objects.filter(body__in=bodies, status__in=open_statuses)
        .order_by("date", "pk")
        .only("pk", "body_id", "date")
    ):
        if meeting.body_id in seen_bodies:
            continue
        items = list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("order")
            .values_list("pk", flat=True)
        )
        members = Membership.objects.current(meeting.date).filter(body_id=meeting.body_id)
        if items and members.exists():
            seen_bodies.add(meeting.body_id)
            workable.append((meeting.pk, meeting.body_id, items))
    if len(workable) < 2:
        raise RuntimeError("Too few open meetings with items and members: raise --scale.")
    contested_meeting, contested_body, contested_items = workable[0]
    coordinator_work = [
        (meeting, body, item) for meeting, body, items in workable[1:] for item in items
    ]
    public = list(bodies.filter(is_public=True).order_by("pk").values_list("pk", flat=True)[:60])
    published = list(
        Meeting.objects.filter(body__in=bodies.filter(is_public=True), status="publicerat")
        .order_by("-date")
        .values_list("pk", flat=True)[:60]
    )
    bodies_with_meetings = list(
        bodies.filter(meetings__isnull=False).distinct().order_by("pk").values_list("pk", flat=True)
    )
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)
    pools = {"reader": users, "coordinator": users, "editor": editors}
    accounts: dict[str, list[dict[str, Any]]] = {kind: [] for kind in pools}
    with transaction.atomic():
        new_users = []
        for kind, size in pools.items():
            for n in range(1, size + 1):
                label = {"reader": "Läsare", "coordinator": "Samordnare", "editor": "Redaktör"}
                sysf = kind == "editor" and n == 1
                name = "Systemförvaltare Lasttest" if sysf else f"{label[kind]} {n} Lasttest"
                new_users.append(
                    User(
                        email=f"{kind}-{n}@{ACCOUNT_DOMAIN}",
                        full_name=name,
                        password=hashed,
                        is_systemforvaltare=sysf,
                    )
                )
                accounts[kind].append({"email": new_users[-1].email, "name": name})
        created = {u.email: u for u in User.objects.bulk_create(new_users)}
        roles = []
        for n, account in enumerate(accounts["reader"]):
            body = bodies_with_meetings[n % len(bodies_with_meetings)]
            user = created[account["email"]]
            roles.append(BodyRole(user=user, body_id=body, role=BodyRole.Role.LEDAMOT))
            _token, raw = create_api_token(user, "Lasttest", acting_user=user)
            account.update(
                body=body,
                token=raw,
                meetings=list(
                    Meeting.objects.filter(body_id=body)
                    .order_by("-date")
                    .values_list("pk", flat=True)[:5]
                ),
            )
        for n, account in enumerate(accounts["coordinator"]):
            meeting_id, body, item_id = coordinator_work[n % len(coordinator_work)]
            roles.append(
                BodyRole(
                    user=created[account["email"]], body_id=body, role=BodyRole.Role.SAMORDNARE
                )
            )
            account.update(body=body, meeting=meeting_id, item=item_id)
        for account in accounts["editor"]:
            roles.append(
                BodyRole(
                    user=created[account["email"]],
                    body_id=contested_body,
                    role=BodyRole.Role.SAMORDNARE,
                )
            )
        BodyRole.objects.bulk_create(roles, ignore_conflicts=True)

    item = AgendaItem.objects.get(pk=contested_items[0])
    history = AgendaItem.history.model
    last = history.objects.order_by("-history_id").values_list("history_id", flat=True).first()
    return {
        "password": password,
        "accounts": accounts,
        "editor_names": [a["name"] for a in accounts["editor"]],
        "contested": {
            "editors": editors,
            "meeting": contested_meeting,
            "item": item.pk,
            "start_version": item.lock_version,
            "start_text": item.text,
            "table": AgendaItem._meta.db_table,
            "history_table": history._meta.db_table,
            "history_after": last or 0,
        },
        "public_bodies": public,
        "published_meetings": published or [workable[0][0]],
        "regions": list(
            Region.objects.filter(pk__in=bodies.values("region"))
            .order_by("code")
            .values_list("code", flat=True)
        ),
        "levels": sorted(set(bodies.values_list("level", flat=True))),
        "kinds": sorted(set(bodies.values_list("kind", flat=True))),
    }


# --- Children: locust ---------------------------------------------------------------------


def _locust(args: dict[str, Any]) -> None:
    """Run the locustfile's users through locust's library API and write the figures."""
    import importlib.util

    import gevent  # type: ignore[import-untyped]
    from locust import events
    from locust.env import Environment
    from locust.log import setup_logging
    from locust.stats import StatsEntry

    setup_logging("WARNING")  # type: ignore[no-untyped-call]
    spec = importlib.util.spec_from_file_location("kunskapsnav_locustfile", args["locustfile"])
    if spec is None or spec.loader is None:
        raise RuntimeError(f"Cannot load {args['locustfile']}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    per_class: dict[str, int] = {}

    def count_request(context: dict[str, Any] | None = None, **_kwargs: Any) -> None:
        name = (context or {}).get("user_class", "?")
        per_class[name] = per_class.get(name, 0) + 1

    events.request.add_listener(count_request)  # type: ignore[no-untyped-call]
    # stop_timeout: at the end each user finishes the request it is in (a write whose answer
    # never came would leave the check guessing).
    env = Environment(
        user_classes=module.USER_CLASSES, host=args["host"], events=events, stop_timeout=30
    )
    runner = env.create_local_runner()
    users_per_class: dict[str, int] = {}

    def stop_at(deadline: float) -> None:
        # Not gevent.spawn_later: the hub's clock can be seconds behind after the imports.
        while (left := deadline - time.monotonic()) > 0:
            gevent.sleep(min(left, 0.5))
        users_per_class.update(runner.user_classes_count)
        runner.quit()

    started = time.monotonic()
    runner.start(args["users"], spawn_rate=args["spawn_rate"])
    gevent.spawn(stop_at, started + args["run_time"])
    runner.greenlet.join()
    duration = time.monotonic() - started

    def entry(stats: StatsEntry) -> dict[str, Any]:
        return {
            "name": stats.name,
            "method": stats.method or "",
            "requests": stats.num_requests,
            "failures": stats.num_failures,
            "rps": round(stats.num_requests / duration, 2) if duration else 0.0,
            "avg_ms": round(stats.avg_response_time, 1),
            "p50_ms": stats.get_response_time_percentile(0.5) or 0,
            "p95_ms": stats.get_response_time_percentile(0.95) or 0,
            "p99_ms": stats.get_response_time_percentile(0.99) or 0,
            "max_ms": round(stats.max_response_time or 0, 1),
        }

    result = {
        "duration": round(duration, 2),
        "total": entry(env.stats.total) | {"name": "Totalt", "method": ""},
        "entries": [entry(e) for e in env.stats.entries.values()],
        "errors": [
            {
                "method": e.method,
                "name": e.name,
                "error": str(e.error)[:300],
                "occurrences": e.occurrences,
            }
            for e in env.stats.errors.values()
        ],
        "requests_per_user_class": per_class,
        "users_per_user_class": users_per_class,
        "writes": module.WRITES,
    }
    Path(args["out"]).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# --- Command line -------------------------------------------------------------------------


def parse_args(argv: list[str]) -> LoadOptions:
    parser = argparse.ArgumentParser(
        prog="python -m kunskapsnav.core.loadtest",
        description="Belastningstest: gunicorn + locust på en ny SQLite-databas, med kontroll "
        "av att inga samtidiga ändringar går förlorade.",
    )
    parser.add_argument("--scale", type=float, default=0.05, help="generate_national --scale")
    parser.add_argument("--years", type=int, default=10, help="generate_national --years")
    parser.add_argument("--seed", type=int, default=1, help="generate_national --seed")
    parser.add_argument("--users", type=int, default=50, help="Samtidiga användare.")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="Nya användare per sekund.")
    parser.add_argument("--run-time", type=float, default=60.0, help="Sekunder.")
    parser.add_argument("--editors", type=int, default=0, help="Skribenter i samma punkt.")
    parser.add_argument("--database", type=Path, help="SQLite-filen (skapas på nytt).")
    parser.add_argument(
        "--schema-from-models",
        action="store_true",
        help="Skapa tabellerna direkt från modellerna i stället för med migrate (snabbare).",
    )
    parser.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="Servera statiska filer från apparna i stället för att samla dem (snabbare).",
    )
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help='Resultatfilen (nyckeln "load").'
    )
    parser.add_argument("--no-results", action="store_true", help="Skriv ingen resultatfil.")
    ns = parser.parse_args(argv)
    if ns.scale <= 0 or ns.users < 1 or ns.run_time <= 0 or ns.spawn_rate <= 0:
        parser.error("--scale, --users, --spawn-rate och --run-time måste vara större än 0.")
    return LoadOptions(
        scale=ns.scale,
        years=ns.years,
        seed=ns.seed,
        users=ns.users,
        spawn_rate=ns.spawn_rate,
        run_time=ns.run_time,
        editors=ns.editors,
        database=ns.database,
        collectstatic=not ns.no_collectstatic,
        schema="models" if ns.schema_from_models else "migrations",
        results=None if ns.no_results else ns.results,
    )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in {"_prepare", "_locust"}:
        child = _prepare if args[0] == "_prepare" else _locust
        child(json.loads(args[1]))
        return 0
    options = parse_args(args)
    try:
        report = run(options)
    except RuntimeError as problem:
        print(f"Belastningstestet kunde inte köras: {problem}", file=sys.stderr)
        return 2
    print()
    print(format_report(report))
    if options.results is not None:
        save_results(report, options.results)
        print(f'Resultatet är sparat under "load" i {options.results}.')
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
