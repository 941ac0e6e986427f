"""Translation jobs: record one, run one. Each records its progress and outcome.

Queueing (``tasks.enqueue_translation``, ``tasks.retry_job``) sits above this
module, so running a job never depends on the task queue.

A job that loses its worker (SIGKILL, crash, power cut) cannot record that itself,
so a running job records a heartbeat and any running job whose heartbeat stopped is
marked failed, with its reason and a Retry button, by ``fail_abandoned_jobs`` (the job
lists and every worker starting a job call it). A worker that is asked to stop
finishes its current job first; asked twice, it marks the job failed on its way out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.models import Page

from django_tasks_db.models import DBTaskResult

from .budget import BudgetExceeded, JobBudget
from .errors import SourceChanged, TranslationError
from .models import TranslationJob
from .notifications import notify_reviewers
from .pipeline import target_languages, translate_page

logger = logging.getLogger("exchange_site.translation")
Status = TranslationJob.Status


def create_job(
    page: Page,
    targets: list[str] | None = None,
    provider: str = "",
    requested_by=None,
    retry_of: TranslationJob | None = None,
) -> TranslationJob:
    """Record a queued job for ``page``; running it is ``run_job``'s (or the task queue's)."""
    specific = page.specific
    return TranslationJob.objects.create(
        page=page,
        source_language=specific.source_language,
        target_languages=target_languages(specific, targets),
        provider=provider or "",
        requested_by=requested_by if getattr(requested_by, "pk", None) else None,
        retry_of=retry_of,
    )


class WorkerStopped(Exception):
    """Recorded on the task queue's row of a job whose worker stopped without finishing it."""


class Heartbeat:
    """Touches a running job's ``heartbeat_at`` from a thread until the job ends.

    A thread, not the progress callback, because one slow provider request can
    outlast the abandonment limit while the worker is perfectly alive.
    """

    def __init__(self, job_id: int, interval: float) -> None:
        self.job_id, self.interval = job_id, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    TranslationJob.objects.filter(pk=self.job_id, status=Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("Heartbeat of translation job %s failed", self.job_id)
        finally:
            connection.close()  # this thread's own connection


def fail_abandoned_jobs() -> int:
    """Mark running jobs whose worker stopped beating as failed (retryable); returns how many.

    The check and the update are one UPDATE, so a job whose heartbeat arrives
    meanwhile is left alone. The task queue's row is failed too, so it does not
    stay "running" either.
    """
    limit = settings.TRANSLATION_JOB_ABANDONED_AFTER_SECONDS
    now = timezone.now()
    cutoff = now - timedelta(seconds=limit)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    running = TranslationJob.objects.filter(status=Status.RUNNING)
    reason = gettext(
        "The worker running this job stopped without finishing it (no sign of life for "
        "%(seconds)d seconds). Retry to run it again."
    ) % {"seconds": limit}
    failed = 0
    for job in running.filter(silent).only("pk", "task_result_id"):
        if not running.filter(silent, pk=job.pk).update(
            status=Status.FAILED, error=reason, finished_at=now
        ):
            continue
        failed += 1
        logger.warning("Translation job %s failed: its worker stopped", job.pk)
        for task_result in DBTaskResult.objects.running().filter(pk=job.task_result_id or None):
            task_result.set_failed(WorkerStopped(reason))
    return failed


def run_job(
    job_id: int,
    on_progress: Callable[[int, int], None] | None = None,
    task_result_id: str = "",
) -> TranslationJob:
    """Run a queued job to its end; failures are recorded on the job, never raised.

    Only a stop request (``SystemExit``/``KeyboardInterrupt``, i.e. a worker told twice
    to stop) propagates, after the job is recorded as failed and retryable.
    """
    fail_abandoned_jobs()
    job = TranslationJob.objects.select_related("page").get(pk=job_id)
    if job.status != Status.QUEUED:
        return job
    job.status, job.started_at = Status.RUNNING, timezone.now()
    job.heartbeat_at, job.task_result_id = job.started_at, str(task_result_id or "")
    job.save(update_fields=["status", "started_at", "heartbeat_at", "task_result_id"])
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        TranslationJob.objects.filter(pk=job.pk).update(segments_done=done, segments_total=total)
        if on_progress:
            on_progress(done, total)

    budget = JobBudget(job)
    try:
        with Heartbeat(job.pk, settings.TRANSLATION_JOB_HEARTBEAT_SECONDS):
            report = translate_page(
                job.page,
                job.target_languages,
                job.provider or None,
                on_progress=progress,
                budget=budget,
            )
    except BudgetExceeded as error:
        job.status, job.error = Status.REFUSED, str(error)
    except SourceChanged as error:
        job.status, job.error = Status.DISCARDED, str(error)
    except TranslationError as error:
        job.status, job.error = Status.FAILED, str(error)
    except Exception:
        logger.exception("Translation job %s crashed", job.pk)
        job.status, job.error = Status.FAILED, "Internal error while translating; see the logs."
    except BaseException:
        budget.settle()
        job.status, job.finished_at = Status.FAILED, timezone.now()
        job.error = gettext("The worker was stopped while running this job. Retry to run it again.")
        job.save(update_fields=["status", "error", "finished_at"])
        logger.warning("Translation job %s failed: its worker was stopped", job.pk)
        raise
    else:
        job.status = Status.SUCCEEDED
        job.segments_total = report.segments_total
        job.segments_done = report.segments_total
        job.segments_sent = report.segments_sent
        job.segments_reused = report.segments_reused
        job.characters_sent = report.stats.characters
        job.requests_made = report.stats.requests
        job.retries = report.stats.retries
        job.fields_written = report.fields_written
        job.warnings = report.warnings
        if report.languages_with_drafts:
            notify_reviewers(job.page.specific, report.languages_with_drafts)
    budget.settle()
    job.finished_at = timezone.now()
    job.save()
    seconds = time.monotonic() - started
    if job.status != Status.SUCCEEDED:
        logger.warning(
            "Translation job %s %s after %.1f s: %s", job.pk, job.status, seconds, job.error
        )
    else:
        logger.info(
            "Translation job %s succeeded in %.1f s: page %s, %s → %s, %s segments",
            job.pk,
            seconds,
            job.page_id,
            job.source_language,
            ",".join(job.target_languages),
            job.segments_total,
        )
    return job
