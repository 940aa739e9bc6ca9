"""Reads of penalty cases, scoped to the acting user: a case is visible to users whose scope covers the
handling agency's region. Its facts and time limits come from the pure rules in anjian.domain.case_deadlines.

The list shows each row's next deadline (computed for the page's rows only, from prefetched rows and one
calendar); the "undecided too long" filter runs in SQL; the timeline is built from the case's recorded dates.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from anjian.accounts.access import scope_q
from anjian.audit.models import AuditEvent
from anjian.calendars.selectors import work_calendar
from anjian.cases.config import time_limits
from anjian.cases.models import CaseInvestigation, CaseTransfer, PenaltyCase
from anjian.common.errors import NotFound
from anjian.documents.models import Document
from anjian.domain.case_deadlines import (
    STATE_LABELS,
    CaseFacts,
    Deadline,
    case_deadlines,
    due_next,
    undecided_too_long,
)
from anjian.domain.case_process import CASE_STATUSES, INVESTIGATION_KINDS, LEGAL_REVIEW_RESULTS, UNDECIDED
from anjian.domain.permissions import Capability


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    source: str = ""
    q: str = ""  # case name, party, enterprise name or USCC, or a number of one of its documents
    year: int | None = None
    overdue: bool = False  # undecided past the decision limit


def case_words_q(text: str) -> Q:
    """A case whose name, party, enterprise (name or USCC) or one of whose documents' numbers holds ``text`` —
    the list's filter and the search box alike."""
    numbered = Document.objects.filter(subject_type=ContentType.objects.get_for_model(PenaltyCase),
                                       number__contains=text).values("subject_id")
    return (Q(name__contains=text) | Q(party_name__contains=text) | Q(enterprise__uscc=text.upper())
            | Q(enterprise__name__contains=text) | Q(pk__in=numbered))


def case_list_for(user, filters: CaseFilters | None = None,
                  capability: Capability = Capability.CASE_VIEW) -> QuerySet[PenaltyCase]:
    qs = PenaltyCase.objects.filter(scope_q(user, capability, column="agency__region_id")).select_related(
        "enterprise", "agency")
    f = filters or CaseFilters()
    if f.status:
        qs = qs.filter(status=f.status)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.q.strip():
        qs = qs.filter(case_words_q(f.q.strip()))
    if f.year:
        qs = qs.filter(filed_on__year=f.year)
    return qs


def case_get_for(user, pk: int, capability: Capability = Capability.CASE_VIEW) -> PenaltyCase:
    """NotFound for a missing case and for one outside the user's scope alike."""
    case = case_list_for(user, capability=capability).filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def case_investigation_get(case: PenaltyCase, pk: int) -> CaseInvestigation:
    """One evidence record of ``case`` (NotFound for any other id)."""
    row = case.investigations.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def case_facts(case: PenaltyCase) -> CaseFacts:
    preservations = tuple((i.occurred_on, i.preservation_decided_on)
                          for i in case.investigations.all() if i.kind == "preservation")
    transfer = case.transfers.order_by("sent_on", "id").first()
    return CaseFacts(
        status=case.status, source=case.source, filed_on=case.filed_on, extension_days=case.extension_days,
        preservations=preservations, notice_served_on=case.notice_served_on,
        hearing_notice_served_on=case.hearing_notice_served_on, hearing_requested_on=case.hearing_requested_on,
        rights_waived_on=case.rights_waived_on,
        hearing_held_on=case.hearing_held_on, decided_on=case.decided_on, served_on=case.served_on,
        fine=case.fine_amount, paid_on=case.paid_on, installment_until=case.installment_until,
        reminder_served_on=case.reminder_served_on,
        enforcement_applied_on=case.enforcement_applied_on,
        transferred_on=transfer.sent_on if transfer else None,
        transfer_acknowledged_on=transfer.acknowledged_on if transfer else None,
        closed_on=case.closed_on, disclosed_on=case.disclosed_on,
        disclosure_required=case.disclosure_required and case.result in ("", "penalized"))


def case_team_names(case: PenaltyCase) -> list[str]:
    """The names of the case's officers (承办人)."""
    return [m.officer.name for m in case.team.select_related("officer")]


def case_deadlines_of(case: PenaltyCase) -> list[Deadline]:
    return case_deadlines(case_facts(case), work_calendar(), time_limits())


def case_due_next(case: PenaltyCase, today: date) -> Deadline | None:
    return due_next(case_deadlines_of(case), today)


