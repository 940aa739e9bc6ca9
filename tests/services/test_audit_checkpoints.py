"""Checkpoints of the audit chain kept outside the database (ADR 0019): `anjian audit checkpoint` signs the
head, `anjian audit verify --checkpoints FILE` exposes a chain cut back and rewound, or rewritten; the
keyed-chain migration re-chains plain SHA-256 events and says what it found."""

import hashlib
import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from anjian.audit.guard import guard_lifted
from anjian.audit.models import AuditEvent, AuditHead
from anjian.audit.selectors import audit_chain_verify, audit_checkpoint, audit_verify
from anjian.common.errors import ServiceInvalid
from anjian.domain.audit_chain import GENESIS, canonical, checkpoint_parse
from anjian.domain.permissions import Role
from anjian.enterprises.services import enterprise_register
from tests.services.test_audit import enterprise_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER, username="checkpoint-officer")


def register(actor, n: int, start: int = 1) -> None:
    for serial in range(start, start + n):
        enterprise_register(actor=actor, data=enterprise_data(serial))


def run(*args) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def cut_back_to(seq: int) -> None:
    """Delete every event after `seq` and rewind the head to it — what a DBA could do to hide them."""
    with guard_lifted():
        AuditEvent.objects.filter(seq__gt=seq).delete()
        event = AuditEvent.objects.get(seq=seq)
        AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)


def test_checkpoint_prints_a_signed_line_of_the_head(officer):
    register(officer, 2)
    line = run("checkpoint").strip()
    cp = checkpoint_parse(line)
    head = AuditHead.objects.get(id=1)
    assert (cp.seq, cp.hash) == (head.seq, head.hash)


def test_a_chain_cut_back_and_rewound_verifies_alone_but_not_against_its_checkpoints(officer, tmp_path):
    checkpoints = tmp_path / "checkpoints.txt"
    register(officer, 2)
    run("checkpoint", "--out", str(checkpoints))
    register(officer, 3, start=3)
    run("checkpoint", "--out", str(checkpoints))
    assert "检查点 2 条均与审计链相符" in run("verify", "--checkpoints", str(checkpoints))
    last = AuditEvent.objects.order_by("-seq").first().seq
    cut_back_to(last - 2)
    assert "审计链完整" in run("verify")  # the chain alone cannot tell
    with pytest.raises(CommandError, match="链尾被截断") as exc:
        run("verify", "--checkpoints", str(checkpoints))
    assert exc.value.returncode == 2 and "第 2 行" in str(exc.value)
    with pytest.raises(CommandError, match="不签发新检查点"):  # nor may it be papered over with a new one
        run("checkpoint", "--out", str(checkpoints))


def test_a_chain_rewritten_with_the_key_is_caught_by_its_checkpoint(officer, tmp_path):
    """Someone holding the key rewrites the last event and re-appends a valid tail: only the checkpoint tells."""
    from anjian.audit.services import audit_record

    checkpoints = tmp_path / "checkpoints.txt"
    register(officer, 3)
    run("checkpoint", "--out", str(checkpoints))
    last = AuditEvent.objects.order_by("-seq").first().seq
    cut_back_to(last - 1)
    audit_record(actor=officer, agency=None, verb="forged", target_type="x", target_id="1")
    assert audit_chain_verify()[1] is None
    with pytest.raises(CommandError, match=f"第 {last} 号事件的哈希与检查点"):
        run("verify", "--checkpoints", str(checkpoints))


def test_an_edited_checkpoint_file_is_refused(officer, tmp_path):
    register(officer, 1)
    line = audit_checkpoint()
    cp = checkpoint_parse(line)
    forged = line.replace(f"seq={cp.seq} ", f"seq={cp.seq + 5} ")
    path = tmp_path / "cp.txt"
    path.write_text(forged + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="签名无效"):
        run("verify", "--checkpoints", str(path))


def test_verify_needs_a_readable_checkpoint_file_with_checkpoints(tmp_path):
    with pytest.raises(CommandError, match="找不到检查点文件"):
        run("verify", "--checkpoints", str(tmp_path / "missing.txt"))
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(CommandError, match="没有检查点行"):
        run("verify", "--checkpoints", str(empty))


def test_no_checkpoint_is_signed_for_a_broken_chain(officer):
    register(officer, 2)
    with guard_lifted():
        AuditEvent.objects.filter(seq=AuditEvent.objects.order_by("-seq").first().seq).update(verb="x")
    with pytest.raises(ServiceInvalid, match="不能签发检查点"):
        audit_checkpoint()
    with pytest.raises(CommandError, match="审计链断裂"):
        run("checkpoint")


def test_a_dropped_guard_is_reported_by_verify(officer):
    register(officer, 1)
    from anjian.audit.guard import guard_uninstall, registered

    guard_uninstall(next(g for g in registered() if g.name == "documents"))
    assert any(name.startswith("documents_document.") for name in audit_verify().guards_missing)
    with pytest.raises(CommandError, match="防护触发器缺失"):
        run("verify")


# --- the migration from plain SHA-256 --------------------------------------------------------------

def _plain(prev: str, content: dict) -> str:
    return hashlib.sha256((prev + "\n" + canonical(content)).encode()).hexdigest()


def _make_plain_chain(edit_seq: int | None = None) -> int:
    """Re-hash the chain as the old code did (plain SHA-256); optionally edit one event afterwards."""
    with guard_lifted():
        prev = GENESIS
        for event in AuditEvent.objects.order_by("seq"):
            event.prev_hash, event.hash = prev, _plain(prev, event.content())
            AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
            prev = event.hash
        last = AuditEvent.objects.order_by("-seq").first()
        AuditHead.objects.filter(id=1).update(seq=last.seq, hash=last.hash)
        if edit_seq is not None:
            AuditEvent.objects.filter(seq=edit_seq).update(target_repr="篡改")
    return last.seq


@pytest.mark.parametrize("edited", [False, True])
def test_the_keyed_chain_migration_rechains_plain_events_and_records_what_it_found(officer, edited):
    register(officer, 3)
    first = AuditEvent.objects.order_by("seq").first().seq
    last = _make_plain_chain(edit_seq=first + 1 if edited else None)
    assert audit_chain_verify()[1] is not None  # plain hashes do not verify under the key
    migration = importlib.import_module("anjian.audit.migrations.0004_keyed_chain")
    migration.rechain(apps, SimpleNamespace(connection=connection))
    assert audit_chain_verify()[1] is None
    marker = AuditEvent.objects.order_by("-seq").first()
    assert marker.seq == last + 1 and marker.verb == "audit_rechain"
    assert marker.payload["events"] == AuditEvent.objects.count() - 1
    assert marker.payload["new"]["chain"] == "HMAC-SHA256"
    assert marker.payload["old"]["head"]["seq"] == last
    expected_break = {"seq": first + 1, "reason": "事件内容与哈希不符"} if edited else None
    assert marker.payload["plain_chain_break"] == expected_break
    assert (AuditHead.objects.get(id=1).seq, AuditHead.objects.get(id=1).hash) == (marker.seq, marker.hash)
