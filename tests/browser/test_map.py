"""The map at 360 × 800, as an officer and a city leader would open it on a phone: never wider than the screen,
the map as wide as the screen allows, a county reached by tapping it, the misplaced enterprise listed."""

import pytest

from anjian.domain.permissions import Role
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360


def _phone(browser, base: str, user):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="zh-CN", has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    box = page.locator("svg.map").bounding_box()
    assert box is not None and 300 <= box["width"] <= WIDTH and box["height"] > 100


@pytest.fixture
def places(make_enterprise):
    make_enterprise("411726", name="泌阳在地公司", longitude="113.323500", latitude="32.723700")
    make_enterprise("411726", name="泌阳登记在濮阳公司", longitude="115.030000", latitude="35.710000")


def test_the_officers_map_fits_a_360_px_screen(browser, live_server, make_user, places):
    context, page = _phone(browser, live_server.url, make_user("411726", Role.OFFICER))
    response = page.goto(f"{live_server.url}/map/")
    assert response.status == 200
    _fits(page)
    assert page.locator("svg.map .points circle.pt-e").count() == 1
    assert "登记坐标不在泌阳县境内（位于濮阳市濮阳县" in page.locator("main").inner_text()
    context.close()


def test_a_city_leader_taps_a_county_on_a_360_px_screen(browser, live_server, make_user, places):
    context, page = _phone(browser, live_server.url, make_user("411700", Role.AGENCY_LEADER))
    page.goto(f"{live_server.url}/map/")
    _fits(page)
    assert page.locator("svg.map .area").count() == 10
    page.locator('svg.map a[aria-label="泌阳县"] path').tap()
    page.wait_for_url("**/map/?*region=411726*")
    _fits(page)
    assert page.locator(".map-trail b").inner_text() == "泌阳县"
    context.close()
