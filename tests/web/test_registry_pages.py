"""The registry pages (enterprises, officers, experts) and the API refuse the same input with the same reasons
(one validator per record, one error family), each reason at its field."""

import json

import pytest

from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise, MajorHazardInstallation

pytestmark = pytest.mark.django_db

BAD_USCC = make_uscc("411726", 77)[:-1] + "0"


def _body(**over):
    return {"uscc": make_uscc("411726", 77), "name": "泌阳县页面登记有限公司", "region": "411726",
            "industry": "industry_trade", "supervision_class": "general", "risk_level": "blue",
            "liability_insured": "否", "status": "operating", "is_central_branch": "否",
            "is_provincially_managed": "否", **over}


def test_register_page_and_api_give_the_same_reason_at_the_same_field(client, county_officer):
    client.force_login(county_officer)
    page = client.post("/enterprises/new/", _body(uscc=BAD_USCC))
    api = client.post("/api/v1/enterprises/", json.dumps(_body(uscc=BAD_USCC)), content_type="application/json")
    assert page.status_code == 200 and api.status_code == 422
    reason = "统一社会信用代码校验位错误"
    assert page.context["form"].errors["uscc"] == [reason]
    assert {"field": "uscc", "reason": reason} in api.json()["detail"] and api.json()["code"] == "invalid_request"
    assert not Enterprise.objects.exists()


def test_update_page_and_api_refuse_a_region_outside_scope_alike(client, county_officer, make_enterprise):
    enterprise = make_enterprise("411726")
    client.force_login(county_officer)
    body = _body(uscc=enterprise.uscc, region="411721")
    page = client.post(f"/enterprises/{enterprise.pk}/edit/", body)
    api = client.put(f"/api/v1/enterprises/{enterprise.pk}", json.dumps(body), content_type="application/json")
    reason = "区划代码“411721”不存在或不在本单位管辖范围内"
    assert page.context["form"].errors["region"][-1] == reason
    assert api.status_code == 422 and {"field": "region", "reason": reason} in api.json()["detail"]
    enterprise.refresh_from_db()
    assert enterprise.region_id == "411726"


def test_a_major_hazard_installation_is_added_or_refused_with_the_field_named(client, county_officer,
                                                                               make_enterprise):
    enterprise = make_enterprise("411726")
    client.force_login(county_officer)
    url = f"/enterprises/{enterprise.pk}/hazard-installations/"
    refused = client.post(url, {"name": "液氨储罐区", "grade": "9"}, follow=True)
    assert "等级：" in refused.content.decode() and not MajorHazardInstallation.objects.exists()
    added = client.post(url, {"name": "液氨储罐区", "grade": "2"}, follow=True)
    assert "已添加重大危险源" in added.content.decode()
    assert MajorHazardInstallation.objects.get().enterprise == enterprise


def test_officer_page_shows_each_reason_at_its_field(client, make_user):
    from anjian.domain.permissions import Role
    from anjian.officers.models import Officer

    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    page = client.post("/officers/new/", {
        "certificate_number": "41172600001", "name": "张伟", "agency_region": "411726", "department": "不存在的科室",
        "certificate_expires": "2027/13/01", "status": "active", "in_post": "是"})
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert "不存在的科室" in errors["department"][0] and errors["certificate_expires"]
    assert not Officer.objects.exists()


def test_the_enterprise_form_takes_what_the_api_takes_and_leaves_the_verdict_to_the_validator(client, county_officer):
    from anjian.enterprises.api import EnterpriseIn
    from anjian.enterprises.forms import EnterpriseForm

    assert set(EnterpriseForm().fields) == set(EnterpriseIn.model_fields)
    client.force_login(county_officer)
    page = client.post("/enterprises/new/", _body(industry="占星术"))
    api = client.post("/api/v1/enterprises/", json.dumps(_body(industry="占星术")), content_type="application/json")
    reason = next(d["reason"] for d in api.json()["detail"] if d["field"] == "industry")
    assert page.context["form"].errors["industry"] == [reason] and "占星术" in reason
    ok = client.post("/enterprises/new/", _body(industry="危险化学品"))  # the Chinese label, as the import takes it
    assert ok.status_code == 302 and Enterprise.objects.get().industry == "hazardous_chemicals"
