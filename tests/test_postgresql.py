"""The scale-out path: the same tests pass with ``DATABASE_URL`` pointing at PostgreSQL.

A throw-away server on 127.0.0.1 (see ``tests/postgresql.py``) runs the
reader-site and privacy tests (PostgreSQL full-text search among them) and the
translation pipeline's tests (row locks, jobs, statuses) in a child pytest,
so the whole stack, migrations included, meets a real PostgreSQL.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgresql import server_binaries, throwaway_server

ROOT = Path(__file__).resolve().parent.parent
SUITES = [
    "tests/test_reader_site.py",
    "tests/test_translation_pipeline.py",
    "tests/test_privacy.py",
    "tests/test_hostile_input.py",  # NUL bytes fail differently on PostgreSQL
    "tests/test_search_quality.py",  # pg_trgm picks the "Did you mean" candidates
]


@pytest.mark.skipif(
    server_binaries() is None,
    reason="PostgreSQL server binaries not installed (.ci/run installs Debian's postgresql)",
)
def test_reader_site_and_pipeline_pass_on_postgresql():
    with throwaway_server(server_binaries()) as database_url:
        child = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "pytest", *SUITES, "-p", "no:cacheprovider", "-n", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            timeout=600,
        )
    report = child.stdout[-4000:] + child.stderr[-2000:]
    assert child.returncode == 0, f"tests failed on PostgreSQL:\n{report}"
    assert "database: postgresql" in child.stdout, f"the child did not use PostgreSQL:\n{report}"
    assert " passed" in child.stdout and "skipped" not in child.stdout, report
