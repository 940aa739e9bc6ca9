"""Import (upload → preview → confirm) and export pages for enterprises."""

import tempfile
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.common.tabular import (
    TabularError,
    import_directory,
    store_upload,
    upload_forget,
    upload_recall,
    upload_remember,
)
from anjian.domain.permissions import Capability
from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.enterprises.exporting import enterprise_export_xlsx, enterprise_template_xlsx, template_notes
from anjian.enterprises.importing import enterprise_import_commit, enterprise_import_preview
from anjian.enterprises.views import filters_from

KIND = "enterprises"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 200


def _upload_page(request, file_error: str = "", status: int = 200):
    return render(request, "enterprises/import.html", {
        "file_error": file_error, "notes": template_notes()[1:len(ENTERPRISE_COLUMNS) + 1],
        "max_mb": settings.ANJIAN_IMPORT_MAX_BYTES // (1024 * 1024),
    }, status=status)


def _preview_page(request, report, status: int = 200):
    return render(request, "enterprises/import_preview.html", {
        "report": report, "errors": report.errors[:ERRORS_SHOWN], "errors_shown": ERRORS_SHOWN,
    }, status=status)


@requires(Capability.ENTERPRISE_IMPORT)
@require_http_methods(["GET", "POST"])
def enterprise_import(request):
    if request.method == "GET":
        return _upload_page(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _upload_page(request, "请选择要导入的文件（xlsx 或 csv）", status=400)
    try:
        stored = store_upload(upload, import_directory(), max_bytes=settings.ANJIAN_IMPORT_MAX_BYTES)
    except TabularError as exc:
        return _upload_page(request, str(exc), status=400)
    report = enterprise_import_preview(actor=request.user, path=stored.path, file_name=stored.name,
                                       sha256=stored.sha256)
    if report.ok:
        upload_remember(request.session, KIND, stored)
    else:
        upload_forget(request.session, KIND)
    return _preview_page(request, report)


@requires(Capability.ENTERPRISE_IMPORT)
@require_POST
def enterprise_import_confirm(request):
    stored = upload_recall(request.session, KIND, request.POST.get("sha256", ""))
    if stored is None:
        messages.error(request, "导入文件已失效或不是您上传的文件，请重新上传")
        return redirect("enterprises:import")
    report = enterprise_import_commit(actor=request.user, path=stored.path, file_name=stored.name,
                                      sha256=stored.sha256)
    if not report.committed:
        return _preview_page(request, report)
    upload_forget(request.session, KIND)
    messages.success(request, f"已导入“{report.file_name}”：共 {report.rows} 行，新增 {report.created} 家，"
                              f"更新 {report.updated} 家")
    return redirect("enterprises:list")


@requires(Capability.ENTERPRISE_IMPORT)
def enterprise_import_template(request):
    buffer = BytesIO()
    enterprise_template_xlsx(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="生产经营单位导入模板.xlsx", content_type=XLSX)


@requires(Capability.ENTERPRISE_EXPORT)
def enterprise_export(request):
    _, filters = filters_from(request)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    enterprise_export_xlsx(user=request.user, filters=filters, target=target)
    target.seek(0)
    name = f"生产经营单位_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(target, as_attachment=True, filename=name, content_type=XLSX)
