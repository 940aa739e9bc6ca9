"""Annual-plan and item-list writes through the API and the item pages: same scope, rules and messages as the
plan pages (tests/web/test_planning.py)."""

from datetime import date

import pytest
from django.urls import reverse

from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from anjian.planning.models import AnnualPlan, InspectionItemList, PlanAdjustment
from anjian.regions.models import Agency
from tests.services.inspection_helpers import HOME, OTHER, officer

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def s(make_user, make_enterprise):
    key = [make_enterprise(HOME, supervision_class="key", name=f"重点单位{i}") for i in range(2)]
    general = [make_enterprise(HOME, name=f"一般单位{i}") for i in range(5)]
    return {"head": make_user(HOME, Role.DEPARTMENT_HEAD), "leader": make_user(HOME, Role.AGENCY_LEADER),
            "officer": make_user(HOME, Role.OFFICER), "other": make_user(OTHER, Role.DEPARTMENT_HEAD),
            "key": key, "general": general, "outsider": make_enterprise(OTHER, name="西平单位"),
            "agency": Agency.objects.get(region_id=HOME)}


def post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def drafted(client, s) -> int:
    client.force_login(s["head"])
    response = post(client, "/api/v1/planning/plans", {"agency_id": s["agency"].pk, "year": 2031})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_entries_are_added_moved_and_removed_freely_in_a_draft(client, s):
    pk = drafted(client, s)
    entries = client.get(f"/api/v1/planning/plans/{pk}/entries").json()
    planned = {e["enterprise_id"] for e in entries}
    extra = next(e for e in s["general"] if e.pk not in planned)
    added = post(client, f"/api/v1/planning/plans/{pk}/entries", {"enterprise_id": extra.pk, "month": 3})
    assert added.status_code == 201 and added.json()["month"] == 3 and added.json()["reason"] == "manual"
    again = post(client, f"/api/v1/planning/plans/{pk}/entries", {"enterprise_id": extra.pk, "month": 4})
    assert again.status_code == 422 and "已在计划中" in again.json()["message"]
    entry = added.json()["id"]
    moved = post(client, f"/api/v1/planning/plans/{pk}/entries/{entry}/move", {"month": 9})
    assert moved.json()["month"] == 9
    bad = post(client, f"/api/v1/planning/plans/{pk}/entries/{entry}/move", {"month": 13})
    assert bad.status_code == 422 and bad.json()["message"] == "参数 month：应 ≤ 12"
    assert post(client, f"/api/v1/planning/plans/{pk}/entries/{entry}/remove").status_code == 204
    assert extra.pk not in {e["enterprise_id"] for e in client.get(f"/api/v1/planning/plans/{pk}/entries").json()}
    assert not PlanAdjustment.objects.exists()  # a draft changes freely (audited only)
    assert AuditEvent.objects.filter(verb="plan_entry_remove").exists()
    # an enterprise of another county is not addable, and its name is not revealed
    outside = post(client, f"/api/v1/planning/plans/{pk}/entries", {"enterprise_id": s["outsider"].pk, "month": 1})
    assert outside.status_code == 422 and "西平单位" not in outside.json()["message"]
    # regenerate the draft from the registry
    assert post(client, f"/api/v1/planning/plans/{pk}/draft").json()["status"] == "draft"


