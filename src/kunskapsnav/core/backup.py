"""Backup and restore: the database and the attached files in one archive.

``kunskapsnav backup [--output DIR]`` writes ``kunskapsnav-backup-YYYYMMDD-HHMMSS.tar.gz``
(default folder ``var/backups``, mode 0600: it holds every account's password hash).
``kunskapsnav restore ARCHIVE`` puts it back.

The archive
    A gzipped tar with exactly these members, all regular files::

        manifest.json
        database/kunskapsnav.sqlite3     (SQLite)  or  database/kunskapsnav.pgdump  (PostgreSQL)
        media/<path below MEDIA_ROOT>    (one per attached file)

    ``manifest.json`` holds the format number, the Kunskapsnav version, ``created_at`` (UTC,
    ISO 8601), the database vendor, the migration state (the last applied migration per app,
    by name) and, per member file, its size and SHA-256 (``file_count`` is their number).

The database
    SQLite is copied with SQLite's online backup API (``sqlite3.Connection.backup``) from
    Django's own live connection: the copy is consistent while the application runs (WAL
    mode: readers and the writer go on), and it works for the test suite's in-memory
    database too. Restore goes the same way in the other direction (the archived file is
    the source, Django's connection the target), after Django's connections are closed and
    reopened, so no transaction is open; SQLite takes the locks it needs and other processes
    wait (busy timeout) rather than see a half-written file.

    PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with
    ``pg_restore --clean --if-exists --no-owner --single-transaction`` (a failed restore
    leaves the database as it was). Both are run as subprocesses with the host, port, user
    and database name of Django's connection (the parsed ``DATABASE_URL``); the password is
    passed in the ``PGPASSWORD`` environment variable, never on the command line. Debian's
    ``postgresql-client`` (or ``postgresql``) package provides both programs.

The files
    Every regular file below ``MEDIA_ROOT`` (symbolic links are not followed and not
    archived). Restore replaces the contents of ``MEDIA_ROOT`` with the archived files:
    files added after the backup are removed.

Restore checks everything before it changes anything
    * the archive is a readable tar.gz with a ``manifest.json`` of a known format;
    * it is safe to extract: no absolute paths, no ``..``, no links or device files, and no
      member outside ``manifest.json``, ``database/`` and ``media/``;
    * the members are exactly the files of the manifest, each with its size and SHA-256
      (a corrupt or altered archive is refused);
    * the archive's migration state is not newer than the code's: every app's last migration
      must exist in this version of Kunskapsnav (restoring an older backup is fine; run
      ``kunskapsnav migrate`` afterwards);
    * the vendor of the archived database is the vendor in use.

    Only then is the database replaced, and then the files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

import kunskapsnav

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
DATABASE_FILES = {
    "sqlite": f"{DATABASE_DIR}/kunskapsnav.sqlite3",
    "postgresql": f"{DATABASE_DIR}/kunskapsnav.pgdump",
}
CHUNK = 1024 * 1024
#: A manifest larger than this is not read (about 300 000 files).
MANIFEST_LIMIT = 64 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the user (Swedish)."""


