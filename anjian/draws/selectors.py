"""Reads for 双随机抽查, scoped by the acting user's agency (404 for missing and for not-yours alike).

Who sees a draw's result (targets, officers, secret, seed, record) before the task's results are disclosed
(docs/adr/0013-random-draws.md, "Visibility"): the task's owners (PLAN_EDIT over its agency's region) see all of
it, an officer assigned to a target sees that target and its team, anyone else (the public included) sees the
commitment, the pool digest and the pool counts only. Once disclosed, the whole record is public.
"""

from collections import Counter
from datetime import date

from django.db.models import QuerySet

from anjian.accounts.access import can, scope_q
from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.identifiers import region_prefix
from anjian.domain.permissions import Capability
from anjian.draws.models import Draw, DrawTarget, OfficerConflict, RandomInspectionTask
from anjian.draws.pool import (
    PREVIEW_TARGETS_MAX,
    enterprise_pool_runs,
    officer_base,
    officer_recusals,
    officer_shortage,
)
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Hazard
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Region


def task_list_for(user) -> QuerySet[RandomInspectionTask]:
    return RandomInspectionTask.objects.filter(
        scope_q(user, Capability.PLAN_VIEW, column="agency__region_id")).select_related("agency", "department")


def task_get_for(user, pk: int, capability: Capability = Capability.PLAN_VIEW) -> RandomInspectionTask:
    task = RandomInspectionTask.objects.select_related("agency", "department").filter(pk=pk).first()
    if task is None or not can(user, capability, task.agency.region_id):
        raise NotFound()
    return task


def task_get_public(pk: int) -> RandomInspectionTask:
    task = RandomInspectionTask.objects.select_related("agency").filter(pk=pk, is_public=True).first()
    if task is None or task.status == "draft":
        raise NotFound()
    return task


def public_task_list() -> QuerySet[RandomInspectionTask]:
    return RandomInspectionTask.objects.filter(is_public=True).exclude(status="draft").select_related("agency")


def results_disclosed(task: RandomInspectionTask) -> bool:
    """The results are disclosed: the draw's record and targets are public from then on."""
    return task.disclosed_on is not None


def task_owner(user, task: RandomInspectionTask) -> bool:
    """Those who run the task (PLAN_EDIT over its agency, superiors included): they see the draw before disclosure."""
    return can(user, Capability.PLAN_EDIT, task.agency.region_id)


def sees_draw(user, task: RandomInspectionTask) -> bool:
    """The whole draw (secret, seed, every target, officers, record, history); ``user`` None is the public."""
    return results_disclosed(task) or (user is not None and task_owner(user, task))


