"""Background work of investigation cases; tasks take ids and are safe to run twice."""

from django.tasks import task

from iproceeds.investigations import statements


@task
def run_import_job(job_id: int) -> str:
    """Import one confirmed statement (a no-op when the job was claimed or finished already)."""
    job = statements.import_job_run(job_id=job_id)
    return job.status if job is not None else "missing"
