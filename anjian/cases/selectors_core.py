"""Reads for the core case pages and API: the list with each row's next deadline (computed for the page's rows
only, from prefetched rows and one calendar), the "undecided too long" filter in SQL, the timeline, and the
scoped records a new case may start from (enterprise, inspection, hazard, handover form)."""

from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from anjian.accounts.access import can, scope_q
from anjian.calendars.selectors import work_calendar
from anjian.cases.config import time_limits
from anjian.cases.models import CaseInvestigation, CaseTransfer, PenaltyCase
from anjian.cases.selectors import CaseFilters, case_list_for
from anjian.domain.case_deadlines import (
    STATE_LABELS,
    CaseFacts,
    Deadline,
    case_deadlines,
    due_next,
    undecided_too_long,
)
from anjian.domain.case_process import (
    CASE_STATUSES,
    INVESTIGATION_KINDS,
    LEGAL_REVIEW_RESULTS,
    UNDECIDED,
)
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.sealing import sees_inspection, unsealed_q
from anjian.officers.models import Officer

STATE_BADGES = {"overdue": "risk-red", "late": "risk-red", "due_today": "risk-orange", "open": "risk-blue",
                "done": "", "unknown": "risk-yellow", "waiting": ""}


def overdue_filter(qs: QuerySet[PenaltyCase], today: date) -> QuerySet[PenaltyCase]:
    """Cases still undecided after the decision limit (90 days + their approved extensions), in SQL on both
    databases: one condition per distinct extension length."""
    limit = time_limits().decision_days
    open_cases = qs.filter(status__in=list(UNDECIDED), filed_on__isnull=False)
    lengths = open_cases.order_by().values_list("extension_days", flat=True).distinct()
    q = Q(pk__in=[])
    for days in lengths:
        q |= Q(extension_days=days, filed_on__lt=today - timedelta(days=limit + days))
    return open_cases.filter(q)


def case_list_rows_qs(user, filters: CaseFilters | None, today: date) -> QuerySet[PenaltyCase]:
    qs = case_list_for(user, filters)
    if filters is not None and filters.overdue:
        qs = overdue_filter(qs, today)
    return qs.prefetch_related(
        Prefetch("investigations", to_attr="preservation_rows", queryset=CaseInvestigation.objects.filter(
            kind="preservation").only("id", "case_id", "kind", "occurred_on", "preservation_decided_on")),
        Prefetch("transfers", to_attr="transfer_rows", queryset=CaseTransfer.objects.order_by("sent_on", "id").only(
            "id", "case_id", "sent_on", "acknowledged_on")))


_DERIVED = {"fine", "preservations", "transferred_on", "transfer_acknowledged_on", "disclosure_required"}


def facts_of_row(case: PenaltyCase) -> CaseFacts:
    """The same CaseFacts as `selectors.case_facts`, from a row fetched by `case_list_rows_qs` (no query per row).

    Fields named like the case's columns are copied; the derived ones follow `case_facts` (a test keeps the two
    equal)."""
    transfer = case.transfer_rows[0] if case.transfer_rows else None
    plain = {f.name: getattr(case, f.name) for f in fields(CaseFacts) if f.name not in _DERIVED}
    return CaseFacts(
        **plain, fine=case.fine_amount,
        preservations=tuple((i.occurred_on, i.preservation_decided_on) for i in case.preservation_rows),
        transferred_on=transfer.sent_on if transfer else None,
        transfer_acknowledged_on=transfer.acknowledged_on if transfer else None,
        disclosure_required=case.disclosure_required and case.result in ("", "penalized"))


@dataclass(frozen=True)
class DeadlineView:
    deadline: Deadline
    state: str
    state_label: str
    badge: str


PERIOD_STATES = {"running": ("期间进行中", "risk-blue"), "ended": ("期限届满", "")}


def deadline_view(d: Deadline, today: date) -> DeadlineView:
    """A deadline with its state for display; the party's own periods (陈述申辩、听证申请、催告) run or end, they
    are not duties that can be overdue."""
    if d.extra.get("period") and d.due is not None:
        state = "ended" if today > d.due else "running"
        label, badge = PERIOD_STATES[state]
        return DeadlineView(d, state, label, badge)
    state = d.state(today)
    return DeadlineView(d, state, STATE_LABELS.get(state, state), STATE_BADGES.get(state, ""))


@dataclass(frozen=True)
class CaseRow:
    case: PenaltyCase
    next: DeadlineView | None
    undecided_too_long: bool


