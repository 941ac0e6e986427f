"""Real ``db_worker`` processes next to editors: no lock errors, no job left "running".

These tests need a database that other processes can open, so they skip on
the in-memory SQLite test database; ``tests/test_reliability.py`` runs this
module in a child pytest on a file-based SQLite database and on PostgreSQL.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.urls import reverse

from wagtail.models import Locale, Page

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from exchange_site.translation.models import TranslationJob
from exchange_site.translation.tasks import enqueue_translation
from practices.models import PracticePage

from . import factories
from .load import editors_publish, start_workers, stop_workers, wait_for_jobs
from .provider_server import ProviderServer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),  # worker processes only see committed rows
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        and not settings.DATABASES["default"].get("TEST", {}).get("NAME"),
        reason="needs a database other processes can open (run by tests/test_reliability.py)",
    ),
]

HEARTBEAT, ABANDONED_AFTER = 0.5, 3.0
WORKER_ENV = {
    "TRANSLATION_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT),
    "TRANSLATION_JOB_ABANDONED_AFTER_SECONDS": str(ABANDONED_AFTER),
}
Status = TranslationJob.Status


@pytest.fixture
def queue_settings(settings):
    """This process queues on the database, as the site does, with a short abandonment limit."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }
    settings.TRANSLATION_JOB_ABANDONED_AFTER_SECONDS = ABANDONED_AFTER
    return settings


@pytest.fixture
def tree():
    """The pages a worker translates; the root and locale too (the child runs --nomigrations)."""
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = factories.HomePageFactory(parent=root, source_language="en")
    practices = factories.PracticeIndexPageFactory(parent=home)
    libraries = factories.PartnerLibraryIndexPageFactory(parent=home)
    library = factories.PartnerLibraryPageFactory(parent=libraries)
    return practices, library, factories.TopicFactory(name="Leseförderung")


@pytest.fixture
def worker_log(tmp_path) -> Iterator:
    with (tmp_path / "worker.log").open("w+") as log:
        yield log


@pytest.fixture
def slow_provider() -> Iterator[ProviderServer]:
    """A LibreTranslate server on 127.0.0.1 that hangs (a slow provider keeps a job running)."""
    server = ProviderServer(hang_seconds=4.0).start()
    yield server
    server.stop()


def provider_env(server: ProviderServer) -> dict[str, str]:
    return {"LIBRETRANSLATE_URL": server.url, "LIBRETRANSLATE_API_KEY": "test-key", **WORKER_ENV}


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up after {timeout} s waiting until {what}"
        time.sleep(0.1)


def job_status(job: TranslationJob) -> str:
    return TranslationJob.objects.values_list("status", flat=True).get(pk=job.pk)


def running_job(tree, server: ProviderServer) -> TranslationJob:
    """A job of a German practice, queued for the loopback provider and picked by a worker."""
    practices, library, _topic = tree
    page = factories.PracticePageFactory(
        parent=practices,
        library=library,
        source_language="de",
        title=None,
        title_de="Artothek",
        slug="artothek",
        summary=None,
        summary_de="Bilder ausleihen wie Bücher.",
        body=None,
        body_de=[("paragraph", "<p>Die Artothek verleiht <b>Kunstwerke</b>.</p>")],
    )
    job = enqueue_translation(page, ["fr"], provider="libretranslate")
    wait_until(lambda: job_status(job) == Status.RUNNING, 30, "a worker started the job")
    wait_until(lambda: server.received, 10, "the job called the provider")
    return job


def admin_job_row(admin_client, job: TranslationJob) -> str:
    """The job's row in the admin job list, as an editor sees it."""
    html = admin_client.get(reverse("translation_jobs")).content.decode()
    start = html.index(f"#{job.pk}<br>")
    return html[start : html.index("</tr>", start)]


def assert_failed_visibly(admin_client, job: TranslationJob, reason: str) -> None:
    row = admin_job_row(admin_client, job)
    assert "Failed" in row, f"the admin job list should show the job as failed: {row}"
    assert reason in row, f"the job list should say why the job failed: {row}"
    assert "Retry" in row, f"a failed job should offer Retry: {row}"
    job.refresh_from_db()
    task_result = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_result.status == TaskResultStatus.FAILED, (
        f"the task queue's row should not stay {task_result.status}"
    )


