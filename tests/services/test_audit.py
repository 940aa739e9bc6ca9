"""The audit trail: services record who, where, what, old and new in their own transaction; the hash chain
exposes any edited or deleted event, through the selector and the `audit verify` command."""

import hashlib
import json
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from anjian.audit.guard import guard_lifted as audit_guard_lifted
from anjian.audit.models import AuditEvent, AuditHead
from anjian.audit.selectors import audit_chain_verify
from anjian.domain.audit_chain import canonical
from anjian.domain.permissions import Role
from anjian.enterprises import services as enterprise_services
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.enterprises.services import enterprise_register, enterprise_update
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db


def enterprise_data(serial: int = 1, **overrides) -> dict:
    return {"uscc": make_uscc("411726", 700000 + serial), "name": f"泌阳县审计测试{serial}有限公司",
            "region": "411726", "industry": "chemical", "supervision_class": "key", "risk_level": "orange",
            "liability_insured": "否", "is_central_branch": "否", "is_provincially_managed": "否", **overrides}


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER, username="biyang-officer")


@pytest.fixture
def three_events(officer):
    """Three enterprise registrations: three consecutive events at the end of the chain."""
    for serial in (1, 2, 3):
        enterprise_register(actor=officer, data=enterprise_data(serial))
    return list(AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)[:3])[::-1]


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def verify_command() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


@contextmanager
def guard_lifted():
    """Act as someone who can bypass the database's audit guard (a DBA, a restored backup): the keyed chain
    must catch what such a person changes. The guard is put back afterwards (and the test's transaction is
    rolled back in any case)."""
    with audit_guard_lifted(), connection.cursor() as cursor:
        yield cursor


# --- what services record -----------------------------------------------------------------------------

def test_enterprise_register_records_who_where_verb_and_new_values(officer):
    enterprise = enterprise_register(actor=officer, data=enterprise_data())
    event = last_event()
    assert event.verb == "enterprise_register"
    assert event.actor_id == officer.pk and event.actor_name == officer.username
    assert event.actor_agency_id == Agency.objects.get(region_id="411726").pk
    assert (event.target_type, event.target_id) == ("enterprises.enterprise", str(enterprise.pk))
    assert event.target_repr == "泌阳县审计测试1有限公司"
    assert event.payload["old"] == {}
    new = event.payload["new"]
    assert new["uscc"] == enterprise.uscc and new["name"] == "泌阳县审计测试1有限公司"
    assert new["region"] == "411726" and new["industry"] == "chemical" and new["risk_level"] == "orange"
    head = AuditHead.objects.get(id=1)
    assert (head.seq, head.hash) == (event.seq, event.hash)


def test_enterprise_update_records_only_changed_fields_old_and_new(officer):
    enterprise = enterprise_register(actor=officer, data=enterprise_data())
    enterprise_update(actor=officer, enterprise=enterprise,
                      data=enterprise_data(name="泌阳县审计测试改名有限公司", risk_level="red"))
    event = last_event()
    assert event.verb == "enterprise_update" and event.actor_id == officer.pk
    assert event.actor_agency_id == Agency.objects.get(region_id="411726").pk
    assert event.payload == {"old": {"name": "泌阳县审计测试1有限公司", "risk_level": "orange"},
                             "new": {"name": "泌阳县审计测试改名有限公司", "risk_level": "red"}}


def test_an_update_that_changes_nothing_writes_no_event(officer):
    enterprise = enterprise_register(actor=officer, data=enterprise_data())
    before = AuditEvent.objects.count()
    enterprise_update(actor=officer, enterprise=enterprise, data=enterprise_data())
    assert AuditEvent.objects.count() == before


def test_a_province_actor_is_recorded_with_the_enterprises_agency(make_user):
    province = make_user("410000", Role.DEPARTMENT_HEAD)
    enterprise_register(actor=province, data=enterprise_data())
    event = last_event()
    assert event.actor_id == province.pk
    assert event.actor_agency_id == Agency.objects.get(region_id="411726").pk


class Boom(Exception):
    pass


def _audit_then_fail(monkeypatch):
    real = enterprise_services.audit_record

    def record_then_raise(**kwargs):
        real(**kwargs)
        raise Boom("failure after the audit event was written")

    monkeypatch.setattr(enterprise_services, "audit_record", record_then_raise)


def test_register_that_fails_after_auditing_leaves_neither_row_nor_event(officer, monkeypatch):
    before = (AuditEvent.objects.count(), AuditHead.objects.filter(id=1).values_list("seq", "hash").first())
    _audit_then_fail(monkeypatch)
    with pytest.raises(Boom):
        enterprise_register(actor=officer, data=enterprise_data())
    assert not Enterprise.objects.filter(name="泌阳县审计测试1有限公司").exists()
    after = (AuditEvent.objects.count(), AuditHead.objects.filter(id=1).values_list("seq", "hash").first())
    assert after == before
    assert audit_chain_verify()[1] is None


def test_update_that_fails_after_auditing_leaves_the_row_and_the_chain_unchanged(officer, monkeypatch):
    enterprise = enterprise_register(actor=officer, data=enterprise_data())
    before = AuditEvent.objects.count()
    _audit_then_fail(monkeypatch)
    with pytest.raises(Boom):
        enterprise_update(actor=officer, enterprise=enterprise, data=enterprise_data(name="不应保存的名称"))
    enterprise.refresh_from_db()
    assert enterprise.name == "泌阳县审计测试1有限公司"
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(verb="enterprise_update").exists()
    assert audit_chain_verify()[1] is None


