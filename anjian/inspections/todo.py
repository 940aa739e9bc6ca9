"""To-do reads (待办) of inspections: plans to approve, extension requests to decide, re-inspections due, and
hazards past their rectification deadline. Read only; sealed inspections only for those who see them."""

from datetime import date
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Q
from django.urls import reverse

from anjian.accounts.todo import COUNT_BOUND, AgencyRef, agency_label, total_of, waiting_q
from anjian.common.links import link_maker
from anjian.domain import rectification as rules
from anjian.domain.permissions import Capability
from anjian.domain.todo import DRAFT_STALE_AFTER, DRAFT_STALE_ALWAYS, Batch, make_item
from anjian.inspections.models import Hazard, Inspection, InspectionOfficer
from anjian.inspections.models_rectification import ExtensionRequest
from anjian.inspections.sealing import hidden_inspection_id_list, unsealed_q
from anjian.notices.services import NoticeSpec

APPROVE = Capability.INSPECTION_APPROVE


class _Row(NamedTuple):
    """What an item shows of an inspection: read as values, not models (a city leader's 100 items with their
    enterprise and agency were 300 model instances, 20 ms)."""

    pk: int
    planned_date: date
    enterprise_name: str
    agency: AgencyRef


def _rows(qs) -> list[_Row]:
    return [_Row(pk, day, name, AgencyRef(agency_id, agency_name)) for pk, day, name, agency_id, agency_name
            in qs.values_list("pk", "planned_date", "enterprise__name", "agency_id", "agency__name")]


def _waiting(user, capability: Capability, today: date, *, due_column: str = "", prefix: str = "") -> Q:
    return (waiting_q(user, capability, today, due_column=due_column, agency=f"{prefix}agency")
            & unsealed_q(user, prefix))


def todo_approvals(user, today: date, limit: int) -> Batch:
    """Inspection plans (待审批) of the user's agency; a subordinate's once the planned date has passed."""
    qs = (Inspection.objects.filter(status="planned").filter(_waiting(user, APPROVE, today, due_column="planned_date"))
          .order_by("planned_date", "pk"))
    link = link_maker("inspections:detail")
    items = [make_item("inspection_approve", title=i.enterprise_name, link=link(i.pk), today=today, due=i.planned_date,
                       record=f"检查 #{i.pk}", agency=agency_label(user, i.agency, APPROVE)) for i in _rows(qs[:limit])]
    return Batch(items, total_of(qs, len(items), limit))


