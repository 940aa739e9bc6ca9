"""Send back (退回) in one shape for every approval step (ADR 0027): the reason checked alike for page and API,
the sender's hand-off opened in the step's transaction and closed when the record moves on."""

from anjian.audit.models import AuditEvent
from anjian.common.errors import ServiceConflict, ServiceInvalid
from anjian.domain.send_back import handoff_key, handoff_title, reason_problem
from anjian.notices.services import handoff_close, handoff_open


def checked_reason(reason: str | None) -> str:
    """The trimmed reason, or ServiceInvalid at the field ``reason`` (missing, shorter than 2, over 500)."""
    problem = reason_problem(reason)
    if problem:
        raise ServiceInvalid([("reason", problem)])
    return (reason or "").strip()


def require_open(status: str, allowed: set[str] | frozenset[str], what: str) -> None:
    """A send back is a step of one state: elsewhere it is a conflict (409), as any step not open now."""
    if status not in allowed:
        raise ServiceConflict(f"当前状态不能{what}")


def sender_of(target, verbs: tuple[str, ...], fallback=None):
    """Who sent ``target`` to this step: the actor of its latest audit event among ``verbs``, else ``fallback``."""
    event = (AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk), verb__in=verbs,
                                       actor__isnull=False).select_related("actor").order_by("-occurred_at", "-id")
             .first())
    return event.actor if event is not None else fallback


def sent_back(*, actor, sender, agency, kind: str, record_id: int, name: str, reason: str, link: str) -> None:
    """Inside the step's transaction: the sender's hand-off (no sender — e.g. an imported record —: none)."""
    if sender is None:
        return
    handoff_open(actor=actor, user=sender, agency=agency, key=handoff_key(kind, record_id),
                 title=handoff_title(kind, name), text=reason, link=link)


def moved_on(kind: str, record_id: int) -> bool:
    """The record was resubmitted or ended: its hand-off leaves the sender's list. Idempotent."""
    return handoff_close(key=handoff_key(kind, record_id))


def returns_of(target, verb: str) -> list[dict]:
    """The send-backs of ``target`` as its page shows them: when, by whom, why (newest first)."""
    events = AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk),
                                       verb=verb).select_related("actor").order_by("-occurred_at", "-id")
    return [{"at": e.occurred_at, "by": str(e.actor) if e.actor else e.actor_name,
             "reason": (e.payload.get("new") or {}).get("reason", "")} for e in events[:20]]