def _officer_of(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Officer.objects.filter(user=user).values_list("pk", flat=True).first()


def visible_target_rows(user, task: RandomInspectionTask, draw: Draw | None) -> list[dict]:
    """The targets ``user`` may see (``target_rows``): all, those they are assigned to before disclosure, or none."""
    if draw is None:
        return []
    if sees_draw(user, task):
        return target_rows(draw)
    officer_id = _officer_of(user)
    if officer_id is None:
        return []
    mine = [pk for pk, ids in DrawTarget.objects.filter(draw=draw).values_list("pk", "officer_ids")
            if officer_id in {int(o) for o in ids}]
    return target_rows(draw, only=mine) if mine else []


def draw_history(task: RandomInspectionTask) -> QuerySet[Draw]:
    return task.draws.order_by("-id").select_related("replaces", "created_by").defer("record_json")


def pool_counts(task: RandomInspectionTask) -> list[dict]:
    """Per stratum: quota, committed pool size and excluded count."""
    excl = task.committed_excluded or []
    return [{"label": s["label"], "quota": int(s["quota"]), "pool": (task.committed_counts or {}).get(s["label"], 0),
             "excluded": sum(1 for x in excl if x["stratum"] == s["label"])} for s in task.strata]


def target_result(row: DrawTarget) -> str:
    """A target's result, derived from its inspection."""
    inspection = row.inspection
    if inspection is None:
        return "未生成检查"
    if inspection.status in ("planned", "approved", "in_progress"):
        return "检查未完成"
    if inspection.status == "cancelled":
        return "检查已取消"
    handlings = set(Hazard.objects.filter(inspection=inspection).values_list("handling", flat=True))
    if not handlings:
        return "未发现问题"
    if "measures" in handlings:
        return "发现问题，已采取现场处理措施"
    return "发现问题，已责令整改"


def target_rows(draw: Draw | None, only: list[int] | None = None) -> list[dict]:
    """The draw's targets with their officers and results (``only``: these DrawTarget ids)."""
    if draw is None:
        return []
    rows = DrawTarget.objects.filter(draw=draw).select_related("enterprise", "enterprise__region__parent",
                                                               "inspection").order_by("pk")
    if only is not None:
        rows = rows.filter(pk__in=only)
    rows = list(rows)
    officers = dict(Officer.objects.filter(
        pk__in={int(o) for r in rows for o in r.officer_ids}).values_list("id", "name"))
    return [{"row": r, "result": target_result(r),
             "officers": [officers.get(int(o), o) for o in r.officer_ids]} for r in rows]


def disclosure_list_for(user, today: date) -> list[dict]:
    """Completed tasks whose results are not yet disclosed: due or late."""
    out = []
    for task in task_list_for(user).filter(status="completed", disclosed_on__isnull=True):
        out.append({"task": task, "late": bool(task.disclosure_deadline and task.disclosure_deadline < today)})
    return out


def conflict_list_for(user) -> QuerySet[OfficerConflict]:
    return OfficerConflict.objects.filter(
        scope_q(user, Capability.PLAN_VIEW, column="enterprise__region_id")).select_related("officer", "enterprise")


def draw_get(task: RandomInspectionTask, pk: int) -> Draw:
    draw = task.draws.filter(pk=pk).first()
    if draw is None:
        raise NotFound()
    return draw


def conflict_enterprise_get(user, pk: int) -> Enterprise:
    """The enterprise named in a declared conflict: within the user's PLAN_VIEW scope, else ServiceInvalid (unknown
    and elsewhere read alike)."""
    enterprise = Enterprise.objects.filter(scope_q(user, Capability.PLAN_VIEW), pk=pk).first()
    if enterprise is None:
        raise ServiceInvalid([("enterprise", "单位不存在或不在本辖区")])
    return enterprise


def stratum_regions(agency: Agency) -> list[tuple[str, str]]:
    """The regions a stratum may be narrowed to: those below the agency's own, as (code prefix, name), each county
    under its city (ADR 13, jurisdiction)."""
    own = agency.region_id
    prefix = region_prefix(own)
    rows = Region.objects.filter(code__startswith=prefix).exclude(code=own).order_by("code").values_list(
        "code", "name", "level")
    return [(region_prefix(code), f"{'　' if level == 'county' and len(prefix) == 2 else ''}{name}")
            for code, name, level in rows]


def task_preview(user, agency: Agency, strata: list[dict], *, year: int, period_from: date, cross_region: bool,
                 officers_per_target: int, today: date, recent_window_days: int = 365) -> dict:
    """预览: per stratum how many enterprises the pool would hold now and how many are excluded, and how many
    officers could be drawn, for strata checked by ``services.strata_checked``. Nothing is stored; the counts at
    commit may differ (the pool is read again then)."""
    if not can(user, Capability.PLAN_EDIT, agency.region_id):
        raise NotFound()
    task = RandomInspectionTask(agency=agency, strata=strata, year=year, period_from=period_from,
                                cross_region=cross_region, recent_window_days=recent_window_days,
                                officers_per_target=officers_per_target)
    runs, counts, excluded = enterprise_pool_runs(task)
    out = Counter(label for label, _, _ in excluded)
    officers, everywhere, _, regions = officer_base(task, today)
    # The draw's own recusal rules over every enterprise that could be drawn: who would leave a team short.
    ids = [i for _, run in runs for i in run]
    short, short_messages = 0, []
    if ids and len(ids) <= PREVIEW_TARGETS_MAX:
        recusals, _ = officer_recusals(task, ids, officers, regions, today)
        short, short_messages = officer_shortage(task, ids, officers, everywhere, recusals)
    rows = [{"label": s["label"], "quota": int(s["quota"]), "pool": counts.get(s["label"], 0),
             "excluded": out.get(s["label"], 0)} for s in strata]
    for r in rows:
        r["short"] = r["quota"] > r["pool"]
    picks = sum(r["quota"] for r in rows) * officers_per_target
    return {"strata": rows, "officers": len(officers), "officers_out": len(everywhere), "picks": picks,
            "per_officer": (picks / len(officers)) if officers else None,
            "officers_short": len(officers) < officers_per_target,
            "targets_short": short, "targets_short_messages": short_messages,
            "total_pool": sum(r["pool"] for r in rows), "total_quota": sum(r["quota"] for r in rows)}
