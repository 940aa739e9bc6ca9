"""Background jobs of the records part (issue 13, ADR 0033): the whole case file as one PDF, and publishing
several decisions at once. Both re-read their records as the job's owner (out of scope reads as missing)."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

from anjian.cases.core.selectors import case_get_for
from anjian.cases.records.case_file_pdf import case_file_name, case_file_pdf
from anjian.cases.records.services_disclosure import cases_disclose_batch
from anjian.common.errors import ServiceDenied
from anjian.common.tabular import neutralise
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit

CASE_FILE = "cases.case_file_pdf"
DISCLOSE = "cases.disclose_batch"


def _owner(job, what: str):
    if job.owner is None or not job.owner.is_active:
        raise ServiceDenied(f"提交{what}的账号已停用或不存在")
    return job.owner


def case_file_job_submit(*, actor, case) -> str:
    """Submit the case file PDF of a case the actor may see; the job page's URL."""
    job = job_submit(actor=actor, kind=CASE_FILE, params={"case_id": case.pk},
                     title=f"生成案卷PDF：{case.name}"[:200])
    return reverse("jobs:detail", args=[job.public_id])


@register(CASE_FILE, label="生成案卷PDF", atomic=False)
def case_file_body(job, params, progress) -> JobOutcome:
    """Read-only: the PDF goes to storage; a re-run after a worker restart makes it again."""
    owner = _owner(job, "案卷PDF")
    case = case_get_for(owner, int(params["case_id"]))
    data = case_file_pdf(case, today=timezone.localdate(), progress=progress)
    archived = "（归档案卷）" if case.status == "archived" else "（预览）"
    return JobOutcome(message=f"已生成案卷PDF{archived}：{case.name}", filename=case_file_name(case), content=data,
                      content_type="application/pdf")


def disclose_job_submit(*, actor, case_ids: list[int], title: str) -> str:
    job = job_submit(actor=actor, kind=DISCLOSE, params={"case_ids": [int(i) for i in case_ids]}, title=title)
    return reverse("jobs:detail", args=[job.public_id])


@register(DISCLOSE, label="批量公开处罚决定", atomic=False)
def disclose_body(job, params, progress) -> JobOutcome:
    """Each case in its own transaction (case_disclose); a re-run skips and counts those already published."""
    owner = _owner(job, "公开")
    report = cases_disclose_batch(actor=owner, case_ids=params.get("case_ids") or [], progress=progress)
    out = io.StringIO()
    csv.writer(out).writerows([[neutralise(v) for v in row] for row in report.rows()])
    reasons = "；".join(dict.fromkeys(reason for _, _, reason in report.skipped))
    message = report.summary() + (f"。跳过原因：{reasons}" if reasons else "")
    return JobOutcome(message=message[:500], filename="公开结果.csv", content=("\ufeff" + out.getvalue()).encode(),
                      content_type="text/csv; charset=utf-8")
