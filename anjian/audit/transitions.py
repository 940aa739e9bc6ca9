"""The one way a record's status changes: along an edge of its pure table (anjian.domain), with a conditional
update, and audited in the caller's transaction.

    transition(actor=…, agency=…, obj=inspection, table=INSPECTION, new="approved", verb="inspection_approve",
               kind="检查", labels=INSPECTION_STATUSES, approved_at=now)

A move the table does not list is refused (ServiceInvalid, naming both states); zero rows updated means someone
else moved the record first (ServiceConflict). ``new`` equal to the current status sets fields under the same
guard, unless ``allow_same=False`` (then it is refused like an unlisted move: approving twice). ``audit=False``
when the caller writes its own event (a draw writes the draw, not the task's move).
"""

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction

from anjian.audit.services import audit_record
from anjian.common.errors import ServiceConflict, ServiceInvalid
from anjian.domain.lifecycle import can_move


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None) | list | dict) else str(value)


def transition(*, actor, agency, obj: models.Model, table: Mapping[str, frozenset[str]], new: str, verb: str,
               kind: str = "记录", labels: Mapping[str, str] | None = None, conflict: str | None = None,
               payload: dict | None = None, audit: bool = True, refresh: bool = True, status_field: str = "status",
               allow_same: bool = True, **fields) -> models.Model:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition must run inside the service's transaction")
    old = getattr(obj, status_field)
    if (new != old or not allow_same) and not can_move(table, old, new):
        name = (labels or {}).get
        raise ServiceInvalid(f"{kind}不能从“{name(old, old)}”变为“{name(new, new)}”")
    updated = type(obj).objects.filter(pk=obj.pk, **{status_field: old}).update(**{status_field: new}, **fields)
    if updated == 0:
        raise ServiceConflict(conflict or f"{kind}已被他人处理（状态已变化），请刷新后重试")
    if refresh:
        obj.refresh_from_db()
    else:  # the row now holds exactly these values (large columns need not be read back)
        setattr(obj, status_field, new)
        for name, value in fields.items():
            setattr(obj, name, value)
    if audit:
        audit_record(actor=actor, agency=agency, verb=verb, target=obj, old={status_field: old},
                     new={status_field: new, **{k: _plain(v) for k, v in fields.items()}, **(payload or {})})
    return obj
