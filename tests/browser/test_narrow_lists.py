"""At 360 × 800 no list page of the demo is wider than the screen: a wide table scrolls sideways inside its own
box, the page itself never does (document.documentElement.scrollWidth ≤ 360)."""

from io import StringIO

import pytest

from tests.django_fixtures import stub_document_pdfs

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360
# Lists the navigation does not link to directly (reached from a list, or public).
MORE = ["/public/credit/", "/inspections/rectification/extensions/", "/supervision/handovers/outbox/",
        "/cases/transfers/outbox/", "/reports/bulletin/"]


@pytest.fixture
def demo(monkeypatch):
    from django.core.management import call_command

    stub_document_pdfs(monkeypatch)
    for command, options in (("planning_seed_items", {}), ("demo_data", {"enterprises": 300, "seed": 7})):
        call_command(command, stdout=StringIO(), **options)


def too_wide(browser, base: str, username: str) -> list[str]:
    from anjian.home.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    lists = page.locator("nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    page.goto(f"{base}/inspections/rectification/")
    lists += page.locator("main a[href*='/rectification/enterprise/']").evaluate_all(
        "links => links.slice(0, 1).map(a => a.getAttribute('href'))")
    wide, seen = [], 0
    for path in dict.fromkeys(lists + MORE):
        response = page.goto(base + path)
        if response is None or response.status != 200:
            continue
        seen += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append(f"{username} {path}: {width} px")
    context.close()
    assert seen >= 15, (username, seen)
    return wide


@pytest.mark.parametrize("username", ["county-officer", "city-agency-leader"])
def test_no_list_page_is_wider_than_a_360_px_screen(browser, live_server, demo, username):
    assert too_wide(browser, live_server.url, username) == []
