"""To-do reads (待办) of cross-region supervision: handover forms (问题移交表) the home agency has to acknowledge
(签收) and then act on. Read only; undated (no time limit is set for them), so superiors do not get them."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from anjian.accounts.todo import own_q, total_of
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item
from anjian.supervision.models import HandoverForm

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


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_handovers(user, today, limit)]
