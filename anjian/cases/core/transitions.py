"""Status changes of a case: `audit.transitions.transition` along the pure table (`anjian.domain.case_process.CASE`),
with a conditional update and the audit event in the caller's transaction. An archived case is refused before
anything else (ADR 0015, ADR 0019).
"""

from django.utils import timezone

from anjian.audit.transitions import transition
from anjian.cases.core.handoffs import case_handoffs_close
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceInvalid
from anjian.domain.case_process import ARCHIVED_FROZEN, CASE, CASE_STATUSES

CONFLICT = "案件已被他人处理，请刷新后重试"
ENDED = frozenset({"transferred", "closed", "not_filed", "archived"})  # no send-back can wait on these


def refuse_if_archived(case: PenaltyCase) -> None:
    if case.status == "archived":
        raise ServiceInvalid(ARCHIVED_FROZEN)


def case_move(*, actor, case: PenaltyCase, new: str, verb: str, payload: dict | None = None,
              **fields) -> PenaltyCase:
    """Move ``case`` to ``new`` (and set ``fields``) if it is still in the status the caller saw."""
    refuse_if_archived(case)
    case = transition(actor=actor, agency=case.agency, obj=case, table=CASE, new=new, verb=verb, kind="案件",
                      labels=CASE_STATUSES, conflict=CONFLICT, payload=payload, updated_at=timezone.now(), **fields)
    if new in ENDED:
        case_handoffs_close(case)
    return case


def case_update(*, actor, case: PenaltyCase, verb: str, **fields) -> PenaltyCase:
    """Set fields without a status change (same status guard, same audit)."""
    return case_move(actor=actor, case=case, new=case.status, verb=verb, **fields)
