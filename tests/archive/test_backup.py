"""The backup and restore drill of README's "Backup": bin/backup (pg_dump and the stored files),
bin/restore into an empty database and an empty media directory, and verify_archive passing on
the restored copy — or failing when the restored files are not what was archived."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _run(script: str, argument: Path, *, database: str, media: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SECRET_KEY": "backup-drill-" + "x" * 50,
        "DJANGO_BEHIND_TLS_PROXY": "0",
        "DATABASE_URL": _url(database),
        "DJANGO_MEDIA_ROOT": str(media),
        "SIGNING_PKCS12": str(settings.SIGNING_PKCS12),
        "SIGNING_PASSPHRASE_FILE": str(settings.SIGNING_PASSPHRASE_FILE),
        "PYTHON": sys.executable,
    }
    return subprocess.run(
        [str(ROOT / "bin" / script), str(argument)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_database():
    name = connection.settings_dict["NAME"] + "_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restore_into_an_empty_database_and_verify_archive_passes(archived, empty_database, tmp_path):
    backup = tmp_path / "backup"
    made = _run("backup", backup, database=connection.settings_dict["NAME"], media=Path(settings.MEDIA_ROOT))
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar"]

    restored = _run("restore", backup, database=empty_database, media=tmp_path / "restored-media")
    assert restored.returncode == 0, restored.stderr + restored.stdout
    assert "核查归档记录 1 份：0 份有问题，共 0 处问题。" in restored.stdout
    assert (tmp_path / "restored-media" / archived.package.name).exists()

    # Into a database that is no longer empty: refused, nothing touched.
    again = _run("restore", backup, database=empty_database, media=tmp_path / "other-media")
    assert again.returncode == 2 and "the database is not empty" in again.stderr


def test_a_restored_archive_that_differs_from_what_was_archived_fails_the_drill(
    archived, empty_database, tmp_path
):
    backup = tmp_path / "backup"
    assert (
        _run(
            "backup", backup, database=connection.settings_dict["NAME"], media=Path(settings.MEDIA_ROOT)
        ).returncode
        == 0
    )
    # The stored files changed after the database was dumped (a backup taken carelessly).
    (Path(settings.MEDIA_ROOT) / archived.metadata_file.name).write_text("{}")
    backup_late = tmp_path / "backup-late"
    subprocess.run(
        [
            "tar",
            "--create",
            "--file",
            str(tmp_path / "media.tar"),
            "--directory",
            str(settings.MEDIA_ROOT),
            ".",
        ],
        check=True,
    )
    backup_late.mkdir()
    (backup_late / "database.dump").write_bytes((backup / "database.dump").read_bytes())
    (backup_late / "media.tar").write_bytes((tmp_path / "media.tar").read_bytes())
    subprocess.run("sha256sum database.dump media.tar > SHA256SUMS", shell=True, cwd=backup_late, check=True)

    restored = _run("restore", backup_late, database=empty_database, media=tmp_path / "restored-media")
    assert restored.returncode == 1
    assert f"{archived.document_number}　文件被改动（摘要不符）" in restored.stderr


def test_backup_refuses_when_the_files_are_not_on_this_disk(tmp_path):
    # With the stored files in an S3 bucket, a tar of DJANGO_MEDIA_ROOT would back up nothing.
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "DJANGO_FILE_STORAGE": "storages.backends.s3.S3Storage",
    }
    result = subprocess.run(
        [str(ROOT / "bin" / "backup"), str(tmp_path / "backup")], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2 and "storages.backends.s3.S3Storage" in result.stderr
    assert not (tmp_path / "backup").exists()
