"""To-do reads (待办) of documents: the user's own drafts waiting to be signed and issued (签发). Read only."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.todo import total_of
from anjian.documents.selectors import document_list_for
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item


def todo_drafts(user, today: date, limit: int, stale: Q | None = None) -> Batch:
    """Drafts the user made, in the scope where they may issue them (hidden subjects excluded), oldest first; not
    the drafts of records that moved on (``stale``, given by the apps above: a 现场检查方案 of an inspection already
    recorded, any draft of a finished case), nor a form still awaiting its approval (a proposal's 立案审批表)."""
    qs = (document_list_for(user, capability=Capability.DOCUMENT_ISSUE).filter(status="draft", created_by=user)
          .exclude(stale or Q(pk__in=[])).exclude(content__has_key="awaiting_approval").order_by("created_at", "pk"))
    items = [make_item("document_issue", title=f"{d.kind.name}{'：' + d.enterprise.name if d.enterprise else ''}",
                       link=reverse("documents:detail", args=[d.pk]), today=today, record=f"文书 #{d.pk}",
                       note=f"{timezone.localtime(d.created_at):%Y-%m-%d} 起草") for d in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


def todo_for(user, today: date, limit: int, stale: Q | None = None) -> list[Batch]:
    return [todo_drafts(user, today, limit, stale)]