def case_rows(cases, today: date) -> list[CaseRow]:
    """The page's rows with their next deadline and the 90-day flag (one calendar load for the page)."""
    cal, limits = work_calendar(), time_limits()
    out = []
    for case in cases:
        facts = facts_of_row(case)
        nxt = due_next(case_deadlines(facts, cal, limits), today)
        out.append(CaseRow(case, deadline_view(nxt, today) if nxt else None, undecided_too_long(facts, today, limits)))
    return out


def case_detail_get(user, pk: int) -> PenaltyCase:
    case = case_list_for(user).select_related(
        "agency__region__parent", "department", "created_by", "filing_approved_by", "legal_reviewer", "decided_by",
        "inspection", "handover", "discretion_entry").filter(pk=pk).first()
    if case is None:
        raise Http404("案件不存在")
    return case


@dataclass
class TimelineEntry:
    on: date
    label: str
    detail: str = ""


def case_timeline(case: PenaltyCase) -> list[TimelineEntry]:
    """What happened, in date order, from the case's recorded dates and its evidence, extensions and transfers."""
    t: list[TimelineEntry] = [TimelineEntry(timezone.localdate(case.created_at), "立案申请", str(case.created_by or ""))]
    if case.status == "not_filed":
        t.append(TimelineEntry(timezone.localdate(case.updated_at), "不予立案", case.filing_opinion))
    if case.filed_on:
        t.append(TimelineEntry(case.filed_on, "立案", f"审批人：{case.filing_approved_by or '—'}"))
    for i in case.investigations.all():
        t.append(TimelineEntry(i.occurred_on, INVESTIGATION_KINDS.get(i.kind, i.kind), i.summary))
        if i.preservation_decided_on:
            t.append(TimelineEntry(i.preservation_decided_on, "先行登记保存处理决定", i.preservation_decision))
    for x in case.extensions.all():
        t.append(TimelineEntry(x.approved_on, "案件延期", f"延长{x.days}日至{x.new_due.isoformat()}（{x.approved_by}）"))
    dated = [
        (case.investigated_on, "调查终结", ""),
        (timezone.localdate(case.legal_reviewed_at) if case.legal_reviewed_at else None, "法制审核",
         f"{LEGAL_REVIEW_RESULTS.get(case.legal_result, '')}（{case.legal_reviewer or '—'}）"),
        (case.discussed_on, "集体讨论", ""),
        (case.notice_served_on, "行政处罚告知书送达", ""),
        (case.hearing_notice_served_on, "听证告知书送达", ""),
        (case.hearing_requested_on, "申请听证", ""),
        (case.hearing_held_on, "举行听证", ""),
        (case.decided_on, "作出处罚决定", f"罚款{case.fine_amount}元" if case.fine_amount else ""),
        (case.served_on, "送达处罚决定书", case.service_method),
        (case.paid_on, "缴清罚款", ""),
        (case.reminder_served_on, "催告书送达", ""),
        (case.enforcement_applied_on, "申请法院强制执行", case.court),
        (case.closed_on, "结案", case.get_result_display() if case.result else ""),
        (case.disclosed_on, "公开处罚决定", ""),
        (case.archived_on, "归档", case.archive_number),
    ]
    t += [TimelineEntry(on, label, detail) for on, label, detail in dated if on]
    for line in case.statement_note.splitlines():
        head, _, text = line.partition("：")
        try:
            t.append(TimelineEntry(date.fromisoformat(head), "陈述申辩", text))
        except ValueError:
            continue
    for tr in case.transfers.all():
        t.append(TimelineEntry(tr.sent_on, "移送", tr.receiver_name))
    return sorted(t, key=lambda e: e.on)


def status_choices() -> list[tuple[str, str]]:
    return list(CASE_STATUSES.items())


# ---------------------------------------------------------------- where a new case starts from

def enterprise_for_case(user, pk: int) -> Enterprise:
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None or not can(user, Capability.CASE_EDIT, enterprise.region_id):
        raise Http404("enterprise")
    return enterprise


