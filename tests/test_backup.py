"""Backups: a copy taken while the site writes restores the whole site (README, "Backups").

The demo site is built in a file SQLite database by the real commands
(``migrate``, ``load_demo_content``, ``ensure_demo_admin``), backed up with
``backup_sqlite`` while another connection holds an open write transaction (as
an editor's publish or the worker would), restored with ``restore_sqlite``
into a fresh file and a fresh MEDIA_ROOT, and compared table by table.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from exchange_site.core.languages import LANGUAGE_CODES

ROOT = Path(__file__).resolve().parent.parent
SITE_COMMAND_TIMEOUT = 300


def manage(*args: str, database: Path, media: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "exchange_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
            "MEDIA_ROOT": str(media),
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SITE_COMMAND_TIMEOUT,
    )


def succeeded(result: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    assert result.returncode == 0, (
        f"{what} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    )
    return result


def snapshot(database: Path) -> dict[str, list[tuple]]:
    """What a restore must bring back: pages in every language, revisions, people, rights."""
    titles = ", ".join(f"p.title_{code}" for code in LANGUAGE_CODES)
    queries = {  # the only interpolation: column names from the language table
        "pages": f"SELECT p.id, p.path, p.live, ct.model, {titles} FROM wagtailcore_page p "  # noqa: S608
        "JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY p.id",
        "revisions per page": "SELECT object_id, count(*) FROM wagtailcore_revision "
        "GROUP BY object_id ORDER BY object_id",
        "users": "SELECT username, email, password, is_superuser, is_active FROM auth_user "
        "ORDER BY username",
        "group members": "SELECT u.username, g.name FROM auth_user_groups ug "
        "JOIN auth_user u ON u.id = ug.user_id JOIN auth_group g ON g.id = ug.group_id "
        "ORDER BY 1, 2",
        "group permissions": "SELECT g.name, p.codename FROM auth_group_permissions gp "
        "JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = "
        "gp.permission_id ORDER BY 1, 2",
        "page permissions": "SELECT g.name, gpp.page_id, p.codename "
        "FROM wagtailcore_grouppagepermission gpp JOIN auth_group g ON g.id = gpp.group_id "
        "JOIN auth_permission p ON p.id = gpp.permission_id ORDER BY 1, 2, 3",
        "collection permissions": "SELECT g.name, gcp.collection_id, p.codename "
        "FROM wagtailcore_groupcollectionpermission gcp JOIN auth_group g ON g.id = "
        "gcp.group_id JOIN auth_permission p ON p.id = gcp.permission_id ORDER BY 1, 2, 3",
        "documents": "SELECT title, file FROM wagtaildocs_document ORDER BY id",
    }
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return {name: db.execute(sql).fetchall() for name, sql in queries.items()}


def media_files(media: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(media)): path.read_bytes()
        for path in media.rglob("*")
        if path.is_file()
    }


@pytest.mark.slow
def test_a_backup_taken_while_a_writer_works_restores_the_demo_site(tmp_path):
    live, live_media = tmp_path / "live.sqlite3", tmp_path / "media"
    for command in (["migrate", "--noinput"], ["load_demo_content"], ["ensure_demo_admin"]):
        succeeded(manage(*command, database=live, media=live_media), " ".join(command))
    before = snapshot(live)
    assert len(before["pages"]) > 20 and before["users"] and before["page permissions"], (
        f"the demo site should have pages, accounts and page permissions: "
        f"{ {name: len(rows) for name, rows in before.items()} }"
    )
    assert media_files(live_media), "the demo should have stored its attachment in MEDIA_ROOT"

    backup = tmp_path / "backups" / "site.sqlite3"
    with sqlite3.connect(live, isolation_level=None, timeout=1) as writer:
        writer.execute("BEGIN IMMEDIATE")  # a publish in progress holds the write lock
        writer.execute("UPDATE wagtailcore_page SET title_da = 'UNCOMMITTED' WHERE depth = 2")
        made = manage("backup_sqlite", "--output", str(backup), database=live, media=live_media)
        writer.execute("ROLLBACK")
    succeeded(made, "backup_sqlite beside an open write transaction")
    assert backup.with_name("site.media.tar.gz").is_file(), f"no media archive: {made.stdout}"

    restored, restored_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    succeeded(
        manage("restore_sqlite", "--input", str(backup), database=restored, media=restored_media),
        "restore_sqlite",
    )
    after = snapshot(restored)
    for name, rows in before.items():
        assert after[name] == rows, f"{name} differ after backup and restore"
    assert "UNCOMMITTED" not in str(after["pages"]), "the backup copied an uncommitted write"
    assert media_files(restored_media) == media_files(live_media), "media differ after restore"
    succeeded(
        manage("migrate", "--check", database=restored, media=restored_media),
        "the restored database should be fully migrated (migrate --check)",
    )

    refused = manage("restore_sqlite", "--input", str(backup), database=live, media=live_media)
    assert refused.returncode != 0 and "--replace" in refused.stderr, (
        f"restoring over an existing database without --replace should be refused: {refused}"
    )


def test_backup_sqlite_refuses_a_missing_database(tmp_path):
    result = manage(
        "backup_sqlite",
        "--output",
        str(tmp_path / "copy.sqlite3"),
        database=tmp_path / "missing.sqlite3",
        media=tmp_path / "media",
    )
    assert result.returncode != 0 and "no SQLite database" in result.stderr, result.stderr
