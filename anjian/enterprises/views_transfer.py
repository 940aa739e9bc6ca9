"""Import (upload → preview → confirm) and export pages for enterprises."""

import tempfile

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.common.import_flow import XLSX, ImportFlow, import_confirm, import_template, import_upload
from anjian.domain.permissions import Capability
from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.enterprises.exporting import (
    enterprise_export_count,
    enterprise_export_xlsx,
    enterprise_template_xlsx,
    template_notes,
)
from anjian.enterprises.importing import enterprise_import_commit, enterprise_import_preview
from anjian.enterprises.jobs_export import enterprise_export_submit, export_file_name, export_job_rows
from anjian.enterprises.views import filters_from
from anjian.jobs.imports import import_job_submitter

FLOW = ImportFlow(
    kind="enterprises", namespace="enterprises", title="生产经营单位", noun="家", subject="单位",
    key_label="统一社会信用代码", preview=enterprise_import_preview, commit=enterprise_import_commit,
    write_template=enterprise_template_xlsx, notes=lambda: template_notes()[1:len(ENTERPRISE_COLUMNS) + 1],
    submit_job=import_job_submitter("enterprises.import", "生产经营单位"),  # large files: a background job (ADR 0033)
)


@requires(Capability.ENTERPRISE_IMPORT)
@require_http_methods(["GET", "POST"])
def enterprise_import(request):
    return import_upload(request, FLOW)


@requires(Capability.ENTERPRISE_IMPORT)
@require_POST
def enterprise_import_confirm(request):
    return import_confirm(request, FLOW)


@requires(Capability.ENTERPRISE_IMPORT)
def enterprise_import_template(request):
    return import_template(request, FLOW)


@requires(Capability.ENTERPRISE_EXPORT)
@require_http_methods(["GET", "POST"])
def enterprise_export(request):
    """GET: up to ANJIAN_EXPORT_JOB_ROWS rows download at once; more are offered as a background job, which the
    page's POST (same filters in the query) submits before opening the job's page (ADR 0033)."""
    _, filters = filters_from(request)
    rows = enterprise_export_count(request.user, filters)
    if request.method == "POST":
        return redirect(enterprise_export_submit(actor=request.user, filters=filters, rows=rows))
    if rows > export_job_rows():
        return render(request, "enterprises/export_job.html", {
            "rows": rows, "limit": export_job_rows(), "query": request.GET.urlencode()})
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    enterprise_export_xlsx(user=request.user, filters=filters, target=target)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=export_file_name(), content_type=XLSX)