def test_audit_record_refuses_to_run_outside_a_transaction():
    from anjian.audit.services import audit_record

    # pytest-django wraps the test in a transaction; step outside it to see the guard.
    with pytest.raises(RuntimeError, match="transaction"), _outside_atomic():
        audit_record(actor=None, agency=None, verb="x", target_type="t", target_id="1")


class _outside_atomic:
    """Pretend no atomic block is open (the test itself runs inside one)."""

    def __enter__(self):
        self.saved = connection.in_atomic_block
        connection.in_atomic_block = False

    def __exit__(self, *exc):
        connection.in_atomic_block = self.saved
        return False


# --- the hash chain -----------------------------------------------------------------------------------

def test_intact_chain_verifies(three_events):
    count, broken = audit_chain_verify()
    assert broken is None
    assert count == AuditEvent.objects.count() and count >= 3
    assert "审计链完整" in verify_command()
    assert f"共 {count} 条事件" in verify_command()


def test_edited_payload_is_reported_at_that_event(three_events):
    middle = three_events[1]
    with guard_lifted() as cursor:
        cursor.execute("UPDATE audit_auditevent SET payload = %s WHERE seq = %s",
                       [json.dumps({"old": {}, "new": {"name": "篡改后的名称"}}), middle])
    count, broken = audit_chain_verify()
    assert broken is not None and broken.event_id == middle
    assert "篡改" in broken.reason
    with pytest.raises(CommandError, match=f"第 {middle} 号事件"):
        verify_command()


def test_edited_actor_name_is_reported_at_that_event(three_events):
    first = three_events[0]
    with guard_lifted() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = %s WHERE seq = %s", ["someone-else", first])
    assert audit_chain_verify()[1].event_id == first


def _plain_sha256(prev_hash: str, content: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(content)).encode()).hexdigest()


def test_an_edit_rehashed_with_plain_sha256_to_the_end_and_the_head_is_reported_at_the_edited_event(three_events):
    """The chain used to be plain SHA-256: an edit re-hashed through to the head verified as intact."""
    middle = three_events[1]
    with guard_lifted() as cursor:
        cursor.execute("UPDATE audit_auditevent SET payload = %s WHERE seq = %s",
                       [json.dumps({"old": {}, "new": {"name": "篡改并重算哈希"}}), middle])
        prev = AuditEvent.objects.get(seq=middle - 1).hash
        for event in AuditEvent.objects.filter(seq__gte=middle).order_by("seq"):
            new_hash = _plain_sha256(prev, event.content())
            cursor.execute("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
                           [prev, new_hash, event.seq])
            prev = new_hash
        cursor.execute("UPDATE audit_audithead SET hash = %s WHERE id = 1", [prev])
    broken = audit_chain_verify()[1]
    assert broken is not None and broken.event_id == middle and "哈希" in broken.reason
    with pytest.raises(CommandError, match=f"第 {middle} 号事件"):
        verify_command()


def test_deleted_middle_event_is_reported_at_the_following_event(three_events):
    first, middle, last = three_events
    with guard_lifted() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [middle])
    broken = audit_chain_verify()[1]
    assert broken is not None and broken.event_id == last
    assert "前序哈希不连续" in broken.reason
    with pytest.raises(CommandError, match=f"第 {last} 号事件"):
        verify_command()


def test_deleted_last_event_is_reported_through_the_head(three_events):
    last = three_events[-1]
    with guard_lifted() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [last])
    count, broken = audit_chain_verify()
    assert broken is not None and broken.event_id == last
    assert "链尾缺失" in broken.reason and f"应有 {last} 条" in broken.reason
    with pytest.raises(CommandError, match=f"第 {last} 号事件"):
        verify_command()


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditevent SET verb = 'forged' WHERE seq = %s",
    "DELETE FROM audit_auditevent WHERE seq = %s",
    "DELETE FROM audit_auditevent WHERE seq >= %s",
])
def test_the_database_refuses_to_edit_or_delete_audit_events(three_events, sql):
    """Defence in depth before the keyed chain: the append-only guard, on SQLite as on PostgreSQL (ADR 0019)."""
    middle = three_events[1]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, [middle])
    assert AuditEvent.objects.get(seq=middle).verb == "enterprise_register"
    assert audit_chain_verify()[1] is None


@pytest.mark.parametrize("sql", [
    "UPDATE audit_audithead SET seq = seq - 1 WHERE id = 1",  # rewind
    "UPDATE audit_audithead SET seq = seq + 1 WHERE id = 1",  # ahead of the chain
    "UPDATE audit_audithead SET hash = %s WHERE id = 1",
    "DELETE FROM audit_audithead",
])
def test_the_database_lets_the_head_move_forward_only_to_an_existing_event(three_events, sql):
    before = AuditHead.objects.values_list("seq", "hash").get(id=1)
    params = ["f" * 64] if "%s" in sql else None
    with pytest.raises(DatabaseError, match="forward only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    assert AuditHead.objects.values_list("seq", "hash").get(id=1) == before
