"""Background work on Django's task API (database queue, ``manage.py db_worker``)."""

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_translation_job(context: TaskContext, job_id: int) -> None:
    """The job remembers its queue row, so a job abandoned by its worker can fail that too."""
    from .jobs import run_job

    run_job(job_id, task_result_id=str(context.task_result.id))
