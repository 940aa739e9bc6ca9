"""Writes of rectification follow-up (整改复查): extension requests, re-inspections, escalation.

One transaction each, audited; hazard statuses move along `anjian.domain.lifecycle.HAZARD` with
conditional updates, extension requests along `anjian.domain.rectification.EXTENSION`.
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain import rectification as rules
from anjian.domain.calendar import CalendarYearMissing
from anjian.domain.inspection_rules import HAZARD_STATUSES
from anjian.domain.lifecycle import HAZARD, can_move
from anjian.domain.permissions import Capability
from anjian.inspections import hooks
from anjian.inspections.documents_content import review_opinion
from anjian.inspections.models import (
    Evidence,
    ExtensionRequest,
    Hazard,
    HazardEscalation,
    Inspection,
    Reinspection,
    ReinspectionOfficer,
    ReinspectionResult,
)
from anjian.inspections.services import officers_for, officers_problems
from anjian.notices.models import Notice
from anjian.notices.send_back import checked_reason, moved_on, require_open, sent_back
from anjian.notices.services import NoticeSpec, notices_sync

CONFLICT = "该隐患已被他人处理（状态或期限已变化），请刷新后重试"
NOT_OPEN = "隐患当前为“{status}”，不在整改中"


def _require(actor, capability: Capability, inspection: Inspection, what: str) -> None:
    if not can(actor, capability, inspection.agency.region_id):
        raise ServiceDenied(f"您无权{what}")


def _hazard(hazard: Hazard) -> Hazard:
    return Hazard.objects.select_related("inspection", "inspection__agency", "enterprise").get(pk=hazard.pk)


def _require_open(hazard: Hazard) -> None:
    if hazard.status not in rules.OPEN_STATUSES:
        raise ServiceInvalid(NOT_OPEN.format(status=hazard.get_status_display()))


def failed_reinspection(hazard: Hazard) -> bool:
    """True when the hazard's latest re-inspection found it not rectified."""
    latest = hazard.reinspection_results.order_by("-reinspection__date", "-reinspection_id").first()
    return latest is not None and not latest.rectified


# ---------------------------------------------------------------- extension requests


def extension_request_record(*, actor, hazard: Hazard, requested_at: date, requested_deadline: date | None,
                             reason: str, evidence: Evidence | None = None, today: date | None = None
                             ) -> ExtensionRequest:
    """Record an enterprise's extension request (at least 10 days before the deadline; see the domain rule)."""
    today = today or timezone.localdate()
    hazard = _hazard(hazard)
    _require(actor, Capability.INSPECTION_EDIT, hazard.inspection, "登记该隐患的延期申请")
    _require_open(hazard)
    if hazard.deadline is None:
        raise ServiceInvalid("该隐患没有整改期限，无需延期")
    errors = [] if reason.strip() else ["请填写延期理由"]
    errors += rules.extension_problems(requested_at=requested_at, deadline=hazard.deadline,
                                       requested_deadline=requested_deadline, today=today)
    if evidence is not None and evidence.inspection_id != hazard.inspection_id:
        errors.append("申请材料不属于本次检查")
    if hazard.extension_requests.filter(status="pending").exists():
        errors.append("该隐患已有待审批的延期申请")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
        if locked.deadline != hazard.deadline or locked.status != hazard.status:
            raise ServiceConflict(CONFLICT)
        request = ExtensionRequest.objects.create(
            hazard=locked, requested_at=requested_at, original_deadline=locked.deadline,
            requested_deadline=requested_deadline, reason=reason.strip(), evidence=evidence, created_by=actor)
        audit_record(actor=actor, agency=hazard.inspection.agency, verb="extension_request_record", target=request,
                     new=model_snapshot(request))
        for returned in locked.extension_requests.filter(status="returned").values_list("pk", flat=True):
            moved_on("extension", returned)  # the corrected request is this one
    return request


