"""To-do reads (待办) of supervision: handover forms (问题移交表) the home agency has to acknowledge (签收) and then
act on (undated: no time limit is set for them, so superiors do not get them), and listed major hazards (挂牌督办)
near or past their deadline for the listing agency. Read only."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from anjian.accounts.todo import own_q, total_of
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item
from anjian.supervision.models import HandoverForm, ListedSupervision

STEPS = {"sent": "handover_acknowledge", "acknowledged": "handover_act"}


def todo_handovers(user, today: date, limit: int) -> Batch:
    qs = (HandoverForm.objects.filter(status__in=list(STEPS))
          .filter(own_q(user, Capability.HANDOVER_ACT, agency_column="home_agency_id"))
          .select_related("enterprise", "visiting_agency").order_by("sent_at", "pk"))
    items = [make_item(STEPS[f.status], title=f.enterprise.name, link=reverse("supervision:handover", args=[f.pk]),
                       today=today, record=f"移交表 #{f.pk}",
                       note=f"{f.visiting_agency.name}于{timezone.localtime(f.sent_at):%Y-%m-%d}移交" if f.sent_at
                       else f.visiting_agency.name) for f in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


LISTING_AHEAD_DAYS = 7


def todo_listings(user, today: date, limit: int) -> Batch:
    """挂牌督办 of the user's (listing) agency whose deadline is within a week or past: check the rectification and
    delist, or press the responsible agency."""
    qs = (ListedSupervision.objects.filter(status="listed", deadline__lte=today + timedelta(days=LISTING_AHEAD_DAYS))
          .filter(own_q(user, Capability.LISTED_SUPERVISION, agency_column="listing_agency_id"))
          .select_related("hazard__enterprise", "responsible_agency").order_by("deadline", "pk"))
    items = [make_item("listing_due", title=lst.hazard.enterprise.name, link=reverse("supervision:listing", args=[lst.pk]),
                       today=today, due=lst.deadline, record=f"挂牌督办 #{lst.pk}",
                       note=f"责任单位：{lst.responsible_agency.name}") for lst in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_handovers(user, today, limit), todo_listings(user, today, limit)]
