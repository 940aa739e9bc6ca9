"""Registry imports above ANJIAN_IMPORT_JOB_ROWS rows run as jobs (ADR 0033): the confirm step submits the job
(`import_job_submitter`, given to `common.import_flow.ImportFlow.submit_job`) and the body (`import_job_body`)
runs the same all-or-nothing commit on the worker, reporting rows done / total."""

from collections.abc import Callable

from django.urls import reverse

from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.common.storage import local_copy, stored_exists
from anjian.jobs.registry import JobOutcome
from anjian.jobs.services import job_submit


def import_job_submitter(kind: str, title: str) -> Callable:
    """(request, stored upload, rows) → the job page's URL, for the flow's confirm step."""

    def submit(request, stored, rows: int) -> str:
        job = job_submit(actor=request.user, kind=kind, title=f"导入{title}：{stored.name}"[:200], params={
            "stored_name": stored.stored_name, "sha256": stored.sha256, "name": stored.name, "ext": stored.ext,
            "rows": int(rows)})
        return reverse("jobs:detail", args=[job.public_id])

    return submit


def import_job_body(commit: Callable, noun: str) -> Callable:
    """A job body running ``commit`` (enterprise_import_commit, officer_import_commit) as the job's submitter."""

    def body(job, params, progress) -> JobOutcome:
        if job.owner is None or not job.owner.is_active:
            raise ServiceDenied("提交导入的账号已停用或不存在，未导入")
        if not stored_exists(params["stored_name"]):
            raise ServiceInvalid("导入文件已不在文件存储中，请重新上传")
        total = max(int(params.get("rows") or 0), 1)
        progress(0, total, "正在读取文件")

        def on_rows(done: int) -> None:
            progress(min(done, total), total, f"已校验并写入 {done} 行")

        with local_copy(params["stored_name"], suffix=f".{params['ext']}") as path:
            report = commit(actor=job.owner, path=path, file_name=params["name"], sha256=params["sha256"],
                            on_rows=on_rows)
        if not report.committed:
            lines = "；".join(report.error_lines(3)) if report.error_count else ""
            raise ServiceInvalid(f"{report.summary()}{'：' + lines if lines else ''}"[:480])
        return JobOutcome(message=f"已导入“{report.file_name}”：共 {report.rows} 行，新增 {report.created} {noun}，"
                                  f"更新 {report.updated} {noun}")

    return body
