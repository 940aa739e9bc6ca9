"""The outlines shipped with the app and the coordinate check (anjian.maps.outlines, anjian.maps.location)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.domain.geo import NEAR_EDGE, OUTSIDE, haversine_km
from anjian.maps.location import TOLERANCE_KM, is_flagged, location_check
from anjian.maps.outlines import DATA, outlines
from anjian.regions.models import Region

pytestmark = pytest.mark.django_db

PLACES = {  # known seats and towns (WGS 84) → the county they lie in
    (113.3235, 32.7237): "411726",  # 泌阳县城
    (115.029, 35.712): "410928",  # 濮阳县城
    (114.02, 33.01): "411702",  # 驻马店市区（驿城区）
    (114.02, 33.39): "411721",  # 西平县城
    (112.445, 34.826): "410308",  # 孟津（2021 年起孟津区）
    (112.59, 34.90): "410308",  # 原吉利区，并入孟津区
    (112.79, 34.73): "410307",  # 偃师区
    (114.67, 35.20): "410783",  # 长垣市
    (114.88, 33.73): "411603",  # 淮阳区
    (112.60, 35.07): "419001",  # 济源
}


def test_the_file_is_small_and_every_county_of_the_registry_has_an_outline():
    assert DATA.stat().st_size < 500_000
    o = outlines()
    wanted = set(Region.objects.filter(level="county", is_functional_zone=False).values_list("code", flat=True))
    assert wanted <= set(o.counties)
    assert "419001" in o.counties  # 济源: a city without counties
    assert set(Region.objects.filter(level="city").values_list("code", flat=True)) == set(o.cities)
    assert not set(Region.objects.filter(is_functional_zone=True).values_list("code", flat=True)) & set(o.counties)


@pytest.mark.parametrize(("point", "code"), list(PLACES.items()))
def test_known_places_lie_in_their_county(point, code):
    assert outlines().locate(point).code == code


def test_the_province_box_is_henans():
    box = outlines().bbox
    assert box.west == pytest.approx(110.35, abs=0.05) and box.east == pytest.approx(116.65, abs=0.05)
    assert box.south == pytest.approx(31.38, abs=0.05) and box.north == pytest.approx(36.37, abs=0.05)
    assert outlines().locate((116.4, 39.9)) is None  # 北京


def test_a_city_outline_is_its_counties_dissolved():
    o = outlines()
    zhumadian = o.cities["411700"].prepared
    assert o.cities["411700"].name == "驻马店市"
    for point, code in PLACES.items():
        assert zhumadian.contains(point) == code.startswith("4117")


def test_a_biyang_enterprise_registered_near_puyang_is_flagged_with_where_and_how_far():
    check = location_check("411726", 115.03, 35.71)
    assert check.flagged and check.status == OUTSIDE
    assert check.found_code == "410928" and check.found_name == "濮阳市濮阳县"
    assert 280 < check.distance_km < 330
    assert check.message.startswith("登记坐标不在泌阳县境内（位于濮阳市濮阳县，距县界约 ")
    assert check.message.endswith(" km）")


def test_a_point_in_the_county_is_not_flagged_and_says_nothing():
    check = location_check("411726", "113.323500", "32.723700")
    assert check.status == "inside" and not check.flagged and check.message == ""


def test_a_point_just_over_the_line_is_within_the_tolerance_and_not_flagged():
    biyang = outlines().counties["411726"]
    inside = biyang.label
    vertex = biyang.area[0][0][0]
    for step in range(1, 200):  # walk from the inside through a border point until just outside
        t = 1 + step * 0.0005
        point = (inside[0] + (vertex[0] - inside[0]) * t, inside[1] + (vertex[1] - inside[1]) * t)
        if not biyang.prepared.contains(point):
            break
    check = location_check("411726", *point)
    assert check.status == NEAR_EDGE and not check.flagged and check.message == ""
    assert check.distance_km <= TOLERANCE_KM


def test_a_functional_zone_is_checked_against_its_city():
    assert not location_check("410171", 113.72, 34.77).flagged  # 郑州经开区: anywhere in 郑州市 will do
    check = location_check("410171", 114.02, 33.01)
    assert check.flagged and check.message.startswith("登记坐标不在郑州市境内（位于驻马店市驿城区，距市界约 ")


def test_outside_henan_says_so():
    check = location_check("411726", 116.4, 39.9)
    assert check.flagged and check.found_code is None and "位于河南省外" in check.message
    assert check.distance_km == pytest.approx(haversine_km((116.4, 39.9), (113.5, 33.2)), rel=0.2)


def test_nothing_to_check_without_coordinates_or_outline():
    assert location_check("411726", None, None) is None
    assert location_check("411726", 500, 32) is None  # not a place on Earth
    assert location_check("410000", 113.6, 34.7) is None  # the province itself: nothing smaller to check against


@settings(max_examples=300)
@given(st.sampled_from(["411726", "411721", "410171", "419001", "410308"]),
       st.floats(110.0, 117.0), st.floats(31.0, 37.0))
def test_the_fast_scan_verdict_is_the_full_checks(code, lon, lat):
    assert is_flagged(code, lon, lat) == location_check(code, lon, lat).flagged
