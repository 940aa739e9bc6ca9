"""To-do reads (待办) of inspections: plans to approve, extension requests to decide, re-inspections due, and
hazards past their rectification deadline. Read only; sealed inspections only for those who see them."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, F, Func, Min, Q, Subquery
from django.urls import reverse

from anjian.accounts.todo import agency_label, total_of, waiting_q
from anjian.domain import rectification as rules
from anjian.domain.permissions import Capability
from anjian.domain.todo import DRAFT_STALE_AFTER, DRAFT_STALE_ALWAYS, Batch, make_item
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.models_rectification import ExtensionRequest
from anjian.inspections.sealing import unsealed_q
from anjian.notices.services import NoticeSpec

APPROVE = Capability.INSPECTION_APPROVE


def _waiting(user, capability: Capability, today: date, *, due_column: str = "", prefix: str = "") -> Q:
    return (waiting_q(user, capability, today, due_column=due_column, agency=f"{prefix}agency")
            & unsealed_q(user, prefix))


def todo_approvals(user, today: date, limit: int) -> Batch:
    """Inspection plans (待审批) of the user's agency; a subordinate's once the planned date has passed."""
    qs = (Inspection.objects.filter(status="planned").filter(_waiting(user, APPROVE, today, due_column="planned_date"))
          .select_related("enterprise", "agency").order_by("planned_date", "pk"))
    items = [make_item("inspection_approve", title=i.enterprise.name, link=reverse("inspections:detail", args=[i.pk]),
                       today=today, due=i.planned_date, record=f"检查 #{i.pk}",
                       agency=agency_label(user, i.agency, APPROVE)) for i in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_extensions(user, today: date, limit: int) -> Batch:
    """Pending extension requests (延期申请): they must be decided before the hazard's current deadline."""
    qs = (ExtensionRequest.objects.filter(status="pending")
          .filter(_waiting(user, APPROVE, today, due_column="hazard__deadline", prefix="hazard__inspection__"))
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
    qs = (Inspection.objects.filter(team__officer__user=user, hazards__in=_open_hazards().filter(deadline__lte=last))
          .filter(unsealed_q(user)).annotate(first_due=Min("hazards__deadline", filter=Q(
              hazards__status__in=rules.OPEN_STATUSES, hazards__deadline__isnull=False)))
          .select_related("enterprise").distinct().order_by("first_due", "pk"))
    items = [make_item("reinspection", title=i.enterprise.name,
                       link=reverse("inspections:rectification_reinspect", args=[i.pk]), today=today,
                       due=i.first_due, record=f"检查 #{i.pk}", note="隐患整改期限届满，请复查")
             for i in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


class _IdIn(Func):
    """``id IN (subquery)``; on PostgreSQL ``id = ANY(ARRAY(subquery))``: the subquery's ids are looked up by primary
    key, where ``IN`` lets the planner hash every inspection of a city's scope against them (ADR 0036)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column, subquery = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{column[0]} IN {subquery[0]}", (*column[1], *subquery[1])

    def as_postgresql(self, compiler, connection, **extra):
        column, subquery = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{column[0]} = ANY(ARRAY{subquery[0]})", (*column[1], *subquery[1])


def todo_overdue_rectification(user, today: date, limit: int) -> Batch:
    """Hazards past their deadline and still open, one item per inspection: for the approvers of the inspecting
    agency and, labelled with the agency, of the agencies above — to press (督促) the team, whose own item is 复查."""
    hazards = _open_hazards().filter(deadline__lt=today)
    # the few overdue hazards first (hazard_status_deadline_idx), then their inspections by primary key, not
    # every inspection of the scope (city leader at 10 M: 0.75 → 0.35 s a query; ADR 0036)
    qs = (Inspection.objects.filter(_IdIn(F("pk"), Subquery(hazards.values("inspection_id"))))
          .filter(_waiting(user, APPROVE, today))
          .annotate(first_due=Min("hazards__deadline", filter=Q(hazards__status__in=rules.OPEN_STATUSES,
                                                                hazards__deadline__lt=today)))
          .select_related("enterprise", "agency").distinct().order_by("first_due", "pk"))
    items = [make_item("rectification_overdue", title=i.enterprise.name,
                       link=reverse("inspections:rectification_inspection", args=[i.pk]), today=today,
                       due=i.first_due, record=f"检查 #{i.pk}", agency=agency_label(user, i.agency, APPROVE),
                       note="隐患逾期未整改：督促检查组复查，或移交立案", supervise=True) for i in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


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
