"""Enterprise export as a background job (issue 13, ADR 0033): above ANJIAN_EXPORT_JOB_ROWS rows the export page
submits it; the body writes the same XLSX as the immediate download, as the job's owner (scope and capability
read again when it runs), with rows done / total as progress. Read-only: a re-run after a worker restart simply
writes the file again."""

import dataclasses
import tempfile

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import has_capability
from anjian.common.errors import ServiceDenied
from anjian.domain.permissions import Capability
from anjian.enterprises.exporting import enterprise_export_count, enterprise_export_xlsx
from anjian.enterprises.selectors import EnterpriseFilters
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit

EXPORT = "enterprises.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FIELDS = [f.name for f in dataclasses.fields(EnterpriseFilters)]


def export_job_rows() -> int:
    """Exports of more rows than this run as background jobs (setting ANJIAN_EXPORT_JOB_ROWS, default 20,000)."""
    return max(0, int(getattr(settings, "ANJIAN_EXPORT_JOB_ROWS", 20_000)))


def export_file_name() -> str:
    return f"生产经营单位_{timezone.localdate():%Y%m%d}.xlsx"


def enterprise_export_submit(*, actor, filters: EnterpriseFilters, rows: int) -> str:
    """Submit the export of ``filters`` (validated by the list's filter form); the job page's URL."""
    job = job_submit(actor=actor, kind=EXPORT, title=f"导出生产经营单位（{rows:,}家）",
                     params={"filters": dataclasses.asdict(filters), "rows": int(rows)})
    return reverse("jobs:detail", args=[job.public_id])


@register(EXPORT, label="导出生产经营单位", atomic=False)
def enterprise_export_body(job, params, progress) -> JobOutcome:
    owner = job.owner
    if owner is None or not owner.is_active or not has_capability(owner, Capability.ENTERPRISE_EXPORT):
        raise ServiceDenied("提交导出的账号已停用或不再有导出权限，未导出")
    raw = params.get("filters") or {}
    filters = EnterpriseFilters(**{k: str(raw.get(k) or "")[:100] for k in _FIELDS})
    total = enterprise_export_count(owner, filters)
    progress(0, total, "正在导出")
    target = tempfile.TemporaryFile()  # noqa: SIM115 - read by the runner when it stores the result
    enterprise_export_xlsx(user=owner, filters=filters, target=target,
                           on_rows=lambda done: progress(min(done, total), total, f"已导出 {done:,} 家"))
    target.seek(0)
    return JobOutcome(message=f"已导出 {total:,} 家生产经营单位", filename=export_file_name(), content=target,
                      content_type=XLSX)
