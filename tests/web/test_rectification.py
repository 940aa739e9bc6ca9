"""Rectification follow-up through the pages and the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.inspections.models import ExtensionRequest, Hazard, HazardEscalation, Reinspection
from tests.services.inspection_helpers import HOME, OTHER
from tests.services.test_rectification import build

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - timedelta(days=40)


@pytest.fixture
def setting(county_officer, make_user, make_enterprise, other_county_officer):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    deadlines = [TODAY + timedelta(days=20), TODAY - timedelta(days=2), TODAY - timedelta(days=9),
                 TODAY + timedelta(days=3)]
    inspection, hazards, team = build(county_officer, head, make_enterprise(HOME, name="泌阳县整改测试有限公司"),
                                      started=START, deadlines=deadlines)
    other, other_hazards, _ = build(other_county_officer, make_user(OTHER, Role.DEPARTMENT_HEAD),
                                    make_enterprise(OTHER, name="西平县逾期测试有限公司"), started=START,
                                    deadlines=[TODAY - timedelta(days=5)], region=OTHER)
    return {"officer": county_officer, "head": head, "i": inspection, "h": hazards, "team": team,
            "other": other, "other_h": other_hazards[0]}


def test_overdue_tab_sorted_scoped_with_counts(client, setting):
    client.force_login(setting["officer"])
    page = client.get("/inspections/rectification/").content.decode()
    assert "已逾期（2）" in page and "7日内到期（1）" in page and "全部在整改（4）" in page
    assert "西平县逾期测试有限公司" not in page
    assert page.index("已逾期9日") < page.index("已逾期2日")
    due = client.get("/inspections/rectification/?state=due_soon").content.decode()
    assert "3日后到期" in due and "已逾期" not in due.split("<tbody>")[1]


def test_detail_links_and_inspection_and_enterprise_pages(client, setting):
    client.force_login(setting["officer"])
    i = setting["i"]
    detail = client.get(f"/inspections/{i.pk}/").content.decode()
    assert "整改与复查" in detail and f"/inspections/rectification/inspection/{i.pk}/" in detail
    page = client.get(f"/inspections/rectification/inspection/{i.pk}/").content.decode()
    assert "已逾期2日" in page and "记录复查" in page and "移交（强制措施/立案）" in page
    ent = client.get(f"/inspections/rectification/enterprise/{i.enterprise_id}/").content.decode()
    assert "泌阳县整改测试有限公司" in ent and "共 4 项" in ent
    assert client.get(f"/inspections/rectification/inspection/{setting['other'].pk}/").status_code == 404
    assert client.get(f"/inspections/rectification/hazard/{setting['other_h'].pk}/extension/").status_code == 404


def test_extension_request_and_decision_through_the_pages(client, setting):
    client.force_login(setting["officer"])
    hazard = setting["h"][0]  # deadline in 20 days
    url = f"/inspections/rectification/hazard/{hazard.pk}/extension/"
    assert "最迟" in client.get(url).content.decode()
    recorded = client.post(url, {"requested_at": TODAY.isoformat(),
                                 "requested_deadline": (TODAY + timedelta(days=40)).isoformat(), "reason": "暴雨"})
    assert recorded.status_code == 302
    near = setting["h"][3]  # deadline in 3 days: too late
    refused = client.post(f"/inspections/rectification/hazard/{near.pk}/extension/", {
        "requested_at": TODAY.isoformat(), "requested_deadline": (TODAY + timedelta(days=30)).isoformat(),
        "reason": "暴雨"})
    assert "已逾时限，不予受理" in refused.content.decode()
    request = ExtensionRequest.objects.get(hazard=hazard)
    decide = f"/inspections/rectification/extension/{request.pk}/decide/"
    assert client.get(decide).status_code == 403  # officers do not approve
    client.force_login(setting["head"])
    assert "暴雨" in client.get(decide).content.decode()
    response = client.post(decide, {"decision": "approve", "opinion": "同意"})
    assert response.status_code == 302
    assert Hazard.objects.get(pk=hazard.pk).deadline == TODAY + timedelta(days=40)


def test_reinspection_and_escalation_through_the_pages(client, setting):
    client.force_login(setting["officer"])
    i, (h0, h1, h2, _) = setting["i"], setting["h"]
    url = f"/inspections/rectification/inspection/{i.pk}/reinspect/"
    assert "本次不复查" in client.get(url).content.decode()
    team = [o.pk for o in setting["team"]]
    refused = client.post(url, {"date": TODAY.isoformat(), "officers": team[:1], "opinion": "复查",
                                f"result_{h1.pk}": "rectified"})
    assert "执法检查须由两名以上执法人员进行" in refused.content.decode()
    early = client.post(url, {"date": TODAY.isoformat(), "officers": team, "opinion": "复查",
                              f"result_{h0.pk}": "rectified"})
    assert "未到，单位未报告整改完成的，不能提前复查" in early.content.decode()
    response = client.post(url, {"date": TODAY.isoformat(), "officers": team, "opinion": "部分整改",
                                 f"result_{h1.pk}": "rectified", f"note_{h1.pk}": "已清理",
                                 f"result_{h2.pk}": "not_rectified"})
    assert response.status_code == 302 and Reinspection.objects.count() == 1
    assert Hazard.objects.get(pk=h1.pk).status == "rectified" and Hazard.objects.get(pk=h2.pk).status == "rectifying"
    escalate = f"/inspections/rectification/hazard/{h2.pk}/escalate/"
    assert client.post(escalate, {"route": "penalty_case", "note": "立案"}).status_code == 302
    assert HazardEscalation.objects.get().hazard_id == h2.pk
    assert Hazard.objects.get(pk=h2.pk).status == "escalated"
    page = client.get(f"/inspections/rectification/inspection/{i.pk}/").content.decode()
    assert "部分整改" in page and "未整改" in page


def test_api_flow(client, setting):
    client.force_login(setting["officer"])
    body = client.get("/api/v1/rectification/?state=overdue").json()
    assert body["count"] == 2 and body["counts"] == {"overdue": 2, "due_soon": 1, "all_open": 4}
    assert [r["days"] for r in body["results"]] == [9, 2] and body["results"][0]["deadline_state"] == "overdue"
    assert client.get("/api/v1/rectification/?state=bogus").json()["code"] == "invalid_request"

    h0, h1, h2, h3 = setting["h"]
    late = client.post(f"/api/v1/rectification/hazards/{h3.pk}/extension-requests", {
        "requested_at": TODAY.isoformat(), "requested_deadline": (TODAY + timedelta(days=30)).isoformat(),
        "reason": "暴雨"}, content_type="application/json")
    assert late.status_code == 422 and "不予受理" in late.json()["message"]
    created = client.post(f"/api/v1/rectification/hazards/{h0.pk}/extension-requests", {
        "requested_at": TODAY.isoformat(), "requested_deadline": (TODAY + timedelta(days=30)).isoformat(),
        "reason": "暴雨"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    rid = created.json()["id"]
    denied = client.post(f"/api/v1/rectification/extension-requests/{rid}/decision", {"approve": True},
                         content_type="application/json")
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"

    team = [o.pk for o in setting["team"]]
    done = client.post(f"/api/v1/rectification/inspections/{setting['i'].pk}/reinspections", {
        "date": TODAY.isoformat(), "officer_ids": team, "opinion": "复查",
        "results": [{"hazard_id": h1.pk, "rectified": False, "note": "仍堵塞"},
                    {"hazard_id": h2.pk, "rectified": True}]}, content_type="application/json")
    assert done.status_code == 201
    assert {r["hazard_id"]: r["hazard_status"] for r in done.json()["results"]} == {
        h1.pk: "rectifying", h2.pk: "rectified"}
    esc = client.post(f"/api/v1/rectification/hazards/{h1.pk}/escalation", {"route": "measures"},
                      content_type="application/json")
    assert esc.status_code == 200 and esc.json()["hazard_status"] == "escalated"
    other = client.post(f"/api/v1/rectification/hazards/{setting['other_h'].pk}/escalation", {"route": "measures"},
                        content_type="application/json")
    assert other.status_code == 404 and other.json()["code"] == "not_found"

    client.force_login(setting["head"])
    approved = client.post(f"/api/v1/rectification/extension-requests/{rid}/decision",
                           {"approve": True, "opinion": "同意"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["hazard_deadline"] == (TODAY + timedelta(days=30)).isoformat()


def test_a_reinspection_officer_from_elsewhere_is_refused_alike_by_page_and_api(client, setting):
    """Issue 11 item 5: the page converts officer ids as the API does (it used to answer Django's "select a valid
    choice", naming the id, for an officer it did not offer)."""
    from tests.services.inspection_helpers import officer

    client.force_login(setting["officer"])
    i, h1 = setting["i"], setting["h"][1]
    ids = [*(o.pk for o in setting["team"]), officer(OTHER, name="何杰").pk]
    page = client.post(f"/inspections/rectification/inspection/{i.pk}/reinspect/", {
        "date": TODAY.isoformat(), "officers": ids, "opinion": "复查", f"result_{h1.pk}": "rectified"})
    api = client.post(f"/api/v1/rectification/inspections/{i.pk}/reinspections", {
        "date": TODAY.isoformat(), "officer_ids": ids, "opinion": "复查",
        "results": [{"hazard_id": h1.pk, "rectified": True}]}, content_type="application/json")
    assert "执法人员不存在或不可选" in page.content.decode() and "何杰" not in page.content.decode()
    assert api.status_code == 422 and "执法人员不存在或不可选" in api.json()["message"]
    assert not Reinspection.objects.exists()
