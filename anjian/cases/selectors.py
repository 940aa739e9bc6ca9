"""Reads of penalty cases, scoped to the acting user: a case is visible to users whose scope covers the
handling agency's region. Its facts and time limits come from the pure rules in anjian.domain.case_deadlines."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from anjian.accounts.access import scope_q
from anjian.calendars.selectors import work_calendar
from anjian.cases.config import time_limits
from anjian.cases.models import PenaltyCase
from anjian.domain.case_deadlines import CaseFacts, Deadline, case_deadlines, due_next, undecided_too_long
from anjian.domain.permissions import Capability


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    source: str = ""
    q: str = ""  # case name, party name or USCC
    year: int | None = None
    overdue: bool = False  # undecided past the decision limit


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
        text = f.q.strip()
        qs = qs.filter(Q(name__contains=text) | Q(party_name__contains=text) | Q(enterprise__uscc=text.upper()))
    if f.year:
        qs = qs.filter(filed_on__year=f.year)
    return qs


def case_get_for(user, pk: int, capability: Capability = Capability.CASE_VIEW) -> PenaltyCase:
    """404 for a missing case and for one outside the user's scope alike."""
    case = case_list_for(user, capability=capability).filter(pk=pk).first()
    if case is None:
        raise Http404("案件不存在")
    return case


def case_facts(case: PenaltyCase) -> CaseFacts:
    preservations = tuple((i.occurred_on, i.preservation_decided_on)
                          for i in case.investigations.all() if i.kind == "preservation")
    transfer = case.transfers.order_by("sent_on", "id").first()
    return CaseFacts(
        status=case.status, source=case.source, filed_on=case.filed_on, extension_days=case.extension_days,
        preservations=preservations, notice_served_on=case.notice_served_on,
        hearing_notice_served_on=case.hearing_notice_served_on, hearing_requested_on=case.hearing_requested_on,
        hearing_held_on=case.hearing_held_on, decided_on=case.decided_on, served_on=case.served_on,
        fine=case.fine_amount, paid_on=case.paid_on, installment_until=case.installment_until,
        reminder_served_on=case.reminder_served_on,
        enforcement_applied_on=case.enforcement_applied_on,
        transferred_on=transfer.sent_on if transfer else None,
        transfer_acknowledged_on=transfer.acknowledged_on if transfer else None,
        closed_on=case.closed_on, disclosed_on=case.disclosed_on,
        disclosure_required=case.disclosure_required and case.result in ("", "penalized"))


def case_deadlines_of(case: PenaltyCase) -> list[Deadline]:
    return case_deadlines(case_facts(case), work_calendar(), time_limits())


def case_due_next(case: PenaltyCase, today: date) -> Deadline | None:
    return due_next(case_deadlines_of(case), today)


def case_undecided_too_long(case: PenaltyCase, today: date) -> bool:
    return undecided_too_long(case_facts(case), today, time_limits())
