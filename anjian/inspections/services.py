"""Writes of inspections (审批 → 通知 → 实施 → 记录 → 反馈): one transaction each, audited.

Every status change is checked against `anjian.domain.lifecycle.INSPECTION` and applied with a
conditional update; zero rows updated means someone else moved the inspection first.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from anjian.accounts.access import agencies_for, can, local_grant
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.inspection_rules import (
    INSPECTION_SOURCES,
    INSPECTION_STATUSES,
    TeamMember,
    onsite_time_problems,
    team_problems,
)
from anjian.domain.lifecycle import INSPECTION
from anjian.domain.permissions import Capability
from anjian.inspections.hooks import inspection_documents_hook
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.notices.send_back import checked_reason, moved_on, require_open, sent_back
from anjian.officers.models import Officer
from anjian.officers.selectors import expert_list_for
from anjian.regions.models import Agency, Department

CONFLICT = "该检查已被他人处理（状态已变化），请刷新后重试"


def _agency_for(actor, enterprise, agency: Agency | None) -> Agency:
    """The inspecting agency: given, or the actor's most local agency whose region covers the enterprise."""
    grant = local_grant(actor, Capability.INSPECTION_EDIT, enterprise.region_id)
    if grant is None:
        raise ServiceDenied("该单位不在您的管辖范围内，不能发起检查")
    if agency is None:
        return Agency.objects.select_related("region").get(pk=grant.agency_id)
    if not any(g.agency_id == agency.pk and enterprise.region_id.startswith(g.prefix)
               for g in agencies_for(actor, Capability.INSPECTION_EDIT)):
        raise ServiceDenied("您不能以该机构名义检查此单位")
    return agency


OFFICERS_UNAVAILABLE = "执法人员不存在或不可选"
DEPARTMENT_ELSEWHERE = "承办处室不属于检查机关"


def department_for(department_id: int | None) -> Department | None:
    """The department a page or the API names by id (None for none); the service checks it is the agency's own, so
    an unknown id and another agency's department are refused alike (DEPARTMENT_ELSEWHERE)."""
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise ServiceInvalid([("department", DEPARTMENT_ELSEWHERE)])
    return department


def officers_for(agency: Agency, officer_ids: Sequence[int]) -> tuple[list[int], list[Officer], list[str]]:
    """``(ids without repeats, the officers among them who may serve for agency, problems)``.

    An officer may serve for an agency when they belong to it or to a region below it. An id that names no such
    officer (unknown, or an officer elsewhere) gives OFFICERS_UNAVAILABLE either way: the answer never tells an
    officer outside the agency from an id that does not exist, and never names them.
    """
    ids = list(dict.fromkeys(int(i) for i in officer_ids))
    low, high = prefix_range(region_prefix(agency.region_id))
    officers = list(Officer.objects.filter(Q(agency=agency) | Q(region_id__gte=low, region_id__lt=high), pk__in=ids))
    return ids, officers, [OFFICERS_UNAVAILABLE] if len(officers) != len(ids) else []


def officers_problems(agency: Agency, officers: Sequence[Officer], on_date: date) -> list[str]:
    """Why these officers (already known to the caller, e.g. a stored team) may not serve for ``agency``."""
    prefix = region_prefix(agency.region_id)
    problems = [f"执法人员{o.name}不属于{agency.name}" for o in officers
                if o.agency_id != agency.pk and not o.region_id.startswith(prefix)]
    members = [TeamMember(o.pk, o.status, o.certificate_expires, o.in_post, o.name) for o in officers]
    return problems + team_problems(members, on_date)


def _team_of(inspection: Inspection) -> list[Officer]:
    return [m.officer for m in inspection.team.select_related("officer")]


def _check_team(inspection: Inspection, on_date: date) -> None:
    problems = officers_problems(inspection.agency, _team_of(inspection), on_date)
    if problems:
        raise ServiceInvalid(problems)


def _aware(moment: datetime | None) -> datetime | None:
    """An entered time without a zone is local time (the API may send one)."""
    if moment is None or timezone.is_aware(moment):
        return moment
    try:
        return timezone.make_aware(moment)
    except (OverflowError, ValueError):
        raise ServiceInvalid("时间超出可登记的范围") from None


def _require(actor, capability: Capability, inspection: Inspection, what: str) -> None:
    if not can(actor, capability, inspection.agency.region_id):
        raise ServiceDenied(f"您无权{what}该检查")


