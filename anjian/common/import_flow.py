"""The upload → preview → confirm pages shared by every registry import (enterprises, officers …).

Each app declares an `ImportFlow` and wraps these functions in its own views, which declare the
capability (deny by default).
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from anjian.common.tabular import (
    TabularError,
    store_upload,
    upload_forget,
    upload_recall,
    upload_remember,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 200


@dataclass(frozen=True)
class ImportFlow:
    kind: str  # session key, e.g. "enterprises"
    namespace: str  # URL namespace with import, import_confirm, import_template and list routes
    title: str  # 生产经营单位
    noun: str  # 家 / 人
    subject: str  # 单位 / 人员
    key_label: str  # 统一社会信用代码 / 执法证号
    preview: Callable
    commit: Callable
    write_template: Callable  # (file-like) -> None
    notes: Callable[[], list]  # rows (label, required, hint)
    # (request, stored upload, rows) → URL of the job's page: files above ANJIAN_IMPORT_JOB_ROWS rows are imported
    # by a background job (ADR 0033); None: always in the request
    submit_job: Callable | None = None

    def url(self, name: str) -> str:
        return reverse(f"{self.namespace}:{name}")


def _rows_key(flow: ImportFlow) -> str:
    return f"anjian.import.{flow.kind}.rows"


def _context(flow: ImportFlow, **extra) -> dict:
    return {"flow": flow, "upload_url": flow.url("import"), "confirm_url": flow.url("import_confirm"),
            "template_url": flow.url("import_template"), "list_url": flow.url("list"), **extra}


def _upload_page(request, flow: ImportFlow, file_error: str = "", status: int = 200):
    return render(request, "import/upload.html", _context(
        flow, file_error=file_error, notes=flow.notes(),
        max_mb=settings.ANJIAN_IMPORT_MAX_BYTES // (1024 * 1024)), status=status)


def _preview_page(request, flow: ImportFlow, report):
    return render(request, "import/preview.html", _context(
        flow, report=report, errors=report.errors[:ERRORS_SHOWN], errors_shown=ERRORS_SHOWN))


def import_upload(request, flow: ImportFlow):
    if request.method == "GET":
        return _upload_page(request, flow)
    upload = request.FILES.get("file")
    if upload is None:
        return _upload_page(request, flow, "请选择要导入的文件（xlsx 或 csv）", status=400)
    try:
        stored = store_upload(upload, max_bytes=settings.ANJIAN_IMPORT_MAX_BYTES)
    except TabularError as exc:
        return _upload_page(request, flow, str(exc), status=400)
    with stored.local() as path:
        report = flow.preview(actor=request.user, path=path, file_name=stored.name, sha256=stored.sha256)
    if report.ok:
        upload_remember(request.session, flow.kind, stored)
        request.session[_rows_key(flow)] = report.rows
    else:
        upload_forget(request.session, flow.kind)
    return _preview_page(request, flow, report)


def import_confirm(request, flow: ImportFlow):
    stored = upload_recall(request.session, flow.kind, request.POST.get("sha256", ""))
    if stored is None:
        messages.error(request, "导入文件已失效或不是您上传的文件，请重新上传")
        return redirect(flow.url("import"))
    rows = int(request.session.get(_rows_key(flow)) or 0)
    if flow.submit_job is not None and rows > settings.ANJIAN_IMPORT_JOB_ROWS:
        target = flow.submit_job(request, stored, rows)
        upload_forget(request.session, flow.kind)
        messages.success(request, f"“{stored.name}”共 {rows} 行，已转入后台导入；本页显示进度，完成后也可在“后台任务”中查看")
        return redirect(target)
    with stored.local() as path:
        report = flow.commit(actor=request.user, path=path, file_name=stored.name, sha256=stored.sha256)
    if not report.committed:
        return _preview_page(request, flow, report)
    upload_forget(request.session, flow.kind)
    messages.success(request, f"已导入“{report.file_name}”：共 {report.rows} 行，新增 {report.created} {flow.noun}，"
                              f"更新 {report.updated} {flow.noun}")
    return redirect(flow.url("list"))


def import_template(request, flow: ImportFlow):
    buffer = BytesIO()
    flow.write_template(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{flow.title}导入模板.xlsx", content_type=XLSX)
