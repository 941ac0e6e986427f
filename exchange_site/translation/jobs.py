"""Translation jobs: queue one, run one, retry one. Each records its progress and outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

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
    specific = page.specific
    return TranslationJob.objects.create(
        page=page,
        source_language=specific.source_language,
        target_languages=target_languages(specific, targets),
        provider=provider or "",
        requested_by=requested_by if getattr(requested_by, "pk", None) else None,
        retry_of=retry_of,
    )


def enqueue_translation(
    page: Page,
    targets: list[str] | None = None,
    provider: str = "",
    requested_by=None,
    retry_of: TranslationJob | None = None,
) -> TranslationJob:
    """Record a job and hand it to the task queue; returns at once."""
    job = create_job(page, targets, provider, requested_by, retry_of)
    from .tasks import run_translation_job

    transaction.on_commit(lambda: run_translation_job.enqueue(job.pk))
    return job


def retry_job(job: TranslationJob, requested_by=None) -> TranslationJob:
    return enqueue_translation(
        job.page,
        job.target_languages,
        job.provider,
        requested_by or job.requested_by,
        retry_of=job,
    )


def run_job(job_id: int, on_progress: Callable[[int, int], None] | None = None) -> TranslationJob:
    """Run a queued job to its end; failures are recorded on the job, never raised."""
    job = TranslationJob.objects.select_related("page").get(pk=job_id)
    if job.status != Status.QUEUED:
        return job
    job.status, job.started_at = Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])

    def progress(done: int, total: int) -> None:
        TranslationJob.objects.filter(pk=job.pk).update(segments_done=done, segments_total=total)
        if on_progress:
            on_progress(done, total)

    try:
        report = translate_page(
            job.page, job.target_languages, job.provider or None, on_progress=progress
        )
    except SourceChanged as error:
        job.status, job.error = Status.DISCARDED, str(error)
    except TranslationError as error:
        job.status, job.error = Status.FAILED, str(error)
    except Exception:
        logger.exception("Translation job %s crashed", job.pk)
        job.status, job.error = Status.FAILED, "Internal error while translating; see the logs."
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
    job.finished_at = timezone.now()
    job.save()
    if job.status != Status.SUCCEEDED:
        logger.warning("Translation job %s %s: %s", job.pk, job.status, job.error)
    return job