@dataclass
class Manifest:
    version: str
    created_at: str
    vendor: str
    migrations: dict[str, str]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: int = FORMAT

    def as_json(self) -> bytes:
        data = {
            "format": self.format,
            "application": "kunskapsnav",
            "version": self.version,
            "created_at": self.created_at,
            "database_vendor": self.vendor,
            "migrations": self.migrations,
            "file_count": len(self.files),
            "files": self.files,
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT or data.get("application") != "kunskapsnav":
                raise ValueError
            files = data["files"]
            migrations = data["migrations"]
            if (
                not isinstance(files, dict)
                or data["file_count"] != len(files)
                or not isinstance(migrations, dict)
            ):
                raise ValueError
            for entry in files.values():
                if not isinstance(entry["sha256"], str) or not isinstance(entry["size"], int):
                    raise ValueError
            return cls(
                version=str(data["version"]),
                created_at=str(data["created_at"]),
                vendor=str(data["database_vendor"]),
                migrations={str(k): str(v) for k, v in migrations.items()},
                files=files,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError(
                _("Säkerhetskopian har ingen giltig manifest.json och kan inte återställas.")
            ) from exc


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    media_files: int
    older_migrations: bool


# --- Helpers --------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _connection(alias: str = "default") -> BaseDatabaseWrapper:
    return connections[alias]


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            _("Databastypen %(vendor)s stöds inte av säkerhetskopieringen.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The last applied migration per app (by name: migrations are numbered)."""
    state: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > state.get(app, ""):
            state[app] = name
    return dict(sorted(state.items()))


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file below MEDIA_ROOT; links are skipped."""
    if not media_root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_symlink() or not path.is_file():
                continue
            yield f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", path


def _pg_environment(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore and the environment with PGPASSWORD."""
    params = connection.settings_dict
    args: list[str] = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    args += ["--dbname", str(params["NAME"]), "--no-password"]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            _(
                "Programmet %(program)s saknas. Installera PostgreSQL:s klientprogram "
                "(i Debian paketet postgresql-client) i samma version som databasservern."
            )
            % {"program": name}
        )
    return program


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s misslyckades: %(error)s")
            % {"program": Path(command[0]).name, "error": result.stderr.strip()}
        )


# --- Backup ---------------------------------------------------------------------------------


def _dump_database(connection: BaseDatabaseWrapper, vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        source = connection.connection
        assert isinstance(source, sqlite3.Connection)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            # A self-contained file: no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    else:
        args, env = _pg_environment(connection)
        program = _pg_program("pg_dump")
        _run([program, "--format=custom", "--file", str(target), *args], env)


def create_backup(output_dir: Path | str | None = None, *, alias: str = "default") -> Path:
    """Write a backup archive into ``output_dir`` (default var/backups) and return its path."""
    connection = _connection(alias)
    vendor = _vendor(connection)
    output = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "backups"
    output.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    manifest = Manifest(
        version=kunskapsnav.__version__,
        created_at=now.isoformat(timespec="seconds"),
        vendor=vendor,
        migrations=migration_state(connection),
    )
    archive = output / f"kunskapsnav-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    suffix = 1
    while archive.exists():
        suffix += 1
        archive = output / f"kunskapsnav-backup-{now:%Y%m%d-%H%M%S}-{suffix}.tar.gz"

    with tempfile.TemporaryDirectory(prefix="kunskapsnav-backup-") as work:
        database_file = Path(work) / "database"
        _dump_database(connection, vendor, database_file)
        members: list[tuple[str, Path]] = [(DATABASE_FILES[vendor], database_file)]
        members += list(_media_files(Path(settings.MEDIA_ROOT)))
        for name, path in members:
            manifest.files[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}

        partial = archive.with_name(archive.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_bytes(tar, MANIFEST, manifest.as_json(), now)
                for name, path in members:
                    info = tarfile.TarInfo(name)
                    info.size = manifest.files[name]["size"]
                    info.mtime = int(path.stat().st_mtime)
                    info.mode = 0o600
                    with path.open("rb") as handle:
                        tar.addfile(info, handle)
            partial.replace(archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return archive


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, when: datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(when.timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


# --- Restore --------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    """The member name if it is a plain relative path below an allowed folder; else refuse."""
    path = PurePosixPath(name)
    unsafe = (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or path.is_absolute()
        or any(part in {"..", ""} for part in name.split("/"))
        or (len(name) > 1 and name[1] == ":")
    )
    if unsafe:
        raise BackupError(
            _("Säkerhetskopian innehåller en otillåten sökväg (%(name)s) och kan inte återställas.")
            % {"name": name}
        )
    if name != MANIFEST and path.parts[0] not in {DATABASE_DIR, MEDIA_DIR}:
        raise BackupError(
            _("Säkerhetskopian innehåller en okänd fil (%(name)s) och kan inte återställas.")
            % {"name": name}
        )
    return name


def _corrupt(name: str) -> BackupError:
    return BackupError(
        _(
            "Säkerhetskopian är skadad eller har ändrats (%(name)s stämmer inte med "
            "manifestet). Ingenting har återställts."
        )
        % {"name": name}
    )


def _extract(archive: Path, work: Path) -> Manifest:
    """Extract the archive safely into ``work`` and check it against its manifest."""
    try:
        tar = tarfile.open(archive, mode="r:*")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("Filen %(archive)s är ingen läsbar säkerhetskopia.") % {"archive": archive}
        ) from exc
    manifest_raw: bytes | None = None
    extracted: dict[str, Path] = {}
    try:
        with tar:
            for member in tar:
                name = _safe_name(member.name.removeprefix("./").rstrip("/"))
                if member.isdir():
                    continue
                if not member.isreg():
                    raise BackupError(
                        _(
                            "Säkerhetskopian innehåller en länk eller specialfil (%(name)s) "
                            "och kan inte återställas."
                        )
                        % {"name": name}
                    )
                if name in extracted or (name == MANIFEST and manifest_raw is not None):
                    raise _corrupt(name)
                source = tar.extractfile(member)
                assert source is not None
                if name == MANIFEST:
                    manifest_raw = source.read(MANIFEST_LIMIT)
                    continue
                target = work / "members" / f"{len(extracted)}"
                target.parent.mkdir(parents=True, exist_ok=True)
                _copy_stream(source, target)
                extracted[name] = target
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise BackupError(
            _("Filen %(archive)s är ingen läsbar säkerhetskopia.") % {"archive": archive}
        ) from exc
    if manifest_raw is None:
        raise BackupError(
            _("Säkerhetskopian har ingen giltig manifest.json och kan inte återställas.")
        )
    manifest = Manifest.from_json(manifest_raw)
    for name in manifest.files:
        _safe_name(name)
    if set(extracted) != set(manifest.files):
        missing_or_extra = sorted(set(extracted) ^ set(manifest.files))
        raise _corrupt(missing_or_extra[0])
    for name, path in extracted.items():
        expected = manifest.files[name]
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise _corrupt(name)
    # Lay the files out under their names (already checked to be safe).
    for name, path in extracted.items():
        target = work / "tree" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    return manifest


def _copy_stream(source: IO[bytes], target: Path) -> None:
    with target.open("wb") as handle:
        while chunk := source.read(CHUNK):
            handle.write(chunk)


def _check_migrations(manifest: Manifest) -> bool:
    """Refuse an archive made by a newer Kunskapsnav; True if it is older than the code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    newer = sorted(
        f"{app}.{name}" for app, name in manifest.migrations.items() if (app, name) not in known
    )
    if newer:
        raise BackupError(
            _(
                "Säkerhetskopian kommer från en nyare version av Kunskapsnav (okända migreringar: "
                "%(migrations)s). Uppdatera Kunskapsnav först; ingenting har återställts."
            )
            % {"migrations": ", ".join(newer)}
        )
    return any(manifest.migrations.get(app) != name for app, name in loader.graph.leaf_nodes())


def verify_backup(
    archive: Path | str, work: Path, *, alias: str = "default"
) -> tuple[Manifest, bool]:
    """Every check of a restore, changing nothing; the checked files land in ``work/tree``.

    Returns the manifest and whether the archive's migrations are older than the code's.
    """
    connection = _connection(alias)
    manifest = _extract(Path(archive), work)
    vendor = _vendor(connection)
    if manifest.vendor != vendor or DATABASE_FILES[vendor] not in manifest.files:
        raise BackupError(
            _(
                "Säkerhetskopian gäller en databas av typen %(archived)s men Kunskapsnav "
                "använder %(vendor)s; ingenting har återställts."
            )
            % {"archived": manifest.vendor, "vendor": vendor}
        )
    if vendor == "sqlite":
        database = work / "tree" / DATABASE_FILES[vendor]
        try:
            check = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
            try:
                result = check.execute("PRAGMA integrity_check").fetchone()
            finally:
                check.close()
        except sqlite3.DatabaseError as exc:
            raise _corrupt(DATABASE_FILES[vendor]) from exc
        if result != ("ok",):
            raise _corrupt(DATABASE_FILES[vendor])
    return manifest, _check_migrations(manifest)


def _restore_database(connection: BaseDatabaseWrapper, vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        # A fresh connection outside any transaction: the backup API needs the target idle.
        connection.close()
        connection.ensure_connection()
        target = connection.connection
        assert isinstance(target, sqlite3.Connection)
        if target.in_transaction:
            target.commit()
        source = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
        connection.close()
    else:
        program = _pg_program("pg_restore")
        args, env = _pg_environment(connection)
        # No session of ours may hold locks on the tables that are dropped.
        connections.close_all()
        _run(
            [
                program,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(dump),
            ],
            env,
        )
        # pg_restore brings the rows, not the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _restore_media(source: Path, media_root: Path) -> int:
    """Replace the contents of MEDIA_ROOT with ``source``; the number of files put back."""
    media_root.mkdir(parents=True, exist_ok=True)
    for child in list(media_root.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = media_root / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
                count += 1
    return count


def restore_backup(archive: Path | str, *, alias: str = "default") -> RestoreReport:
    """Check ``archive`` completely, then replace the database and MEDIA_ROOT with it."""
    connection = _connection(alias)
    vendor = _vendor(connection)
    with tempfile.TemporaryDirectory(prefix="kunskapsnav-restore-") as work_dir:
        work = Path(work_dir)
        manifest, older = verify_backup(archive, work, alias=alias)
        _restore_database(connection, vendor, work / "tree" / DATABASE_FILES[vendor])
        count = _restore_media(work / "tree" / MEDIA_DIR, Path(settings.MEDIA_ROOT))
    return RestoreReport(manifest=manifest, media_files=count, older_migrations=older)
