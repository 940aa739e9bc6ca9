"""Writes of annual plans: one transaction each, audited. After approval every change is a PlanAdjustment."""

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.accounts.access import agencies_for
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain import annual_plan as rules
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.inspections.services import inspection_plan
from anjian.notices.send_back import checked_reason, moved_on, require_open, sender_of, sent_back
from anjian.planning.models import AnnualPlan, PlanAdjustment, PlanEntry
from anjian.planning.selectors import candidates_for, directly_supervised, plan_coverage, superior_of
from anjian.regions.models import Agency

CONFLICT = "该计划已被他人处理（状态已变化），请刷新后重试"
ACTIONS = {Capability.PLAN_EDIT: "编制或调整", Capability.PLAN_APPROVE: "批复、备案或公示"}


def _require(actor, capability: Capability, agency: Agency) -> None:
    if agency.pk not in {g.agency_id for g in agencies_for(actor, capability)}:
        raise ServiceDenied(f"您不能{ACTIONS.get(capability, '操作')}该机关的年度计划")


def _step(*, actor, plan: AnnualPlan, new: str, verb: str, payload: dict | None = None, **fields) -> AnnualPlan:
    """Inside a transaction: the plan along `annual_plan.PLAN_TRANSITIONS`, audited."""
    return transition(actor=actor, agency=plan.agency, obj=plan, table=rules.PLAN_TRANSITIONS, new=new, verb=verb,
                      allow_same=False, kind="年度计划", labels=rules.PLAN_STATUSES, conflict=CONFLICT,
                      payload=payload, updated_at=timezone.now(), **fields)


def plan_create(*, actor, agency: Agency, year: int, capacity_per_month: int | None = None) -> AnnualPlan:
    _require(actor, Capability.PLAN_EDIT, agency)
    if not 2000 <= int(year) <= 2100:
        raise ServiceInvalid("年度不正确")
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(agency=agency, year=year, capacity_per_month=capacity_per_month or None,
                                             created_by=actor)
            audit_record(actor=actor, agency=agency, verb="plan_create", target=plan, new=model_snapshot(plan))
    except IntegrityError as exc:
        raise ServiceInvalid(f"{agency.name}已有{year}年度计划") from exc
    return plan


def plan_draft_from_registry(*, actor, plan: AnnualPlan, today: date) -> AnnualPlan:
    """Replace a draft plan's entries with the selection from the enterprise registry."""
    _require(actor, Capability.PLAN_EDIT, plan.agency)
    if plan.status != "draft":
        raise ServiceInvalid("只有草稿状态的计划可以从名录重新生成")
    selected = rules.draft(candidates_for(plan.agency), today=today, year=plan.year)
    with transaction.atomic():
        if not AnnualPlan.objects.filter(pk=plan.pk, status="draft").update(drafted_at=timezone.now()):
            raise ServiceConflict(CONFLICT)
        plan.entries.all().delete()
        PlanEntry.objects.bulk_create([PlanEntry(plan=plan, enterprise_id=s.id, month=s.month, reason=s.reason)
                                       for s in selected])
        audit_record(actor=actor, agency=plan.agency, verb="plan_draft_from_registry", target=plan,
                     new={"entries": [[s.id, s.month, s.reason] for s in selected]})
    plan.refresh_from_db()
    return plan


def _entry_state(entry: PlanEntry) -> dict:
    return {"enterprise": entry.enterprise_id, "enterprise_name": entry.enterprise.name, "month": entry.month,
            "planned_date": entry.planned_date.isoformat() if entry.planned_date else None}


def _adjust(*, actor, entry: PlanEntry, kind: str, reason: str, old: dict, new: dict) -> None:
    """Audit the change; after approval also keep a PlanAdjustment row (reason required, checked before)."""
    plan = entry.plan
    if plan.status != "draft":
        PlanAdjustment.objects.create(plan=plan, entry=entry, kind=kind, reason=reason, old=old, new=new,
                                      made_by=actor)
    audit_record(actor=actor, agency=plan.agency, verb=f"plan_entry_{kind}", target=plan, old=old, new=new,
                 extra={"reason": reason} if reason else None)


def _check_change(actor, plan: AnnualPlan, reason: str) -> str:
    _require(actor, Capability.PLAN_EDIT, plan.agency)
    reason = (reason or "").strip()
    if plan.status != "draft" and not reason:
        raise ServiceInvalid("计划已批复，调整须填写调整理由")
    return reason


def _check_month(month) -> int:
    if not digits(str(month)) or not 1 <= int(month) <= 12:
        raise ServiceInvalid("计划月份须为 1–12")
    return int(month)


def plan_entry_add(*, actor, plan: AnnualPlan, enterprise, month: int, reason: str = "",
                   planned_date: date | None = None, department=None, note: str = "") -> PlanEntry:
    reason = _check_change(actor, plan, reason)
    month = _check_month(month)
    if not directly_supervised(plan.agency).filter(pk=enterprise.pk, status="operating").exists():
        raise ServiceInvalid(f"{enterprise.name}不是本机关直接监管的正常生产经营单位")
    with transaction.atomic():
        entry = PlanEntry.objects.select_for_update().filter(plan=plan, enterprise=enterprise).first()
        if entry is not None and entry.removed_at is None:
            raise ServiceInvalid(f"{enterprise.name}已在计划中")
        if entry is None:
            entry = PlanEntry(plan=plan, enterprise=enterprise)
        entry.month, entry.planned_date, entry.department = month, planned_date, department
        entry.reason, entry.note, entry.removed_at = "manual", note.strip(), None
        entry.save()
        _adjust(actor=actor, entry=entry, kind="add", reason=reason, old={}, new=_entry_state(entry))
    return entry


