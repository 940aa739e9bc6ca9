"""To-do reads (待办) of enforcement guidance (执法指导, seed 001): the guided agency reports its rectification by the
letter's date (报送整改报告); the guiding agency then reviews the report. Superiors see a report once late."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from anjian.accounts.todo import agency_label, own_q, total_of, waiting_q
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item, month_end, notice_level
from anjian.guidance.models import GuidanceReview
from anjian.notices.services import NoticeSpec

MANAGE = Capability.GUIDANCE_MANAGE


def todo_reports(user, today: date, limit: int) -> Batch:
    """Letters issued to the user's agency (or, once late, to a subordinate one) waiting for the report."""
    qs = (GuidanceReview.objects.filter(status="letter_issued")
          .filter(waiting_q(user, MANAGE, today, due_column="rectify_by", agency="subordinate"))
          .select_related("superior", "subordinate").order_by("rectify_by", "pk"))
    items = [make_item("guidance_report", title=f"{r.year}年执法指导：{r.superior.name}",
                       link=reverse("guidance:detail", args=[r.pk]), today=today, due=r.rectify_by,
                       record=f"执法指导 #{r.pk}", agency=agency_label(user, r.subordinate, MANAGE),
                       note="按《安全生产执法指导意见书》报告整改结果") for r in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_reviews(user, today: date, limit: int) -> Batch:
    """Reports received by the user's (guiding) agency, to accept or send back."""
    qs = (GuidanceReview.objects.filter(status="responded").filter(own_q(user, MANAGE, agency_column="superior_id"))
          .select_related("subordinate").order_by("responded_on", "pk"))
    items = [make_item("guidance_close", title=f"{r.year}年执法指导：{r.subordinate.name}",
                       link=reverse("guidance:detail", args=[r.pk]), today=today, record=f"执法指导 #{r.pk}",
                       note=f"{r.responded_on.isoformat()}报告整改" if r.responded_on else "") for r in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


GUIDING_STEPS = {"scheduled": "guidance_start", "in_progress": "guidance_letter"}


def todo_guiding(user, today: date, limit: int) -> Batch:
    """Reviews the user's (guiding) agency scheduled for this month or earlier, to carry out and conclude with a
    letter by the month's end (seed 001: one subordinate a month)."""
    qs = (GuidanceReview.objects.filter(status__in=list(GUIDING_STEPS))
          .filter(Q(year__lt=today.year) | Q(year=today.year, month__lte=today.month))
          .filter(own_q(user, MANAGE, agency_column="superior_id"))
          .select_related("subordinate").order_by("year", "month", "pk"))
    items = [make_item(GUIDING_STEPS[r.status], title=f"{r.year}年{r.month}月执法指导：{r.subordinate.name}",
                       link=reverse("guidance:detail", args=[r.pk]), today=today, due=month_end(r.year, r.month),
                       record=f"执法指导 #{r.pk}") for r in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_reports(user, today, limit), todo_reviews(user, today, limit), todo_guiding(user, today, limit)]


def notice_specs(today: date, soon: date) -> list[NoticeSpec]:
    """`anjian remind`: rectification reports owed to a guiding agency (to the guided agency), due or late."""
    out = []
    for r in (GuidanceReview.objects.filter(status="letter_issued", rectify_by__isnull=False)
              .select_related("superior", "subordinate").order_by("rectify_by", "pk")):
        level = notice_level(r.rectify_by, today, soon)
        if level:
            out.append(NoticeSpec(key=f"guidance_report:{r.pk}", agency_id=r.subordinate_id,
                                  region_id=r.subordinate.region_id, level=level,
                                  title=f"报送整改报告（{'已逾期' if level == 'overdue' else '即将到期'}）：{r.superior.name}执法指导"[:200],
                                  text=f"报告期限 {r.rectify_by.isoformat()}", link=reverse("guidance:detail", args=[r.pk]),
                                  due_date=r.rectify_by))
    return out
