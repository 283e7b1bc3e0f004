"""``kunskapsnav backup`` and ``kunskapsnav restore``: a round trip loses nothing; a bad archive
changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from kunskapsnav.core import backup
from kunskapsnav.meetings.models import Attachment, Meeting
from kunskapsnav.registry.models import Body

PDF = b"%PDF-1.4 bilaga 9: handlingsplan\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BackupTestBase(TransactionTestCase):
    """A temporary MEDIA_ROOT and backup folder, a Body, a Meeting and an Attachment file."""

    media: Path
    out: Path

    def setUp(self) -> None:
        work = Path(tempfile.mkdtemp(prefix="kn-backup-test-"))
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        self.media = work / "media"
        self.out = work / "backups"
        self.media.mkdir()
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        self.body = Body.objects.create(
            name="LPO Barn och unga", kind=Body.Kind.LPO, level=Body.Level.REGIONAL
        )
        self.meeting = Meeting.objects.create(body=self.body, date=dt.date(2024, 3, 14))
        self.attachment = Attachment(meeting=self.meeting, label="Bilaga 9", title="Plan")
        self.attachment.file.save("plan.pdf", ContentFile(PDF), save=True)
        self.file_path = Path(self.attachment.file.path)

    def make_backup(self) -> Path:
        out = io.StringIO()
        call_command("backup", output=str(self.out), stdout=out)
        archives = list(self.out.glob("kunskapsnav-backup-*.tar.gz"))
        assert len(archives) == 1, archives
        assert str(archives[0]) in out.getvalue()
        return archives[0]

    def restore(self, archive: Path) -> str:
        out = io.StringIO()
        call_command("restore", str(archive), interactive=False, stdout=out)
        return out.getvalue()

    def damage_everything(self) -> None:
        """Change and delete data and files after the backup."""
        Body.objects.filter(pk=self.body.pk).update(name="Fel namn")
        Attachment.objects.all().delete()
        Meeting.objects.all().delete()
        Body.objects.create(name="Tillkom efter säkerhetskopian")
        self.file_path.unlink()
        (self.media / "efteråt.txt").write_text("ska bort")

    def assert_everything_back(self) -> None:
        assert list(Body.objects.values_list("name", flat=True)) == ["LPO Barn och unga"]
        meeting = Meeting.objects.get()
        assert (meeting.pk, meeting.body_id, meeting.date) == (
            self.meeting.pk,
            self.body.pk,
            dt.date(2024, 3, 14),
        )
        attachment = Attachment.objects.get()
        assert (attachment.pk, attachment.label, attachment.file.name) == (
            self.attachment.pk,
            "Bilaga 9",
            self.attachment.file.name,
        )
        assert self.file_path.read_bytes() == PDF
        assert attachment.file.read() == PDF
        attachment.file.close()
        assert not (self.media / "efteråt.txt").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite:s backup-API")
class SqliteRoundTripTests(BackupTestBase):
    def test_backup_then_restore_brings_back_data_and_files(self) -> None:
        archive = self.make_backup()
        assert archive.stat().st_mode & 0o777 == 0o600
        manifest = read_manifest(archive)
        assert manifest["database_vendor"] == "sqlite"
        assert manifest["migrations"]["meetings"] == max(
            name for app, name in migrations_applied() if app == "meetings"
        )
        assert manifest["file_count"] == 2
        media_name = f"media/{self.attachment.file.name}"
        assert manifest["files"][media_name] == {"size": len(PDF), "sha256": sha256(PDF)}
        assert "database/kunskapsnav.sqlite3" in manifest["files"]

        self.damage_everything()
        message = self.restore(archive)

        assert "återställd" in message
        self.assert_everything_back()
        # The database works as before after the restore.
        Body.objects.create(name="Nytt organ efter återställningen")
        assert Body.objects.count() == 2

    def test_a_tampered_archive_is_refused_and_nothing_changes(self) -> None:
        archive = self.make_backup()
        rewrite(archive, {f"media/{self.attachment.file.name}": b"%PDF-1.4 annan fil\n"})
        Body.objects.filter(pk=self.body.pk).update(name="Efter säkerhetskopian")

        with pytest.raises(CommandError, match="skadad eller har ändrats"):
            self.restore(archive)

        assert Body.objects.get().name == "Efter säkerhetskopian"
        assert self.file_path.read_bytes() == PDF

    def test_an_archive_from_a_newer_version_is_refused(self) -> None:
        archive = self.make_backup()

        def newer(manifest: dict[str, object]) -> None:
            migrations = manifest["migrations"]
            assert isinstance(migrations, dict)
            migrations["meetings"] = "9999_from_the_future"

        rewrite(archive, {}, edit_manifest=newer)
        Body.objects.filter(pk=self.body.pk).update(name="Efter säkerhetskopian")

        with pytest.raises(CommandError, match="nyare version av Kunskapsnav"):
            self.restore(archive)
        assert Body.objects.get().name == "Efter säkerhetskopian"


@pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="PostgreSQL med pg_dump och pg_restore",
)
class PostgresqlRoundTripTests(BackupTestBase):
    def test_backup_then_restore_brings_back_data_and_files(self) -> None:
        archive = self.make_backup()
        manifest = read_manifest(archive)
        assert manifest["database_vendor"] == "postgresql"
        assert "database/kunskapsnav.pgdump" in manifest["files"]

        self.damage_everything()
        self.restore(archive)

        self.assert_everything_back()
        # The sequences came back too: a new row gets a fresh key.
        Body.objects.create(name="Nytt organ efter återställningen")
        assert Body.objects.count() == 2


def test_a_missing_pg_dump_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match="Programmet pg_dump saknas"):
        backup._pg_program("pg_dump")


# --- Archives that are unsafe to extract: refused before anything is written ---------------


def build_archive(path: Path, add: Callable[[tarfile.TarFile], None]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        add(tar)
    return path


def add_file(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    target = tmp_path / "work"
    target.mkdir()
    return target


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "../utanfor.txt", "media/../../utanfor.txt", "media/a/../../../x", "annat/x"],
)
def test_unsafe_paths_are_refused(tmp_path: Path, work: Path, name: str) -> None:
    archive = build_archive(tmp_path / "a.tar.gz", lambda tar: add_file(tar, name, b"x"))

    with pytest.raises(backup.BackupError, match="kan inte återställas"):
        backup._extract(archive, work)
    assert not (tmp_path / "utanfor.txt").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE])
def test_links_and_devices_are_refused(tmp_path: Path, work: Path, kind: bytes) -> None:
    def add(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("media/lank")
        info.type = kind
        info.linkname = "/etc/passwd"
        tar.addfile(info)

    archive = build_archive(tmp_path / "a.tar.gz", add)
    with pytest.raises(backup.BackupError, match="länk eller specialfil"):
        backup._extract(archive, work)


def test_an_archive_without_manifest_or_not_an_archive_is_refused(
    tmp_path: Path, work: Path
) -> None:
    archive = build_archive(tmp_path / "a.tar.gz", lambda tar: add_file(tar, "media/x", b"x"))
    with pytest.raises(backup.BackupError, match=r"manifest\.json"):
        backup._extract(archive, work)
    garbage = tmp_path / "b.tar.gz"
    garbage.write_bytes(b"inte en tar-fil")
    with pytest.raises(backup.BackupError, match="ingen läsbar säkerhetskopia"):
        backup._extract(garbage, work)


def test_a_file_missing_from_the_manifest_is_refused(tmp_path: Path, work: Path) -> None:
    manifest = {
        "format": 1,
        "application": "kunskapsnav",
        "version": "0.1.0",
        "created_at": "2024-01-01T00:00:00+00:00",
        "database_vendor": "sqlite",
        "migrations": {},
        "file_count": 1,
        "files": {"media/a.txt": {"size": 1, "sha256": sha256(b"a")}},
    }

    def add(tar: tarfile.TarFile) -> None:
        add_file(tar, "manifest.json", json.dumps(manifest).encode())
        add_file(tar, "media/a.txt", b"a")
        add_file(tar, "media/smuggled.txt", b"b")

    archive = build_archive(tmp_path / "a.tar.gz", add)
    with pytest.raises(backup.BackupError, match=r"media/smuggled\.txt"):
        backup._extract(archive, work)


# --- Helpers --------------------------------------------------------------------------------


def migrations_applied() -> set[tuple[str, str]]:
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder(connection).applied_migrations().keys()  # type: ignore[return-value]


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return dict(json.loads(handle.read()))


def rewrite(
    archive: Path,
    replace: dict[str, bytes],
    edit_manifest: Callable[[dict[str, object]], None] | None = None,
) -> None:
    """Rewrite ``archive`` with some members replaced; the manifest is kept unless edited."""
    with tarfile.open(archive) as tar:
        members = []
        for member in tar.getmembers():
            handle = tar.extractfile(member)
            assert handle is not None
            members.append((member.name, handle.read()))
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members:
            if name == "manifest.json" and edit_manifest is not None:
                manifest = json.loads(data)
                edit_manifest(manifest)
                data = json.dumps(manifest).encode()
            add_file(tar, name, replace.get(name, data))
