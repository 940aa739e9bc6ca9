from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ErrorOut
from anjian.common.api_types import PageIn, page_of
from anjian.domain.permissions import Capability
from anjian.jobs.selectors import job_get_for, jobs_for

router = Router(tags=["后台任务"])


class JobOut(Schema):
    id: str
    kind: str
    title: str
    state: str
    state_label: str
    progress_done: int
    progress_total: int
    percent: int
    message: str
    error: str
    result_message: str
    result_url: str | None
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobPage(Schema):
    count: int
    page: int
    size: int
    results: list[JobOut]


def job_out(job) -> JobOut:
    has_file = job.state == job.State.DONE and bool(job.result_name)
    return JobOut(
        id=str(job.public_id), kind=job.kind, title=job.title, state=job.state, state_label=job.get_state_display(),
        progress_done=job.progress_done, progress_total=job.progress_total, percent=job.percent,
        message=job.progress_message, error=job.error, result_message=job.result_message,
        result_url=reverse("jobs:result", args=[job.public_id]) if has_file else None, attempts=job.attempts,
        created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at)


@router.get("", response={200: JobPage, 422: ErrorOut})
@api_requires(Capability.PROFILE)
def list_jobs(request: HttpRequest, paging: Query[PageIn]):
    count, rows = page_of(jobs_for(request.user), paging)
    return JobPage(count=count, page=paging.page, size=paging.size, results=[job_out(j) for j in rows])


@router.get("/{uuid:job_id}", response={200: JobOut, 404: ErrorOut})
@api_requires(Capability.PROFILE)
def get_job(request: HttpRequest, job_id: UUID):
    return job_out(job_get_for(request.user, job_id))
