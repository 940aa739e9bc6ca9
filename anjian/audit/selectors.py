from collections.abc import Iterator

from anjian.audit.models import AuditEvent, AuditHead
from anjian.domain.audit_chain import GENESIS, ChainBreak, verify_chain


def _events() -> Iterator[tuple[int, str, str, dict]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield event.seq, event.prev_hash, event.hash, event.content()


def audit_chain_verify() -> tuple[int, ChainBreak | None]:
    """(number of events, first broken link or None)."""
    count = AuditEvent.objects.count()
    broken = verify_chain(_events())
    if broken:
        return count, broken
    head = AuditHead.objects.filter(id=1).first()
    last = AuditEvent.objects.order_by("-seq").first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
    if (head_seq, head_hash) != (last_seq, last_hash):
        return count, ChainBreak(last_seq + 1, f"链尾缺失：应有 {head_seq} 条事件，实有至第 {last_seq} 条")
    return count, None