def extension_request_decide(*, actor, request: ExtensionRequest, approve: bool, opinion: str = "",
                             new_deadline: date | None = None) -> ExtensionRequest:
    """Approve (the hazard's deadline moves, by default to the requested one) or reject a pending request."""
    request = ExtensionRequest.objects.select_related("hazard", "hazard__inspection",
                                                      "hazard__inspection__agency").get(pk=request.pk)
    hazard = request.hazard
    _require(actor, Capability.INSPECTION_APPROVE, hazard.inspection, "审批该延期申请")
    new_status = "approved" if approve else "rejected"
    if not can_move(rules.EXTENSION, request.status, new_status):
        raise ServiceInvalid(f"该延期申请已{request.get_status_display()}，不能再次审批")
    if not approve and not opinion.strip():
        raise ServiceInvalid("不予延期的，请填写审批意见")
    target = new_deadline or request.requested_deadline
    if approve:
        _require_open(hazard)
        if hazard.deadline is None or target <= hazard.deadline:
            raise ServiceInvalid(f"批准的期限须晚于原整改期限（{hazard.deadline}）")
    with transaction.atomic():
        transition(actor=actor, agency=hazard.inspection.agency, obj=request, table=rules.EXTENSION, new=new_status,
                   allow_same=False, verb="extension_request_decide", conflict="该延期申请已被他人审批，请刷新后重试", audit=False,
                   refresh=False, decided_by=actor, decided_at=timezone.now(), decision_opinion=opinion.strip())
        new = {"status": new_status, "decision_opinion": opinion.strip()}
        if approve:
            moved = Hazard.objects.filter(pk=hazard.pk, status=hazard.status, deadline=hazard.deadline).update(
                deadline=target, updated_at=timezone.now())
            if moved == 0:
                raise ServiceConflict(CONFLICT)
            audit_record(actor=actor, agency=hazard.inspection.agency, verb="hazard_deadline_extend", target=hazard,
                         old={"deadline": hazard.deadline.isoformat()}, new={"deadline": target.isoformat()},
                         extra={"extension_request": request.pk})
            new["deadline"] = target.isoformat()
        audit_record(actor=actor, agency=hazard.inspection.agency, verb="extension_request_decide", target=request,
                     old={"status": "pending"}, new=new)
    request.refresh_from_db()
    return request


def extension_request_return(*, actor, request: ExtensionRequest, reason: str) -> ExtensionRequest:
    """退回: a pending request goes back to the officer who recorded it (``created_by``), e.g. to get the
    enterprise's missing material; the corrected request is recorded anew, which closes the hand-off."""
    request = ExtensionRequest.objects.select_related("hazard", "hazard__inspection", "hazard__inspection__agency",
                                                      "hazard__enterprise").get(pk=request.pk)
    inspection = request.hazard.inspection
    _require(actor, Capability.INSPECTION_APPROVE, inspection, "退回该延期申请")
    require_open(request.status, {"pending"}, "退回（仅待审批的延期申请可以退回）")
    reason = checked_reason(reason)
    with transaction.atomic():
        transition(actor=actor, agency=inspection.agency, obj=request, table=rules.EXTENSION, new="returned",
                   allow_same=False, verb="extension_request_return", conflict="该延期申请已被他人审批，请刷新后重试",
                   labels=rules.EXTENSION_STATUSES, kind="延期申请", payload={"reason": reason}, refresh=False,
                   decided_by=actor, decided_at=timezone.now(), decision_opinion=reason)
        sent_back(actor=actor, sender=request.created_by, agency=inspection.agency, kind="extension",
                  record_id=request.pk, name=f"{request.hazard.enterprise.name}：{request.hazard.description[:40]}",
                  reason=reason, link=reverse("inspections:rectification_inspection", args=[inspection.pk]))
    return request


# ---------------------------------------------------------------- re-inspection


