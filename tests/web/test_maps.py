"""The map page (/map/), the coordinate warning on the enterprise page and the map API (/api/v1/map/)."""

import re

import pytest

from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db

BIYANG, XIPING = "411726", "411721"
IN_BIYANG = {"longitude": "113.323500", "latitude": "32.723700"}
NEAR_PUYANG = {"longitude": "115.030000", "latitude": "35.710000"}
WARNING = "登记坐标不在泌阳县境内（位于濮阳市濮阳县，距县界约 "


@pytest.fixture
def world(make_enterprise):
    return {
        "home": make_enterprise(BIYANG, name="泌阳在地公司", **IN_BIYANG),
        "astray": make_enterprise(BIYANG, name="泌阳登记在濮阳公司", **NEAR_PUYANG),
        "xiping": make_enterprise(XIPING, name="西平登记在濮阳公司", **NEAR_PUYANG),
    }


def _login(client, make_user, region, role):
    client.force_login(make_user(region, role))


def test_a_county_officer_sees_the_county_its_points_and_the_misplaced_enterprise(client, make_user, world):
    _login(client, make_user, BIYANG, Role.OFFICER)
    page = client.get("/map/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="map"' in html and "泌阳县点位图" in html
    assert f'href="/enterprises/{world["home"].pk}/"' in html  # the enterprise in place is a point
    assert '<circle class="pt-e e-blue"' in html  # coloured by its risk level (map.css)
    assert "泌阳登记在濮阳公司" in html and WARNING in html  # the misplaced one is listed as flagged
    assert "西平登记在濮阳公司" not in html
    assert "另有 1 个点的登记坐标在本图范围外" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # static scripts only (strict CSP)


def test_a_city_leader_sees_counts_per_county_and_both_misplaced_enterprises(client, make_user, world):
    _login(client, make_user, "411700", Role.AGENCY_LEADER)
    html = client.get("/map/").content.decode()
    assert "驻马店市各县（市、区）生产经营单位分布图" in html
    assert html.count('class="area q') == 10  # the city's ten counties, coloured
    assert '?region=411726' in html and '?region=411721' in html
    assert "泌阳登记在濮阳公司" in html and "西平登记在濮阳公司" in html
    assert "河南驻马店经济开发区" in html and "（无界线）" in html  # a functional zone: figures, no outline
    county = client.get("/map/", {"region": BIYANG})
    assert county.status_code == 200 and f'href="/enterprises/{world["home"].pk}/"' in county.content.decode()


def test_the_province_sees_every_county_and_the_city_borders(client, make_user, world):
    _login(client, make_user, "410000", Role.AGENCY_LEADER)
    html = client.get("/map/").content.decode()
    assert html.count('class="area q') == 157 and html.count('class="border"') == 18


@pytest.mark.parametrize("region", [XIPING, "411700", "999999", "abc", "4117261"])
def test_a_region_out_of_scope_is_a_404_like_a_missing_one(client, make_user, world, region):
    _login(client, make_user, BIYANG, Role.OFFICER)
    page = client.get("/map/", {"region": region})
    assert page.status_code == 404 and "不在您的管辖范围内" in page.content.decode()


def test_filters_and_layers_narrow_the_map(client, make_user, world, make_enterprise):
    make_enterprise(BIYANG, name="泌阳红色风险公司", risk_level="red", **IN_BIYANG)
    _login(client, make_user, BIYANG, Role.OFFICER)
    html = client.get("/map/", {"region": BIYANG, "risk_level": "red", "layers": "enterprises"}).content.decode()
    assert "泌阳红色风险公司" in html and f'href="/enterprises/{world["home"].pk}/"' not in html
    assert "在办检查" not in html.split('<h2 id="flagged">')[0].split("图例")[1]  # only the layer asked for
    bad = client.get("/map/", {"region": BIYANG, "risk_level": "purple", "layers": "x" * 50, "page": "99999999999"})
    assert bad.status_code == 200  # unreadable filters are left out, the page still shows


def test_no_map_without_the_capabilities(client, make_user):
    _login(client, make_user, "410000", Role.AUDIT_ADMIN)
    assert client.get("/map/").status_code == 403
    assert client.get("/api/v1/map/areas").status_code == 403


def test_the_enterprise_page_warns_of_coordinates_outside_the_county(client, make_user, world):
    _login(client, make_user, BIYANG, Role.OFFICER)
    astray = client.get(f"/enterprises/{world['astray'].pk}/").content.decode()
    assert WARNING in astray and f'/map/?region={BIYANG}#flagged' in astray
    assert "登记坐标不在" not in client.get(f"/enterprises/{world['home'].pk}/").content.decode()
    assert client.get(f"/enterprises/{world['xiping'].pk}/").status_code == 404


def test_the_api_counts_per_area_and_answers_points_for_a_county(client, make_user, world):
    _login(client, make_user, "411700", Role.AGENCY_LEADER)
    areas = client.get("/api/v1/map/areas").json()
    assert areas["region"]["code"] == "411700"
    by_code = {a["code"]: a for a in areas["areas"]}
    assert by_code[BIYANG]["enterprises"] == 2 and by_code[BIYANG]["has_outline"]
    points = client.get("/api/v1/map/points", {"region": BIYANG, "layer": "enterprises", "limit": 1}).json()
    assert points["total"] == 2 and len(points["points"]) == 1
    city = client.get("/api/v1/map/points", {"region": "411700"})
    assert city.status_code == 422 and city.json()["code"] == "invalid_request"


def test_the_api_checks_one_enterprise_and_hides_another_countys(client, make_user, world):
    _login(client, make_user, BIYANG, Role.OFFICER)
    check = client.get(f"/api/v1/map/enterprises/{world['astray'].pk}/location").json()
    assert check["flagged"] and check["status"] == "outside" and check["found_code"] == "410928"
    assert check["message"].startswith(WARNING) and 280 < check["distance_km"] < 330
    inside = client.get(f"/api/v1/map/enterprises/{world['home'].pk}/location").json()
    assert inside["status"] == "inside" and not inside["flagged"] and inside["message"] == ""
    other = client.get(f"/api/v1/map/enterprises/{world['xiping'].pk}/location")
    missing = client.get("/api/v1/map/enterprises/999999999/location")
    assert other.status_code == missing.status_code == 404 and other.json() == missing.json()
    assert client.get("/api/v1/map/areas", {"region": XIPING}).json()["code"] == "not_found"


@pytest.mark.parametrize("query", [{"region": "41172a"}, {"layer": "people"}, {"limit": 0}, {"limit": 1001},
                                   {"industry": "x" * 100}, {"risk_level": "purple"}])
def test_the_api_bounds_every_parameter(client, make_user, world, query):
    _login(client, make_user, BIYANG, Role.OFFICER)
    response = client.get("/api/v1/map/points", {"region": BIYANG, **query})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_the_api_is_in_the_openapi_document(client, make_user):
    _login(client, make_user, BIYANG, Role.OFFICER)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/map/areas", "/api/v1/map/points", "/api/v1/map/enterprises/{enterprise_id}/location"} <= set(paths)
    limit = next(p for p in paths["/api/v1/map/points"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000


def test_no_tile_layer_unless_a_deployment_configures_one(client, make_user, settings, world):
    _login(client, make_user, BIYANG, Role.OFFICER)
    assert "<image" not in client.get("/map/").content.decode()
    settings.ANJIAN_MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
    settings.ANJIAN_MAP_TILE_ATTRIBUTION = "某某测绘院（审图号：豫S〔2025〕001号）"
    html = client.get("/map/").content.decode()
    assert re.search(r'<image href="/tiles/\d+/\d+/\d+\.png"', html) and "审图号" in html


def test_the_tiles_cover_the_whole_view():
    from anjian.maps import svg

    for code in ("410000", "411700", BIYANG):
        view = svg.drawing(code).view
        tiles = svg.tiles(view, "/t/{z}/{x}/{y}")
        assert tiles and len(tiles) <= svg.MAX_TILES
        assert min(t.x for t in tiles) <= 0 and min(t.y for t in tiles) <= 0
        assert max(t.x + t.size for t in tiles) >= view.width and max(t.y + t.size for t in tiles) >= view.height
        assert 100 <= tiles[0].size <= 400  # tiles drawn near their own size (256 px)


def test_the_flagged_list_pages_within_the_region_and_keep_the_filters(client, make_user, make_enterprise, world):
    for k in range(25):
        make_enterprise(BIYANG, name=f"泌阳错位{k:02d}号公司", **NEAR_PUYANG)
    _login(client, make_user, "411700", Role.AGENCY_LEADER)
    first = client.get("/map/", {"region": BIYANG, "industry": "industry_trade"}).content.decode()
    assert "发现 26 家" in first
    next_page = re.search(r'href="\?([^"]*page=2)"', first).group(1).replace("&amp;", "&")
    assert "region=411726" in next_page and "industry=industry_trade" in next_page
    second = client.get("/map/?" + next_page).content.decode()
    assert "泌阳县点位图" in second and "第 2 / 2 页" in second
    crumb = re.search(r'<a href="(\?[^"]*)">驻马店市</a>', second).group(1).replace("&amp;", "&")
    assert "region=411700" in crumb and "industry=industry_trade" in crumb and "page=" not in crumb


def test_a_functional_zone_is_drawn_on_its_city_with_its_points(client, make_user, make_enterprise):
    make_enterprise("410171", name="经开区在地公司", longitude="113.720000", latitude="34.770000")
    _login(client, make_user, "410171", Role.OFFICER)
    html = client.get("/map/").content.decode()
    assert "郑州经济技术开发区点位图" in html and html.count('class="area"') == 12  # 郑州's counties, none coloured
    assert "经开区在地公司" in html and "没有坐标异常的单位" in html