def test_after_approval_changes_need_a_reason_and_leave_adjustments(client, s):
    pk = drafted(client, s)
    client.force_login(s["leader"])
    approved = post(client, f"/api/v1/planning/plans/{pk}/approve",
                    {"reference": "泌政文〔2031〕1号", "approval_date": "2031-01-04"})
    assert approved.json()["status"] == "approved"
    assert post(client, f"/api/v1/planning/plans/{pk}/draft").status_code == 403  # leader: no PLAN_EDIT
    client.force_login(s["head"])
    assert post(client, f"/api/v1/planning/plans/{pk}/draft").status_code == 422
    entries = client.get(f"/api/v1/planning/plans/{pk}/entries").json()
    key_entry = next(e for e in entries if e["enterprise_id"] == s["key"][0].pk)
    url = f"/api/v1/planning/plans/{pk}/entries/{key_entry['id']}"
    refused = post(client, f"{url}/move", {"month": 11})
    assert refused.status_code == 422 and "调整理由" in refused.json()["message"]
    moved = post(client, f"{url}/move", {"month": 11, "reason": "企业停产检修", "planned_date": "2031-11-12"})
    assert moved.json()["month"] == 11 and moved.json()["planned_date"] == "2031-11-12"
    extra = next(e for e in s["general"] if e.pk not in {x["enterprise_id"] for x in entries})
    assert post(client, f"/api/v1/planning/plans/{pk}/entries",
                {"enterprise_id": extra.pk, "month": 6}).status_code == 422
    assert post(client, f"/api/v1/planning/plans/{pk}/entries",
                {"enterprise_id": extra.pk, "month": 6, "reason": "群众举报"}).status_code == 201
    adjustments = client.get(f"/api/v1/planning/plans/{pk}/adjustments").json()
    assert {(a["kind"], a["reason"]) for a in adjustments} == {("move", "企业停产检修"), ("add", "群众举报")}
    move = next(a for a in adjustments if a["kind"] == "move")
    assert (move["old"]["month"], move["new"]["month"]) == (key_entry["month"], 11)
    # the entry becomes an inspection of the plan's agency; then it cannot be removed
    a, b = officer(expires=date(2035, 12, 31)), officer(name="李四", expires=date(2035, 12, 31))
    started = post(client, f"{url}/inspection", {"planned_date": "2031-11-12", "officer_ids": [a.pk, b.pk]})
    assert started.status_code == 201, started.content
    now = {e["id"]: e for e in client.get(f"/api/v1/planning/plans/{pk}/entries").json()}
    assert now[key_entry["id"]]["inspection_id"] == started.json()["inspection_id"]
    assert now[key_entry["id"]]["inspection_status"] == started.json()["inspection_status"]
    removed = post(client, f"{url}/remove", {"reason": "企业关闭"})
    assert removed.status_code == 422 and "已转为执法检查" in removed.json()["message"]
    one = post(client, f"/api/v1/planning/plans/{pk}/entries/{key_entry['id']}/inspection",
               {"planned_date": "2031-11-12", "officer_ids": [a.pk, b.pk]})
    assert one.status_code == 422


def test_writes_are_scoped_and_capability_checked(client, s):
    pk = drafted(client, s)
    entry = client.get(f"/api/v1/planning/plans/{pk}/entries").json()[0]["id"]
    client.force_login(s["other"])  # another county: the draft does not exist for them
    assert post(client, f"/api/v1/planning/plans/{pk}/entries/{entry}/move", {"month": 2}).status_code == 404
    assert post(client, f"/api/v1/planning/plans/{pk}/entries",
                {"enterprise_id": s["key"][0].pk, "month": 2}).status_code == 404
    assert post(client, f"/api/v1/planning/plans/{pk}/draft").status_code == 404
    client.force_login(s["officer"])  # same county, no PLAN_EDIT
    assert post(client, f"/api/v1/planning/plans/{pk}/entries/{entry}/remove").status_code == 403
    assert post(client, "/api/v1/planning/item-lists",
                {"agency_id": s["agency"].pk, "name": "清单", "year": 2031}).status_code == 403
    client.logout()
    assert post(client, f"/api/v1/planning/plans/{pk}/draft").status_code in (401, 403)
    assert AnnualPlan.objects.get(pk=pk).entries.filter(pk=entry).exists()


ITEM = {"item": "危险化学品企业安全生产许可", "content": "安全生产许可证有效情况", "legal_basis": "《安全生产许可证条例》第二条",
        "target": "危险化学品、化工", "body": "危险化学品安全监督管理处", "method": "现场检查",
        "frequency": "抽查比例不低于 3%"}


