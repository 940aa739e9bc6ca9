from datetime import date

import pytest

from anjian.domain.permissions import Role
from anjian.notices.models import Notice
from anjian.notices.selectors import notices_for
from anjian.notices.services import NoticeSpec, notices_sync
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db


def _spec(key, region="411726", level="overdue", due=date(2026, 1, 10)):
    agency = Agency.objects.get(region_id=region)
    return NoticeSpec(key=key, agency_id=agency.pk, region_id=region, level=level, title=f"隐患 {key}", due_date=due)


def test_sync_is_idempotent_and_resolves_what_is_no_longer_true():
    assert notices_sync(prefix="hazard:", specs=[_spec("hazard:1"), _spec("hazard:2", level="due")]) == {
        "created": 2, "updated": 0, "resolved": 0}
    assert notices_sync(prefix="hazard:", specs=[_spec("hazard:1"), _spec("hazard:2", level="due")]) == {
        "created": 0, "updated": 0, "resolved": 0}
    assert notices_sync(prefix="hazard:", specs=[_spec("hazard:2", level="overdue")]) == {
        "created": 0, "updated": 1, "resolved": 1}
    assert Notice.objects.get(key="hazard:1").resolved_at is not None
    # Coming back reopens it.
    notices_sync(prefix="hazard:", specs=[_spec("hazard:1"), _spec("hazard:2")])
    assert Notice.objects.get(key="hazard:1").resolved_at is None


def test_other_prefixes_are_left_alone():
    notices_sync(prefix="hazard:", specs=[_spec("hazard:1")])
    notices_sync(prefix="listed:", specs=[])
    assert Notice.objects.get(key="hazard:1").resolved_at is None


def test_users_see_their_own_agencies_notices_overdue_first(make_user):
    notices_sync(prefix="hazard:", specs=[_spec("hazard:1", level="due", due=date(2026, 1, 1)),
                                          _spec("hazard:2", level="overdue", due=date(2026, 2, 1)),
                                          _spec("hazard:3", region="411721")])
    officer = make_user("411726", Role.OFFICER)
    assert [n.key for n in notices_for(officer)] == ["hazard:2", "hazard:1"]
    assert [n.key for n in notices_for(make_user("411721", Role.OFFICER))] == ["hazard:3"]


def test_home_page_lists_notices(client, make_user):
    notices_sync(prefix="hazard:", specs=[_spec("hazard:9")])
    client.force_login(make_user("411726", Role.OFFICER))
    page = client.get("/home/").content.decode()
    assert "待办提醒" in page and "隐患 hazard:9" in page and "已逾期" in page


def test_a_handoff_reaches_only_its_addressee_until_closed(make_user):
    from django.db import transaction

    from anjian.domain.permissions import Role
    from anjian.notices.selectors import handoffs_for, notices_for
    from anjian.notices.services import handoff_close, handoff_open

    sender = make_user("411726", Role.OFFICER)
    colleague = make_user("411726", Role.OFFICER)
    leader = make_user("411726", Role.AGENCY_LEADER)
    agency = sender.role_assignments.first().agency
    with transaction.atomic():
        handoff_open(actor=leader, user=sender, agency=agency, key="returned:inspection:1", title="检查方案已退回",
                     text="检查事项不全", link="/inspections/1/")
        handoff_open(actor=leader, user=sender, agency=agency, key="returned:inspection:1", title="检查方案已退回",
                     text="检查事项仍不全", link="/inspections/1/")
    assert [(n.title, n.text) for n in handoffs_for(sender)] == [("检查方案已退回", "检查事项仍不全")]
    assert not handoffs_for(colleague).exists()
    assert all(n.user_id is None for n in notices_for(colleague))  # not an agency-wide notice
    assert handoff_close(key="returned:inspection:1") is True
    assert handoff_close(key="returned:inspection:1") is False
    assert not handoffs_for(sender).exists()
