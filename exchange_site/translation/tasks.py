"""Queueing translation jobs on Django's task API (database queue, ``manage.py db_worker``).

``enqueue_translation`` and ``retry_job`` are how the rest of the site asks for
a translation in the background: they record a ``TranslationJob`` (``jobs``)
and hand it to the queue, whose worker runs ``jobs.run_job``. The task lives
here, above ``jobs``, so ``jobs`` never needs the queue; its import path is
stored in the queue's rows, so it stays ``tasks.run_translation_job``.
"""

from __future__ import annotations

from django.db import transaction

from wagtail.models import Page

from django_tasks import TaskContext, task

from .jobs import create_job, run_job
from .models import TranslationJob


@task(takes_context=True)
def run_translation_job(context: TaskContext, job_id: int) -> None:
    """The job remembers its queue row, so a job abandoned by its worker can fail that too."""
    run_job(job_id, task_result_id=str(context.task_result.id))


def enqueue_translation(
    page: Page,
    targets: list[str] | None = None,
    provider: str = "",
    requested_by=None,
    retry_of: TranslationJob | None = None,
) -> TranslationJob:
    """Record a job and hand it to the task queue once the transaction commits; returns at once."""
    job = create_job(page, targets, provider, requested_by, retry_of)
    transaction.on_commit(lambda: run_translation_job.enqueue(job.pk))
    return job


def retry_job(job: TranslationJob, requested_by=None) -> TranslationJob:
    """Queue a failed or discarded job again, as a new job that points back at it."""
    return enqueue_translation(
        job.page,
        job.target_languages,
        job.provider,
        requested_by or job.requested_by,
        retry_of=job,
    )
