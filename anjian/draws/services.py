"""Writes for 双随机抽查: define a task, commit, draw, redraw, plan inspections, complete, disclose.

Each service checks PLAN_EDIT over the task's agency, runs in one transaction and writes the audit event.
Draw decisions come from the pure ``anjian.domain.draw`` (algorithm anjian-draw/1).
"""

import json
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.calendars.selectors import work_calendar
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain import draw as algo
from anjian.domain.draw_pool import excluded_rows_json, plain_label, runs_pack
from anjian.domain.draw_scope import strata_region_problems
from anjian.domain.draw_task import TASK_MOVES, TASK_STATUSES
from anjian.domain.identifiers import region_prefix
from anjian.domain.input_bounds import NAME_MAX, date_problem, text_problem, year_problem
from anjian.domain.permissions import Capability
from anjian.draws.drawing import draw_record
from anjian.draws.models import (
    RECORD_SLOTS,
    Draw,
    DrawTarget,
    OfficerConflict,
    PoolSnapshot,
    RandomInspectionTask,
)
from anjian.draws.pool import enterprise_pool_runs
from anjian.enterprises.models import Enterprise
from anjian.inspections.services import inspection_plan, inspections_unseal
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Department, Region

MIN_SECRET = 8
MAX_QUOTA = 100_000
MAX_WINDOW_DAYS = 3650
MAX_TEAM = 10
MAX_STRATA = 100
MAX_ITEMS = 200
MAX_REASONS = 20  # refusals listed when inspections cannot be planned
NOTHING_PLANNED = "未生成任何检查计划：以下抽中对象不能生成检查"


def _check(actor, agency: Agency, capability: Capability = Capability.PLAN_EDIT) -> None:
    """Outside the actor's PLAN_EDIT scope a task reads like a nonexistent one (as its selector does)."""
    if not can(actor, capability, agency.region_id):
        raise NotFound()


def _step(actor, task: RandomInspectionTask, new: str, **fields) -> None:
    """Inside a transaction: the task along `draw_task.TASK_MOVES` (the caller writes the audit event). The row then
    holds exactly these values: the (large) pool columns are not read back."""
    transition(actor=actor, agency=task.agency, obj=task, table=TASK_MOVES, new=new, allow_same=False, verb="",
               kind="抽查任务", labels=TASK_STATUSES, conflict="任务状态已变化，请刷新后重试", audit=False, refresh=False, **fields)


def _insert_targets(d: Draw, targets: list[list[str]], assignments: dict[str, list[str]]) -> None:
    """One DrawTarget per target; on PostgreSQL one INSERT of arrays (10,000 rows in one statement)."""
    task = d.task
    if connection.vendor != "postgresql":
        DrawTarget.objects.bulk_create([
            DrawTarget(draw=d, task=task, agency_id=task.agency_id, year=task.year, stratum=s, enterprise_id=int(e),
                       officer_ids=[int(o) for o in assignments[e]]) for s, e in targets], batch_size=2000)
        return
    table = DrawTarget._meta.db_table
    rows = json.dumps([[s, int(e), [int(o) for o in assignments[e]]] for s, e in targets], ensure_ascii=False)
    with connection.cursor() as cur:  # one JSON parameter: quoting lists of 10,000 items costs per item
        cur.execute(
            f"INSERT INTO {table} (draw_id, task_id, agency_id, year, stratum, enterprise_id, officer_ids, active) "  # noqa: S608
            "SELECT %s, %s, %s, %s, r.v->>0, (r.v->>1)::bigint, r.v->2, true "
            "FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS r(v, n) ORDER BY r.n",
            [d.pk, task.pk, task.agency_id, task.year, rows])


def _region_exists(prefix: str) -> bool:
    return Region.objects.filter(code=prefix.ljust(6, "0")).exists()


def _scope_problems(strata: list[dict], agency: Agency) -> list[str]:
    """Strata whose region lies outside the agency's jurisdiction (or names no region): see ``domain.draw_scope``."""
    return strata_region_problems(strata, region_prefix(agency.region_id), _region_exists)


