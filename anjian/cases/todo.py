"""To-do reads (待办) of penalty cases: filing approval, legal review, collective discussion, decision (leaders and
legal reviewers of the handling agency), time limits past and decisions to publish (the case's officers).
Superiors see a subordinate agency's case once its decision limit has passed. Read only."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.urls import reverse

from anjian.accounts.access import scope_q
from anjian.accounts.todo import (
    COUNT_BOUND,
    AgencyRef,
    agency_label,
    below_agency_ids,
    below_q,
    own_agency_ids,
    total_of,
    waiting_q,
)
from anjian.calendars.selectors import work_calendar
from anjian.cases.config import time_limits
from anjian.cases.core.selectors import case_list_rows_qs, facts_of_row, overdue_filter
from anjian.cases.models import PenaltyCase
from anjian.cases.records.selectors import decision_document, disclosable, disclosure_due
from anjian.common.links import link_maker
from anjian.domain.case_deadlines import CaseFacts, case_deadlines, decision_due, late_steps
from anjian.domain.case_process import FINISHED
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item, notice_level
from anjian.notices.services import NoticeSpec

APPROVE, REVIEW, EDIT = Capability.CASE_APPROVE, Capability.CASE_LEGAL_REVIEW, Capability.CASE_EDIT


def _own_case_q(user) -> Q:
    """Cases the user proposed or handles (承办人)."""
    return Q(created_by=user) | Q(team__officer__user=user)


def _late_q(user, today: date) -> Q:
    """Undecided past the decision limit (filing + 90 days + extensions), as `overdue_filter` computes it (once a
    to-do: five of its reads use it, and building it reads the extension lengths in use)."""
    kept = getattr(user, "_anjian_cases_late", None)
    if kept is None or kept[0] != today:
        kept = user._anjian_cases_late = (today, Q(pk__in=overdue_filter(PenaltyCase.objects.all(), today).values("pk")))
    return kept[1]


# The steps that wait for a leader or legal reviewer: (kind, statuses, capability, a handler never gets their own).
STEPS: tuple[tuple[str, tuple[str, ...], Capability, bool], ...] = (
    ("case_filing", ("filing",), APPROVE, True),
    ("case_legal_review", ("legal_review",), REVIEW, True),
    ("case_discussion", ("discussion",), APPROVE, False),
    ("case_decide", ("notified", "hearing"), APPROVE, False),
)


def todo_steps(user, today: date, limit: int) -> list[Batch]:
    """Cases at a step waiting for the step's capability: their own agency's, and subordinates' once the decision
    limit has passed. A reviewer or approver never gets a case they handle. One read for the four steps (each of
    them a query was 10-13 ms of a home page, mostly building the query; ADR 0038), then each step's rule in
    Python over the rows (at most COUNT_BOUND: a total past it reads as the bound)."""
    caps = {cap for _, _, cap, _ in STEPS}
    mine = {cap: set(own_agency_ids(user, cap)) for cap in caps}
    below = {cap: set(below_agency_ids(user, cap)) for cap in caps}
    if not any(mine.values()) and not any(below.values()):
        return [Batch() for _ in STEPS]
    statuses = [st for _, step_statuses, _, _ in STEPS for st in step_statuses]
    ours = set().union(*mine.values())
    theirs = set().union(*below.values()) - ours
    late_ids = set(PenaltyCase.objects.filter(_late_q(user, today), status__in=statuses, agency_id__in=theirs)
                   .values_list("pk", flat=True)[:COUNT_BOUND]) if theirs else set()
    rows = list(PenaltyCase.objects.filter(status__in=statuses)
                .filter(Q(agency_id__in=ours) | Q(pk__in=late_ids))
                .annotate(handled=ExpressionWrapper(Q(pk__in=PenaltyCase.objects.filter(_own_case_q(user))
                                                      .values("pk")), output_field=BooleanField()))
                .order_by("filed_on", "pk")
                .values("pk", "name", "party_name", "status", "source", "filed_on", "extension_days", "agency_id",
                        "agency__name", "handled")[:COUNT_BOUND])
    limits, link = time_limits(), link_maker("cases:detail")
    batches = []
    for kind, step_statuses, cap, exclude_own in STEPS:
        picked = [r for r in rows if r["status"] in step_statuses and not (exclude_own and r["handled"])
                  and (r["agency_id"] in mine[cap] or (r["agency_id"] in below[cap] and r["pk"] in late_ids))]
        items = [make_item(kind, title=r["name"], link=link(r["pk"]), today=today,
                           due=decision_due(CaseFacts(status=r["status"], source=r["source"], filed_on=r["filed_on"],
                                                      extension_days=r["extension_days"]), limits),
                           record=f"案件 #{r['pk']}", note=r["party_name"],
                           agency=agency_label(user, AgencyRef(r["agency_id"], r["agency__name"]), cap))
                 for r in picked[:limit]]
        batches.append(Batch(items, len(picked)))
    return batches


def facts_of_row_light(case: PenaltyCase) -> CaseFacts:
    """Enough facts for the decision limit (filing date and extensions)."""
    return CaseFacts(status=case.status, source=case.source, filed_on=case.filed_on,
                     extension_days=case.extension_days)


def _team_cases(user) -> QuerySet[PenaltyCase]:
    return (PenaltyCase.objects.filter(pk__in=PenaltyCase.objects.filter(_own_case_q(user)).values("pk"))
            .filter(scope_q(user, Capability.CASE_VIEW, column="agency__region_id")))


def _handles_cases(user) -> bool:
    """Whether the user proposed or handles any case in scope (once a to-do): most leaders handle none, and the
    reads of a handler's own cases are then skipped (ADR 0038)."""
    kept = getattr(user, "_anjian_handles_cases", None)
    if kept is None:
        kept = user._anjian_handles_cases = _team_cases(user).exists()
    return kept


TEAM_STEPS = {"investigated": ("case_submit", "decision"), "decided": ("case_serve", "service")}


def todo_overdue(user, today: date, limit: int) -> Batch:
    """The user's own cases (承办): the report to submit for legal review (提交法制审核), the decision to serve
    (送达, 7 working days), and 案件超期 — a duty past its time limit (decision, preservation, payment …;
    publication has its own item). For approvers: their agency's and subordinates' cases undecided too long."""
    handles = _handles_cases(user)
    rows = (case_list_rows_qs(user, None, today).exclude(status__in=FINISHED)
            .filter(pk__in=_team_cases(user).values("pk")).order_by("filed_on", "pk")) if handles else []
    cal, limits = (work_calendar() if handles else None), time_limits()
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
    approver = (PenaltyCase.objects.filter(waiting_q(user, APPROVE, today)).filter(_late_q(user, today))
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
    handles = _handles_cases(user)
    own = PenaltyCase.objects.filter(pk__in=_team_cases(user).values("pk")) if handles else PenaltyCase.objects.none()
    below_late = PenaltyCase.objects.filter(below_q(user, APPROVE), decided_on__lt=today - timedelta(days=shortest))
    qs = (disclosable(PenaltyCase.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=below_late.values("pk"))))
          .filter(disclosed_on__isnull=True).select_related("agency").order_by("decided_on", "pk"))
    cal = None
    own_ids = set(own.values_list("pk", flat=True)[:COUNT_BOUND]) if handles else set()
    items = []
    for case in qs[:limit]:
        cal = cal or work_calendar()
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
    return [*todo_steps(user, today, limit), todo_overdue(user, today, limit), todo_disclose(user, today, limit)]


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
