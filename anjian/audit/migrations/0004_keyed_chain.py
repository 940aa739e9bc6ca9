"""Re-chain the existing audit events with the keyed hash (ADR 0019).

Events written before this migration were chained with plain SHA-256, which anyone able to write to the
database could recompute. This migration first checks that plain chain as it stands, then recomputes every
hash with HMAC-SHA256 under ANJIAN_AUDIT_KEY (guard lifted for the duration, in the migration's transaction),
and appends one `audit_rechain` event — itself keyed — recording how many events were re-chained, the plain
head they had and the first break the plain chain showed, if any. Nothing is re-chained on an empty database.
Irreversible: going back would mean re-hashing without the key.
"""

import hashlib
import json

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from anjian.audit import guard_sql
from anjian.audit.guard import guard_lifted
from anjian.audit.models import event_content
from anjian.domain.audit_chain import GENESIS, ChainKey, canonical, event_hash

BATCH = 1000


def _plain_hash(prev_hash: str, content: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(content)).encode()).hexdigest()


def _plain_break(events, head) -> dict | None:
    expected, last = GENESIS, None
    for event in events.iterator(chunk_size=2000):
        if event.prev_hash != expected:
            return {"seq": event.seq, "reason": "前序哈希不连续"}
        if _plain_hash(event.prev_hash, event_content(event)) != event.hash:
            return {"seq": event.seq, "reason": "事件内容与哈希不符"}
        expected, last = event.hash, event
    if head is not None and (head.seq, head.hash) != (last.seq, last.hash):
        return {"seq": last.seq + 1, "reason": f"链尾缺失：头部记录至第 {head.seq} 条"}
    return None


def rechain(apps, schema_editor):
    conn = schema_editor.connection
    events = apps.get_model("audit", "AuditEvent").objects.using(conn.alias)
    heads = apps.get_model("audit", "AuditHead").objects.using(conn.alias)
    ordered = events.order_by("seq")
    last = ordered.last()
    if last is None:
        return
    key = ChainKey(settings.ANJIAN_AUDIT_KEY.encode())
    head = heads.filter(id=1).first()
    plain_head = {"seq": head.seq, "hash": head.hash} if head else None
    broken = _plain_break(ordered, head)
    with guard_lifted(guard_sql.GUARD.name, conn=conn):
        prev, after, count = GENESIS, None, 0
        while True:
            batch = list(ordered.filter(seq__gt=after)[:BATCH] if after is not None else ordered[:BATCH])
            if not batch:
                break
            for event in batch:
                event.prev_hash = prev
                event.hash = prev = event_hash(key, prev, event_content(event))
            events.bulk_update(batch, ["prev_hash", "hash"])
            after, count = batch[-1].seq, count + len(batch)
        payload = json.loads(canonical({
            "old": {"chain": "SHA-256", "head": plain_head},
            "new": {"chain": "HMAC-SHA256", "key_id": key.key_id},
            "events": count, "plain_chain_break": broken,
        }))
        marker = events.model(
            seq=last.seq + 1, occurred_at=timezone.now(), actor_id=None, actor_name="system",
            actor_agency_id=None, verb="audit_rechain", target_type="audit.chain", target_id=str(count),
            target_repr="审计链改用密钥哈希（HMAC-SHA256）", payload=payload, prev_hash=prev)
        marker.hash = event_hash(key, prev, event_content(marker))
        marker.save(force_insert=True, using=conn.alias)
        heads.update_or_create(id=1, defaults={"seq": marker.seq, "hash": marker.hash})


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_guard_delete_and_head")]

    operations = [migrations.RunPython(rechain)]