def test_item_list_built_one_item_at_a_time_through_the_api(client, s):
    client.force_login(s["head"])
    created = post(client, "/api/v1/planning/item-lists", {"agency_id": s["agency"].pk, "name": "泌阳清单", "year": 2031})
    assert created.status_code == 201 and created.json()["items"] == []
    pk = created.json()["id"]
    bad = post(client, f"/api/v1/planning/item-lists/{pk}/items", {**ITEM, "content": " ", "target": "木材加工"})
    message = bad.json()["message"]
    assert bad.status_code == 422 and "抽查内容：不能为空" in message and "未知的行业“木材加工”" in message
    first = post(client, f"/api/v1/planning/item-lists/{pk}/items", ITEM)
    second = post(client, f"/api/v1/planning/item-lists/{pk}/items", {**ITEM, "item": "全部企业责任制", "target": "全部"})
    assert (first.json()["number"], second.json()["number"]) == (1, 2)
    assert first.json()["target"] == "hazardous_chemicals,chemical" and second.json()["target"] == "all"
    changed = client.put(f"/api/v1/planning/item-lists/{pk}/items/{first.json()['id']}",
                         {**ITEM, "frequency": "每年一次"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["frequency"] == "每年一次"
    assert AuditEvent.objects.filter(verb="item_list_item_update").exists()
    client.force_login(s["other"])
    assert client.get(f"/api/v1/planning/item-lists/{pk}").status_code == 404
    assert post(client, f"/api/v1/planning/item-lists/{pk}/items", ITEM).status_code == 404
    client.force_login(s["leader"])
    assert post(client, f"/api/v1/planning/item-lists/{pk}/publish").json()["published"] is True
    client.force_login(s["head"])
    late = post(client, f"/api/v1/planning/item-lists/{pk}/items", ITEM)
    assert late.status_code == 422 and "清单已公布" in late.json()["message"]
    client.force_login(s["other"])  # published: visible to everyone with PLAN_VIEW, still not editable
    assert client.get(f"/api/v1/planning/item-lists/{pk}").json()["items"][0]["frequency"] == "每年一次"


def test_an_empty_list_cannot_be_published(client, s):
    client.force_login(s["head"])
    pk = post(client, "/api/v1/planning/item-lists", {"agency_id": s["agency"].pk, "name": "空清单", "year": 2031}
              ).json()["id"]
    client.force_login(s["leader"])
    response = post(client, f"/api/v1/planning/item-lists/{pk}/publish")
    assert response.status_code == 422 and "还没有抽查事项" in response.json()["message"]


def test_item_pages_create_add_edit_with_validation(client, s):
    client.force_login(s["head"])
    response = client.post(reverse("planning:item_lists"), {"agency": s["agency"].pk, "name": "泌阳县清单", "year": 2031})
    item_list = InspectionItemList.objects.get(name="泌阳县清单")
    assert response.status_code == 302 and response["Location"] == reverse("planning:item_list", args=[item_list.pk])
    page = client.get(reverse("planning:item_list", args=[item_list.pk])).content.decode()
    assert "添加抽查事项" in page and "尚无抽查事项" in page
    form = {**ITEM, "target": ["hazardous_chemicals", "chemical"]}
    missing = client.post(reverse("planning:item_add", args=[item_list.pk]), {**form, "legal_basis": "", "target": []})
    text = missing.content.decode()
    assert missing.status_code == 200 and text.count("这个字段是必填项") == 2 and not item_list.items.exists()
    assert client.post(reverse("planning:item_add", args=[item_list.pk]), form).status_code == 302
    item = item_list.items.get()
    assert (item.number, item.target) == (1, "hazardous_chemicals,chemical")
    edit_url = reverse("planning:item_edit", args=[item_list.pk, item.pk])
    assert "危险化学品安全监督管理处" in client.get(edit_url).content.decode()
    client.post(edit_url, {**form, "target": ["all", "chemical"], "method": "书面检查"})
    item.refresh_from_db()
    assert (item.target, item.method) == ("all", "书面检查")
    page = client.get(reverse("planning:item_list", args=[item_list.pk])).content.decode()
    assert "全部行业" in page and "书面检查" in page
    # another county: 404; a published list: no edit form, edits refused with the reason
    client.force_login(s["other"])
    assert client.get(edit_url).status_code == 404
    client.force_login(s["leader"])
    client.post(reverse("planning:item_publish", args=[item_list.pk]))
    client.force_login(s["head"])
    page = client.get(reverse("planning:item_list", args=[item_list.pk])).content.decode()
    assert "添加抽查事项" not in page and edit_url not in page
    refused = client.post(edit_url, {**form, "method": "现场检查"}, follow=True).content.decode()
    assert "清单已公布" in refused
    item.refresh_from_db()
    assert item.method == "书面检查"