def enterprises_for_case(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(scope_q(user, Capability.CASE_EDIT)).select_related("region")


def officers_for_case(user) -> QuerySet[Officer]:
    return Officer.objects.filter(scope_q(user, Capability.CASE_EDIT), status="active", in_post=True).select_related(
        "agency").order_by("agency_id", "name")


def inspection_for_case(user, pk: int) -> Inspection:
    inspection = Inspection.objects.select_related("enterprise", "agency").filter(pk=pk).first()
    if (inspection is None or not can(user, Capability.CASE_EDIT, inspection.enterprise.region_id)
            or not sees_inspection(user, inspection)):  # a sealed one (ADR 0023) reads like none
        raise Http404("inspection")
    return inspection


def hazard_for_case(user, pk: int) -> Hazard:
    hazard = Hazard.objects.select_related("inspection", "inspection__agency", "enterprise").filter(pk=pk).first()
    if (hazard is None or not can(user, Capability.CASE_EDIT, hazard.enterprise.region_id)
            or not sees_inspection(user, hazard.inspection)):
        raise Http404("hazard")
    return hazard


def hazards_for_case(user, enterprise: Enterprise) -> QuerySet[Hazard]:
    """The enterprise's hazards a case may name: not those of a sealed inspection the user may not see."""
    return Hazard.objects.filter(unsealed_q(user, "inspection__"), enterprise=enterprise)


def handover_for_case(user, pk: int):
    from anjian.supervision.models import HandoverForm

    form = HandoverForm.objects.select_related("enterprise", "home_agency", "inspection").filter(
        pk=pk).exclude(status="draft").first()
    if form is None or not can(user, Capability.CASE_EDIT, form.home_agency.region_id):
        raise Http404("handover")
    return form


@dataclass
class Prefill:
    """What a new-case form starts with when opened from an inspection, a hazard or a handover form."""

    enterprise: Enterprise | None = None
    source: str = ""
    cause: str = ""
    facts: str = ""
    inspection: Inspection | None = None
    handover: object | None = None
    hazard_ids: list[int] = field(default_factory=list)
    officer_ids: list[int] = field(default_factory=list)


def _team_ids(user, inspection: Inspection | None) -> list[int]:
    if inspection is None:
        return []
    allowed = set(officers_for_case(user).values_list("pk", flat=True))
    return [m for m in inspection.team.values_list("officer_id", flat=True) if m in allowed]


def case_prefill(user, *, enterprise: str = "", inspection: str = "", hazard: str = "", handover: str = "") -> Prefill:
    """Read the ?enterprise= / ?inspection= / ?hazard= / ?handover= of the new-case page (404 when out of scope)."""
    p = Prefill()
    if digits(handover):
        form = handover_for_case(user, int(handover))
        items = list(form.items.all())
        chosen = [i for i in items if i.action == "penalty_case"] or items
        p.enterprise, p.source, p.handover, p.inspection = form.enterprise, "handover", form, form.inspection
        p.facts = "异地检查移交的问题：\n" + "\n".join(f"{n}. {i.description}（{i.legal_basis}）" if i.legal_basis
                                                     else f"{n}. {i.description}" for n, i in enumerate(chosen, 1))
        p.hazard_ids = [i.hazard_id for i in chosen]
        p.cause = chosen[0].description[:60] if chosen else ""
    elif digits(hazard):
        h = hazard_for_case(user, int(hazard))
        p.enterprise, p.source, p.inspection, p.hazard_ids = h.enterprise, "hazard_unrectified", h.inspection, [h.pk]
        deadline = f"，整改期限{h.deadline.isoformat()}届满仍未整改" if h.deadline else ""
        p.facts = f"{h.inspection.inspection_date.isoformat()}检查发现：{h.description}{deadline}。"
        p.cause = f"{h.description[:50]}逾期未整改"
        p.officer_ids = _team_ids(user, h.inspection)
    elif digits(inspection):
        i = inspection_for_case(user, int(inspection))
        hazards = [h for h in i.hazards.all() if h.status not in ("rectified", "corrected")]
        p.enterprise, p.inspection = i.enterprise, i
        p.source = "random_inspection" if i.source == "random" else "inspection"
        p.facts = (i.summary + "\n" if i.summary else "") + "\n".join(
            f"{n}. {h.description}" for n, h in enumerate(hazards, 1))
        p.hazard_ids = [h.pk for h in hazards]
        p.cause = hazards[0].description[:60] if hazards else ""
        p.officer_ids = _team_ids(user, i)
    if digits(enterprise) and p.enterprise is None:
        p.enterprise = enterprise_for_case(user, int(enterprise))
    if p.enterprise is not None and not can(user, Capability.CASE_EDIT, p.enterprise.region_id):
        raise Http404("enterprise")
    return p
