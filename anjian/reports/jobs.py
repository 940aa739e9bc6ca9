"""Bulletins as background jobs (issue 13, ADR 0033): the Word / xlsx of the bulletin built from the records
(metrics) or from an uploaded ranking table (kept in the user's session, so its table goes into the job's params).
Read-only: a re-run after a worker restart makes the same file again."""

from datetime import date

from django.urls import reverse

from anjian.accounts.access import can, has_capability
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.domain.metrics import METRICS, SEED_RANKED, MetricError, period_parse
from anjian.domain.permissions import Capability
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit
from anjian.regions.models import Agency
from anjian.reports.bulletin_from_table import bulletin_from_input
from anjian.reports.bulletin_word import DOCX_TYPE, bulletin_docx
from anjian.reports.bulletin_xlsx import bulletin_xlsx
from anjian.reports.metrics_bulletin import bulletin_from_records
from anjian.reports.ranking_io import XLSX_TYPE, input_from_json

METRICS_BULLETIN = "reports.metrics_bulletin"
TABLE_BULLETIN = "reports.table_bulletin"
FORMATS = {"docx": ("Word", DOCX_TYPE, bulletin_docx), "xlsx": ("xlsx", XLSX_TYPE, bulletin_xlsx)}


def _owner(job):
    owner = job.owner
    if owner is None or not owner.is_active or not has_capability(owner, Capability.STATS_VIEW):
        raise ServiceDenied("提交通报的账号已停用或不再有统计权限，未生成")
    return owner


def _fmt(params) -> tuple[str, str, object]:
    if params.get("fmt") not in FORMATS:
        raise ServiceInvalid("通报格式应为 docx 或 xlsx")
    return FORMATS[params["fmt"]]


def _outcome(bulletin, params, progress) -> JobOutcome:
    label, content_type, write = _fmt(params)
    progress(1, 2, f"正在生成{label}")
    return JobOutcome(message=f"已生成通报（{label}）：{bulletin.title}", filename=f"{bulletin.title}.{params['fmt']}",
                      content=write(bulletin), content_type=content_type)


def metrics_bulletin_submit(*, actor, agency: Agency, period: str, keys: list[str], fmt: str) -> str:
    """The records' bulletin of ``agency`` (already read in the actor's scope) over ``period``; the job's URL."""
    job = job_submit(actor=actor, kind=METRICS_BULLETIN, title=f"生成通报（{FORMATS[fmt][0]}）：{agency.name} {period}",
                     params={"agency_id": agency.pk, "period": period, "rank": list(keys), "fmt": fmt})
    return reverse("jobs:detail", args=[job.public_id])


@register(METRICS_BULLETIN, label="生成执法情况通报", atomic=False)
def metrics_bulletin_body(job, params, progress) -> JobOutcome:
    owner = _owner(job)
    _fmt(params)
    agency = Agency.objects.select_related("region").filter(pk=int(params["agency_id"])).first()
    if agency is None or not can(owner, Capability.STATS_VIEW, agency.region_id):
        raise NotFound()
    keys = [k for k in params.get("rank") or [] if k in METRICS] or list(SEED_RANKED)
    progress(0, 2, "正在统计")
    try:
        bulletin = bulletin_from_records(agency, period_parse(str(params["period"])), keys)
    except MetricError as exc:
        raise ServiceInvalid(str(exc)) from exc
    return _outcome(bulletin, params, progress)


def table_bulletin_submit(*, actor, stored: dict, fmt: str, title: str) -> str:
    """The bulletin of the ranked table kept in the session (``stored``: its input and bulletin fields)."""
    job = job_submit(actor=actor, kind=TABLE_BULLETIN, title=f"生成通报（{FORMATS[fmt][0]}）：{title}"[:200],
                     params={"input": stored["input"], "bulletin": stored["bulletin"], "fmt": fmt})
    return reverse("jobs:detail", args=[job.public_id])


@register(TABLE_BULLETIN, label="生成排名通报", atomic=False)
def table_bulletin_body(job, params, progress) -> JobOutcome:
    _owner(job)
    _fmt(params)
    progress(0, 2, "正在排名")
    try:
        fields = params["bulletin"]
        bulletin = bulletin_from_input(input_from_json(params["input"]), agency=fields["agency"],
                                       period=fields["period"], issued_on=date.fromisoformat(fields["issued_on"]),
                                       title=fields["title"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ServiceInvalid("排名表格数据无效，请重新上传") from exc
    return _outcome(bulletin, params, progress)