def _clean_strata(strata: list[dict], agency: Agency) -> tuple[list[dict], list[str]]:
    errors, out, labels = [], [], set()
    for n, s in enumerate(strata, 1):
        label = str(s.get("label", "")).strip()
        try:
            quota = int(s.get("quota"))
        except (TypeError, ValueError):
            quota = -1
        if not label:
            errors.append(f"第{n}类：请填写类别名称")
        elif not plain_label(label):
            errors.append(f"第{n}类：类别名称不能包含制表符或换行符")
        elif label in labels:
            errors.append(f"第{n}类：类别名称「{label}」重复")
        if quota < 0 or quota > MAX_QUOTA:
            errors.append(f"第{n}类：抽取数量须为 0–{MAX_QUOTA} 的整数")
        elif text_problem(label, max_length=NAME_MAX, multiline=False):
            errors.append(f"第{n}类：类别名称{text_problem(label, max_length=NAME_MAX, multiline=False)}")
        if not s.get("industries"):
            errors.append(f"第{n}类：请选择行业领域")
        labels.add(label)
        out.append({"label": label, "industries": list(s.get("industries") or []),
                    "supervision_classes": list(s.get("supervision_classes") or []),
                    "region_prefix": str(s.get("region_prefix") or "").strip(), "quota": max(quota, 0)})
    if not out:
        errors.append("请至少设置一个抽取类别")
    return out, errors + _scope_problems(out, agency)


def strata_checked(*, actor, agency: Agency, strata: list[dict]) -> list[dict]:
    """The strata as ``task_create`` would store them, or ServiceInvalid with its reasons (for 预览, before saving)."""
    _check(actor, agency)
    strata, errors = _clean_strata(list(strata), agency)
    if errors:
        raise ServiceInvalid(errors)
    return strata


def _task_fields(*, agency: Agency, year: int, name: str, period_from: date, period_to: date, strata: list[dict],
                 items: list[dict] = (), department: Department | None = None, cross_region: bool = False,
                 recent_window_days: int = 365, officers_per_target: int = 2, is_public: bool = True) -> dict:
    """A task's fields checked as stored, or ServiceInvalid with every problem (creating and editing alike)."""
    strata, errors = _clean_strata(list(strata), agency)
    if not name.strip():
        errors.append("请填写任务名称")
    elif text_problem(name, max_length=NAME_MAX, multiline=False):
        errors.append(f"任务名称{text_problem(name, max_length=NAME_MAX, multiline=False)}")
    if year_problem(year):
        errors.append(f"年度：{year_problem(year)}")
    errors += [f"抽查期间：{p}" for p in (date_problem(period_from), date_problem(period_to)) if p]
    if period_to < period_from:
        errors.append("抽查结束日期不能早于开始日期")
    if not 0 <= recent_window_days <= MAX_WINDOW_DAYS:
        errors.append(f"近期检查回避天数须在 0–{MAX_WINDOW_DAYS} 之间")
    if len(strata) > MAX_STRATA or len(items) > MAX_ITEMS:
        errors.append(f"抽取类别最多 {MAX_STRATA} 个，抽查事项最多 {MAX_ITEMS} 项")
    if department is not None and department.agency_id != agency.pk:
        errors.append("承办处室不属于组织机关")
    if not 2 <= officers_per_target <= MAX_TEAM:
        errors.append(f"每组执法人员须为 2–{MAX_TEAM} 名")
    if errors:
        raise ServiceInvalid(errors)
    if short := _quota_problems(RandomInspectionTask(agency=agency, strata=strata, year=year,
                                                     period_from=period_from)):
        raise ServiceInvalid(["抽取数量超过对象库（同预览），任务未保存：", *short])
    items = [{"item": str(i.get("item", "")).strip(), "content": str(i.get("content", "")).strip(),
              "basis": str(i.get("basis", "")).strip()} for i in items if str(i.get("item", "")).strip()]
    return {"department": department, "year": year, "name": name.strip(), "period_from": period_from,
            "period_to": period_to, "strata": strata, "items": items, "cross_region": cross_region,
            "recent_window_days": recent_window_days, "officers_per_target": officers_per_target,
            "is_public": is_public}


