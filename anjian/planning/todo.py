"""To-do reads (待办) of annual inspection plans (年度监督检查计划) of this year and the next: a drafted plan waits for
its approval to be recorded, an approved one for filing with the agency above, a filed one for publication — each
for the plan's agency's approvers. Read only; undated (no time limit is set), so superiors do not get them."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from anjian.accounts.todo import own_q, total_of
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item
from anjian.planning.models import AnnualPlan

STEPS = {"draft": "plan_approve", "submitted": "plan_approve", "approved": "plan_file", "filed": "plan_publish"}


def todo_plans(user, today: date, limit: int) -> Batch:
    qs = (AnnualPlan.objects.filter(status__in=list(STEPS), year__gte=today.year, year__lte=today.year + 1)
          .exclude(Q(status="draft") & Q(entries__isnull=True))
          .filter(own_q(user, Capability.PLAN_APPROVE)).select_related("agency").distinct().order_by("year", "pk"))
    items = [make_item(STEPS[p.status], title=f"{p.agency.name}{p.year}年度监督检查计划",
                       link=reverse("planning:detail", args=[p.pk]), today=today, record=f"年度计划 #{p.pk}")
             for p in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_plans(user, today, limit)]
