"""The navigation badge: how many to-do items wait for the signed-in user. Counted at most once a request and
only when a page shows it; the count is kept in the session with the audit chain's head at the time, and counted
again once anything was recorded since (an approval, a new case …) or after a minute — so the badge follows the
user's own steps at once, and pages in between do not recount."""

import time

from django.db.models import Max
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.home.todo import todo_count

SESSION_KEY = "anjian_todo_count"
FRESH_SECONDS = 60


def _head() -> int:
    """The latest audit event's number (every write is audited): one look-up on the unique index."""
    return AuditEvent.objects.aggregate(head=Max("seq"))["head"] or 0


def remember_count(request, n: int, head: int | None = None) -> None:
    """Keep the count in the session (written only when something changed: no session write per page)."""
    if not hasattr(request, "session"):
        return
    head = _head() if head is None else head
    kept = request.session.get(SESSION_KEY)
    if kept and kept[0] == n and kept[2:] == [head] and time.time() - kept[1] < FRESH_SECONDS:
        return
    request.session[SESSION_KEY] = [n, time.time(), head]


def todo_badge(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/api/"):
        return {}

    def count() -> int:
        if not hasattr(request, "_anjian_todo_count"):
            head = _head()
            kept = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
            if kept and kept[2:] == [head] and time.time() - kept[1] < FRESH_SECONDS:
                request._anjian_todo_count = kept[0]
            else:
                request._anjian_todo_count = todo_count(user, timezone.localdate())
                remember_count(request, request._anjian_todo_count, head)
        return request._anjian_todo_count

    return {"todo_count": count}
