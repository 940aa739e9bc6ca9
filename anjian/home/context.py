"""The navigation badge: how many to-do items wait for the signed-in user. Counted at most once a request and
only when a page shows it; the count is kept in the session for a minute (the home page refreshes it with the
list it shows), so other pages do not recount on every click."""

import time

from django.utils import timezone

from anjian.home.todo import todo_count

SESSION_KEY = "anjian_todo_count"
FRESH_SECONDS = 60


def remember_count(request, n: int) -> None:
    """Keep the count in the session (written only when it changed or is stale: no session write per page)."""
    if not hasattr(request, "session"):
        return
    kept = request.session.get(SESSION_KEY)
    if kept and kept[0] == n and time.time() - kept[1] < FRESH_SECONDS:
        return
    request.session[SESSION_KEY] = [n, time.time()]


def todo_badge(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/api/"):
        return {}

    def count() -> int:
        if not hasattr(request, "_anjian_todo_count"):
            kept = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
            if kept and time.time() - kept[1] < FRESH_SECONDS:
                request._anjian_todo_count = kept[0]
            else:
                request._anjian_todo_count = todo_count(user, timezone.localdate())
                remember_count(request, request._anjian_todo_count)
        return request._anjian_todo_count

    return {"todo_count": count}
