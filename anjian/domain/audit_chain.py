"""Hash chain of audit events: each event's hash covers its content and the previous hash."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, content: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(content)).encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(events: Iterable[tuple[int, str, str, dict]]) -> ChainBreak | None:
    """events: (id, prev_hash, hash, content) ordered by id. Returns the first broken link."""
    expected_prev = GENESIS
    for event_id, prev_hash, stored_hash, content in events:
        if prev_hash != expected_prev:
            return ChainBreak(event_id, "前序哈希不连续：其前一条事件被删除或篡改")
        if event_hash(prev_hash, content) != stored_hash:
            return ChainBreak(event_id, "事件内容与哈希不符：该事件被篡改")
        expected_prev = stored_hash
    return None
