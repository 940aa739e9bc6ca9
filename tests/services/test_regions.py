import pytest

from anjian.regions.models import Agency, Department, Region

pytestmark = pytest.mark.django_db


def test_all_of_henan_is_loaded():
    assert Region.objects.get(code="410000").name == "河南省"
    cities = Region.objects.filter(level="city")
    assert cities.count() == 18  # 17 prefecture-level cities + 济源
    assert Region.objects.filter(level="county", is_functional_zone=False).count() >= 156
    assert Agency.objects.count() == Region.objects.count()


def test_functional_zones_have_a_parent_and_an_agency():
    zone = Region.objects.get(code="410173")
    assert zone.is_functional_zone and zone.parent_id == "410100"
    assert zone.agency.name.endswith("应急管理局")
    assert Agency.objects.get(region_id="419001").name == "济源产城融合示范区应急管理局"


def test_provincial_departments_exist():
    names = set(Department.objects.filter(agency__region_id="410000").values_list("name", flat=True))
    assert {"非煤矿山安全监督处", "危险化学品监督管理处", "工贸行业安全监督处", "安全生产执法局", "政策法规处"} <= names


def test_loading_twice_changes_nothing():
    from anjian.regions.services import regions_load

    assert regions_load() == {"regions": 0, "agencies": 0, "departments": 0}


def test_enterprise_may_sit_in_jiyuan(county_officer, make_user):
    from anjian.domain.permissions import Role
    from anjian.enterprises.demo import make_uscc
    from anjian.enterprises.services import enterprise_register

    province = make_user("410000", Role.OFFICER)
    e = enterprise_register(actor=province, data={"uscc": make_uscc("419001", 1), "name": "济源某钢铁有限公司",
                                                  "region": "419001", "industry": "metal_smelting"})
    assert e.region_id == "419001"
