"""Registering and changing enterprises, officers and experts through the services."""

from datetime import date

import pytest

from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.enterprises.services import enterprise_register, enterprise_update
from anjian.officers.models import Officer
from anjian.officers.services import expert_register, officer_register, officer_update

pytestmark = pytest.mark.django_db


def _enterprise(**over):
    return {"uscc": make_uscc("411726", 77), "name": "泌阳县恒达化工有限公司", "region": "411726",
            "industry": "危险化学品", "supervision_class": "重点检查单位", "risk_level": "较大风险",
            "liability_insured": "是", **over}


def test_register_accepts_chinese_labels_and_stores_codes(county_officer):
    enterprise = enterprise_register(actor=county_officer, data=_enterprise())
    assert (enterprise.industry, enterprise.supervision_class, enterprise.risk_level) == (
        "hazardous_chemicals", "key", "orange")
    assert enterprise.liability_insured is True


def test_register_refuses_a_bad_check_character(county_officer):
    with pytest.raises(ServiceInvalid) as info:
        enterprise_register(actor=county_officer, data=_enterprise(uscc=make_uscc("411726", 77)[:-1] + "0"))
    assert ("uscc", "统一社会信用代码校验位错误") in info.value.fields
    assert not Enterprise.objects.exists()


def test_register_refuses_a_second_enterprise_with_the_same_uscc(county_officer):
    enterprise_register(actor=county_officer, data=_enterprise())
    with pytest.raises(ServiceInvalid) as info:
        enterprise_register(actor=county_officer, data=_enterprise(name="另一家"))
    assert "已登记" in str(info.value)
    assert Enterprise.objects.count() == 1


def test_register_refuses_a_city_level_home_region(make_user):
    city_officer = make_user("411700", Role.OFFICER)
    with pytest.raises(ServiceInvalid) as info:
        enterprise_register(actor=city_officer, data=_enterprise(region="411700"))
    assert "不是县级区划" in str(info.value)


def test_city_officer_may_register_in_any_of_its_counties_but_not_elsewhere(make_user):
    city_officer = make_user("411700", Role.OFFICER)
    assert enterprise_register(actor=city_officer, data=_enterprise(region="411721")).region_id == "411721"
    with pytest.raises(ServiceInvalid):
        enterprise_register(actor=city_officer, data=_enterprise(uscc=make_uscc("410105", 3), region="410105"))


def test_update_keeps_the_uscc_and_records_only_changes(county_officer):
    from anjian.audit.models import AuditEvent

    enterprise = enterprise_register(actor=county_officer, data=_enterprise())
    updated = enterprise_update(actor=county_officer, enterprise=enterprise,
                                data=_enterprise(uscc="ignored", name="泌阳县恒达新材料有限公司"))
    assert updated.uscc == enterprise.uscc and updated.name == "泌阳县恒达新材料有限公司"
    event = AuditEvent.objects.filter(verb="enterprise_update").get()
    assert event.payload["old"] == {"name": "泌阳县恒达化工有限公司"}
    assert event.payload["new"] == {"name": "泌阳县恒达新材料有限公司"}
    assert event.actor_id == county_officer.pk and event.actor_agency.region_id == "411726"


def _officer(**over):
    return {"certificate_number": "41172600001", "name": "张伟", "agency_region": "411726",
            "certificate_expires": "2027-06-30", "department": "安全生产执法大队", "specialties": "危险化学品、工贸",
            "gender": "男", "birth_year": "1985", "education": "大学本科", "major": "安全工程", **over}


def test_officer_register_with_department_and_specialties(make_user):
    head = make_user("411726", Role.DEPARTMENT_HEAD)
    officer = officer_register(actor=head, data=_officer())
    assert officer.department.name == "安全生产执法大队"
    assert officer.specialties == ["hazardous_chemicals", "industry_trade"]
    assert officer.certificate_expires == date(2027, 6, 30) and officer.region_id == "411726"


def test_officer_certificate_numbers_are_unique(make_user):
    head = make_user("411726", Role.DEPARTMENT_HEAD)
    officer_register(actor=head, data=_officer())
    with pytest.raises(ServiceInvalid) as info:
        officer_register(actor=head, data=_officer(name="李娜"))
    assert "已存在" in str(info.value)
    assert Officer.objects.count() == 1


def test_officer_register_reports_unknown_department_and_bad_date(make_user):
    head = make_user("411726", Role.DEPARTMENT_HEAD)
    with pytest.raises(ServiceInvalid) as info:
        officer_register(actor=head, data=_officer(department="不存在的科室", certificate_expires="2027/13/01"))
    fields = {field for field, _ in info.value.fields}
    assert fields == {"department", "certificate_expires"}


def test_officer_cannot_be_moved_to_an_agency_outside_scope(make_user):
    head = make_user("411726", Role.DEPARTMENT_HEAD)
    officer = officer_register(actor=head, data=_officer())
    with pytest.raises(ServiceInvalid):
        officer_update(actor=head, officer=officer, data=_officer(agency_region="411721", department=""))
    officer.refresh_from_db()
    assert officer.agency.region_id == "411726"


def test_expert_register_checks_scope_and_specialties(make_user):
    head = make_user("410000", Role.DEPARTMENT_HEAD)
    expert = expert_register(actor=head, region_code="410000", name="王教授", specialties=["non_coal_mine"],
                             affiliation="河南理工大学")
    assert expert.specialties == ["non_coal_mine"]
    with pytest.raises(ServiceInvalid):
        expert_register(actor=head, region_code="410000", name="李工", specialties=["astrology"])


def test_county_users_see_the_expert_pools_above_them_but_not_a_sibling_county(make_user, county_officer):
    from anjian.officers.models import Expert
    from anjian.officers.selectors import expert_get_for, expert_list_for

    provincial = Expert.objects.create(name="省库专家", region_id="410000", specialties=["fireworks"])
    city = Expert.objects.create(name="市库专家", region_id="411700", specialties=["fireworks"])
    sibling = Expert.objects.create(name="西平专家", region_id="411721", specialties=["fireworks"])
    own = Expert.objects.create(name="泌阳专家", region_id="411726", specialties=["fireworks"])
    assert set(expert_list_for(county_officer)) == {provincial, city, own}
    assert expert_get_for(county_officer, provincial.pk) == provincial
    with pytest.raises(NotFound):
        expert_get_for(county_officer, sibling.pk)
    city_officer = make_user("411700", Role.OFFICER)
    assert set(expert_list_for(city_officer)) == {provincial, city, sibling, own}