def test_three_editors_publish_while_two_workers_translate_without_errors(
    tree, queue_settings, django_user_model, worker_log
):
    practices, library, topic = tree
    editors = [
        django_user_model.objects.create_superuser(f"editor{n}", f"e{n}@example.org", "pw")
        for n in range(3)
    ]
    workers = start_workers(2, worker_log, **WORKER_ENV)
    try:
        result = editors_publish(editors, practices.pk, library.pk, topic.pk, pages_each=6)
        jobs = wait_for_jobs(timeout=45)
    finally:
        stop_workers(workers)
    worker_log.seek(0)
    assert result.errors == [], f"editors' publishes failed: {result.errors[:5]}"
    assert result.published == 18, f"expected 18 publishes, got {result.published}"
    assert jobs == {Status.SUCCEEDED: 18}, (
        f"every publish should be translated by the workers, got {dict(jobs)}:\n"
        f"{worker_log.read()[-3000:]}"
    )
    worker_log.seek(0)
    job_lines = [line for line in worker_log if line.startswith("Translation job ")]
    assert len(job_lines) == 18, f"the workers, not this process, should run the jobs: {job_lines}"
    half_published = [page.pk for page in PracticePage.objects.live() if not page.live_revision]
    assert half_published == [], f"live pages without a live revision: {half_published}"


def test_killed_worker_job_fails_with_reason_and_retry(
    tree, queue_settings, admin_client, worker_log, slow_provider
):
    slow_provider.set_fault("timeout")
    (worker,) = start_workers(1, worker_log, **provider_env(slow_provider))
    try:
        job = running_job(tree, slow_provider)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert job_status(job) == Status.RUNNING, "a killed worker cannot record anything itself"
        wait_until(
            lambda: "Failed" in admin_job_row(admin_client, job),
            ABANDONED_AFTER + 10,
            "the job list shows the abandoned job as failed",
        )
    finally:
        stop_workers([worker])
    assert_failed_visibly(admin_client, job, "stopped without finishing it")


def test_worker_told_to_stop_finishes_its_job(tree, queue_settings, worker_log, slow_provider):
    slow_provider.set_fault("timeout", times=1)  # the first request hangs, its retry succeeds
    (worker,) = start_workers(1, worker_log, **provider_env(slow_provider))
    try:
        job = running_job(tree, slow_provider)
        worker.send_signal(signal.SIGTERM)
        exit_code = worker.wait(timeout=30)
    finally:
        stop_workers([worker])
    worker_log.seek(0)
    log = worker_log.read()
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, f"the job should finish, got {job.status}: {log}"
    assert exit_code == 0, f"the worker should exit cleanly, got {exit_code}: {log}"
    task_result = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_result.status == TaskResultStatus.SUCCESSFUL, f"queue row: {task_result.status}"
    job_lines = [line for line in log.splitlines() if f"job {job.pk} " in line]
    assert len(job_lines) == 1 and "succeeded" in job_lines[0], (
        f"the worker log should have one line for the job: {log}"
    )


def test_worker_told_twice_to_stop_fails_its_job_with_retry(
    tree, queue_settings, admin_client, worker_log, slow_provider
):
    slow_provider.set_fault("timeout")
    (worker,) = start_workers(1, worker_log, **provider_env(slow_provider))
    try:
        job = running_job(tree, slow_provider)
        worker.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("a worker told twice to stop should stop at once")
    finally:
        stop_workers([worker])
    assert_failed_visibly(admin_client, job, "worker was stopped while running this job")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's journal and locking")
def test_sqlite_connections_use_wal_and_immediate_transactions():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (journal,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout")
        (busy_timeout,) = cursor.fetchone()
    assert journal == "wal", f"readers should not block the writer: journal_mode={journal}"
    assert busy_timeout >= 5000, f"writers should wait their turn: busy_timeout={busy_timeout}"
    assert connection.transaction_mode == "IMMEDIATE", "transactions should take the lock first"