def task_create(*, actor, agency: Agency, **fields) -> RandomInspectionTask:
    """A draft task (fields as ``_task_fields`` takes them)."""
    _check(actor, agency)
    checked = _task_fields(agency=agency, **fields)
    with transaction.atomic():
        task = RandomInspectionTask.objects.create(agency=agency, created_by=actor, **checked)
        audit_record(actor=actor, agency=agency, verb="draw_task_create", target=task, new=model_snapshot(task))
    return task


def task_update(*, actor, task: RandomInspectionTask, **fields) -> RandomInspectionTask:
    """Change a draft task (nothing is public yet); once its commitment is published it stays as it is."""
    _check(actor, task.agency)
    checked = _task_fields(agency=task.agency, **fields)
    with transaction.atomic():
        task = RandomInspectionTask.objects.select_for_update().get(pk=task.pk)
        if task.status != "draft":
            raise ServiceInvalid("只有草稿任务可以修改；公布承诺值后任务不再更改")
        old = model_snapshot(task)
        for key, value in checked.items():
            setattr(task, key, value)
        task.save(update_fields=list(checked))
        audit_record(actor=actor, agency=task.agency, verb="draw_task_update", target=task, old=old,
                     new=model_snapshot(task))
    return task


def _quota_problems(task: RandomInspectionTask) -> list[str]:
    """The strata asking for more enterprises than their pool holds now (as the preview and the commit count)."""
    try:
        _, counts, _ = enterprise_pool_runs(task)
    except ValueError as exc:  # a label that would break the pool lines
        return [str(exc)]
    return [f"{s['label']}：抽取数量（{s['quota']}）超过该类别可抽取对象数（{counts[s['label']]}）"
            for s in task.strata if int(s["quota"]) > counts[s["label"]]]


def task_commit(*, actor, task: RandomInspectionTask, secret: str) -> RandomInspectionTask:
    """Publish SHA-256(secret) and the pool (with its digest) before the draw.

    Allowed on a draft, and on a drawn task to prepare a redraw (a fresh secret and pool snapshot).
    """
    _check(actor, task.agency)
    if len(secret) < MIN_SECRET:
        raise ServiceInvalid(f"密钥至少{MIN_SECRET}个字符")
    if task.status not in ("draft", "drawn"):
        raise ServiceInvalid("只有草稿或已抽取的任务可以公布承诺值")
    if problems := _scope_problems(task.strata, task.agency):  # a task stored before the rule: never drawn
        raise ServiceInvalid(problems)
    try:
        runs, counts, excluded = enterprise_pool_runs(task)
    except ValueError as exc:  # a label that would break the pool lines
        raise ServiceInvalid(str(exc)) from exc
    if not runs:
        raise ServiceInvalid("抽取对象库为空")
    errors = [f"{s['label']}：抽取数量（{s['quota']}）超过该类别可抽取对象数（{counts[s['label']]}）"
              for s in task.strata if int(s["quota"]) > counts[s["label"]]]
    if errors:
        raise ServiceInvalid(errors)
    size = sum(counts.values())
    run_counts, ids, digest = runs_pack(runs)
    with transaction.atomic():
        snapshot = PoolSnapshot.objects.create(task=task, digest=digest, size=size, runs=run_counts, ids=ids,
                                               excluded_json=excluded_rows_json(excluded))
        _step(actor, task, "committed", commitment=algo.commitment_for(secret),
              committed_pool_digest=digest, committed_counts=counts, pool_snapshot=snapshot,
              committed_pool_size=size, committed_at=timezone.now())
        audit_record(actor=actor, agency=task.agency, verb="draw_task_commit", target=task,
                     new={"commitment": task.commitment, "pool_digest": task.committed_pool_digest,
                          "pool_size": size, "excluded": len(excluded)})
    return task


