"""At 360 × 800 every list page of the demo is reached through the folded menu (菜单), its menu item is then
marked as the current page, and no page is wider than the screen: a list shows its rows as cards or a wide table
scrolls sideways inside its own box, the page itself never does (document.documentElement.scrollWidth ≤ 360)."""

from io import StringIO

import pytest

from tests.django_fixtures import stub_document_pdfs

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360
USERS = ("county-officer", "city-agency-leader")
# Lists the navigation does not link to directly (reached from a list, or public).
MORE = ["/public/credit/", "/inspections/rectification/extensions/", "/supervision/handovers/outbox/",
        "/cases/transfers/outbox/", "/reports/bulletin/"]


@pytest.fixture
def demo(monkeypatch):
    from django.core.management import call_command

    stub_document_pdfs(monkeypatch)
    for command, options in (("planning_seed_items", {}), ("demo_data", {"enterprises": 300, "seed": 7})):
        call_command(command, stdout=StringIO(), **options)


def phone(browser, base: str, username: str, javascript: bool = True):
    """A 360 × 800 browser context signed in as the demo login ``username``: (context, page)."""
    from anjian.home.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="zh-CN",
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base = base
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def walk_the_menu(page) -> tuple[list[str], list[str]]:
    """Open every menu item through the 菜单 button; → (pages wider than the screen, menu problems)."""
    base = page.base
    page.goto(f"{base}/home/")
    links = page.locator("header nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    wide, problems = [], []
    for href in links:
        page.click(".menu-toggle")
        page.locator(f"header nav a[href='{href}']").click()  # visible and clickable in the opened menu
        page.wait_for_load_state()
        if not page.url.startswith(base + href):
            problems.append(f"{href}: landed on {page.url}")
            continue
        current = page.locator("header nav a[aria-current]")
        marked = current.evaluate_all("links => links.map(a => [a.getAttribute('href'), a.getAttribute('aria-current')])")
        if marked != [[href, "page"]]:
            problems.append(f"{href}: marked {marked}")
        if width(page) > WIDTH:
            wide.append(f"{href}: {width(page)} px")
    page.goto(f"{base}/inspections/rectification/")
    more = page.locator("main a[href*='/rectification/enterprise/']").evaluate_all(
        "links => links.slice(0, 1).map(a => a.getAttribute('href'))")
    for path in more + MORE:
        response = page.goto(base + path)
        if response is not None and response.status == 200 and width(page) > WIDTH:
            wide.append(f"{path}: {width(page)} px")
    assert len(links) >= 12, links
    return wide, problems


def test_every_list_page_is_reached_through_the_menu_and_fits_a_360_px_screen(browser, live_server, demo):
    for username in USERS:
        context, page = phone(browser, live_server.url, username)
        try:
            assert walk_the_menu(page) == ([], []), username
        finally:
            context.close()
