"""Start Django for a benchmark script on a throw-away SQLite database."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_on_scratch_database(settings_module: str) -> Path:
    """Configure and set up Django; returns the database file (the caller deletes it)."""
    sys.path.insert(0, str(ROOT))
    with tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False) as database:
        path = Path(database.name)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    return path
