"""Job pages: my jobs, one job's progress (polled by static/js/job-progress.js), its result file, cancel."""

from datetime import timedelta

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.common.service_views import REFUSED, attempt
from anjian.domain.permissions import Capability
from anjian.jobs.registry import kind_of
from anjian.jobs.selectors import job_get_for, jobs_for, latest_worker_beat
from anjian.jobs.services import job_cancel


@requires(Capability.PROFILE)
def job_list(request):
    page = Paginator(jobs_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page, "query": ""})


WORKER_SILENT_SECONDS = 60


@requires(Capability.PROFILE)
def job_detail(request, public_id):
    job = job_get_for(request.user, public_id)
    waiting = not job.finished
    kind = kind_of(job.kind)
    beat = latest_worker_beat() if waiting else None
    return render(request, "jobs/detail.html", {
        "job": job,
        # no worker has beaten for a minute: the job waits for one to come back
        "worker_down": waiting and (beat is None or timezone.now() - beat > timedelta(seconds=WORKER_SILENT_SECONDS)),
        # SQLite: the atomic body holds the only write lock, so its progress is written at the end (ADR 0033)
        "progress_at_end": waiting and kind is not None and kind.atomic and connection.vendor == "sqlite",
    })


@requires(Capability.PROFILE)
def job_result(request, public_id):
    job = job_get_for(request.user, public_id)
    if job.state != job.State.DONE or not job.result_name or not default_storage.exists(job.result_name):
        raise Http404("结果文件不存在")
    return FileResponse(default_storage.open(job.result_name, "rb"), as_attachment=True,
                        filename=job.result_filename or "result",
                        content_type=job.result_content_type or "application/octet-stream")


@requires(Capability.PROFILE)
@require_POST
def job_cancel_view(request, public_id):
    job = job_get_for(request.user, public_id)
    if attempt(request, lambda: job_cancel(actor=request.user, job=job)) is not REFUSED:
        messages.success(request, "任务已取消")
    return redirect("jobs:detail", public_id=job.public_id)
