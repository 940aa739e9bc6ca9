"""Writing audit events. Called by every service inside its own transaction."""

import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from anjian.audit.keys import audit_key
from anjian.audit.models import AuditEvent, AuditHead
from anjian.domain.audit_chain import GENESIS, canonical, event_hash


def model_snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain values of a model's concrete fields (foreign keys as their ids)."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        out[field.name] = value if isinstance(value, str | int | float | bool | type(None) | list | dict) else str(value)
    return out


def changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def audit_record(
    *,
    actor: Any,
    agency: Any,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1, defaults={"seq": 0, "hash": GENESIS})
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:255]
    payload: dict[str, Any] = {"old": old or {}, "new": new or {}}
    if extra:
        payload.update(extra)
    actor_ok = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor_ok else None,
        actor_name=(actor.get_username() if actor_ok else "system"),
        actor_agency_id=getattr(agency, "pk", None),
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        payload=payload,
        prev_hash=head.hash,
    )
    # Round-trip the payload through JSON so the hashed content equals what is read back.
    event.payload = _json_roundtrip(payload)
    event.hash = event_hash(audit_key(), event.prev_hash, event.content())
    event.save(force_insert=True)
    AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)
    return event


def _json_roundtrip(value: Any) -> Any:
    return json.loads(canonical(value))
