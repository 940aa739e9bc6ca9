"""The blacklist (失信联合惩戒) through the pages, the enterprise page, the public page and the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.credit.models import CreditSanction
from anjian.credit.services import sanction_lift, sanction_record
from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = timedelta(days=365)


@pytest.fixture
def head(make_user):
    return make_user("411726", Role.DEPARTMENT_HEAD)


def _record(actor, enterprise, **kw):
    values = {"list_kind": "joint_sanction", "reason": "拒不执行停产整顿指令", "start_date": TODAY - timedelta(days=5),
              "end_date": TODAY + YEAR, "legal_basis": "《安全生产法》"}
    return sanction_record(actor=actor, enterprise=enterprise, **{**values, **kw})


def test_record_through_the_form_then_see_it_on_the_list_and_the_enterprise_page(client, head, make_enterprise):
    enterprise = make_enterprise("411726", name="泌阳县某化工有限公司")
    client.force_login(head)
    page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "失信联合惩戒（惩戒中 0）" in page and f"/credit/new/?enterprise={enterprise.pk}" in page
    assert f'value="{enterprise.pk}"' in client.get(f"/credit/new/?enterprise={enterprise.pk}").content.decode()
    response = client.post("/credit/new/", {
        "enterprise": enterprise.uscc, "list_kind": "serious_dishonesty", "reason": "发生较大生产安全事故",
        "legal_basis": "《安全生产严重失信主体名单管理办法》第五条", "source_reference": "泌应急罚〔2025〕7号",
        "start_date": TODAY.isoformat(), "end_date": (TODAY + 3 * YEAR).isoformat()})
    sanction = CreditSanction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/credit/{sanction.pk}/"
    detail = client.get(f"/credit/{sanction.pk}/").content.decode()
    assert "严重失信主体名单" in detail and "泌应急罚〔2025〕7号" in detail and "惩戒中" in detail
    listing = client.get("/credit/").content.decode()
    assert "泌阳县某化工有限公司" in listing and "发生较大生产安全事故" in listing
    page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "失信联合惩戒（惩戒中 1）" in page and "发生较大生产安全事故" in page


def test_the_form_refuses_a_reversed_period_and_an_enterprise_out_of_scope(client, head, make_enterprise):
    mine, theirs = make_enterprise("411726"), make_enterprise("411721")
    client.force_login(head)
    body = {"enterprise": str(mine.pk), "list_kind": "watch", "reason": "一年内两次受到行政处罚",
            "start_date": TODAY.isoformat(), "end_date": (TODAY - timedelta(days=1)).isoformat()}
    page = client.post("/credit/new/", body).content.decode()
    assert "惩戒期间的结束日期不能早于开始日期" in page
    page = client.post("/credit/new/", {**body, "enterprise": theirs.uscc,
                                        "end_date": (TODAY + YEAR).isoformat()}).content.decode()
    assert "未找到该单位，或该单位不在本机关管辖范围内" in page
    assert not CreditSanction.objects.exists()


def test_lift_through_the_page(client, head, make_enterprise):
    sanction = _record(head, make_enterprise("411726"))
    client.force_login(head)
    assert "移出名单" in client.get(f"/credit/{sanction.pk}/").content.decode()
    refused = client.post(f"/credit/{sanction.pk}/lift/", {"reason": ""}, follow=True).content.decode()
    assert "请填写移出理由" in refused
    client.post(f"/credit/{sanction.pk}/lift/", {"reason": "已完成信用修复"})
    sanction.refresh_from_db()
    assert sanction.status == "lifted"
    assert "已提前移出" in client.get(f"/credit/{sanction.pk}/").content.decode()
    assert "拒不执行停产整顿指令" not in client.get("/credit/").content.decode()  # default filter: in force
    assert "拒不执行停产整顿指令" in client.get("/credit/", {"state": "all"}).content.decode()


def test_public_page_shows_sanctions_in_force_only_and_no_personal_data(client, head, make_enterprise):
    running = make_enterprise("411726", name="惩戒中企业有限公司", legal_representative="张三丰")
    expired = make_enterprise("411726", name="已到期企业有限公司")
    lifted = make_enterprise("411726", name="已移出企业有限公司")
    pending = make_enterprise("411726", name="未开始企业有限公司")
    in_force = _record(head, running)
    _record(head, expired, start_date=TODAY - 2 * YEAR, end_date=TODAY - YEAR)
    sanction_lift(actor=head, sanction=_record(head, lifted), reason="信用修复")
    _record(head, pending, start_date=TODAY + timedelta(days=10), end_date=TODAY + YEAR)
    response = client.get("/public/credit/")  # anonymous
    page = response.content.decode()
    assert response.status_code == 200
    assert "惩戒中企业有限公司" in page and running.uscc in page and "安全生产领域失信联合惩戒对象" in page
    assert "拒不执行停产整顿指令" in page and in_force.agency.name in page and "《安全生产法》" in page
    for name in ("已到期企业有限公司", "已移出企业有限公司", "未开始企业有限公司"):
        assert name not in page
    assert "张三丰" not in page and head.username not in page
    assert "惩戒中企业有限公司" not in client.get("/public/credit/", {"q": expired.uscc}).content.decode()


def test_another_county_can_neither_see_nor_record_nor_lift(client, head, make_user, make_enterprise):
    enterprise = make_enterprise("411726", name="泌阳县被惩戒企业有限公司")
    sanction = _record(head, enterprise)
    other = make_user("411721", Role.DEPARTMENT_HEAD)
    client.force_login(other)
    assert "泌阳县被惩戒企业有限公司" not in client.get("/credit/", {"state": "all"}).content.decode()
    assert client.get(f"/credit/{sanction.pk}/").status_code == 404
    assert client.post(f"/credit/{sanction.pk}/lift/", {"reason": "越权"}).status_code == 404
    page = client.post("/credit/new/", {"enterprise": enterprise.uscc, "list_kind": "watch", "reason": "越权",
                                        "start_date": TODAY.isoformat(),
                                        "end_date": (TODAY + YEAR).isoformat()}).content.decode()
    assert "不在本机关管辖范围内" in page
    assert client.get(f"/api/v1/credit/sanctions/{sanction.pk}").status_code == 404
    assert client.get("/api/v1/credit/sanctions", {"state": "all"}).json()["count"] == 0
    api = client.post("/api/v1/credit/sanctions", {"enterprise": enterprise.uscc, "list_kind": "watch",
                                                    "reason": "越权", "start_date": TODAY.isoformat(),
                                                    "end_date": (TODAY + YEAR).isoformat()},
                      content_type="application/json")
    assert api.status_code == 404
    assert client.post(f"/api/v1/credit/sanctions/{sanction.pk}/lift", {"reason": "越权"},
                       content_type="application/json").status_code == 404
    sanction.refresh_from_db()
    assert sanction.status == "active" and CreditSanction.objects.count() == 1


def test_an_officer_sees_sanctions_but_may_not_record_or_lift(client, county_officer, head, make_enterprise):
    sanction = _record(head, make_enterprise("411726"))
    client.force_login(county_officer)
    assert client.get("/credit/").status_code == 200
    detail = client.get(f"/credit/{sanction.pk}/").content.decode()
    assert "拒不执行停产整顿指令" in detail and "移出名单" not in detail
    assert client.get("/credit/new/").status_code == 403
    assert client.post(f"/credit/{sanction.pk}/lift/", {"reason": "x"}).status_code == 403
    assert client.post(f"/api/v1/credit/sanctions/{sanction.pk}/lift", {"reason": "x"},
                       content_type="application/json").status_code == 403


def test_api_records_lists_and_lifts(client, head, make_enterprise):
    enterprise = make_enterprise("411726")
    client.force_login(head)
    body = {"enterprise": str(enterprise.pk), "list_kind": "watch", "reason": "一年内两次受到行政处罚",
            "start_date": TODAY.isoformat(), "end_date": (TODAY - timedelta(days=1)).isoformat()}
    bad = client.post("/api/v1/credit/sanctions", body, content_type="application/json")
    assert bad.status_code == 422 and "结束日期不能早于开始日期" in bad.json()["message"]
    created = client.post("/api/v1/credit/sanctions", {**body, "end_date": (TODAY + YEAR).isoformat()},
                          content_type="application/json")
    assert created.status_code == 201
    data = created.json()
    assert data["state"] == "in_force" and data["uscc"] == enterprise.uscc and data["list_kind_label"] == "重点关注名单"
    listed = client.get("/api/v1/credit/sanctions").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == data["id"]
    lifted = client.post(f"/api/v1/credit/sanctions/{data['id']}/lift", {"reason": "信用修复"},
                         content_type="application/json")
    assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
    again = client.post(f"/api/v1/credit/sanctions/{data['id']}/lift", {"reason": "信用修复"},
                        content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "invalid_request"
    assert client.get("/api/v1/credit/sanctions").json()["count"] == 0
    assert client.get("/api/v1/credit/sanctions", {"state": "lifted"}).json()["count"] == 1
    assert client.get("/api/v1/credit/sanctions", {"state": "bogus"}).status_code == 422
