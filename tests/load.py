"""Editors publishing through the admin while real ``db_worker`` processes translate.

Shared by ``tests/test_worker_processes.py`` (0 failures expected) and
``benchmarks/publishing_under_load.py`` (publishes per second). The workers
are started exactly as ``exchange_site.bootstrap run`` starts its worker, with
the development settings, on the database of the calling process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import connection
from django.test import Client
from django.urls import reverse

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from exchange_site import bootstrap
from exchange_site.translation.models import TranslationJob
from practices.models import PracticePage

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """A ``DATABASE_URL`` for the database this process uses (the test database in tests)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or "5432"
    return f"postgres://{params['USER']}@{host}:{port}/{params['NAME']}"


def start_workers(count: int, log: IO, **environment: str) -> list[subprocess.Popen]:
    """``count`` worker processes on this process's database, writing to ``log``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "exchange_site.settings.dev",
        "DATABASE_URL": database_url(),
        **environment,
    }
    return [
        subprocess.Popen(  # noqa: S603 - this interpreter, the project's own command line
            [*bootstrap.worker_command(sys.executable), "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for _number in range(count)
    ]


def stop_workers(workers: Sequence[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=10)


def practice_form(library_pk: int, topic_pk: int, title: str) -> dict:
    """What the admin's "Publish" button posts for a German practice with one paragraph."""
    empty_streams = {
        field.name: streamfield([])
        for field in PracticePage._meta.get_fields()
        if isinstance(field, StreamField)
    }
    data = {
        **empty_streams,
        "title_de": title,
        "slug_de": title.lower().replace(" ", "-"),
        "source_language": "de",
        "library": library_pk,
        "maturity": "established",
        "summary_de": f"Zusammenfassung von {title}.",
        "body_de": streamfield(
            [("paragraph", rich_text(f"<p>{title}: Kinder lesen <b>gemeinsam</b> vor.</p>"))]
        ),
    }
    return nested_form_data(data) | {"topics": [topic_pk], "action-publish": "action-publish"}


@dataclass
class EditorsResult:
    published: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.published / self.seconds if self.seconds else 0.0


def editors_publish(
    editors: Sequence,
    parent_pk: int,
    library_pk: int,
    topic_pk: int,
    pages_each: int,
    host: str = "testserver",
) -> EditorsResult:
    """Each editor, in a thread of its own, creates and publishes ``pages_each`` practices.

    Anything but the admin's redirect after a successful publish is an error,
    recorded with its status or exception (an editor would have lost the form).
    """
    result = EditorsResult()
    lock = threading.Lock()
    url = reverse("wagtailadmin_pages:add", args=("practices", "practicepage", parent_pk))

    def editor(user, number: int) -> None:
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        try:
            for page_number in range(pages_each):
                title = f"Praxis {number}-{page_number}"
                try:
                    response = client.post(url, practice_form(library_pk, topic_pk, title))
                except Exception:  # noqa: BLE001 - every failure is what we count
                    problem = traceback.format_exc(limit=1).strip().splitlines()[-1]
                    with lock:
                        result.errors.append(f"{title}: {problem}")
                    continue
                with lock:
                    if response.status_code == 302:
                        result.published += 1
                    else:
                        form = (response.context or {}).get("form")
                        problems = form.errors.as_json() if form is not None else ""
                        result.errors.append(f"{title}: HTTP {response.status_code} {problems}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=editor, args=(user, number)) for number, user in enumerate(editors)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def wait_for_jobs(timeout: float) -> Counter:
    """Wait until no job is queued or running (or ``timeout``); returns jobs per status."""
    deadline = time.monotonic() + timeout
    unfinished = [TranslationJob.Status.QUEUED, TranslationJob.Status.RUNNING]
    while (
        TranslationJob.objects.filter(status__in=unfinished).exists()
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    return Counter(TranslationJob.objects.values_list("status", flat=True))
