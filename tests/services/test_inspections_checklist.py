"""The checklist library: admins extend it; imports are all or nothing with Chinese row errors."""

import pytest

from anjian.audit.models import AuditEvent
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.inspections.models import ChecklistItem
from anjian.inspections.services_checklist import (
    checklist_import,
    checklist_item_add,
    checklist_item_set_active,
    checklist_item_update,
)

pytestmark = pytest.mark.django_db
ROW = {"code": "ft-01", "industry": "烟花爆竹", "category": "储存", "content": "中转库是否超量储存",
       "law_name": "《烟花爆竹安全管理条例》", "article": "第二十条", "is_key": "否"}


@pytest.fixture
def admin(make_user):
    return make_user("410000", Role.SYSTEM_ADMIN)


def test_admin_adds_edits_and_deactivates_an_item(admin, county_officer):
    with pytest.raises(ServiceDenied):
        checklist_item_add(actor=county_officer, data=ROW)
    item = checklist_item_add(actor=admin, data=ROW)
    assert (item.code, item.industry, item.legal_basis) == ("FT-01", "fireworks", "《烟花爆竹安全管理条例》第二十条")
    with pytest.raises(ServiceInvalid, match="编号 FT-01 已存在"):
        checklist_item_add(actor=admin, data=ROW)
    item = checklist_item_update(actor=admin, item=item, data={**ROW, "article": "第二十一条"})
    assert item.article == "第二十一条"
    item = checklist_item_set_active(actor=admin, item=item, active=False)
    assert not item.is_active
    assert AuditEvent.objects.filter(verb="checklist_item_deactivate", target_id=str(item.pk)).exists()


def test_import_with_one_bad_row_writes_nothing(admin, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("编号,适用行业,类别,检查内容,法律法规标准名称,条款,重点检查事项\n"
                    "FT-02,烟花爆竹,储存,检查内容A,《烟花爆竹安全管理条例》,第二十条,是\n"
                    "FT-03,不存在的行业,储存,检查内容B,,第二十条,也许\n", encoding="utf-8")
    before = ChecklistItem.objects.count()
    report = checklist_import(actor=admin, path=path, file_name="items.csv")
    assert not report.committed and ChecklistItem.objects.count() == before
    assert report.error_lines() == ["第3行 法律法规标准名称：缺少法律法规标准名称",
                                    "第3行 适用行业：未知的行业领域“不存在的行业”",
                                    "第3行 重点检查事项：重点检查事项应填“是”或“否”"]


def test_import_adds_new_codes_and_updates_known_ones(admin, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("编号,类别,检查内容,法律法规标准名称,条款\n"
                    "KEY-01,主体责任落实,修订后的内容,《中华人民共和国安全生产法》,第二十一条\n"
                    "GEN-99,消防,疏散通道是否畅通,《中华人民共和国消防法》,第二十八条\n", encoding="utf-8")
    report = checklist_import(actor=admin, path=path, file_name="items.csv")
    assert report.committed and report.created_keys == ["GEN-99"] and report.updated_keys == ["KEY-01"]
    key = ChecklistItem.objects.get(code="KEY-01")
    assert key.content == "修订后的内容" and key.is_key  # columns absent from the file keep their values
    assert ChecklistItem.objects.get(code="GEN-99").industry == "all"
