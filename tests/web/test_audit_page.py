"""The audit page shows the chain's head and lets the audit admin download a signed checkpoint to keep outside
the database (ADR 0019); nobody else may."""

import pytest

from anjian.audit.guard import guard_lifted
from anjian.audit.models import AuditEvent, AuditHead
from anjian.audit.selectors import audit_checkpoints_verify
from anjian.domain.audit_chain import checkpoint_parse
from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(client, make_user):
    make_user("411726", Role.OFFICER)  # at least one event: the account's creation
    client.force_login(make_user("410000", Role.AUDIT_ADMIN))
    return client


def test_the_page_shows_the_head_and_offers_a_checkpoint(auditor):
    page = auditor.get("/audit/").content.decode()
    head = AuditHead.objects.get(id=1)
    assert f"链头：第 {head.seq} 号事件" in page and "下载检查点" in page and "/audit/checkpoint/" in page


def test_the_audit_admin_downloads_a_checkpoint_that_verifies(auditor):
    response = auditor.get("/audit/checkpoint/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    head = AuditHead.objects.get(id=1)
    assert response["Content-Disposition"] == f'attachment; filename="anjian-audit-checkpoint-{head.seq}.txt"'
    line = response.content.decode().strip()
    assert (checkpoint_parse(line).seq, checkpoint_parse(line).hash) == (head.seq, head.hash)
    report = audit_checkpoints_verify([line])
    assert report.checked == 1 and report.findings == ()


def test_no_checkpoint_for_a_broken_chain(auditor):
    with guard_lifted():
        AuditEvent.objects.filter(seq=AuditHead.objects.get(id=1).seq).update(actor_name="someone-else")
    response = auditor.get("/audit/checkpoint/", follow=True)
    assert "不能签发检查点" in response.content.decode()


def test_only_the_audit_admin_may_download_a_checkpoint(client, make_user):
    client.force_login(make_user("410000", Role.SECURITY_ADMIN))
    assert client.get("/audit/checkpoint/").status_code == 403
