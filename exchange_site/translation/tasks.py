"""Background work on Django's task API (database queue, ``manage.py db_worker``)."""

from django_tasks import task


@task()
def run_translation_job(job_id: int) -> None:
    from .jobs import run_job

    run_job(job_id)
