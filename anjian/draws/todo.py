"""To-do reads (待办) of random inspections: completed tasks whose results are to be published (公开抽查结果,
within 5 working days of completion), for those who run the task; superiors once late. Read only."""

from datetime import date

from django.urls import reverse

from anjian.accounts.todo import agency_label, total_of, waiting_q
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item, notice_level
from anjian.draws.models import RandomInspectionTask
from anjian.notices.services import NoticeSpec

EDIT = Capability.PLAN_EDIT


def todo_disclosures(user, today: date, limit: int) -> Batch:
    qs = (RandomInspectionTask.objects.filter(status="completed", disclosed_on__isnull=True)
          .filter(waiting_q(user, EDIT, today, due_column="disclosure_deadline"))
          .select_related("agency").order_by("disclosure_deadline", "pk"))
    items = [make_item("draw_disclose", title=t.name, link=reverse("draws:detail", args=[t.pk]), today=today,
                       due=t.disclosure_deadline, record=f"抽查任务 #{t.pk}", agency=agency_label(user, t.agency, EDIT))
             for t in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_disclosures(user, today, limit)]


def notice_specs(today: date, soon: date) -> list[NoticeSpec]:
    """`anjian remind`: random-inspection results to publish (due within the reminder window, or late)."""
    out = []
    for t in (RandomInspectionTask.objects.filter(status="completed", disclosed_on__isnull=True)
              .select_related("agency").order_by("disclosure_deadline", "pk")):
        level = notice_level(t.disclosure_deadline, today, soon)
        if level:
            out.append(NoticeSpec(key=f"draw_disclosure:{t.pk}", agency_id=t.agency_id, region_id=t.agency.region_id,
                                  level=level, title=f"抽查结果{'逾期未' if level == 'overdue' else '待'}公示：{t.name}"[:200],
                                  text=f"公示期限 {t.disclosure_deadline.isoformat()}（任务完成后5个工作日内）",
                                  link=reverse("draws:detail", args=[t.pk]), due_date=t.disclosure_deadline))
    return out