def _draw(*, actor, task: RandomInspectionTask, secret: str, witness_entropy: str,
          replaces: Draw | None, reason: str) -> Draw:
    _check(actor, task.agency)
    if task.status != "committed":
        raise ServiceInvalid("请先公布承诺值（密钥的 SHA-256）再抽取")
    if algo.commitment_for(secret) != task.commitment:
        raise ServiceInvalid("密钥与公布的承诺值不符")
    if problems := _scope_problems(task.strata, task.agency):
        raise ServiceInvalid(problems)
    today = timezone.localdate()
    snapshot = PoolSnapshot.objects.get(pk=task.pool_snapshot_id)
    extra = {"task": {"id": task.pk, "name": task.name, "agency": task.agency.name, "year": task.year,
                      "period": [task.period_from.isoformat(), task.period_to.isoformat()], "items": task.items},
             "committed_pool_digest": task.committed_pool_digest, "committed_at": task.committed_at.isoformat(),
             "drawn_on": today.isoformat(), "replaces": replaces.pk if replaces else None, "replace_reason": reason}
    try:
        # The record's pool and exclusions stay in the snapshot: the stored record holds RECORD_SLOTS instead.
        record = draw_record(task, snapshot, secret=secret, witness_entropy=witness_entropy, extra=extra,
                             today=today)
    except algo.DrawError as exc:
        raise ServiceInvalid(exc.messages) from exc
    record["excluded"] = None  # as "pool": both are spliced back from the snapshot
    record_json = json.dumps(record, ensure_ascii=False)
    if record_json.count(RECORD_SLOTS) != 1:  # cannot happen: strings escape their quotes
        raise ServiceInvalid("抽取记录无法生成，请联系管理员")
    with transaction.atomic():
        if replaces is not None:
            if Draw.objects.filter(pk=replaces.pk, superseded=False).update(superseded=True) != 1:
                raise ServiceConflict("被替代的抽取记录已变化，请刷新后重试")
            DrawTarget.objects.filter(draw=replaces).update(active=False)
        d = Draw.objects.create(
            task=task, commitment=task.commitment, committed_at=task.committed_at, secret=secret,
            witness_entropy=witness_entropy, pool_digest=record["pool_digest"], seed=record["seed"],
            targets=record["targets"], assignments=record["assignments"],
            officer_exclusions=record["officer_exclusions"], record_json=record_json, pool_snapshot=snapshot,
            replaces=replaces, replace_reason=reason, created_by=actor)
        _insert_targets(d, record["targets"], record["assignments"])
        _step(actor, task, "drawn")
        audit_record(actor=actor, agency=task.agency, verb="draw_redraw" if replaces else "draw_run", target=d,
                     new={"seed": d.seed, "pool_digest": d.pool_digest, "targets": len(d.targets),
                          "replaces": replaces.pk if replaces else None, "reason": reason})
    return d


def task_draw(*, actor, task: RandomInspectionTask, secret: str, witness_entropy: str = "") -> Draw:
    if task.draws.filter(superseded=False).exists():
        raise ServiceInvalid("本任务已抽取；如需重新抽取，请使用重新抽取并说明原因")
    return _draw(actor=actor, task=task, secret=secret, witness_entropy=witness_entropy, replaces=None, reason="")


def task_redraw(*, actor, task: RandomInspectionTask, reason: str, secret: str, witness_entropy: str = "") -> Draw:
    """A new draw that names the one it replaces and why; the old one is kept (superseded)."""
    old = task.current_draw()
    errors = []
    if old is None:
        errors.append("本任务尚未抽取，无需重新抽取")
    elif old.inspections_created:
        errors.append("已按原抽取结果生成检查计划，不能重新抽取")
    if not reason.strip():
        errors.append("请填写重新抽取原因")
    if errors:
        raise ServiceInvalid(errors)
    return _draw(actor=actor, task=task, secret=secret, witness_entropy=witness_entropy, replaces=old,
                 reason=reason.strip())