def approves(actor, inspection: Inspection) -> bool:
    """The actor approves plans at the inspection's own agency (its leader or department head): a plan is approved
    in the name of the agency that inspects, never by an agency above (ADR 0031)."""
    return any(g.agency_id == inspection.agency_id for g in agencies_for(actor, Capability.INSPECTION_APPROVE))


def _require_approver(actor, inspection: Inspection, what: str) -> None:
    _require(actor, Capability.INSPECTION_APPROVE, inspection, what)
    if not approves(actor, inspection):
        raise ServiceDenied(f"您无权{what}该检查：检查方案由{inspection.agency.name}的负责人审批")


def _step(*, actor, inspection: Inspection, new: str, verb: str, payload: dict | None = None,
          **fields) -> Inspection:
    """Inside a transaction: the inspection along `domain.lifecycle.INSPECTION`, audited."""
    return transition(actor=actor, agency=inspection.agency, obj=inspection, table=INSPECTION, new=new, verb=verb,
                      allow_same=False, kind="检查", labels=INSPECTION_STATUSES, conflict=CONFLICT, payload=payload,
                      updated_at=timezone.now(), **fields)


def inspection_plan(*, actor, enterprise, source: str, planned_date: date | None, officer_ids: Sequence[int],
                    leader_id: int | None = None, expert_ids: Sequence[int] = (), department: Department | None = None,
                    agency: Agency | None = None, place: str = "", sealed: bool = False) -> Inspection:
    """Plan an inspection of one enterprise by a team of at least two officers.

    ``sealed``: a random draw's, hidden from all but its team and the draw's owners until the draw's results are
    disclosed (`inspections_unseal`; ADR 0023).
    """
    agency = _agency_for(actor, enterprise, agency)
    errors: list[tuple[str, str]] = []
    if source not in INSPECTION_SOURCES:
        errors.append(("source", "请选择检查来源"))
    if planned_date is None:
        errors.append(("planned_date", "请填写计划检查日期"))
    if department is not None and department.agency_id != agency.pk:
        errors.append(("department", DEPARTMENT_ELSEWHERE))
    ids, officers, unavailable = officers_for(agency, officer_ids)
    errors += [("officer_ids", e) for e in unavailable + officers_problems(agency, officers,
                                                                          planned_date or timezone.localdate())]
    if leader_id is not None and int(leader_id) not in ids:
        errors.append(("leader_id", "组长须为检查组成员"))
    experts = list(expert_list_for(actor).filter(pk__in=list(expert_ids), is_active=True))  # outside: as unknown
    if len(experts) != len(set(expert_ids)):
        errors.append(("expert_ids", "所选专家不存在或已出库"))
    if errors:
        raise ServiceInvalid(list(dict.fromkeys(errors)))
    leader = int(leader_id) if leader_id is not None else ids[0]
    by_id = {o.pk: o for o in officers}
    with transaction.atomic():
        inspection = Inspection.objects.create(
            enterprise=enterprise, agency=agency, department=department, source=source, planned_date=planned_date,
            place=place.strip() or enterprise.address, created_by=actor, sealed=bool(sealed))
        InspectionOfficer.objects.bulk_create([
            InspectionOfficer(inspection=inspection, officer_id=i, role="leader" if i == leader else "member",
                              certificate_number=by_id[i].certificate_number) for i in ids])
        inspection.experts.set(experts)
        audit_record(actor=actor, agency=agency, verb="inspection_plan", target=inspection,
                     new={**model_snapshot(inspection), "officers": ids, "experts": [e.pk for e in experts]})
    return inspection


def inspections_unseal(*, actor, inspection_ids: Iterable[int] | QuerySet, reason: str) -> int:
    """Make sealed inspections visible as any other (a draw's results were disclosed). One audit event each.

    ``inspection_ids``: ids, or a ``values("…id")`` queryset (used as a subquery, so a province-wide draw's
    10,000 ids never become 10,000 parameters). The actor must hold PLAN_EDIT over every inspection's agency (the
    draw's owners); ids not sealed are skipped. Returns the number unsealed.
    """
    if not reason.strip():
        raise ServiceInvalid("请说明解除保密的依据")
    with transaction.atomic():
        sealed = Inspection.objects.filter(pk__in=inspection_ids, sealed=True)
        rows = list(sealed.select_for_update(of=("self",)).select_related("agency", "enterprise").order_by("pk"))
        if any(not can(actor, Capability.PLAN_EDIT, i.agency.region_id) for i in rows):
            raise ServiceDenied("您无权解除这些检查的保密")
        sealed.update(sealed=False, updated_at=timezone.now())  # the rows just locked
        for i in rows:
            audit_record(actor=actor, agency=i.agency, verb="inspection_unseal", target=i,
                         old={"sealed": True}, new={"sealed": False}, extra={"reason": reason.strip()[:255]})
    return len(rows)