def case_undecided_too_long(case: PenaltyCase, today: date) -> bool:
    return undecided_too_long(case_facts(case), today, time_limits())


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
    """The same CaseFacts as `case_facts`, from a row fetched by `case_list_rows_qs` (no query per row).

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
        raise NotFound()
    return case


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    label: str
    detail: str = ""


RETURN_LABELS = {"case_file_return": "立案申请退回", "case_legal_review": "法制审核退回补充调查",
                 "case_discussion_record": "集体讨论退回补充调查", "case_decision_return": "处罚决定审批退回补充调查"}


def case_returns(case: PenaltyCase) -> list[TimelineEntry]:
    """Every send-back of the case with its reason and who sent it back (from the audit log: fields are
    overwritten when the case goes round again)."""
    return [entry for _, entry in _returns(case)]


def _returns(case: PenaltyCase) -> list[tuple[object, TimelineEntry]]:
    out = []
    events = AuditEvent.objects.filter(target_type="cases.penaltycase", target_id=str(case.pk),
                                       verb__in=list(RETURN_LABELS)).select_related("actor").order_by("occurred_at", "id")
    for e in events:
        payload = e.payload or {}
        new = payload.get("new") or {}
        if e.verb == "case_legal_review" and new.get("result") != "return":
            continue
        if e.verb == "case_discussion_record" and new.get("conclusion") != "reinvestigate":
            continue
        reason = new.get("reason") or new.get("legal_opinion") or new.get("discussion_record") or ""
        out.append((e.occurred_at, TimelineEntry(timezone.localdate(e.occurred_at), RETURN_LABELS[e.verb],
                                                  f"{reason}（{e.actor or e.actor_name}）")))
    return out


# Steps a send-back makes the case take again: the row keeps only the latest date, the audit log every one.
REDONE_DATES = {"investigated_on": "调查终结", "discussed_on": "集体讨论", "notice_served_on": "行政处罚告知书送达",
                "hearing_notice_served_on": "听证告知书送达", "hearing_requested_on": "申请听证",
                "hearing_held_on": "举行听证"}
REDONE_VERBS = ("case_investigation_conclude", "case_legal_review", "case_discussion_record", "case_notify",
                "case_hearing_request", "case_hearing_hold")


def _review_detail(result: str, reviewer) -> str:
    return f"{LEGAL_REVIEW_RESULTS.get(result, '')}（{reviewer}）"


def _day(value) -> date | None:
    """A date or a moment as the audit payload holds it (its string form), as a local date."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _steps_taken_before(case: PenaltyCase) -> list[TimelineEntry]:
    """Every 调查终结, 法制审核, 集体讨论, 告知 and 听证 step as recorded when it was taken, and every send-back, in
    the order they happened (ADR 0031): a step done again after a send-back overwrites the case's field, never the
    history."""
    out = []
    events = AuditEvent.objects.filter(target_type="cases.penaltycase", target_id=str(case.pk),
                                       verb__in=REDONE_VERBS).select_related("actor").order_by("occurred_at", "id")
    for e in events:
        new = (e.payload or {}).get("new") or {}
        out += [(e.occurred_at, TimelineEntry(on, label)) for field, label in REDONE_DATES.items()
                if (on := _day(new.get(field)))]
        passed = new.get("legal_result") != "return"  # a return is listed with its reason (_returns)
        if e.verb == "case_legal_review" and passed and (on := _day(new.get("legal_reviewed_at"))):
            out.append((e.occurred_at, TimelineEntry(on, "法制审核", _review_detail(
                new.get("legal_result", ""), e.actor or e.actor_name or "—"))))
    return [entry for _, entry in sorted(out + _returns(case), key=lambda pair: pair[0])]


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
    t += _steps_taken_before(case)
    dated = [
        (case.investigated_on, "调查终结", ""),
        (timezone.localdate(case.legal_reviewed_at) if case.legal_reviewed_at and case.legal_result != "return"
         else None, "法制审核",
         _review_detail(case.legal_result, case.legal_reviewer or "—")),
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
    t = list(dict.fromkeys(t))  # a step recorded both on the row and in the audit log is listed once
    for line in case.statement_note.splitlines():
        head, _, text = line.partition("：")
        try:
            t.append(TimelineEntry(date.fromisoformat(head), "陈述申辩", text))
        except ValueError:
            continue
    for tr in case.transfers.all():
        t.append(TimelineEntry(tr.sent_on, "移送", tr.receiver_name))
    return sorted(t, key=lambda e: e.on)


# Documents of the steps a send-back makes the case take again (one per time the step is taken).
REDONE_KINDS = frozenset({"终报", "处呈", "法审", "罚集", "罚告", "听告", "听通"})
SUPERSEDED = "已被替代（退回后重新制作）"


def superseded_ids(documents) -> set[int]:
    """The issued documents of a redone step that a later issued document of the same kind replaced (ADR 0031):
    derived when read, the issued rows stay as they were frozen. ``documents`` in issue order."""
    latest: dict[str, int] = {}
    issued = [d for d in documents if d.status == "issued" and d.kind_id in REDONE_KINDS]
    for d in issued:
        latest[d.kind_id] = d.pk
    return {d.pk for d in issued if latest[d.kind_id] != d.pk}


def status_choices() -> list[tuple[str, str]]:
    return list(CASE_STATUSES.items())
