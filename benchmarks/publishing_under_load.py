"""Publishes per second while real workers translate (figures, not a pass/fail test).

    .venv/bin/python benchmarks/publishing_under_load.py [--database sqlite|postgresql]
                                                          [--editors 3] [--workers 2] [--pages 10]

Each editor (a thread with its own admin session) creates and publishes
``--pages`` German practices through the Wagtail admin, as the "Publish" button
does; every publish queues a translation job into da/en/fr, which ``--workers``
``manage.py db_worker`` processes (started as ``bootstrap run`` starts them,
offline pseudo provider) run meanwhile. Prints publishes per second, errors
(0 expected), and how long the workers took to drain the queue.

Runs on a throw-away SQLite file or a throw-away PostgreSQL server
(``tests/postgresql.py``); talks to nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.postgresql import server_binaries, throwaway_server  # noqa: E402


def run(args: argparse.Namespace) -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "exchange_site.settings.test"
    django.setup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from wagtail.models import Page

    from tests import factories
    from tests.load import editors_publish, start_workers, stop_workers, wait_for_jobs

    # Queue on the database as the site does (override_settings resets the task backends).
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        MACHINE_TRANSLATION={**settings.MACHINE_TRANSLATION, "AUTO_TRANSLATE_ON_PUBLISH": True},
    ).enable()
    print(f"database: {connection.vendor}; migrating…", flush=True)
    call_command("migrate", verbosity=0)
    home = factories.HomePageFactory(parent=Page.get_first_root_node(), source_language="en")
    practices = factories.PracticeIndexPageFactory(parent=home)
    libraries = factories.PartnerLibraryIndexPageFactory(parent=home)
    library = factories.PartnerLibraryPageFactory(parent=libraries)
    topic = factories.TopicFactory(name="Leseförderung")
    editors = [
        get_user_model().objects.create_superuser(f"editor{n}", f"e{n}@example.org", "pw")
        for n in range(args.editors)
    ]
    with tempfile.TemporaryFile("w+") as log:
        workers = start_workers(args.workers, log)
        try:
            time.sleep(2)  # let the workers start before the clock does
            result = editors_publish(editors, practices.pk, library.pk, topic.pk, args.pages)
            started = time.monotonic()
            jobs = wait_for_jobs(timeout=600)
            drained = time.monotonic() - started
        finally:
            stop_workers(workers)
    total = args.editors * args.pages
    print(
        f"{connection.vendor}: {args.editors} editors × {args.pages} publishes, "
        f"{args.workers} workers translating"
    )
    print(
        f"  publishes: {result.published}/{total} in {result.seconds:.1f} s = "
        f"{result.per_second:.2f} publishes/s; errors: {len(result.errors)}"
    )
    for error in result.errors[:5]:
        print(f"    {error}")
    print(f"  translation jobs: {dict(jobs)}; queue drained {drained:.1f} s after the last publish")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=10, help="publishes per editor")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.database == "postgresql":
            binaries = server_binaries()
            if binaries is None:
                sys.exit("PostgreSQL server binaries not installed")
            os.environ["DATABASE_URL"] = stack.enter_context(throwaway_server(binaries))
        else:
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
        run(args)


if __name__ == "__main__":
    main()