def plan_entry_remove(*, actor, entry: PlanEntry, reason: str = "") -> None:
    plan = entry.plan
    reason = _check_change(actor, plan, reason)
    if entry.inspection_id:
        raise ServiceInvalid("该对象已转为执法检查，不能移出计划")
    with transaction.atomic():
        old = _entry_state(entry)
        if plan.status == "draft":
            audit_record(actor=actor, agency=plan.agency, verb="plan_entry_remove", target=plan, old=old)
            entry.delete()
            return
        if not PlanEntry.objects.filter(pk=entry.pk, removed_at__isnull=True).update(removed_at=timezone.now()):
            raise ServiceConflict(CONFLICT)
        _adjust(actor=actor, entry=entry, kind="remove", reason=reason, old=old, new={})


def plan_entry_move(*, actor, entry: PlanEntry, month: int, reason: str = "",
                    planned_date: date | None = None) -> PlanEntry:
    reason = _check_change(actor, entry.plan, reason)
    month = _check_month(month)
    with transaction.atomic():
        old = _entry_state(entry)
        entry.month, entry.planned_date = month, planned_date
        entry.save(update_fields=["month", "planned_date"])
        _adjust(actor=actor, entry=entry, kind="move", reason=reason, old=old, new=_entry_state(entry))
    return entry


def plan_submit(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """报批: the draft goes to the approver (refused while coverage fails); a hand-off from an earlier send-back
    closes."""
    _require(actor, Capability.PLAN_EDIT, plan.agency)
    require_open(plan.status, {"draft"}, "报批（仅草稿可以报批）")
    problems = plan_coverage(plan).problems
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        plan = _step(actor=actor, plan=plan, new="submitted", verb="plan_submit")
        moved_on("plan", plan.pk)
    return plan


def plan_return(*, actor, plan: AnnualPlan, reason: str) -> AnnualPlan:
    """退回: a submitted plan goes back to draft, and to whoever submitted it (else its drafter), with the reason."""
    _require(actor, Capability.PLAN_APPROVE, plan.agency)
    require_open(plan.status, {"submitted"}, "退回（仅报批中的计划可以退回）")
    reason = checked_reason(reason)
    with transaction.atomic():
        plan = _step(actor=actor, plan=plan, new="draft", verb="plan_return", payload={"reason": reason})
        sent_back(actor=actor, sender=sender_of(plan, ("plan_submit",), fallback=plan.created_by), agency=plan.agency,
                  kind="plan", record_id=plan.pk, name=str(plan), reason=reason, link=f"/planning/{plan.pk}/")
    return plan


def plan_approve(*, actor, plan: AnnualPlan, reference: str, approval_date: date | None) -> AnnualPlan:
    """Record the same-level government's approval (批复文号 and date); blocked while coverage fails."""
    _require(actor, Capability.PLAN_APPROVE, plan.agency)
    errors = []
    if not (reference or "").strip():
        errors.append("请填写本级政府批复文号（如 泌政文〔2026〕3号）")
    if approval_date is None:
        errors.append("请填写批复日期")
    errors += plan_coverage(plan).problems
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        plan = _step(actor=actor, plan=plan, new="approved", verb="plan_approve",
                     approval_reference=reference.strip(), approval_date=approval_date, approved_by=actor,
                     approved_at=timezone.now())
        moved_on("plan", plan.pk)
    return plan


def plan_file(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """File with the agency one level up (the agency of the region's parent; none above a province)."""
    _require(actor, Capability.PLAN_APPROVE, plan.agency)
    with transaction.atomic():
        return _step(actor=actor, plan=plan, new="filed", verb="plan_file", filed_with=superior_of(plan.agency),
                     filed_at=timezone.now(), filed_by=actor)


def plan_publish(*, actor, plan: AnnualPlan) -> AnnualPlan:
    _require(actor, Capability.PLAN_APPROVE, plan.agency)
    with transaction.atomic():
        return _step(actor=actor, plan=plan, new="published", verb="plan_publish", published_at=timezone.now(),
                     published_by=actor)


def plan_entry_start_inspection(*, actor, entry: PlanEntry, planned_date: date | None, officer_ids: Sequence[int],
                                leader_id: int | None = None, department=None, place: str = ""):
    """Turn a planned entry into an inspection (source annual_plan) of the plan's agency and link it."""
    plan = entry.plan
    _require(actor, Capability.PLAN_EDIT, plan.agency)
    if plan.status == "draft":
        raise ServiceInvalid("计划批复后才能发起检查")
    if entry.inspection_id or entry.removed_at:
        raise ServiceInvalid("该对象已发起检查或已移出计划")
    with transaction.atomic():
        inspection = inspection_plan(actor=actor, enterprise=entry.enterprise, source="annual_plan",
                                     planned_date=planned_date, officer_ids=officer_ids, leader_id=leader_id,
                                     department=department or entry.department, agency=plan.agency, place=place)
        if not PlanEntry.objects.filter(pk=entry.pk, inspection__isnull=True).update(inspection=inspection):
            raise ServiceConflict(CONFLICT)
        audit_record(actor=actor, agency=plan.agency, verb="plan_entry_start_inspection", target=plan,
                     new={"entry": entry.pk, "inspection": inspection.pk})
    entry.inspection = inspection
    return inspection