def inspection_approve(*, actor, inspection: Inspection, opinion: str = "", notice_date: date | None = None
                       ) -> Inspection:
    """审批 (and 通知: the date the enterprise is notified)."""
    _require_approver(actor, inspection, "审批")
    _check_team(inspection, inspection.planned_date)
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="approved", verb="inspection_approve",
                      approved_by=actor, approved_at=timezone.now(), approval_opinion=opinion.strip(),
                      notice_date=notice_date)
        inspection_documents_hook(actor=actor, inspection=fresh, step="approved")
    return fresh


def inspection_return(*, actor, inspection: Inspection, reason: str) -> Inspection:
    """退回: the plan goes back to its planner (``created_by``) with the reason, to be corrected and resubmitted."""
    _require_approver(actor, inspection, "退回")
    require_open(inspection.status, {"planned"}, "退回（仅待审批的检查方案可以退回）")
    reason = checked_reason(reason)
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="returned", verb="inspection_return",
                      payload={"reason": reason})
        sent_back(actor=actor, sender=fresh.created_by, agency=fresh.agency, kind="inspection", record_id=fresh.pk,
                  name=f"{fresh.enterprise.name} {fresh.planned_date:%Y-%m-%d}", reason=reason,
                  link=f"/inspections/{fresh.pk}/")
    return fresh


def inspection_resubmit(*, actor, inspection: Inspection, planned_date: date | None = None, place: str = "",
                        officer_ids: Sequence[int] | None = None, leader_id: int | None = None,
                        expert_ids: Sequence[int] | None = None, department: Department | None = None
                        ) -> Inspection:
    """A returned plan, corrected, goes back for approval; its hand-off leaves the planner's list. Everything the
    approver can send back for may be corrected (ADR 0031): the team (``officer_ids`` and ``leader_id``, under
    the same rules as planning), the experts, the department, the date and the place; what is not given stays."""
    _require(actor, Capability.INSPECTION_EDIT, inspection, "重新提交")
    require_open(inspection.status, {"returned"}, "重新提交（仅已退回的检查方案可以重新提交）")
    agency = inspection.agency
    planned_date = planned_date or inspection.planned_date
    errors: list[tuple[str, str]] = []
    if department is not None and department.agency_id != agency.pk:
        errors.append(("department", DEPARTMENT_ELSEWHERE))
    if officer_ids is None:
        ids, officers = None, _team_of(inspection)
        problems = officers_problems(agency, officers, planned_date)
    else:
        ids, officers, problems = officers_for(agency, officer_ids)
        problems += officers_problems(agency, officers, planned_date)
        if leader_id is not None and int(leader_id) not in ids:
            errors.append(("leader_id", "组长须为检查组成员"))
    errors += [("officer_ids", e) for e in problems]
    experts = None
    if expert_ids is not None:
        experts = list(expert_list_for(actor).filter(pk__in=list(expert_ids), is_active=True))
        if len(experts) != len(set(expert_ids)):
            errors.append(("expert_ids", "所选专家不存在或已出库"))
    if errors:
        raise ServiceInvalid(list(dict.fromkeys(errors)))
    fields = {"planned_date": planned_date, "place": place.strip() or inspection.place}
    if department is not None:
        fields["department"] = department
    leader = (int(leader_id) if leader_id is not None else ids[0]) if ids else None
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="planned", verb="inspection_resubmit", **fields)
        if ids is not None:
            by_id = {o.pk: o for o in officers}
            fresh.team.all().delete()
            InspectionOfficer.objects.bulk_create([
                InspectionOfficer(inspection=fresh, officer_id=i, role="leader" if i == leader else "member",
                                  certificate_number=by_id[i].certificate_number) for i in ids])
        if experts is not None:
            fresh.experts.set(experts)
        if ids is not None or experts is not None:
            audit_record(actor=actor, agency=agency, verb="inspection_team_change", target=fresh,
                         new={"officers": ids, "leader": leader,
                              "experts": [e.pk for e in experts] if experts is not None else None})
        moved_on("inspection", fresh.pk)
    return fresh


