"""To-do reads (待办) of hand-offs: steps sent back (已退回) to this user, with the reason. Read only."""

from datetime import date

from anjian.domain.todo import Batch, make_item
from anjian.notices.selectors import handoffs_for


def todo_returned(user, today: date, limit: int) -> Batch:
    qs = handoffs_for(user)
    items = [make_item("returned", title=n.title, link=n.link, today=today, due=n.due_date, note=n.text,
                       record="退回") for n in qs[:limit]]
    return Batch(items, len(items) if len(items) < limit else qs[:1000].count())


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_returned(user, today, limit)]
