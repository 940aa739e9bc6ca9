"""Import page for officers: upload → preview → confirm."""

from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.common.import_flow import ImportFlow, import_confirm, import_template, import_upload
from anjian.domain.permissions import Capability
from anjian.domain.rows import OFFICER_COLUMNS
from anjian.jobs.imports import import_job_submitter
from anjian.officers.importing import (
    officer_import_commit,
    officer_import_preview,
    officer_template_xlsx,
    template_notes,
)

FLOW = ImportFlow(
    kind="officers", namespace="officers", title="执法人员", noun="人", subject="人员", key_label="执法证号",
    preview=officer_import_preview, commit=officer_import_commit, write_template=officer_template_xlsx,
    notes=lambda: template_notes()[1:len(OFFICER_COLUMNS) + 1],
    submit_job=import_job_submitter("officers.import", "执法人员"),  # large files: a background job (ADR 0033)
)


@requires(Capability.OFFICER_IMPORT)
@require_http_methods(["GET", "POST"])
def officer_import(request):
    return import_upload(request, FLOW)


@requires(Capability.OFFICER_IMPORT)
@require_POST
def officer_import_confirm(request):
    return import_confirm(request, FLOW)


@requires(Capability.OFFICER_IMPORT)
def officer_import_template(request):
    return import_template(request, FLOW)