def todo_extensions(user, today: date, limit: int) -> Batch:
    """Pending extension requests (延期申请): they must be decided before the hazard's current deadline."""
    qs = (ExtensionRequest.objects.filter(status="pending")
          .filter(waiting_q(user, APPROVE, today, due_column="hazard__deadline", agency="hazard__agency"))
          .exclude(hazard__inspection_id__in=hidden_inspection_id_list(user))
          .select_related("hazard__enterprise", "hazard__inspection__agency").order_by("hazard__deadline", "pk"))
    items = [make_item("extension_decide", title=r.hazard.enterprise.name,
                       link=reverse("inspections:rectification_extension_decide", args=[r.pk]), today=today,
                       due=r.hazard.deadline, record=f"延期申请 #{r.pk}",
                       agency=agency_label(user, r.hazard.inspection.agency, APPROVE),
                       note=f"申请延期至 {r.requested_deadline.isoformat()}") for r in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def _open_hazards():
    return Hazard.objects.filter(status__in=rules.OPEN_STATUSES, deadline__isnull=False)


def todo_reinspections(user, today: date, limit: int) -> Batch:
    """复查 due: the user's own inspections (a member of the team) with hazards whose deadline is within the
    reminder window (or past), one item per inspection at its earliest deadline."""
    last = rules.due_soon_limit(today, rules.REMIND_WORKDAYS)
    # from the few open hazards due of the user's teams, grouped by inspection (a team's sealed inspections are
    # its own to see); the inspections of the page only are read (county officer at 10 M: 23 → 3 ms; ADR 0038)
    teams = InspectionOfficer.objects.filter(officer__user=user).values("inspection_id")
    firsts = (_open_hazards().filter(deadline__lte=last, inspection_id__in=teams).values("inspection_id")
              .annotate(first_due=Min("deadline")).order_by("first_due", "inspection_id"))
    link = link_maker("inspections:rectification_reinspect")
    return _per_inspection(firsts, limit, lambda i, due: make_item(
        "reinspection", title=i.enterprise_name, link=link(i.pk), today=today, due=due, record=f"检查 #{i.pk}",
        note="隐患整改期限届满，请复查"))


def _per_inspection(firsts, limit: int, item) -> Batch:
    """A Batch of one item per inspection from ``firsts`` (rows of inspection_id and first_due, in order). The
    rows (two numbers each, at most COUNT_BOUND) are read once for the page and the total: a second query to count
    the groups did the same work again (8 ms for a city leader at 10 M)."""
    rows = list(firsts[:COUNT_BOUND])
    page = rows[:limit]
    inspections = {row.pk: row for row in _rows(Inspection.objects.filter(pk__in=[r["inspection_id"] for r in page]))}
    items = [item(inspections[r["inspection_id"]], r["first_due"]) for r in page]
    return Batch(items, len(rows))


def _waiting_hazards(user, today: date) -> Q:
    """Overdue hazards wait for the inspecting agency's approvers and, being overdue, for the agencies above."""
    return waiting_q(user, APPROVE, today, agency="agency")


def todo_overdue_rectification(user, today: date, limit: int) -> Batch:
    """Hazards past their deadline and still open, one item per inspection: for the approvers of the inspecting
    agency and, labelled with the agency, of the agencies above — to press (督促) the team, whose own item is 复查."""
    # The scope's overdue hazards along hazard_agency_open_idx (agency, deadline), grouped by inspection and ordered
    # by the earliest deadline there; only the page's inspections are read. A city leader at 10 M: 2.2 s → 0.1 s
    # (ADR 0038): the inspections of 29,000 overdue hazards, then of the city's 2,500, are no longer joined.
    hazards = (_open_hazards().filter(deadline__lt=today).filter(_waiting_hazards(user, today))
               .exclude(inspection_id__in=hidden_inspection_id_list(user)))
    firsts = hazards.values("inspection_id").annotate(first_due=Min("deadline")).order_by("first_due", "inspection_id")
    link = link_maker("inspections:rectification_inspection")
    return _per_inspection(firsts, limit, lambda i, due: make_item(
        "rectification_overdue", title=i.enterprise_name, link=link(i.pk), today=today, due=due,
        record=f"检查 #{i.pk}", agency=agency_label(user, i.agency, APPROVE),
        note="隐患逾期未整改：督促检查组复查，或移交立案", supervise=True))


def stale_drafts_q() -> Q:
    """Documents drafted for inspections that moved on (no longer to sign): past the draft's step, or cancelled."""
    of = Q(subject_type=ContentType.objects.get_for_model(Inspection))
    out = of & Q(subject_id__in=Inspection.objects.filter(status__in=DRAFT_STALE_ALWAYS).values("pk"))
    for code, statuses in DRAFT_STALE_AFTER.items():
        out |= of & Q(kind__code=code, subject_id__in=Inspection.objects.filter(status__in=statuses).values("pk"))
    return out


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_approvals(user, today, limit), todo_extensions(user, today, limit),
            todo_reinspections(user, today, limit), todo_overdue_rectification(user, today, limit)]


def notice_specs(today: date, soon: date) -> list[NoticeSpec]:
    """`anjian remind`: inspection plans still waiting for approval after their planned date (to the agency)."""
    qs = (Inspection.objects.filter(status="planned", planned_date__lt=today, sealed=False)
          .select_related("enterprise", "agency").order_by("planned_date", "pk"))
    return [NoticeSpec(key=f"inspection_approve:{i.pk}", agency_id=i.agency_id, region_id=i.agency.region_id,
                       level="overdue", title=f"检查方案逾期未审批：{i.enterprise.name}"[:200],
                       text=f"计划检查日期 {i.planned_date.isoformat()}", link=reverse("inspections:detail", args=[i.pk]),
                       due_date=i.planned_date) for i in qs.iterator(chunk_size=2000)]
