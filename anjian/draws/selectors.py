"""Reads for 双随机抽查, scoped by the acting user's agency (404 for missing and for not-yours alike)."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from anjian.accounts.access import can, scope_q
from anjian.domain.permissions import Capability
from anjian.draws.models import Draw, DrawTarget, OfficerConflict, RandomInspectionTask
from anjian.inspections.models import Hazard
from anjian.officers.models import Officer


def task_list_for(user) -> QuerySet[RandomInspectionTask]:
    return RandomInspectionTask.objects.filter(
        scope_q(user, Capability.PLAN_VIEW, column="agency__region_id")).select_related("agency", "department")


def task_get_for(user, pk: int, capability: Capability = Capability.PLAN_VIEW) -> RandomInspectionTask:
    task = RandomInspectionTask.objects.select_related("agency", "department").filter(pk=pk).first()
    if task is None or not can(user, capability, task.agency.region_id):
        raise Http404("task")
    return task


def task_get_public(pk: int) -> RandomInspectionTask:
    task = RandomInspectionTask.objects.select_related("agency").filter(pk=pk, is_public=True).first()
    if task is None or task.status == "draft":
        raise Http404("task")
    return task


def public_task_list() -> QuerySet[RandomInspectionTask]:
    return RandomInspectionTask.objects.filter(is_public=True).exclude(status="draft").select_related("agency")


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


def target_rows(draw: Draw | None) -> list[dict]:
    if draw is None:
        return []
    rows = DrawTarget.objects.filter(draw=draw).select_related("enterprise", "inspection")
    officers = dict(Officer.objects.filter(
        pk__in={int(o) for v in draw.assignments.values() for o in v}).values_list("id", "name"))
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