def draw_create_inspections(*, actor, draw: Draw, planned_date: date | None = None) -> int:
    """One planned inspection (source 双随机抽查) per target, with the drawn officers.

    The inspections are sealed (seen only by their teams and the task's owners) until the results are disclosed.
    """
    task = draw.task
    _check(actor, task.agency)
    if draw.superseded or draw.inspections_created:
        raise ServiceInvalid("该抽取记录已被替代或已生成检查计划")
    planned = planned_date or max(task.period_from, timezone.localdate())
    rows = list(DrawTarget.objects.filter(draw=draw, inspection__isnull=True).select_related("enterprise"))
    with transaction.atomic():
        if Draw.objects.filter(pk=draw.pk, inspections_created=False).update(inspections_created=True) != 1:
            raise ServiceConflict("该抽取记录已生成检查计划")
        refused: list[str] = []
        for row in rows:
            try:
                inspection = inspection_plan(actor=actor, enterprise=row.enterprise, source="random",
                                             planned_date=planned, officer_ids=row.officer_ids,
                                             department=task.department, agency=task.agency,
                                             sealed=task.disclosed_on is None)
            except (ServiceInvalid, ServiceConflict, ServiceDenied) as exc:  # whichever way it refuses
                reasons = getattr(exc, "errors", None) or [str(exc) or "不能生成检查计划"]
                refused += [f"{row.enterprise.name}：{e}" for e in reasons]
                continue
            DrawTarget.objects.filter(pk=row.pk).update(inspection=inspection)
        if refused:  # all or nothing: raising here rolls back the inspections already planned
            rest = [f"……另有{len(refused) - MAX_REASONS}项"] if len(refused) > MAX_REASONS else []
            raise ServiceInvalid([NOTHING_PLANNED, *refused[:MAX_REASONS], *rest])
        audit_record(actor=actor, agency=task.agency, verb="draw_create_inspections", target=draw,
                     new={"inspections": len(rows)})
    draw.refresh_from_db()
    return len(rows)


def task_plan_inspections(*, actor, task: RandomInspectionTask, planned_date: date | None = None) -> int:
    """生成检查计划 for the task's current draw (`draw_create_inspections`); refused before any draw."""
    _check(actor, task.agency)
    draw = task.current_draw()
    if draw is None:
        raise ServiceInvalid("尚未抽取")
    return draw_create_inspections(actor=actor, draw=draw, planned_date=planned_date)


def task_complete(*, actor, task: RandomInspectionTask, completed_on: date | None = None) -> RandomInspectionTask:
    """Mark the task done; the results must be disclosed within N working days (default 5)."""
    _check(actor, task.agency)
    day = completed_on or timezone.localdate()
    n = int(getattr(settings, "ANJIAN_DRAW_DISCLOSURE_WORKDAYS", 5))
    try:
        deadline = work_calendar().add_workdays(day, n)
    except (ValueError, LookupError) as exc:
        raise ServiceInvalid(f"无法计算公示期限：{exc}") from exc
    with transaction.atomic():
        _step(actor, task, "completed", completed_on=day, disclosure_deadline=deadline)
        audit_record(actor=actor, agency=task.agency, verb="draw_task_complete", target=task,
                     new={"completed_on": day.isoformat(), "disclosure_deadline": deadline.isoformat()})
    return task


def task_disclose(*, actor, task: RandomInspectionTask, disclosed_on: date | None = None) -> RandomInspectionTask:
    _check(actor, task.agency)
    if task.status != "completed":
        raise ServiceInvalid("任务完成后才能登记结果公示")
    day = disclosed_on or timezone.localdate()
    with transaction.atomic():
        RandomInspectionTask.objects.filter(pk=task.pk).update(disclosed_on=day)
        task.refresh_from_db()
        unsealed = inspections_unseal(actor=actor, reason=f"双随机抽查任务「{task.name}」结果已公示",
                                      inspection_ids=DrawTarget.objects.filter(draw__task=task, inspection__isnull=False)
                                      .values("inspection_id"))
        audit_record(actor=actor, agency=task.agency, verb="draw_task_disclose", target=task,
                     new={"disclosed_on": day.isoformat(), "late": bool(day > task.disclosure_deadline),
                          "inspections_unsealed": unsealed})
    return task


def conflict_declare(*, actor, officer: Officer, enterprise: Enterprise, reason: str) -> OfficerConflict:
    _check(actor, officer.agency)
    if not reason.strip():
        raise ServiceInvalid("请填写回避原因")
    if OfficerConflict.objects.filter(officer=officer, enterprise=enterprise).exists():
        raise ServiceInvalid("该执法人员与该单位的回避关系已登记")
    with transaction.atomic():
        c = OfficerConflict.objects.create(officer=officer, enterprise=enterprise, reason=reason.strip(),
                                           created_by=actor)
        audit_record(actor=actor, agency=officer.agency, verb="officer_conflict_declare", target=c,
                     new=model_snapshot(c))
    return c
