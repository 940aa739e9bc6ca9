"""Job pages: my jobs, one job's progress (polled by static/js/job-progress.js), its result file, cancel."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.common.service_views import REFUSED, attempt
from anjian.domain.permissions import Capability
from anjian.jobs.selectors import job_get_for, jobs_for
from anjian.jobs.services import job_cancel


@requires(Capability.PROFILE)
def job_list(request):
    page = Paginator(jobs_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page, "query": ""})


@requires(Capability.PROFILE)
def job_detail(request, public_id):
    job = job_get_for(request.user, public_id)
    return render(request, "jobs/detail.html", {"job": job})


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
