"""To-do reads (待办) of penalty cases: filing approval, legal review, collective discussion, decision (leaders and
legal reviewers of the handling agency), time limits past and decisions to publish (the case's officers).
Superiors see a subordinate agency's case once its decision limit has passed. Read only."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse

from anjian.accounts.access import scope_q
from anjian.accounts.todo import COUNT_BOUND, agency_label, below_q, own_q, total_of, waiting_q
from anjian.calendars.selectors import work_calendar
from anjian.cases.config import time_limits
from anjian.cases.core.selectors import case_list_rows_qs, facts_of_row, overdue_filter
from anjian.cases.models import PenaltyCase
from anjian.cases.records.selectors import decision_document, disclosable, disclosure_due
from anjian.domain.case_deadlines import CaseFacts, case_deadlines, decision_due, late_steps
from anjian.domain.case_process import FINISHED
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item, notice_level
from anjian.notices.services import NoticeSpec

APPROVE, REVIEW, EDIT = Capability.CASE_APPROVE, Capability.CASE_LEGAL_REVIEW, Capability.CASE_EDIT


def _own_case_q(user) -> Q:
    """Cases the user proposed or handles (承办人)."""
    return Q(created_by=user) | Q(team__officer__user=user)


def _late_q(today: date) -> Q:
    """Undecided past the decision limit (filing + 90 days + extensions), as `overdue_filter` computes it."""
    return Q(pk__in=overdue_filter(PenaltyCase.objects.all(), today).values("pk"))


def _step_items(user, today: date, limit: int, *, kind: str, statuses: tuple[str, ...], capability: Capability,
                exclude_own: bool) -> Batch:
    """Cases in ``statuses`` waiting for ``capability``: own agency, and subordinates' once the decision limit has
    passed. A reviewer or approver never gets a case they handle."""
    below_late = below_q(user, capability) & _late_q(today)
    qs = PenaltyCase.objects.filter(status__in=statuses).filter(own_q(user, capability) | below_late)
    if exclude_own:
        qs = qs.exclude(pk__in=PenaltyCase.objects.filter(_own_case_q(user)).values("pk"))
    qs = qs.select_related("agency").order_by("filed_on", "pk")
    limits = time_limits()
    items = []
    for case in qs[:limit]:
        due = decision_due(facts_of_row_light(case), limits)
        items.append(make_item(kind, title=case.name, link=reverse("cases:detail", args=[case.pk]), today=today,
                               due=due, record=f"案件 #{case.pk}", agency=agency_label(user, case.agency, capability),
                               note=case.party_name))
    return Batch(items, total_of(qs, len(items), limit))


def facts_of_row_light(case: PenaltyCase) -> CaseFacts:
    """Enough facts for the decision limit (filing date and extensions)."""
    return CaseFacts(status=case.status, source=case.source, filed_on=case.filed_on,
                     extension_days=case.extension_days)


def todo_filing(user, today, limit):
    return _step_items(user, today, limit, kind="case_filing", statuses=("filing",), capability=APPROVE,
                       exclude_own=True)


def todo_legal_review(user, today, limit):
    return _step_items(user, today, limit, kind="case_legal_review", statuses=("legal_review",), capability=REVIEW,
                       exclude_own=True)


def todo_discussion(user, today, limit):
    return _step_items(user, today, limit, kind="case_discussion", statuses=("discussion",), capability=APPROVE,
                       exclude_own=False)


def todo_decide(user, today, limit):
    return _step_items(user, today, limit, kind="case_decide", statuses=("notified", "hearing"), capability=APPROVE,
                       exclude_own=False)


def _team_cases(user) -> QuerySet[PenaltyCase]:
    return (PenaltyCase.objects.filter(pk__in=PenaltyCase.objects.filter(_own_case_q(user)).values("pk"))
            .filter(scope_q(user, Capability.CASE_VIEW, column="agency__region_id")))


TEAM_STEPS = {"investigated": ("case_submit", "decision"), "decided": ("case_serve", "service")}


def todo_overdue(user, today: date, limit: int) -> Batch:
    """The user's own cases (承办): the report to submit for legal review (提交法制审核), the decision to serve
    (送达, 7 working days), and 案件超期 — a duty past its time limit (decision, preservation, payment …;
    publication has its own item). For approvers: their agency's and subordinates' cases undecided too long."""
    rows = (case_list_rows_qs(user, None, today).exclude(status__in=FINISHED)
            .filter(pk__in=_team_cases(user).values("pk")).order_by("filed_on", "pk"))
    cal, limits = work_calendar(), time_limits()
    items, seen = [], set()
    for case in rows[:500]:
        deadlines = case_deadlines(facts_of_row(case), cal, limits)
        link = reverse("cases:detail", args=[case.pk])
        step = TEAM_STEPS.get(case.status)
        if step and not (case.status == "decided" and case.served_on):
            due = next((d.due for d in deadlines if d.key == step[1]), None)
            items.append(make_item(step[0], title=case.name, link=link, today=today, due=due,
                                   record=f"案件 #{case.pk}", note=case.party_name))
        late = [d for d in late_steps(deadlines, today) if d.state(today) == "overdue"
                and d.key != "disclosure" and not (step and d.key == step[1])]
        if late:
            first = min(late, key=lambda d: d.due)
            seen.add(case.pk)
            items.append(make_item("case_overdue", title=case.name, link=link, today=today, due=first.due,
                                   record=f"案件 #{case.pk}", note="、".join(d.label for d in late)))
    team = len(items)
    approver = (PenaltyCase.objects.filter(waiting_q(user, APPROVE, today)).filter(_late_q(today))
                .exclude(pk__in=seen).select_related("agency").order_by("filed_on", "pk"))
    shown = list(approver[:limit])
    for case in shown:
        items.append(make_item("case_overdue", title=case.name, link=reverse("cases:detail", args=[case.pk]),
                               today=today, due=decision_due(facts_of_row_light(case), limits),
                               record=f"案件 #{case.pk}", agency=agency_label(user, case.agency, APPROVE),
                               note="超过办案期限未作出决定"))
    return Batch(items[:limit], team + total_of(approver, len(shown), limit))


def todo_disclose(user, today: date, limit: int) -> Batch:
    """Decisions to publish (20 working days; 7 for random inspections): the case's officers; superiors once late."""
    shortest = min(time_limits().disclosure_workdays, time_limits().disclosure_workdays_random)
    own = PenaltyCase.objects.filter(pk__in=_team_cases(user).values("pk"))
    below_late = PenaltyCase.objects.filter(below_q(user, APPROVE), decided_on__lt=today - timedelta(days=shortest))
    qs = (disclosable(PenaltyCase.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=below_late.values("pk"))))
          .filter(disclosed_on__isnull=True).select_related("agency").order_by("decided_on", "pk"))
    cal = work_calendar()
    own_ids = set(own.values_list("pk", flat=True)[:COUNT_BOUND])
    items = []
    for case in qs[:limit]:
        due = disclosure_due(case, cal)
        label = "" if case.pk in own_ids else agency_label(user, case.agency, APPROVE)
        if label and not (due and due < today):
            continue
        first = "" if label or decision_document(case) else "，先签发行政处罚决定书"  # the page offers that first
        items.append(make_item("case_disclose", title=case.name, link=reverse("cases:detail", args=[case.pk]),
                               today=today, due=due, record=f"案件 #{case.pk}", agency=label,
                               note=f"决定日期 {case.decided_on.isoformat()}{first}"))
    return Batch(items, total_of(qs, len(items), limit))


