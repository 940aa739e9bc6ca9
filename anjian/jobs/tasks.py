"""The one django-tasks task: run a job by its public id on whichever worker claims it."""

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_job(context: TaskContext, public_id: str) -> None:
    from anjian.jobs.services import job_run

    worker_ids = context.task_result.worker_ids
    job_run(public_id=public_id, worker=worker_ids[-1] if worker_ids else "")
