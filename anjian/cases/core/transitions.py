"""Status changes of a case: checked against the pure table, applied with a conditional update, audited.

Call inside the service's transaction. An archived case is refused before anything else.
"""

from django.utils import timezone

from anjian.audit.services import audit_record
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceConflict, ServiceInvalid
from anjian.domain.case_process import ARCHIVED_FROZEN, CASE, CASE_STATUSES


def refuse_if_archived(case: PenaltyCase) -> None:
    if case.status == "archived":
        raise ServiceInvalid(ARCHIVED_FROZEN)


def case_move(*, actor, case: PenaltyCase, new: str, verb: str, payload: dict | None = None,
              **fields) -> PenaltyCase:
    """Move ``case`` to ``new`` (and set ``fields``) if it is still in the status the caller saw."""
    refuse_if_archived(case)
    old = case.status
    if new != old and new not in CASE.get(old, frozenset()):
        raise ServiceInvalid(f"案件不能从“{CASE_STATUSES[old]}”变为“{CASE_STATUSES.get(new, new)}”")
    updated = PenaltyCase.objects.filter(pk=case.pk, status=old).update(status=new, updated_at=timezone.now(), **fields)
    if updated == 0:
        raise ServiceConflict("案件已被他人处理，请刷新后重试")
    case.refresh_from_db()
    audit_record(actor=actor, agency=case.agency, verb=verb, target=case,
                 old={"status": old}, new={"status": new, **{k: str(v) for k, v in fields.items()},
                                            **(payload or {})})
    return case


def case_update(*, actor, case: PenaltyCase, verb: str, **fields) -> PenaltyCase:
    """Set fields without a status change (same status guard, same audit)."""
    return case_move(actor=actor, case=case, new=case.status, verb=verb, **fields)
