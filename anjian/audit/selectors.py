"""Reading and checking the audit chain: verify it with the key, take a signed checkpoint of its head, and
check checkpoints kept outside the database against it (ADR 0019)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from anjian.audit.guard import guards_missing
from anjian.audit.keys import audit_key
from anjian.audit.models import AuditEvent, AuditHead
from anjian.common.errors import ServiceInvalid
from anjian.domain.audit_chain import (
    GENESIS,
    ChainBreak,
    CheckpointReport,
    checkpoint_line,
    checkpoint_seqs,
    verify_chain,
    verify_checkpoints,
)


def _events() -> Iterator[tuple[int, str, str, dict]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield event.seq, event.prev_hash, event.hash, event.content()


def audit_head() -> tuple[int, str]:
    """(seq, hash) the head row records: (0, GENESIS) before the first event."""
    head = AuditHead.objects.filter(id=1).values_list("seq", "hash").first()
    return head or (0, GENESIS)


def audit_chain_verify() -> tuple[int, ChainBreak | None]:
    """(number of events, first broken link or None): every event re-hashed with the key, and the head."""
    count = AuditEvent.objects.count()
    broken = verify_chain(audit_key(), _events())
    if broken:
        return count, broken
    head_seq, head_hash = audit_head()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
    if (head_seq, head_hash) != last:
        return count, ChainBreak(last[0] + 1, f"链尾缺失：应有 {head_seq} 条事件，实有至第 {last[0]} 条")
    return count, None


def audit_checkpoints_verify(lines: Iterable[str]) -> CheckpointReport:
    """Check checkpoint lines (from a file kept outside the database) against the chain as it is now."""
    lines = list(lines)
    seqs = checkpoint_seqs(lines)
    hashes = dict(AuditEvent.objects.filter(seq__in=seqs).values_list("seq", "hash")) if seqs else {}
    last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    return verify_checkpoints(audit_key(), lines, hashes, last_seq)


@dataclass(frozen=True)
class AuditVerification:
    count: int
    broken: ChainBreak | None
    guards_missing: list[str]
    checkpoints: CheckpointReport | None

    @property
    def ok(self) -> bool:
        return (self.broken is None and not self.guards_missing
                and (self.checkpoints is None or not self.checkpoints.findings))


def audit_verify(checkpoint_lines: Iterable[str] | None = None) -> AuditVerification:
    """The whole check: the keyed chain and its head, the database guards, and any checkpoints given."""
    count, broken = audit_chain_verify()
    report = audit_checkpoints_verify(checkpoint_lines) if checkpoint_lines is not None else None
    return AuditVerification(count, broken, guards_missing(), report)


def audit_checkpoint(now=None) -> str:
    """A signed checkpoint line of the current head, refused unless the chain verifies (a checkpoint must never
    vouch for a chain that was already cut back or edited)."""
    seq, head_hash = audit_head()  # read first: the chain verified below reaches at least this far
    count, broken = audit_chain_verify()
    if broken:
        raise ServiceInvalid(f"审计链断裂，不能签发检查点：第 {broken.event_id} 号事件 — {broken.reason}")
    at = timezone.localtime(now or timezone.now()).isoformat(timespec="seconds")
    return checkpoint_line(audit_key(), seq, head_hash, at)


KEPT_SECONDS = 60  # how long a figure is kept when nothing is written meanwhile


def kept_until_next_write(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in Django's cache under ``key`` and the audit head for at most a minute: every write is
    audited, so the kept value is never older than the last change (the home page's registry figures; ADR 0038)."""
    full_key = f"{key}:{audit_head()[0]}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, KEPT_SECONDS)
    return value
