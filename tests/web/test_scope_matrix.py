"""A county user cannot read or change another county's enterprise through any page or API."""

import pytest

from anjian.domain.permissions import Role
from anjian.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

LOCAL_ROLES = [Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.OFFICER, Role.LEGAL_REVIEWER, Role.STATISTICIAN,
               Role.READ_ONLY, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
# (user's agency region, enterprise region, may see)
CASES = [
    ("411726", "411726", True),   # own county
    ("411726", "411721", False),  # sibling county
    ("411700", "411726", True),   # city sees its county
    ("411700", "410105", False),  # city does not see another city's county
    ("410000", "410105", True),   # province sees all
    ("410100", "410173", True),   # 郑州 sees 航空港区 (functional zone)
    ("410173", "410105", False),  # 航空港区 does not see 金水区
]


def _pages(pk):
    return [f"/enterprises/{pk}/", f"/enterprises/{pk}/edit/"]


@pytest.mark.parametrize("role", LOCAL_ROLES)
@pytest.mark.parametrize(("home", "target", "visible"), CASES)
def test_scope_matrix(client, make_user, make_enterprise, role, home, target, visible):
    user = make_user(home, role)
    enterprise = make_enterprise(target, name="被检查的企业有限公司")
    client.force_login(user)
    from anjian.accounts.access import has_capability
    from anjian.domain.permissions import Capability

    can_view = has_capability(user, Capability.ENTERPRISE_VIEW)
    can_edit = has_capability(user, Capability.ENTERPRISE_EDIT)

    detail = client.get(f"/enterprises/{enterprise.pk}/")
    api_detail = client.get(f"/api/v1/enterprises/{enterprise.pk}")
    listing = client.get("/enterprises/", {"q": "被检查的企业"})
    api_list = client.get("/api/v1/enterprises/", {"q": "被检查的企业"})
    if can_view and visible:
        assert detail.status_code == 200 and api_detail.status_code == 200
        assert "被检查的企业有限公司" in listing.content.decode()
        assert api_list.json()["count"] == 1
    elif can_view:
        assert detail.status_code == 404 and api_detail.status_code == 404
        assert "被检查的企业有限公司" not in listing.content.decode()
        assert api_list.json()["count"] == 0
    else:
        assert detail.status_code == 403 and api_detail.status_code == 403
        assert listing.status_code == 403 and api_list.status_code == 403

    edit = client.post(f"/enterprises/{enterprise.pk}/edit/", {"name": "改名", "region": target,
                                                                "industry": "chemical"})
    api_edit = client.put(f"/api/v1/enterprises/{enterprise.pk}", {"name": "改名", "region": target,
                                                                   "industry": "chemical"},
                          content_type="application/json")
    if not can_edit:
        assert edit.status_code == 403 and api_edit.status_code == 403
    elif not visible:
        assert edit.status_code == 404 and api_edit.status_code == 404
    enterprise.refresh_from_db()
    if not (can_edit and visible):
        assert enterprise.name == "被检查的企业有限公司"


def test_county_user_cannot_register_an_enterprise_in_another_county(client, county_officer):
    client.force_login(county_officer)
    from anjian.enterprises.demo import make_uscc

    body = {"uscc": make_uscc("411721", 5), "name": "越权登记有限公司", "region": "411721",
            "industry": "industry_trade"}
    response = client.post("/api/v1/enterprises/", body, content_type="application/json")
    assert response.status_code == 422
    assert "不在本单位管辖范围内" in response.json()["message"]
    assert not Enterprise.objects.filter(name="越权登记有限公司").exists()
