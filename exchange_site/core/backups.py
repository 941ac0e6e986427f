"""Online backups of the SQLite database and of MEDIA_ROOT, and their restore.

The database is copied with SQLite's online backup API
(``sqlite3.Connection.backup``): one read transaction, so with the WAL
journal the site and the task worker keep reading and writing while it runs,
and the copy is one consistent moment of the database. Copying the file
(``cp``) could catch it half-written; ``dumpdata``/``loaddata`` trips over
Wagtail's permissions and page tree. The copy is checked
(``PRAGMA integrity_check``) and switched to a single-file journal, so it is
complete without ``-wal``/``-shm`` files.

Media are archived after the database: a file uploaded in between is in the
archive without being in the database (harmless); never the other way round.
PostgreSQL is backed up with ``pg_dump`` instead (README, "Backups").
"""

from __future__ import annotations

import contextlib
import sqlite3
import tarfile
from pathlib import Path

MEDIA_ARCHIVE_SUFFIX = ".media.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def media_archive_path(database_backup: Path) -> Path:
    """Where the media archive of a database backup lives: next to it, same stem."""
    return database_backup.with_name(database_backup.stem + MEDIA_ARCHIVE_SUFFIX)


def _checked(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result}")


def backup_database(source: Path, output: Path) -> None:
    """Copy the live database ``source`` to ``output`` (replaced only once complete)."""
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source, timeout=20)) as live,
        contextlib.closing(sqlite3.connect(partial)) as copy,
    ):
        live.backup(copy)  # all pages in one step: one consistent read transaction
        _checked(copy, "the copy")
        copy.execute("PRAGMA journal_mode=DELETE")
    partial.replace(output)


def archive_media(media_root: Path, archive: Path) -> int:
    """Write MEDIA_ROOT's files to a gzipped tar; return how many files it holds."""
    partial = archive.with_name(archive.name + ".partial")
    count = 0
    with tarfile.open(partial, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += 1
    partial.replace(archive)
    return count


def restore_database(backup: Path, target: Path) -> None:
    """Write the backup's content into ``target`` (created or replaced), through SQLite.

    Through the backup API rather than a file copy, so a ``-wal`` file left
    next to ``target`` cannot be replayed over the restored pages.
    """
    if not backup.is_file():
        raise BackupError(f"no backup file at {backup}")
    with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source:
        _checked(source, f"the backup {backup}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(target, timeout=20)) as restored:
            source.backup(restored)


def extract_media(archive: Path, media_root: Path) -> int:
    """Unpack a media archive into MEDIA_ROOT (files of the same name are replaced)."""
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = [member for member in tar.getmembers() if member.isfile()]
        # The "data" filter refuses absolute paths, "..", links out of the tree and devices.
        tar.extractall(media_root, members=members, filter="data")
    return len(members)
