"""Ordinary commands work, links are absolute, and the worker tests run on real databases.

The worker tests (``tests/test_worker_processes.py``) need a database that other
processes can open; here a child pytest runs them on a file-based SQLite
database and on a throw-away PostgreSQL server (``tests/postgresql.py``).
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.postgresql import server_binaries, throwaway_server

from . import factories

ROOT = Path(__file__).resolve().parent.parent
WORKER_SUITE = "tests/test_worker_processes.py"


# --- plain ``migrate`` without a terminal ---------------------------------------------------


def migrate(database: Path) -> subprocess.CompletedProcess:
    """``manage.py migrate`` as a deploy script runs it: no flags, stdin not a terminal."""
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", "migrate"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "exchange_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def page_columns(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        return {row[1] for row in db.execute("PRAGMA table_info(wagtailcore_page)")}


@pytest.mark.slow
def test_plain_migrate_without_a_terminal_on_a_new_and_an_existing_database(tmp_path):
    database = tmp_path / "site.sqlite3"
    new = migrate(database)
    assert new.returncode == 0, f"migrate on a new database failed:\n{new.stderr[-2000:]}"
    assert {"title_da", "slug_fr"} <= page_columns(database), "page language columns missing"

    # An existing database from before a language column existed: migrate adds it.
    with sqlite3.connect(database) as db:
        db.execute("ALTER TABLE wagtailcore_page DROP COLUMN title_fr")
    existing = migrate(database)
    assert existing.returncode == 0, f"migrate on an existing DB failed:\n{existing.stderr[-2000:]}"
    assert "title_fr" in page_columns(database), "migrate should add the missing language column"


# --- absolute links in feeds and calendars --------------------------------------------------

READER_HOST = "bibliotek.example.org"


@pytest.fixture
def meeting(site_tree):
    return factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, title="Spring meeting", date=datetime.date(2024, 3, 14)
    )


def test_feed_links_use_the_host_the_reader_asked(client, site_tree, meeting):
    url = site_tree.meetings.url + site_tree.meetings.reverse_subpage("rss_feed")
    response = client.get(url, HTTP_HOST=READER_HOST, secure=True)
    assert response.status_code == 200, f"the feed answered {response.status_code}"
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    links = [channel.findtext("link"), *(item.findtext("link") for item in channel.iter("item"))]
    assert links[1:], "the feed should list the meeting"
    expected = f"https://{READER_HOST}/"
    assert all(link.startswith(expected) for link in links), (
        f"feed links should point to {expected}, not the Site record's localhost: {links}"
    )


def test_calendar_urls_use_the_host_the_reader_asked(client, site_tree, meeting):
    for url in (meeting.url + "calendar/", site_tree.meetings.url + "calendar/"):
        response = client.get(url, HTTP_HOST=READER_HOST)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        lines = response.content.decode().split("\r\n")
        urls = [line.removeprefix("URL:") for line in lines if line.startswith("URL:")]
        assert urls == [f"http://{READER_HOST}{meeting.url}"], (
            f"{url}: the event URL should be on the reader's host, got {urls}"
        )


# --- the worker tests, on databases other processes can open ---------------------------------


def run_worker_suite(**environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "pytest", WORKER_SUITE, "-p", "no:cacheprovider", "-n", "0"]
        + ["--nomigrations", "-rA"],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_all_passed(child: subprocess.CompletedProcess, database: str) -> None:
    report = child.stdout[-6000:] + child.stderr[-2000:]
    assert child.returncode == 0, f"worker tests failed on {database}:\n{report}"
    assert f"database: {database}" in child.stdout, f"the child did not use {database}:\n{report}"
    assert " passed" in child.stdout, f"no worker test ran on {database}:\n{report}"


@pytest.mark.slow
def test_worker_processes_on_file_sqlite(tmp_path):
    child = run_worker_suite(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        TEST_SQLITE_FILE=str(tmp_path / "test.sqlite3"),
    )
    assert_all_passed(child, "sqlite3")
    assert "skipped" not in child.stdout, f"a worker test was skipped:\n{child.stdout[-3000:]}"


@pytest.mark.slow
@pytest.mark.skipif(
    server_binaries() is None,
    reason="PostgreSQL server binaries not installed (.ci/run installs Debian's postgresql)",
)
def test_worker_processes_on_postgresql():
    with throwaway_server(server_binaries()) as database_url:
        child = run_worker_suite(DATABASE_URL=database_url)
    assert_all_passed(child, "postgresql")
