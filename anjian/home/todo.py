"""The to-do list (待办) of one user: every app's items merged in urgency order (`domain.todo`), bounded.

City and province users also get their subordinate agencies' overdue items, labelled with the agency (each app's
reads do that through `accounts.todo.waiting_q`)."""

from collections import Counter
from datetime import date

from anjian.accounts.access import agencies_for, has_capability
from anjian.accounts.todo import todo_accounts
from anjian.audit.todo import todo_security_events
from anjian.calendars import todo as calendars
from anjian.campaigns import todo as campaigns
from anjian.cases import todo as cases
from anjian.documents import todo as documents
from anjian.domain.permissions import Capability
from anjian.domain.todo import DEFAULT_LIMIT, KINDS, Batch, TodoList, merge
from anjian.draws import todo as draws
from anjian.guidance import todo as guidance
from anjian.inspections import todo as inspections
from anjian.notices import todo as notices
from anjian.notices.selectors import notices_for
from anjian.planning import todo as planning
from anjian.supervision import todo as supervision


def _drafts(user, today: date, limit: int) -> list[Batch]:
    """Drafts to sign, without those of records that moved on (the apps above documents say which)."""
    return documents.todo_for(user, today, limit, stale=inspections.stale_drafts_q() | cases.stale_drafts_q())


SOURCES = (notices, inspections, cases, supervision, draws, planning, campaigns, guidance, calendars)


def _batches(user, today: date, limit: int) -> list[Batch]:
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[Batch] = []
    for source in SOURCES:
        out += source.todo_for(user, today, limit)
    out += _drafts(user, today, limit)
    out.append(todo_accounts(user, today, limit))
    if has_capability(user, Capability.AUDIT_VIEW):
        out.append(todo_security_events(today, limit))
    return out


def todo_list(user, today: date, limit: int = DEFAULT_LIMIT, kind: str = "") -> TodoList:
    """The user's items (at most ``limit``) and how many there are; ``kind`` keeps one kind only."""
    batches = _batches(user, today, limit)
    if kind:
        batches = [Batch([i for i in b.items if i.kind == kind], sum(1 for i in b.items if i.kind == kind))
                   if any(i.kind == kind for i in b.items) else Batch() for b in batches]
    return merge(batches, limit)


def todo_count(user, today: date) -> int:
    """How many items wait for the user (the navigation badge): counts only, no rows built where avoidable."""
    return merge(_batches(user, today, 0), 0).total


def kind_counts(todo: TodoList) -> list[tuple[str, str, int, int]]:
    """(kind, action, items, overdue) of the shown items, in the order of KINDS — the tiles above the list."""
    n = Counter(i.kind for i in todo.items)
    late = Counter(i.kind for i in todo.items if i.overdue)
    return [(k, label, n[k], late[k]) for k, label in KINDS.items() if n[k]]


def agency_counts(todo: TodoList) -> list[tuple[str, int]]:
    """(agency, items) of the subordinate agencies' items shown, most first — the superiors' tiles."""
    n = Counter(i.agency for i in todo.items if i.agency)
    return sorted(n.items(), key=lambda row: (-row[1], row[0]))


# `anjian remind` notice key prefix → the capability of those who act on it (the others of the agency are not asked).
NOTICE_ACTORS: dict[str, tuple[Capability, ...]] = {
    "hazard:": (Capability.INSPECTION_EDIT,),
    "extension:": (Capability.INSPECTION_APPROVE,),
    "inspection_approve:": (Capability.INSPECTION_APPROVE,),
    "case_late:": (Capability.CASE_EDIT, Capability.CASE_APPROVE),
    "case_disclosure:": (Capability.CASE_EDIT,),
    "draw_disclosure:": (Capability.PLAN_EDIT,),
    "campaign_report:": (Capability.PLAN_EDIT,),
    "guidance_report:": (Capability.GUIDANCE_MANAGE,),
}


def notices_to_act(user, limit: int = 10) -> list:
    """The agency's open reminders (待办提醒) for the users who can act on them: a guidance report to the leaders who
    submit it, not to the officers; a reminder of an unknown kind to everyone of the agency."""
    out = []
    for n in notices_for(user, limit=50):
        caps = next((c for prefix, c in NOTICE_ACTORS.items() if n.key.startswith(prefix)), None)
        if caps is None or any(g.agency_id == n.agency_id for c in caps for g in agencies_for(user, c)):
            out.append(n)
    return out[:limit]