def reinspection_record(*, actor, inspection: Inspection, date: date, officer_ids: Sequence[int],
                        results: Mapping[int, tuple[bool, str]], opinion: str, completion_reported: bool = False,
                        today: date | None = None) -> Reinspection:
    """复查: hazards found rectified move to "rectified"; the others stay and become open to escalation.

    `results` maps hazard id → (rectified, note). The hook is called for the 整改复查意见书.
    """
    today = today or timezone.localdate()
    inspection = Inspection.objects.select_related("agency", "enterprise").get(pk=inspection.pk)
    _require(actor, Capability.INSPECTION_EDIT, inspection, "复查该检查的隐患")
    errors: list[str] = []
    if date is None:
        raise ServiceInvalid("请填写复查日期")
    if not results:
        errors.append("请至少选择一项隐患并填写复查结果")
    if not opinion.strip():
        errors.append("请填写复查意见")
    hazards = {h.pk: h for h in Hazard.objects.filter(pk__in=[int(k) for k in results], inspection=inspection)}
    if len(hazards) != len(results):
        errors.append("所选隐患不属于本次检查")
    for hazard in hazards.values():
        who = f"隐患“{hazard.description[:20]}”"
        if hazard.status not in rules.OPEN_STATUSES:
            errors.append(f"{who}当前为“{hazard.get_status_display()}”，不需复查")
            continue
        problem = rules.reinspection_date_problem(on=date, deadline=hazard.deadline,
                                                  completion_reported=completion_reported,
                                                  inspection_date=inspection.inspection_date, today=today)
        if problem:
            errors.append(f"{who}：{problem}")
    ids, officers, unavailable = officers_for(inspection.agency, officer_ids)
    errors += unavailable
    errors += officers_problems(inspection.agency, officers, date)
    if errors:
        raise ServiceInvalid(list(dict.fromkeys(errors)))
    old_status = {pk: h.status for pk, h in hazards.items()}
    with transaction.atomic():
        reinspection = Reinspection.objects.create(inspection=inspection, date=date, opinion=opinion.strip(),
                                                   completion_reported=completion_reported, created_by=actor)
        ReinspectionOfficer.objects.bulk_create([
            ReinspectionOfficer(reinspection=reinspection, officer=o, certificate_number=o.certificate_number)
            for o in officers])
        rows = []
        for hazard_id, (rectified, note) in results.items():
            hazard = hazards[int(hazard_id)]
            rows.append(ReinspectionResult(reinspection=reinspection, hazard=hazard, rectified=bool(rectified),
                                           note=(note or "").strip()))
            if rectified:  # audited below, with the re-inspection
                transition(actor=actor, agency=inspection.agency, obj=hazard, table=HAZARD, new="rectified",
                           allow_same=False, verb="hazard_rectified", kind="隐患", labels=HAZARD_STATUSES,
                           conflict=CONFLICT, audit=False, refresh=False, rectified_at=date,
                           rectification_note=(note or "").strip(), updated_at=timezone.now())
        ReinspectionResult.objects.bulk_create(rows)
        audit_record(actor=actor, agency=inspection.agency, verb="reinspection_record", target=reinspection,
                     new={**model_snapshot(reinspection), "officers": ids,
                          "results": {str(r.hazard_id): {"rectified": r.rectified, "note": r.note,
                                                         "old_status": old_status[r.hazard_id]} for r in rows}})
        # The 整改复查意见书 draft, naming the issued 责令限期整改指令书.
        hooks.inspection_documents_hook(actor=actor, inspection=inspection, step="reinspected",
                                        opinion=review_opinion(reinspection.opinion, [
                                            (hazards[r.hazard_id].description, r.rectified, r.note) for r in rows]))
    return reinspection


# ---------------------------------------------------------------- escalation


def hazard_escalation_options(hazard: Hazard, today: date) -> list[str]:
    return rules.escalation_options(status=hazard.status, deadline=hazard.deadline,
                                    failed_reinspection=failed_reinspection(hazard), today=today)