def inspection_start(*, actor, inspection: Inspection, place: str = "", kickoff_notes: str = "",
                     started_at: datetime | None = None) -> Inspection:
    """实施: on site at ``started_at`` (entered by the officer, by default now); every team member's credential is
    captured as shown then."""
    _require(actor, Capability.INSPECTION_EDIT, inspection, "实施")
    started_at = _aware(started_at) or timezone.now()
    problems = onsite_time_problems(started_at=started_at, ended_at=None, now=timezone.localtime(),
                                    planned_date=inspection.planned_date)
    if problems:
        raise ServiceInvalid(problems)
    _check_team(inspection, timezone.localdate(started_at))
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="in_progress", verb="inspection_start",
                      started_at=started_at, place=place.strip() or inspection.place,
                      kickoff_notes=kickoff_notes.strip())
        for member in fresh.team.select_related("officer"):
            member.certificate_number = member.officer.certificate_number
            member.credential_shown_at = started_at
            member.save(update_fields=["certificate_number", "credential_shown_at"])
        inspection_documents_hook(actor=actor, inspection=fresh, step="started")
    return fresh


def inspection_record(*, actor, inspection: Inspection, summary: str, feedback_notes: str = "",
                      ended_at: datetime | None = None) -> Inspection:
    """记录: the 检查情况 is written whether or not problems were found; ``ended_at`` as entered (by default now)."""
    _require(actor, Capability.INSPECTION_EDIT, inspection, "记录")
    ended_at = _aware(ended_at) or timezone.now()
    problems = [] if summary.strip() else [("summary", "请填写检查情况")]
    problems += onsite_time_problems(started_at=inspection.started_at, ended_at=ended_at, now=timezone.localtime(),
                                     planned_date=inspection.planned_date)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="recorded", verb="inspection_record",
                      summary=summary.strip(), feedback_notes=feedback_notes.strip(),
                      ended_at=ended_at)
        inspection_documents_hook(actor=actor, inspection=fresh, step="recorded")
    return fresh


def inspection_close(*, actor, inspection: Inspection, feedback_notes: str = "") -> Inspection:
    """反馈 and close."""
    _require(actor, Capability.INSPECTION_EDIT, inspection, "办结")
    fields = {"closed_at": timezone.now()}
    if feedback_notes.strip():
        fields["feedback_notes"] = feedback_notes.strip()
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="closed", verb="inspection_close", **fields)
        inspection_documents_hook(actor=actor, inspection=fresh, step="closed")
    return fresh


def inspection_cancel(*, actor, inspection: Inspection, reason: str) -> Inspection:
    _require(actor, Capability.INSPECTION_EDIT, inspection, "取消")
    if not reason.strip():
        raise ServiceInvalid("请填写取消原因")
    with transaction.atomic():
        fresh = _step(actor=actor, inspection=inspection, new="cancelled", verb="inspection_cancel",
                      cancel_reason=reason.strip()[:255])
        moved_on("inspection", fresh.pk)
    return fresh


def inspection_join(*, actor, inspection: Inspection, into: Inspection) -> Inspection:
    """综合查一次: this inspection's team joins `into`, and this one is cancelled as merged."""
    _require(actor, Capability.INSPECTION_EDIT, inspection, "合并")
    _require(actor, Capability.INSPECTION_EDIT, into, "合并")
    if into.pk == inspection.pk or into.enterprise_id != inspection.enterprise_id:
        raise ServiceInvalid("只能合并同一单位的其他检查")
    if into.status not in {"planned", "approved"}:
        raise ServiceInvalid("只能合并到待审批或已审批的检查")
    with transaction.atomic():
        target = Inspection.objects.select_for_update().get(pk=into.pk)
        if target.status not in {"planned", "approved"}:
            raise ServiceConflict(CONFLICT)
        present = set(target.team.values_list("officer_id", flat=True))
        added = [m for m in inspection.team.select_related("officer") if m.officer_id not in present]
        InspectionOfficer.objects.bulk_create([
            InspectionOfficer(inspection=target, officer=m.officer, role="member",
                              certificate_number=m.officer.certificate_number) for m in added])
        target.experts.add(*inspection.experts.all())
        fresh = _step(actor=actor, inspection=inspection, new="cancelled", verb="inspection_join",
                      merged_into=target, cancel_reason=f"已合并至{target.agency.name}的检查（{target.planned_date}）")
        audit_record(actor=actor, agency=target.agency, verb="inspection_team_join", target=target,
                     new={"officers_added": [m.officer_id for m in added], "merged_from": inspection.pk})
    return fresh