def stale_drafts_q() -> Q:
    """Documents drafted for cases that are finished (closed, not filed, archived): no longer to sign."""
    return Q(subject_type=ContentType.objects.get_for_model(PenaltyCase),
             subject_id__in=PenaltyCase.objects.filter(status__in=FINISHED).values("pk"))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_filing(user, today, limit), todo_legal_review(user, today, limit),
            todo_discussion(user, today, limit), todo_decide(user, today, limit), todo_overdue(user, today, limit),
            todo_disclose(user, today, limit)]


def notice_specs(today: date, soon: date) -> dict[str, list[NoticeSpec]]:
    """`anjian remind`: cases undecided past the decision limit, and decisions to publish (due or late)."""
    limits = time_limits()
    late = overdue_filter(PenaltyCase.objects.all(), today).select_related("agency").order_by("filed_on", "pk")
    late_specs = [NoticeSpec(key=f"case_late:{c.pk}", agency_id=c.agency_id, region_id=c.agency.region_id,
                             level="overdue", title=f"案件超过办案期限：{c.name}"[:200],
                             text=f"立案 {c.filed_on.isoformat()}，应于 "
                                  f"{decision_due(facts_of_row_light(c), limits).isoformat()} 前作出决定",
                             link=reverse("cases:detail", args=[c.pk]),
                             due_date=decision_due(facts_of_row_light(c), limits))
                  for c in late.iterator(chunk_size=2000)]
    cal = work_calendar()
    disclosure_specs = []
    for c in (disclosable(PenaltyCase.objects.filter(disclosed_on__isnull=True)).select_related("agency")
              .order_by("decided_on", "pk").iterator(chunk_size=2000)):
        due = disclosure_due(c, cal)
        level = notice_level(due, today, soon)
        if level:
            disclosure_specs.append(NoticeSpec(
                key=f"case_disclosure:{c.pk}", agency_id=c.agency_id, region_id=c.agency.region_id, level=level,
                title=f"处罚决定{'逾期未' if level == 'overdue' else '即将到期，请'}公开：{c.name}"[:200],
                text=f"决定日期 {c.decided_on.isoformat()}，公开期限 {due.isoformat()}",
                link=reverse("cases:detail", args=[c.pk]), due_date=due))
    return {"case_late:": late_specs, "case_disclosure:": disclosure_specs}