def hazard_escalate(*, actor, hazard: Hazard, route: str, note: str = "", today: date | None = None
                    ) -> HazardEscalation:
    """Not rectified → compulsory measures or a penalty case (the case itself is opened later)."""
    today = today or timezone.localdate()
    hazard = _hazard(hazard)
    _require(actor, Capability.INSPECTION_EDIT, hazard.inspection, "移交该隐患")
    _require_open(hazard)
    if route not in rules.ESCALATION_ROUTES:
        raise ServiceInvalid("请选择处理方式：采取强制措施或立案处罚")
    options = hazard_escalation_options(hazard, today)
    if route not in options:
        raise ServiceInvalid("整改期限未到且复查未发现未整改，暂不能移交")
    with transaction.atomic():
        transition(actor=actor, agency=hazard.inspection.agency, obj=hazard, table=HAZARD, new="escalated",
                   allow_same=False, verb="hazard_escalate", kind="隐患", labels=HAZARD_STATUSES, conflict=CONFLICT,
                   refresh=False, payload={"route": route, "note": note.strip()}, updated_at=timezone.now())
        escalation = HazardEscalation.objects.create(hazard=hazard, route=route, note=note.strip(),
                                                     escalated_by=actor)
    return escalation


# ---------------------------------------------------------------- reminders (anjian remind)


def _due_soon_last_day(today: date, calendar) -> tuple[date, bool]:
    """The last deadline counted as due soon: 3 working days ahead, or 3 natural days without calendar data."""
    try:
        return calendar.add_workdays(today, rules.REMIND_WORKDAYS), True
    except CalendarYearMissing:
        return today + timedelta(days=rules.REMIND_WORKDAYS), False


def _pending_too_long(requested_at: date, today: date, calendar) -> bool:
    try:
        return calendar.add_workdays(requested_at, rules.REMIND_WORKDAYS) < today
    except CalendarYearMissing:
        return requested_at + timedelta(days=rules.REMIND_WORKDAYS) < today


def rectification_remind(*, today: date, calendar) -> dict:
    """Sync the due/overdue hazard notices and the pending-extension notices. Idempotent (for cron).

    → {"hazard": counts, "extension": counts, "workdays": bool (False = natural days used)}.
    """
    last_day, workdays = _due_soon_last_day(today, calendar)
    # Notices reach the whole agency: none for a sealed inspection (a random draw's, before disclosure, ADR 0023).
    hazards = (Hazard.objects.filter(status__in=rules.OPEN_STATUSES, deadline__isnull=False, deadline__lte=last_day,
                                     inspection__sealed=False)
               .select_related("enterprise", "inspection__agency").order_by("deadline", "id"))
    specs = []
    for h in hazards.iterator(chunk_size=2000):
        status = rules.deadline_status(h.deadline, today)
        overdue = status.state == "overdue"
        agency = h.inspection.agency
        specs.append(NoticeSpec(
            key=f"hazard:{h.pk}:{'overdue' if overdue else 'due'}", agency_id=agency.pk, region_id=agency.region_id,
            level=Notice.Level.OVERDUE if overdue else Notice.Level.DUE,
            title=f"隐患整改{status.label}：{h.enterprise.name}"[:200],
            text=f"{h.description[:120]}（整改期限 {h.deadline.isoformat()}）",
            link=reverse("inspections:detail", args=[h.inspection_id]), due_date=h.deadline))
    hazard_counts = notices_sync(prefix="hazard:", specs=specs)

    pending = (ExtensionRequest.objects.filter(status="pending", requested_at__lt=today,
                                               hazard__inspection__sealed=False)
               .select_related("hazard__enterprise", "hazard__inspection__agency").order_by("requested_at", "id"))
    ext_specs = []
    for r in pending:
        if not _pending_too_long(r.requested_at, today, calendar):
            continue
        agency = r.hazard.inspection.agency
        ext_specs.append(NoticeSpec(
            key=f"extension:{r.pk}", agency_id=agency.pk, region_id=agency.region_id, level=Notice.Level.DUE,
            title=f"延期申请待审批：{r.hazard.enterprise.name}"[:200],
            text=f"{r.requested_at.isoformat()}申请延期至{r.requested_deadline.isoformat()}，已超过3个工作日未审批",
            link=reverse("inspections:rectification_extension_decide", args=[r.pk]), due_date=r.hazard.deadline))
    extension_counts = notices_sync(prefix="extension:", specs=ext_specs)
    return {"hazard": hazard_counts, "extension": extension_counts, "workdays": workdays,
            "due": sum(1 for s in specs if s.level == Notice.Level.DUE),
            "overdue": sum(1 for s in specs if s.level == Notice.Level.OVERDUE), "pending": len(ext_specs)}
