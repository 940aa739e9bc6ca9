from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anjian.domain.permissions import Role
from anjian.planning.models import AnnualPlan, InspectionItemList, PlanAdjustment
from tests.services.inspection_helpers import HOME, OTHER, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user, make_enterprise):
    key = [make_enterprise(HOME, supervision_class="key", name=f"重点单位{i}") for i in range(2)]
    general = [make_enterprise(HOME, name=f"一般单位{i}") for i in range(5)]
    return {"head": make_user(HOME, Role.DEPARTMENT_HEAD), "leader": make_user(HOME, Role.AGENCY_LEADER),
            "city": make_user("411700", Role.AGENCY_LEADER), "other": make_user(OTHER, Role.AGENCY_LEADER),
            "key": key, "general": general}


def drafted_through_pages(client, s) -> AnnualPlan:
    client.force_login(s["head"])
    from anjian.regions.models import Agency

    agency = Agency.objects.get(region_id=HOME)
    response = client.post(reverse("planning:list"), {"agency": agency.pk, "year": 2030})
    plan = AnnualPlan.objects.get(agency=agency, year=2030)
    assert response.status_code == 302
    client.post(reverse("planning:draft", args=[plan.pk]))
    return plan


def test_plan_flow_through_the_pages(client, setting):
    s = setting
    plan = drafted_through_pages(client, s)
    page = client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    assert all(e.name in page for e in s["key"]) and "全部规则通过" in page
    assert plan.entries.filter(enterprise__supervision_class="general").count() == 2  # ceil(5/3)
    # another county: 404 for the draft
    client.force_login(s["other"])
    assert client.get(reverse("planning:detail", args=[plan.pk])).status_code == 404
    # removing a key unit blocks the approval, with a clear message
    client.force_login(s["head"])
    entry = plan.entries.get(enterprise=s["key"][0])
    client.post(reverse("planning:entry_remove", args=[plan.pk, entry.pk]))
    client.force_login(s["leader"])
    response = client.post(reverse("planning:approve", args=[plan.pk]),
                           {"reference": "泌政文〔2030〕3号", "approval_date": "2030-01-05"}, follow=True)
    assert "重点检查单位未全覆盖" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"
    client.force_login(s["head"])
    client.post(reverse("planning:entry_add", args=[plan.pk]), {"enterprise": s["key"][0].pk, "month": 2})
    client.force_login(s["leader"])
    response = client.post(reverse("planning:approve", args=[plan.pk]), {"reference": "", "approval_date": ""},
                           follow=True)
    assert "批复文号" in response.content.decode()
    client.post(reverse("planning:approve", args=[plan.pk]),
                {"reference": "泌政文〔2030〕3号", "approval_date": "2030-01-05"})
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approval_date == date(2030, 1, 5)
    # the superior sees the plan only once filed
    client.force_login(s["city"])
    assert client.get(reverse("planning:detail", args=[plan.pk])).status_code == 404
    client.force_login(s["leader"])
    client.post(reverse("planning:file", args=[plan.pk]))
    client.force_login(s["city"])
    listing = client.get(reverse("planning:list")).content.decode()
    assert "下级计划备案" in listing and str(plan) in listing
    assert client.get(reverse("planning:detail", args=[plan.pk])).status_code == 200
    # adjustment after approval, with reason and old/new
    client.force_login(s["head"])
    entry = plan.entries.get(enterprise=s["key"][1])
    client.post(reverse("planning:entry_move", args=[plan.pk, entry.pk]), {"month": 12})
    entry.refresh_from_db()
    assert entry.month != 12 and not PlanAdjustment.objects.exists()
    old = entry.month
    client.post(reverse("planning:entry_move", args=[plan.pk, entry.pk]), {"month": 12, "reason": "企业检修"})
    adj = PlanAdjustment.objects.get()
    assert (adj.old["month"], adj.new["month"], adj.reason) == (old, 12, "企业检修")
    assert "企业检修" in client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    # convert an entry to an inspection
    a, b = officer(), officer(name="李四")
    response = client.post(reverse("planning:entry_start", args=[plan.pk, entry.pk]),
                           {"planned_date": "2030-12-02", "officers": [a.pk, b.pk]})
    entry.refresh_from_db()
    assert response.status_code == 302 and entry.inspection.source == "annual_plan"
    assert client.get(reverse("planning:export", args=[plan.pk]))["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    # publish → public page without login, no internal notes
    plan.entries.filter(pk=entry.pk).update(note="内部备注不公开")
    client.force_login(s["leader"])
    client.post(reverse("planning:publish", args=[plan.pk]))
    client.logout()
    public = client.get(reverse("planning:public_plan", args=[plan.pk]))
    text = public.content.decode()
    assert public.status_code == 200 and s["key"][1].name in text and "12月" in text
    assert "内部备注不公开" not in text


def test_public_page_of_an_unpublished_plan_is_404(client, setting):
    plan = drafted_through_pages(client, setting)
    client.logout()
    assert client.get(reverse("planning:public_plan", args=[plan.pk])).status_code == 404


HEADER = "抽查事项,抽查内容,抽查依据,抽查对象,抽查主体,抽查方式,抽查频次\n"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("items.csv", text.encode("utf-8"), content_type="text/csv")


def test_item_list_import_is_all_or_nothing_and_publishes_publicly(client, setting):
    s = setting
    client.force_login(s["head"])
    from anjian.regions.models import Agency

    agency = Agency.objects.get(region_id=HOME)
    bad = HEADER + "危化企业,许可证,《安全生产法》,危险化学品,执法大队,现场检查,每年一次\n" \
                   "工贸企业,,《安全生产法》,木材加工,执法大队,现场检查,每年一次\n"
    response = client.post(reverse("planning:item_import"), {"agency": agency.pk, "name": "泌阳清单", "year": 2030,
                                                              "file": upload(bad)})
    text = response.content.decode()
    assert "第3行 抽查内容：不能为空" in text and "第3行 抽查对象" in text and "木材加工" in text
    assert not InspectionItemList.objects.filter(name="泌阳清单").exists()
    good = HEADER + "危化企业,许可证,《安全生产法》,危险化学品、化工,执法大队,现场检查,比例 ≥ 3%\n" \
                    "全部企业,责任制,《安全生产法》,全部,执法大队,书面检查,每年一次\n"
    response = client.post(reverse("planning:item_import"), {"agency": agency.pk, "name": "泌阳清单", "year": 2030,
                                                              "file": upload(good)})
    item_list = InspectionItemList.objects.get(name="泌阳清单")
    assert response.status_code == 302 and item_list.items.count() == 2
    assert item_list.items.first().target == "hazardous_chemicals,chemical"
    client.logout()
    assert client.get(reverse("planning:public_item_list", args=[item_list.pk])).status_code == 404
    client.force_login(s["leader"])
    client.post(reverse("planning:item_publish", args=[item_list.pk]))
    client.logout()
    page = client.get(reverse("planning:public_item_list", args=[item_list.pk])).content.decode()
    assert "比例 ≥ 3%" in page and "危险化学品、化工" in page


def test_seeded_provincial_item_list_loads_idempotently(db):
    from importlib import import_module

    from django.apps import apps

    loader = import_module("anjian.planning.migrations.0002_seed_item_list")
    loader.load(apps, None)
    loader.load(apps, None)
    seeded = InspectionItemList.objects.get(name=loader.NAME)
    assert seeded.published and seeded.agency.region_id == "410000"
    assert seeded.items.filter(legal_basis__contains="安全评价检测检验机构管理办法").exists()
    assert seeded.items.count() == 8


def test_api_drafts_covers_approves_and_hides_from_another_county(client, setting):
    s = setting
    from anjian.regions.models import Agency

    agency = Agency.objects.get(region_id=HOME)
    client.force_login(s["head"])
    response = client.post("/api/v1/planning/plans", {"agency_id": agency.pk, "year": 2031},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    entries = client.get(f"/api/v1/planning/plans/{pk}/entries").json()
    assert {e["enterprise_id"] for e in entries} >= {e.pk for e in s["key"]}
    assert client.get(f"/api/v1/planning/plans/{pk}/coverage").json()["ok"] is True
    client.force_login(s["leader"])
    response = client.post(f"/api/v1/planning/plans/{pk}/approve", {"reference": ""},
                           content_type="application/json")
    assert response.status_code == 422 and "批复文号" in response.json()["message"]
    response = client.post(f"/api/v1/planning/plans/{pk}/approve",
                           {"reference": "泌政文〔2031〕1号", "approval_date": "2031-01-04"},
                           content_type="application/json")
    assert response.json()["status"] == "approved"
    assert client.post(f"/api/v1/planning/plans/{pk}/file").json()["status"] == "filed"
    client.force_login(s["other"])
    assert client.get(f"/api/v1/planning/plans/{pk}").status_code == 404
    assert client.get("/api/v1/planning/item-lists").status_code == 200


def test_adding_an_enterprise_the_page_did_not_offer_is_refused_as_the_api_refuses_it(client, setting, make_enterprise):
    """Issue 11 item 5: the page used to answer "请选择检查对象和月份" for any unit it did not list; both doors now
    convert the id the same way and the service says why."""
    s = setting
    plan = drafted_through_pages(client, s)
    elsewhere = make_enterprise(OTHER, name="西平县某单位")
    for who, pk in (("elsewhere", elsewhere.pk), ("unknown", elsewhere.pk + 1000)):
        page = client.post(reverse("planning:entry_add", args=[plan.pk]), {"enterprise": pk, "month": 2}, follow=True)
        api = client.post(f"/api/v1/planning/plans/{plan.pk}/entries", {"enterprise_id": pk, "month": 2},
                          content_type="application/json")
        assert "单位不存在或不在本辖区" in page.content.decode(), who
        assert api.status_code == 422 and api.json()["message"] == "单位不存在或不在本辖区", who
    taken = plan.entries.first().enterprise
    page = client.post(reverse("planning:entry_add", args=[plan.pk]), {"enterprise": taken.pk, "month": 2},
                       follow=True)
    assert f"{taken.name}已在计划中" in page.content.decode()
    assert not plan.entries.filter(enterprise=elsewhere).exists()
