"""The load-test runner, small: a few users for a few seconds, then its own checks.

The runner builds its own SQLite file for the server (gunicorn needs a database another process
can open), whatever the test database is: the same on the SQLite and the PostgreSQL job. Its
tables come from the models rather than from ``migrate`` (half a minute saved), and the static
files are not collected; ``make load`` does both as a deployment does.
"""

from __future__ import annotations

import json
from pathlib import Path

from kunskapsnav.core import loadtest

USER_CLASSES = {"PortalVisitor", "Reader", "Coordinator", "NoteEditor"}


def test_a_small_load_run_has_no_errors_and_loses_no_update(tmp_path: Path) -> None:
    # One test, not several sharing a fixture: pytest-xdist would run the fixture once per
    # worker that gets one of them.
    report = loadtest.run(
        loadtest.LoadOptions(
            scale=0.01,
            years=1,
            users=5,
            spawn_rate=5,
            run_time=8,
            editors=2,
            database=tmp_path / "load.sqlite3",
            workdir=tmp_path,
            schema="models",
            collectstatic=False,
            results=None,
            quiet=True,
        )
    )
    printed = loadtest.format_report(report)

    # Every kind of user made requests, and none failed.
    assert report.errors == [], printed
    assert report.failures == 0, printed
    assert set(report.requests_per_user_class) == USER_CLASSES, printed
    assert all(count > 0 for count in report.requests_per_user_class.values()), printed
    assert report.total.p95_ms > 0
    assert report.memory_kib["total_rss"] > report.memory_kib["master_rss"] > 0
    assert report.memory_kib["worker_2_rss"] > 0
    assert report.server_cpu_seconds > 0

    # The editors of the same item were each saved or refused, and nothing was lost.
    verification = report.verification
    assert verification.ok, printed
    assert verification.accepted > 0, printed
    assert verification.final_version == verification.start_version + verification.accepted
    assert "lost updates: 0" in printed
    assert report.ok

    # The check itself catches a lost update: the same writes, plus one that the server would
    # have accepted on a stale version, over the last one.
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    writes = json.loads((tmp_path / "locust.json").read_text(encoding="utf-8"))["writes"]
    last = max((w for w in writes if w["outcome"] == "accepted"), key=lambda w: w["version"])
    overwritten = {**last, "marker": "Text som skrevs över", "base": last["base"] - 1}
    caught = loadtest.verify(Path(report.database), plan, [*writes, overwritten])
    assert not caught.ok
    assert caught.lost_updates > 0

    # The figures go under "load"; the other benchmarks' keys stay.
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"search": {"p95_ms": 12}}), encoding="utf-8")
    loadtest.save_results(report, results)
    saved = json.loads(results.read_text(encoding="utf-8"))
    assert saved["search"] == {"p95_ms": 12}
    assert saved["load"]["lost_updates"] == 0
    assert saved["load"]["requests"] == report.requests
